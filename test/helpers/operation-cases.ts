/**
 * One valid set of inputs per operation, as n8n parameters and as the same call through the official
 * Lark SDK. Shared by the SDK conformance test and the per-operation engine tests.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { INodeParameters } from 'n8n-workflow';

type Client = lark.Client;

export interface OperationCase {
	resource: string;
	operation: string;
	/** Which endpoint of the operation, where it has two (record writes: batch, or one record per request). */
	variant?: 'single';
	node: INodeParameters;
	/** Input items' JSON (default: one empty item). */
	items?: Array<Record<string, unknown>>;
	sdk: (client: Client) => Promise<unknown>;
}

const ZHANG = '1700000000000001';
const LI = '1700000000000002';
const WANG = '1700000000000003';
const INSTANCE = '7100000000000000001';
const TASK = '7200000000000000001';
const POINT = '7200000000000000009';
const RECORD = '1790000000000000001';

export const OPERATION_CASES: OperationCase[] = [
	{
		resource: 'approvalInstance',
		operation: 'cancel',
		node: { approvalInstanceId: INSTANCE, userId: ZHANG, opinion: '撤销了' },
		sdk: (c) => c.apaas.v1.approvalInstance.cancel({ path: { approval_instance_id: INSTANCE }, data: { user_id: ZHANG, opinion: '撤销了' } }),
	},
	{
		resource: 'userTask',
		operation: 'query',
		node: {
			kunlunUserId: LI,
			returnAll: false,
			limit: 5,
			options: { type: 'pending', source: 'assignMe', startTime: 1767225600000, endTime: '1767312000000', apiIds: 'leave_approval, expense_approval' },
		},
		sdk: (c) =>
			c.apaas.v1.userTask.query({
				data: {
					kunlun_user_id: LI,
					type: 'pending',
					source: 'assignMe',
					limit: '5',
					offset: '0',
					start_time: '1767225600000',
					end_time: '1767312000000',
					api_ids: ['leave_approval', 'expense_approval'],
				},
			}),
	},
	{
		resource: 'approvalTask',
		operation: 'agree',
		node: { approvalTaskId: TASK, userId: LI, options: { opinion: '同意' } },
		sdk: (c) => c.apaas.v1.approvalTask.agree({ path: { approval_task_id: TASK }, data: { user_id: LI, opinion: '同意' } }),
	},
	{
		resource: 'approvalTask',
		operation: 'reject',
		node: { approvalTaskId: TASK, userId: LI },
		sdk: (c) => c.apaas.v1.approvalTask.reject({ path: { approval_task_id: TASK }, data: { user_id: LI } }),
	},
	{
		resource: 'approvalTask',
		operation: 'transfer',
		node: { approvalTaskId: TASK, userId: LI, toUserIds: `${WANG}, ${ZHANG}`, options: { fromUserIds: LI, opinion: '转交' } },
		sdk: (c) =>
			c.apaas.v1.approvalTask.transfer({
				path: { approval_task_id: TASK },
				data: { user_id: LI, from_user_ids: [LI], to_user_ids: [WANG, ZHANG], opinion: '转交' },
			}),
	},
	{
		resource: 'approvalTask',
		operation: 'addAssignee',
		node: { approvalTaskId: TASK, userId: LI, approvers: [WANG], options: { addAssigneeType: 'afterAndAddAssign', opinion: '加签' } },
		sdk: (c) =>
			c.apaas.v1.approvalTask.addAssignee({
				path: { approval_task_id: TASK },
				data: { user_id: LI, approvers: [WANG], add_assignee_type: 'afterAndAddAssign', opinion: '加签' },
			}),
	},
	{
		resource: 'userTask',
		operation: 'cc',
		node: { taskId: TASK, ccUserIds: ZHANG, operatorUserId: LI },
		sdk: (c) => c.apaas.v1.userTask.cc({ path: { task_id: TASK }, data: { cc_user_ids: [ZHANG], operator_user_id: LI } }),
	},
	{
		resource: 'userTask',
		operation: 'expedite',
		node: { taskId: TASK, operatorUserId: ZHANG, expeditingUserIds: LI, options: { opinion: '请尽快处理' } },
		sdk: (c) =>
			c.apaas.v1.userTask.expediting({
				path: { task_id: TASK },
				data: { operator_user_id: ZHANG, expediting_user_ids: [LI], opinion: '请尽快处理' },
			}),
	},
	{
		resource: 'userTask',
		operation: 'getRollbackPoints',
		node: { taskId: TASK, operatorUserId: LI },
		sdk: (c) => c.apaas.v1.userTask.rollbackPoints({ path: { task_id: TASK }, data: { operator_user_id: LI } }),
	},
	{
		resource: 'userTask',
		operation: 'rollback',
		node: { taskId: TASK, operatorUserId: LI, toTaskId: POINT, opinion: '信息不全' },
		sdk: (c) =>
			c.apaas.v1.userTask.rollback({
				path: { task_id: TASK },
				data: { operator_user_id: LI, to_task_id: POINT, opinion: '信息不全' },
			}),
	},
	{
		resource: 'userTask',
		operation: 'createChatGroup',
		node: { taskId: TASK, operatorUserId: LI, options: { inviteUserIds: [ZHANG, WANG], chatName: '请假讨论' } },
		sdk: (c) =>
			c.apaas.v1.userTask.chatGroup({
				path: { task_id: TASK },
				data: { operator_user_id: LI, invite_user_ids: [ZHANG, WANG], chat_name: '请假讨论' },
			}),
	},
	...recordCases(),
	...logicCases(),
];

/** Flows, functions, environment variables, role and record-permission members. */
function logicCases(): OperationCase[] {
	const NS = 'demo_app';
	return [
		{
			resource: 'flow',
			operation: 'execute',
			node: { namespace: NS, flowId: 'approve_order', operatorUserId: ZHANG, params: '{"order_id":"1790000000000000006"}', options: { isAsync: true, idempotentKey: 'key-1', loopMasks: 'a, b' } },
			sdk: (c) =>
				c.apaas.v1.applicationFlow.execute({
					path: { namespace: NS, flow_id: 'approve_order' },
					data: { operator: `{"_id":${ZHANG}}`, params: '{"order_id":"1790000000000000006"}', is_async: true, idempotent_key: 'key-1', loop_masks: ['a', 'b'] },
				}),
		},
		{
			resource: 'function',
			operation: 'invoke',
			node: { namespace: NS, functionApiName: 'echo', params: { a: 1, b: 'x' } },
			sdk: (c) => c.apaas.v1.applicationFunction.invoke({ path: { namespace: NS, function_api_name: 'echo' }, data: { params: '{"a":1,"b":"x"}' } }),
		},
		{
			resource: 'environmentVariable',
			operation: 'get',
			node: { namespace: NS, environmentVariableApiName: 'api_base_url' },
			sdk: (c) => c.apaas.v1.applicationEnvironmentVariable.get({ path: { namespace: NS, environment_variable_api_name: 'api_base_url' } }),
		},
		{
			resource: 'environmentVariable',
			operation: 'getAll',
			node: { namespace: NS, returnAll: false, limit: 10, options: { quickQuery: 'api' } },
			sdk: (c) => c.apaas.v1.applicationEnvironmentVariable.query({ path: { namespace: NS }, data: { filter: { quick_query: 'api' }, limit: 10, offset: 0 } }),
		},
		{
			resource: 'roleMember',
			operation: 'get',
			node: { namespace: NS, roleApiName: 'sales_manager', options: { needDisplayName: true, useApiId: false } },
			sdk: (c) =>
				c.apaas.v1.applicationRoleMember.get({ path: { namespace: NS, role_api_name: 'sales_manager' }, params: { need_display_name: true, use_api_id: false } }),
		},
		{
			resource: 'roleMember',
			operation: 'add',
			node: { namespace: NS, roleApiName: 'sales_manager', userIds: `${LI}, ${WANG}`, departmentIds: 'od-sales' },
			sdk: (c) =>
				c.apaas.v1.applicationRoleMember.batchCreateAuthorization({
					path: { namespace: NS, role_api_name: 'sales_manager' },
					data: { user_ids: [LI, WANG], department_ids: ['od-sales'] },
				}),
		},
		{
			resource: 'roleMember',
			operation: 'remove',
			node: { namespace: NS, roleApiName: 'sales_manager', userIds: LI },
			sdk: (c) => c.apaas.v1.applicationRoleMember.batchRemoveAuthorization({ path: { namespace: NS, role_api_name: 'sales_manager' }, data: { user_ids: [LI] } }),
		},
		{
			resource: 'recordPermissionMember',
			operation: 'add',
			node: { namespace: NS, recordPermissionApiName: 'vip_customers', userIds: [ZHANG, LI] },
			sdk: (c) =>
				c.apaas.v1.applicationRecordPermissionMember.batchCreateAuthorization({
					path: { namespace: NS, record_permission_api_name: 'vip_customers' },
					data: { user_ids: [ZHANG, LI] },
				}),
		},
		{
			resource: 'recordPermissionMember',
			operation: 'remove',
			node: { namespace: NS, recordPermissionApiName: 'vip_customers', userIds: ZHANG },
			sdk: (c) =>
				c.apaas.v1.applicationRecordPermissionMember.batchRemoveAuthorization({
					path: { namespace: NS, record_permission_api_name: 'vip_customers' },
					data: { user_ids: [ZHANG] },
				}),
		},
	];
}

/** The ten application-data endpoints: records (batch and single), OQL and search. */
function recordCases(): OperationCase[] {
	const NS = 'demo_app';
	const OBJ = 'customer';
	const path = { namespace: NS, object_api_name: OBJ };
	const where = { namespace: NS, objectApiName: OBJ };
	const single = { options: { recordsPerRequest: 1 } };
	return [
		{
			resource: 'objectRecord',
			operation: 'create',
			node: { ...where },
			items: [{ name: 'Acme', amount: 100 }],
			sdk: (c) => c.apaas.v1.applicationObjectRecord.batchCreate({ path, data: { records: '[{"name":"Acme","amount":100}]' } }),
		},
		{
			resource: 'objectRecord',
			operation: 'create',
			variant: 'single',
			node: { ...where, ...single },
			items: [{ name: 'Acme', amount: 100 }],
			sdk: (c) => c.apaas.v1.applicationObjectRecord.create({ path, data: { record: '{"name":"Acme","amount":100}' } }),
		},
		{
			resource: 'objectRecord',
			operation: 'update',
			node: { ...where, recordId: RECORD },
			items: [{ amount: 200 }],
			sdk: (c) => c.apaas.v1.applicationObjectRecord.batchUpdate({ path, data: { records: `[{"_id":${RECORD},"amount":200}]` } }),
		},
		{
			resource: 'objectRecord',
			operation: 'update',
			variant: 'single',
			node: { ...where, recordId: RECORD, ...single },
			items: [{ amount: 200 }],
			sdk: (c) => c.apaas.v1.applicationObjectRecord.patch({ path: { ...path, id: RECORD }, data: { record: '{"amount":200}' } }),
		},
		{
			resource: 'objectRecord',
			operation: 'delete',
			node: { ...where, recordId: RECORD },
			sdk: (c) => c.apaas.v1.applicationObjectRecord.batchDelete({ path, data: { ids: [RECORD] } }),
		},
		{
			resource: 'objectRecord',
			operation: 'delete',
			variant: 'single',
			node: { ...where, recordId: RECORD, ...single },
			sdk: (c) => c.apaas.v1.applicationObjectRecord.delete({ path: { ...path, id: RECORD } }),
		},
		{
			resource: 'objectRecord',
			operation: 'get',
			node: { ...where, recordId: RECORD, options: { select: '_id, name' } },
			sdk: (c) => c.apaas.v1.applicationObjectRecord.query({ path: { ...path, id: RECORD }, data: { select: ['_id', 'name'] } }),
		},
		{
			resource: 'objectRecord',
			operation: 'getAll',
			node: { ...where, select: '_id, name', returnAll: false, limit: 10, options: { orderBy: 'amount DESC' } },
			sdk: (c) =>
				c.apaas.v1.applicationObjectRecord.batchQuery({
					path,
					data: { select: ['_id', 'name'], order_by: [{ field: 'amount', direction: 'DESC' }], use_page_token: true, page_size: 10 },
				}),
		},
		{
			resource: 'object',
			operation: 'oqlQuery',
			node: { namespace: NS, query: 'SELECT _id, name FROM customer WHERE amount > $1', options: { args: '[100]', namedArgs: { city: 'Beijing' } } },
			sdk: (c) =>
				c.apaas.v1.applicationObject.oqlQuery({
					path: { namespace: NS },
					data: { query: 'SELECT _id, name FROM customer WHERE amount > $1', args: '[100]', named_args: '{"city":"Beijing"}' },
				}),
		},
		{
			resource: 'object',
			operation: 'search',
			node: { namespace: NS, searchText: 'Acme', returnAll: false, limit: 20, options: { searchObjects: 'customer', metadata: 'Label' } },
			sdk: (c) =>
				c.apaas.v1.applicationObject.search({
					path: { namespace: NS },
					data: { q: 'Acme', search_objects: [{ api_name: 'customer' }], metadata: 'Label', page_size: '20' },
				}),
		},
	];
}
