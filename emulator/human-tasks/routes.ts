/**
 * The eleven human-task APIs (tenant token), one row each. The rate-limit windows are keyed by
 * these templates, so the task id is `:id` in every row: one window per API, whatever the id.
 * Bodies and answers as in @larksuiteoapi/node-sdk (`apaas.v1.approvalInstance`,
 * `approvalTask`, `userTask`).
 */
import { handleApprovalTask, type ApprovalTaskAction } from './approval-tasks';
import { handleCancel } from './cancel';
import { handleQuery } from './query';
import { handleUserTask, type UserTaskAction } from './user-tasks';
import type { Route } from '../routing';

const V1 = '/open-apis/apaas/v1';
const APPROVAL_TASK_ACTIONS: readonly ApprovalTaskAction[] = ['agree', 'reject', 'transfer', 'add_assignee'];
const USER_TASK_ACTIONS: readonly UserTaskAction[] = ['cc', 'expediting', 'rollback', 'rollback_points', 'chat_group'];

export const ROUTES: Route[] = [
	{
		method: 'POST',
		path: `${V1}/approval_instances/:id/cancel`,
		api: 'approval_instance.cancel',
		token: 'tenant',
		handle: handleCancel,
	},
	{ method: 'POST', path: `${V1}/user_task/query`, api: 'user_task.query', token: 'tenant', handle: handleQuery },
	...APPROVAL_TASK_ACTIONS.map(
		(action): Route => ({
			method: 'POST',
			path: `${V1}/approval_tasks/:id/${action}`,
			api: `approval_task.${action}`,
			token: 'tenant',
			handle: (ctx, ex, params) => handleApprovalTask(ctx, ex, params.id, action),
		}),
	),
	...USER_TASK_ACTIONS.map(
		(action): Route => ({
			method: 'POST',
			path: `${V1}/user_tasks/:id/${action}`,
			api: `user_task.${action}`,
			token: 'tenant',
			handle: (ctx, ex, params) => handleUserTask(ctx, ex, params.id, action),
		}),
	),
];
