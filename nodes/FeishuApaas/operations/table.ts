import { digitsId, epochMillis, oneOf, requiredText, stringList, userId } from '../validation/values';
import type { OperationSpec } from './types';

const DOCS = 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/apaas-v1';

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
		output: 'acknowledge',
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
		output: 'list',
		pagination: { itemsKey: 'tasks', countKey: 'count', maxPageSize: 50 },
	},
];

export const RESOURCES: ReadonlyArray<{ value: OperationSpec['resource']; name: string; description: string }> = [
	{ value: 'approvalInstance', name: 'Approval Instance', description: 'A running aPaaS approval (flow) instance' },
	{ value: 'userTask', name: 'User Task', description: 'Human tasks (人工任务) of an aPaaS user' },
];

export function findOperation(resource: string, operation: string): OperationSpec | undefined {
	return OPERATIONS.find((spec) => spec.resource === resource && spec.operation === operation);
}
