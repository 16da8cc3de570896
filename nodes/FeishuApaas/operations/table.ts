import {
	digitsId,
	epochMillis,
	oneOf,
	requiredText,
	stringList,
	text,
	userId,
	userIdList,
} from '../validation/values';
import type { FieldSpec, OperationSpec } from './types';

const DOCS = 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/apaas-v1';

const KUNLUN = 'kunlun user ID (aPaaS user ID, from the aPaaS user management page) — not an open_id or union_id';

/** The approval task in the path: Query's `task_id`. */
const approvalTaskId: FieldSpec = {
	param: 'approvalTaskId',
	api: 'approval_task_id',
	displayName: 'Approval Task ID',
	description: 'ID of the approval task, digits only: the task_id of a Query User Tasks item ({{ $json.task_id }})',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1788173550023689',
	shape: digitsId,
};

/** The user task in the path (user_tasks/:task_id/…): Query's `task_id`. */
const userTaskId: FieldSpec = {
	...approvalTaskId,
	param: 'taskId',
	api: 'task_id',
	displayName: 'Task ID',
	description: 'ID of the user task, digits only: the task_id of a Query User Tasks item ({{ $json.task_id }})',
};

/** The user acting on an approval task (body `user_id`). */
const actingUserId: FieldSpec = {
	param: 'userId',
	api: 'user_id',
	displayName: 'User ID',
	description: `The ${KUNLUN}, of the assignee acting on the task`,
	type: 'string',
	required: true,
	default: '',
	placeholder: '1234',
	shape: userId,
};

/** The user on whose behalf a user-task action runs (body `operator_user_id`). */
const operatorUserId: FieldSpec = {
	...actingUserId,
	param: 'operatorUserId',
	api: 'operator_user_id',
	displayName: 'Operator User ID',
	description: `The ${KUNLUN}, of the user on whose behalf the action runs`,
};

/** An optional comment recorded with the action. */
const optionalOpinion: FieldSpec = {
	param: 'opinion',
	api: 'opinion',
	displayName: 'Opinion',
	description: 'Comment recorded with the action in the approval history',
	type: 'string',
	required: false,
	default: '',
	shape: requiredText,
};

function userIds(param: string, api: string, displayName: string, description: string, required = true): FieldSpec {
	return {
		param,
		api,
		displayName,
		description: `${description}: ${KUNLUN}s, comma-separated or an array from an expression`,
		type: 'string',
		required,
		default: '',
		placeholder: '1234, 5678',
		shape: userIdList,
	};
}

/**
 * Every aPaaS operation the node offers, described once. The node's parameters, the checks on their
 * values and the request are all derived from these rows: a new operation is a new row.
 */
export const OPERATIONS: readonly OperationSpec[] = [
	{
		resource: 'approvalInstance',
		operation: 'cancel',
		name: 'Cancel',
		action: 'Cancel an approval instance',
		description:
			'Cancels (撤销) a running aPaaS approval instance on behalf of a user, with a reason. Needs the approval instance ID — Feishu documents only that it comes from Query User Tasks (workflow_instance.id) — and the kunlun user ID of the user who cancels.',
		docsUrl: `${DOCS}/approval_instance/cancel`,
		path: 'approval_instances/{approval_instance_id}/cancel',
		pathField: {
			param: 'approvalInstanceId',
			api: 'approval_instance_id',
			displayName: 'Approval Instance ID',
			description:
				'ID of the approval instance to cancel, digits only. Feishu says it can be obtained from Query User Tasks: map {{ $json.workflow_instance.id }} from that node.',
			type: 'string',
			required: true,
			default: '',
			placeholder: '1788173550023689',
			shape: digitsId,
		},
		fields: [
			{
				param: 'userId',
				api: 'user_id',
				displayName: 'User ID',
				description:
					'Kunlun user ID (aPaaS user ID, from the aPaaS user management page) of the user who cancels — not an open_id or union_id',
				type: 'string',
				required: true,
				default: '',
				placeholder: '1234',
				shape: userId,
			},
			{
				param: 'opinion',
				api: 'opinion',
				displayName: 'Opinion',
				description: 'Reason for cancelling, shown in the approval history',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'Cancelled by automation',
				shape: requiredText,
			},
		],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'approvalTask',
		operation: 'agree',
		name: 'Agree',
		action: 'Agree to an approval task',
		description:
			'Approves (同意) a pending aPaaS approval task as one of its assignees. Needs the approval task ID — the task_id of a Query User Tasks item (source assignMe) — and the kunlun user ID of that assignee.',
		docsUrl: `${DOCS}/approval_task/agree`,
		path: 'approval_tasks/{approval_task_id}/agree',
		pathField: approvalTaskId,
		fields: [actingUserId, optionalOpinion],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'approvalTask',
		operation: 'reject',
		name: 'Reject',
		action: 'Reject an approval task',
		description:
			'Rejects (拒绝) a pending aPaaS approval task as one of its assignees. Needs the approval task ID — the task_id of a Query User Tasks item — and the kunlun user ID of that assignee.',
		docsUrl: `${DOCS}/approval_task/reject`,
		path: 'approval_tasks/{approval_task_id}/reject',
		pathField: approvalTaskId,
		fields: [actingUserId, optionalOpinion],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'approvalTask',
		operation: 'transfer',
		name: 'Transfer',
		action: 'Transfer an approval task',
		description:
			'Transfers (转交) a pending aPaaS approval task from its assignees to other users. Needs the approval task ID (task_id from Query User Tasks), the kunlun user ID of the user who transfers, and the kunlun user IDs to transfer to.',
		docsUrl: `${DOCS}/approval_task/transfer`,
		path: 'approval_tasks/{approval_task_id}/transfer',
		pathField: approvalTaskId,
		fields: [
			{ ...actingUserId, description: `The ${KUNLUN}, of the user who transfers the task` },
			userIds('toUserIds', 'to_user_ids', 'To User IDs', 'Users who receive the task'),
			userIds('fromUserIds', 'from_user_ids', 'From User IDs', 'Assignees the task is taken from (default: the transferring user)', false),
			optionalOpinion,
		],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'approvalTask',
		operation: 'addAssignee',
		name: 'Add Assignee',
		action: 'Add assignees to an approval task',
		description:
			'Adds approvers (加签) to a pending aPaaS approval task, either alongside the current assignees or as a step after them. Needs the approval task ID (task_id from Query User Tasks), the kunlun user ID of the acting assignee, and the kunlun user IDs to add.',
		docsUrl: `${DOCS}/approval_task/add_assignee`,
		path: 'approval_tasks/{approval_task_id}/add_assignee',
		pathField: approvalTaskId,
		fields: [
			actingUserId,
			userIds('approvers', 'approvers', 'Approvers', 'Users to add as approvers'),
			{
				param: 'addAssigneeType',
				api: 'add_assignee_type',
				displayName: 'Add Assignee Type',
				description: 'Whether the new approvers join the current step or approve in a new step after it',
				type: 'options',
				required: false,
				default: 'currentAndAddAssign',
				options: [
					{ name: 'Current Step', value: 'currentAndAddAssign', description: 'Approve alongside the current assignees' },
					{ name: 'After Current Step', value: 'afterAndAddAssign', description: 'Approve in a new step after this one' },
				],
				shape: oneOf(['currentAndAddAssign', 'afterAndAddAssign']),
			},
			optionalOpinion,
		],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'userTask',
		operation: 'query',
		name: 'Query',
		action: 'Query user tasks',
		description:
			'Lists the aPaaS human tasks (approvals, fill-in tasks) of one user: pending or archived, started by them, assigned to them or copied to them. Returns one item per task with Feishu\'s fields (task_id, task_start_time, workflow_instance {id, label, status}, initiator, summarys), ready to map into Cancel.',
		docsUrl: `${DOCS}/user_task/query`,
		path: 'user_task/query',
		fields: [
			{
				param: 'kunlunUserId',
				api: 'kunlun_user_id',
				displayName: 'Kunlun User ID',
				description: 'Kunlun user ID (aPaaS user ID) whose tasks to list — not an open_id',
				type: 'string',
				required: true,
				default: '',
				placeholder: '1234',
				shape: userId,
			},
			{
				param: 'type',
				api: 'type',
				displayName: 'Task State',
				description: 'Pending tasks (still open) or archived tasks (done)',
				type: 'options',
				required: false,
				default: 'pending',
				options: [
					{ name: 'Pending', value: 'pending' },
					{ name: 'Archived', value: 'archived' },
				],
				shape: oneOf(['pending', 'archived']),
			},
			{
				param: 'source',
				api: 'source',
				displayName: 'Source',
				description: 'Only tasks the user started, tasks assigned to the user, or tasks copied to the user',
				type: 'options',
				required: false,
				default: 'assignMe',
				options: [
					{ name: 'Assigned to Me', value: 'assignMe' },
					{ name: 'Copied to Me', value: 'CCMe' },
					{ name: 'Started by Me', value: 'fromMe' },
				],
				shape: oneOf(['fromMe', 'assignMe', 'CCMe']),
			},
			{
				param: 'startTime',
				api: 'start_time',
				displayName: 'Start Time',
				description: 'Only tasks started at or after this time (sent as milliseconds since 1970)',
				type: 'dateTime',
				required: false,
				default: '',
				shape: epochMillis,
			},
			{
				param: 'endTime',
				api: 'end_time',
				displayName: 'End Time',
				description: 'Only tasks started at or before this time (sent as milliseconds since 1970)',
				type: 'dateTime',
				required: false,
				default: '',
				shape: epochMillis,
			},
			{
				param: 'apiIds',
				api: 'api_ids',
				displayName: 'Process API IDs',
				description: 'Only tasks of these processes: API names of the aPaaS flows, comma-separated',
				type: 'string',
				required: false,
				default: '',
				placeholder: 'package_abc__c__leave_approval, package_abc__c__expense',
				shape: stringList,
			},
		],
		output: { kind: 'list', itemsKey: 'tasks' },
		pagination: { countKey: 'count', maxPageSize: 50 },
	},
	{
		resource: 'userTask',
		operation: 'cc',
		name: 'CC',
		action: 'Copy users in on a user task',
		description:
			'Copies (抄送) other users in on an aPaaS user task so they can follow it. Needs the task ID (task_id from Query User Tasks), the kunlun user ID of the operator, and the kunlun user IDs to copy in.',
		docsUrl: `${DOCS}/user_task/cc`,
		path: 'user_tasks/{task_id}/cc',
		pathField: userTaskId,
		fields: [userIds('ccUserIds', 'cc_user_ids', 'CC User IDs', 'Users to copy in'), operatorUserId],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'userTask',
		operation: 'expedite',
		name: 'Expedite',
		action: 'Expedite a user task',
		description:
			'Sends a reminder (催办) to the users who have to act on a pending aPaaS user task. Needs the task ID (task_id from Query User Tasks), the kunlun user ID of the operator, and the kunlun user IDs to remind.',
		docsUrl: `${DOCS}/user_task/expediting`,
		path: 'user_tasks/{task_id}/expediting',
		pathField: userTaskId,
		fields: [
			operatorUserId,
			userIds('expeditingUserIds', 'expediting_user_ids', 'Expediting User IDs', 'Users to remind'),
			optionalOpinion,
		],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'userTask',
		operation: 'getRollbackPoints',
		name: 'Get Rollback Points',
		action: 'Get the rollback points of a user task',
		description:
			'Lists the earlier steps (回退点) a pending aPaaS user task can be rolled back to, one item per point {id, activity_label, is_start}. Needs the task ID (task_id from Query User Tasks) and the operator\'s kunlun user ID; feed an item\'s id into Roll Back as To Task ID.',
		docsUrl: `${DOCS}/user_task/rollback_points`,
		path: 'user_tasks/{task_id}/rollback_points',
		pathField: userTaskId,
		fields: [operatorUserId],
		output: { kind: 'list', itemsKey: 'tasks' },
	},
	{
		resource: 'userTask',
		operation: 'rollback',
		name: 'Roll Back',
		action: 'Roll back a user task',
		description:
			'Rolls a pending aPaaS user task back (回退) to an earlier step. Needs the task ID (task_id from Query User Tasks), the operator\'s kunlun user ID, the rollback point (an id from Get Rollback Points) and a reason.',
		docsUrl: `${DOCS}/user_task/rollback`,
		path: 'user_tasks/{task_id}/rollback',
		pathField: userTaskId,
		fields: [
			operatorUserId,
			{
				param: 'toTaskId',
				api: 'to_task_id',
				displayName: 'To Task ID',
				description: 'The rollback point to return to, digits only: the id of a Get Rollback Points item ({{ $json.id }})',
				type: 'string',
				required: true,
				default: '',
				placeholder: '1788173550023690',
				shape: digitsId,
			},
			{ ...optionalOpinion, required: true, description: 'Reason for the rollback, shown in the approval history' },
		],
		output: { kind: 'acknowledge' },
	},
	{
		resource: 'userTask',
		operation: 'createChatGroup',
		name: 'Create Chat Group',
		action: 'Create a chat group for a user task',
		description:
			'Opens a Feishu group chat (发起群聊) about an aPaaS user task, or invites users into an existing one, and returns its chat_id. Needs the task ID (task_id from Query User Tasks) and the operator\'s kunlun user ID.',
		docsUrl: `${DOCS}/user_task/chat_group`,
		path: 'user_tasks/{task_id}/chat_group',
		pathField: userTaskId,
		fields: [
			operatorUserId,
			userIds('inviteUserIds', 'invite_user_ids', 'Invite User IDs', 'Users to invite into the chat', false),
			{
				param: 'chatId',
				api: 'chat_id',
				displayName: 'Chat ID',
				description: 'An existing group chat (oc_…) to invite the users into, instead of creating a new one',
				type: 'string',
				required: false,
				default: '',
				placeholder: 'oc_a0553eda9014c201e6969b478895c230',
				shape: text,
			},
			{
				param: 'chatName',
				api: 'chat_name',
				displayName: 'Chat Name',
				description: 'Name of the new group chat',
				type: 'string',
				required: false,
				default: '',
				shape: text,
			},
		],
		output: { kind: 'acknowledge' },
	},
];

export const RESOURCES: ReadonlyArray<{ value: OperationSpec['resource']; name: string; description: string }> = [
	{ value: 'approvalInstance', name: 'Approval Instance', description: 'A running aPaaS approval (flow) instance' },
	{ value: 'approvalTask', name: 'Approval Task', description: 'One approver\'s step of an aPaaS approval' },
	{ value: 'userTask', name: 'User Task', description: 'Human tasks (人工任务) of an aPaaS user' },
];

export function findOperation(resource: string, operation: string): OperationSpec | undefined {
	return OPERATIONS.find((spec) => spec.resource === resource && spec.operation === operation);
}
