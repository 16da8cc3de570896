import type { FieldSpec, ResourceDefinition } from '../../engine/types';
import { apiName } from '../../engine/values';
import { DOCS, namespace } from '../shared/fields';
import { MEMBER_LIMITS } from '../shared/limits';
import { MAX_MEMBERS_PER_CALL, memberUserIds, inMemberParts } from '../shared/members';

const recordPermissionApiName: FieldSpec = {
	param: 'recordPermissionApiName',
	api: 'record_permission_api_name',
	displayName: 'Record Permission API Name',
	description: 'API name of the record permission (记录权限)',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'vip_customers',
	shape: apiName,
};


/** Record Permission Member: who is granted a record permission of an aPaaS application. */
export const recordPermissionMember: ResourceDefinition = {
	value: 'recordPermissionMember',
	name: 'Record Permission Member',
	description: 'Who is granted a record permission of an aPaaS application',
	authentication: 'tenantToken',
	scopes: ['app_engine:application.record_permission:write'],
	// ASSUMPTION: Feishu's pages we could read name no scope for these APIs; check them in the developer console.
	scopesAssumed: true,
	operations: [
		{
			resource: 'recordPermissionMember',
			operation: 'add',
			name: 'Add',
			action: 'Add users to a record permission',
			description: `Grants a record permission (which records a user may see or edit) of an aPaaS application to users. More than ${MAX_MEMBERS_PER_CALL} ids go in several requests.`,
			docsUrl: `${DOCS}/application-record_permission-member/batch_create_authorization`,
			method: 'POST',
			path: 'applications/{namespace}/record_permissions/{record_permission_api_name}/member/batch_create_authorization',
			pathFields: [namespace, recordPermissionApiName],
			fields: [memberUserIds(true)],
			execute: inMemberParts(['user_ids']),
			output: { kind: 'acknowledge', echo: ['user_ids'] },
			rateLimits: MEMBER_LIMITS,
		},
		{
			resource: 'recordPermissionMember',
			operation: 'remove',
			name: 'Remove',
			action: 'Remove users from a record permission',
			description: `Takes a record permission of an aPaaS application away from users. More than ${MAX_MEMBERS_PER_CALL} ids go in several requests.`,
			docsUrl: `${DOCS}/application-record_permission-member/batch_remove_authorization`,
			method: 'POST',
			path: 'applications/{namespace}/record_permissions/{record_permission_api_name}/member/batch_remove_authorization',
			pathFields: [namespace, recordPermissionApiName],
			fields: [memberUserIds(true)],
			execute: inMemberParts(['user_ids']),
			output: { kind: 'acknowledge', echo: ['user_ids'] },
			rateLimits: MEMBER_LIMITS,
		},
	],
};
