import { APPROVAL_INSTANCE_OPERATIONS } from './resources/approval-instance';
import { APPROVAL_TASK_OPERATIONS } from './resources/approval-task';
import { ENVIRONMENT_VARIABLE_OPERATIONS } from './resources/environment-variable';
import { FLOW_OPERATIONS } from './resources/flow';
import { FUNCTION_OPERATIONS } from './resources/function';
import { RECORD_PERMISSION_MEMBER_OPERATIONS, ROLE_MEMBER_OPERATIONS } from './resources/members';
import { OBJECT_OPERATIONS } from './resources/object';
import { OBJECT_RECORD_OPERATIONS } from './resources/object-record';
import { USER_TASK_OPERATIONS } from './resources/user-task';
import type { OperationSpec, ResourceName } from './types';

/**
 * Every aPaaS operation the node offers, described once, one module of rows per resource. The node's
 * parameters, the checks on their values and the requests are all derived from these rows: a new
 * operation is a new row.
 */
export const OPERATIONS: readonly OperationSpec[] = [
	...APPROVAL_INSTANCE_OPERATIONS,
	...APPROVAL_TASK_OPERATIONS,
	...USER_TASK_OPERATIONS,
	...OBJECT_RECORD_OPERATIONS,
	...OBJECT_OPERATIONS,
	...FLOW_OPERATIONS,
	...FUNCTION_OPERATIONS,
	...ENVIRONMENT_VARIABLE_OPERATIONS,
	...ROLE_MEMBER_OPERATIONS,
	...RECORD_PERMISSION_MEMBER_OPERATIONS,
];

export const RESOURCES: ReadonlyArray<{ value: ResourceName; name: string; description: string }> = [
	{ value: 'approvalInstance', name: 'Approval Instance', description: 'A running aPaaS approval (flow) instance' },
	{ value: 'approvalTask', name: 'Approval Task', description: 'One approver\'s step of an aPaaS approval' },
	{ value: 'userTask', name: 'User Task', description: 'Human tasks (人工任务) of an aPaaS user' },
	{ value: 'objectRecord', name: 'Object Record', description: 'Records (rows) of an aPaaS object: create, read, update, delete' },
	{ value: 'object', name: 'Object', description: 'Queries across an aPaaS application\'s objects: OQL and search' },
	{ value: 'flow', name: 'Flow', description: 'Run an aPaaS flow (自动化流程)' },
	{ value: 'function', name: 'Function', description: 'Invoke an aPaaS cloud function (云函数)' },
	{ value: 'environmentVariable', name: 'Environment Variable', description: 'Read an aPaaS application\'s environment variables' },
	{ value: 'roleMember', name: 'Role Member', description: 'Who holds a role of an aPaaS application' },
	{ value: 'recordPermissionMember', name: 'Record Permission Member', description: 'Who is granted a record permission of an aPaaS application' },
];

const byKey = new Map(OPERATIONS.map((spec) => [`${spec.resource}/${spec.operation}`, spec]));

export function findOperation(resource: string, operation: string): OperationSpec | undefined {
	return byKey.get(`${resource}/${operation}`);
}
