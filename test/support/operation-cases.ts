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
	node: INodeParameters;
	sdk: (client: Client) => Promise<unknown>;
}

const ZHANG = '1700000000000001';
const LI = '1700000000000002';
const WANG = '1700000000000003';
const INSTANCE = '7100000000000000001';
const TASK = '7200000000000000001';
const POINT = '7200000000000000009';

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
];

