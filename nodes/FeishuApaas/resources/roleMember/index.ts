import { apiName, bool, stringList, userIdList } from '../../validation/values';
import { DOCS, KUNLUN, MEMBER_LIMITS, namespace } from '../fields';
import type { FieldSpec, OperationSpec } from '../types';

/**
 * ASSUMPTION: Feishu's pages give no per-call maximum for the member lists; 100 is the common cap of
 * Feishu's batch APIs (and the emulator's). An item with more ids is sent in several requests.
 */
export const MAX_MEMBERS_PER_CALL = 100;

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

const userIds = (required: boolean): FieldSpec => ({
	param: 'userIds',
	api: 'user_ids',
	displayName: 'User IDs',
	description: `Users: ${KUNLUN}s, comma-separated or an array from an expression`,
	type: 'string',
	required,
	topLevel: true,
	...(required ? {} : { requiredUnless: 'departmentIds' }),
	default: '',
	placeholder: '1700000000000001, 1700000000000002',
	shape: userIdList,
});

const departmentIds: FieldSpec = {
	param: 'departmentIds',
	api: 'department_ids',
	displayName: 'Department IDs',
	description: 'Departments (their aPaaS department IDs), comma-separated or an array from an expression',
	type: 'string',
	required: false,
	topLevel: true,
	default: '',
	placeholder: 'od-sales',
	shape: stringList,
};

const split = (keys: string[]) => ({ keys, max: MAX_MEMBERS_PER_CALL });

/** Role Member: who holds a role of an aPaaS application. */
export const ROLE_MEMBER_OPERATIONS: readonly OperationSpec[] = [
	{
		resource: 'roleMember',
		operation: 'get',
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
		fields: [userIds(false), departmentIds],
		splitLists: split(['user_ids', 'department_ids']),
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
		fields: [userIds(false), departmentIds],
		splitLists: split(['user_ids', 'department_ids']),
		output: { kind: 'acknowledge', echo: ['user_ids', 'department_ids'] },
		rateLimits: MEMBER_LIMITS,
	},
];

/** Record Permission Member: who is granted a record permission of an aPaaS application. */
export const RECORD_PERMISSION_MEMBER_OPERATIONS: readonly OperationSpec[] = [
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
		fields: [userIds(true)],
		splitLists: split(['user_ids']),
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
		fields: [userIds(true)],
		splitLists: split(['user_ids']),
		output: { kind: 'acknowledge', echo: ['user_ids'] },
		rateLimits: MEMBER_LIMITS,
	},
];
