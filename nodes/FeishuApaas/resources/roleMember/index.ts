import type { FieldSpec, ResourceDefinition } from '../../engine/types';
import { apiName, bool } from '../../engine/values';
import { DOCS, namespace } from '../shared/fields';
import { MEMBER_LIMITS } from '../shared/limits';
import { departmentIds, MAX_MEMBERS_PER_CALL, memberUserIds, inMemberParts } from '../shared/members';

const roleApiName: FieldSpec = {
	param: 'roleApiName',
	api: 'role_api_name',
	displayName: 'Role API Name',
	description: 'API name of the role (or its API ID, with Options → Use API ID on Get)',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'sales_manager',
	shape: apiName,
};


/** Role Member: who holds a role of an aPaaS application. */
export const roleMember: ResourceDefinition = {
	value: 'roleMember',
	name: 'Role Member',
	description: 'Who holds a role of an aPaaS application',
	authentication: 'tenantToken',
	scopes: ['app_engine:application.role:write'],
	// ASSUMPTION: Feishu's pages we could read name no scope for these APIs; check them in the developer console.
	scopesAssumed: true,
	operations: [
		{
			resource: 'roleMember',
			operation: 'get',
			scopes: ['app_engine:application.role:read'],
			name: 'Get',
			action: 'Get the members of a role',
			description: "Reads who holds a role of an aPaaS application: Feishu's role_member (users, departments, type, and with Options → Include Display Names their names).",
			docsUrl: `${DOCS}/application-role-member/get`,
			method: 'GET',
			path: 'applications/{namespace}/roles/{role_api_name}/member',
			pathFields: [namespace, roleApiName],
			fields: [
				{
					param: 'needDisplayName',
					api: 'need_display_name',
					in: 'query',
					displayName: 'Include Display Names',
					description: 'Whether Feishu adds the users\' and departments\' names',
					type: 'boolean',
					required: false,
					default: false,
					shape: bool,
				},
				{
					param: 'useApiId',
					api: 'use_api_id',
					in: 'query',
					displayName: 'Use API ID',
					description: 'Whether Role API Name holds the role\'s API ID instead of its API name',
					type: 'boolean',
					required: false,
					default: false,
					shape: bool,
				},
			],
			output: { kind: 'record', itemKey: 'role_member' },
			rateLimits: MEMBER_LIMITS,
		},
		{
			resource: 'roleMember',
			operation: 'add',
			name: 'Add',
			action: 'Add members to a role',
			description: `Grants a role of an aPaaS application to users and/or departments. More than ${MAX_MEMBERS_PER_CALL} ids of a kind go in several requests.`,
			docsUrl: `${DOCS}/application-role-member/batch_create_authorization`,
			method: 'POST',
			path: 'applications/{namespace}/roles/{role_api_name}/member/batch_create_authorization',
			pathFields: [namespace, roleApiName],
			fields: [memberUserIds(false), departmentIds],
			execute: inMemberParts(['user_ids', 'department_ids']),
			output: { kind: 'acknowledge', echo: ['user_ids', 'department_ids'] },
			rateLimits: MEMBER_LIMITS,
		},
		{
			resource: 'roleMember',
			operation: 'remove',
			name: 'Remove',
			action: 'Remove members from a role',
			description: `Takes a role of an aPaaS application away from users and/or departments. More than ${MAX_MEMBERS_PER_CALL} ids of a kind go in several requests.`,
			docsUrl: `${DOCS}/application-role-member/batch_remove_authorization`,
			method: 'POST',
			path: 'applications/{namespace}/roles/{role_api_name}/member/batch_remove_authorization',
			pathFields: [namespace, roleApiName],
			fields: [memberUserIds(false), departmentIds],
			execute: inMemberParts(['user_ids', 'department_ids']),
			output: { kind: 'acknowledge', echo: ['user_ids', 'department_ids'] },
			rateLimits: MEMBER_LIMITS,
		},
	],
};
