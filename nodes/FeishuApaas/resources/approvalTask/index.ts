import { oneOf } from '../../engine/values';
import { actingUserId, approvalTaskId, DOCS, KUNLUN, optionalOpinion, userIdListField } from '../shared/fields';
import { HUMAN_TASK_LIMITS } from '../shared/limits';
import type { ResourceDefinition } from '../../engine/types';

/** Approval Task: one approver's step of an aPaaS approval. */
export const approvalTask: ResourceDefinition = {
	value: 'approvalTask',
	name: 'Approval Task',
	description: 'One approver\'s step of an aPaaS approval',
	authentication: 'tenantToken',
	scopes: ['app_engine:approval:write'],
	operations: [
		{
			resource: 'approvalTask',
			operation: 'agree',
			name: 'Agree',
			action: 'Agree to an approval task',
			description:
				'Approves (同意) a pending aPaaS approval task as one of its assignees. Needs the approval task ID — the task_id of a Query User Tasks item (source assignMe) — and the kunlun user ID of that assignee.',
			docsUrl: `${DOCS}/approval_task/agree`,
			path: 'approval_tasks/{approval_task_id}/agree',
			pathFields: [approvalTaskId],
			fields: [actingUserId, optionalOpinion],
			output: { kind: 'acknowledge' },
			rateLimits: HUMAN_TASK_LIMITS,
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
			pathFields: [approvalTaskId],
			fields: [actingUserId, optionalOpinion],
			output: { kind: 'acknowledge' },
			rateLimits: HUMAN_TASK_LIMITS,
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
			pathFields: [approvalTaskId],
			fields: [
				{ ...actingUserId, description: `The ${KUNLUN}, of the user who transfers the task` },
				userIdListField('toUserIds', 'to_user_ids', 'To User IDs', 'Users who receive the task'),
				userIdListField('fromUserIds', 'from_user_ids', 'From User IDs', 'Assignees the task is taken from (default: the transferring user)', false),
				optionalOpinion,
			],
			output: { kind: 'acknowledge' },
			rateLimits: HUMAN_TASK_LIMITS,
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
			pathFields: [approvalTaskId],
			fields: [
				actingUserId,
				userIdListField('approvers', 'approvers', 'Approvers', 'Users to add as approvers'),
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
			rateLimits: HUMAN_TASK_LIMITS,
		},
	],
};
