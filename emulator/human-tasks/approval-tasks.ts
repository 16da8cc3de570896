/**
 * POST /open-apis/apaas/v1/approval_tasks/:approval_task_id/{agree|reject|transfer|add_assignee}
 * Bodies as in @larksuiteoapi/node-sdk (`apaas.v1.approvalTask.*`); every success is `data: {}`.
 */
import type { RouteContext } from '../context';
import { METHOD_IDS, type Exchange } from '../envelope';
import { addAssignees, agreeTask, rejectTask, transferTask, type AddAssigneeType } from './task-ops';
import { nonEmptyString } from '../body';
import { answer, idList, openTaskCall, optionalString } from './task-call';

export type ApprovalTaskAction = 'agree' | 'reject' | 'transfer' | 'add_assignee';

const ADD_TYPES: readonly AddAssigneeType[] = ['currentAndAddAssign', 'afterAndAddAssign'];

export function handleApprovalTask(
	ctx: RouteContext,
	ex: Exchange,
	rawTaskId: string,
	action: ApprovalTaskAction,
): void {
	const methodId = METHOD_IDS[action];
	const call = openTaskCall(ex, rawTaskId, methodId);
	if (!call) return;
	const { taskId, body, fail } = call;
	const userId = body.user_id;
	if (!nonEmptyString(userId) || !optionalString(body.opinion)) return fail();
	const opinion = body.opinion;
	const now = ctx.clock.now();

	switch (action) {
		case 'agree':
			return answer(ex, methodId, agreeTask(ctx.state, taskId, userId, opinion, now));
		case 'reject':
			return answer(ex, methodId, rejectTask(ctx.state, taskId, userId, opinion, now));
		case 'transfer': {
			const from = idList(body.from_user_ids);
			const to = idList(body.to_user_ids);
			// ASSUMPTION: to_user_ids missing or empty is 2320001 (nobody to transfer to);
			// from_user_ids missing or empty means the acting user.
			if (from === null || !to || to.length === 0) return fail();
			const fromIds = from && from.length > 0 ? from : [userId];
			return answer(ex, methodId, transferTask(ctx.state, taskId, userId, fromIds, to));
		}
		case 'add_assignee': {
			const approvers = idList(body.approvers);
			// ASSUMPTION: approvers missing or empty is 2320001 (nobody to add); the default
			// add_assignee_type is currentAndAddAssign; any other value is 2320001.
			const type = body.add_assignee_type ?? 'currentAndAddAssign';
			if (!approvers || approvers.length === 0) return fail();
			if (!ADD_TYPES.includes(type as AddAssigneeType)) return fail();
			return answer(ex, methodId, addAssignees(ctx.state, taskId, userId, approvers, type as AddAssigneeType, now));
		}
	}
}
