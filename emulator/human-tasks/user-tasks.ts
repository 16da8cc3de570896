/**
 * POST /open-apis/apaas/v1/user_tasks/:task_id/{cc|expediting|rollback|rollback_points|chat_group}
 * Bodies as in @larksuiteoapi/node-sdk (`apaas.v1.userTask.*`).
 */
import type { RouteContext } from '../context';
import { METHOD_IDS, type Exchange } from '../envelope';
import { ccTask, chatGroup, expediteTask, rollbackPoints, rollbackTask } from './user-task-ops';
import { nonEmptyString } from '../body';
import { answer, idList, openTaskCall, optionalString } from './task-call';

export type UserTaskAction = 'cc' | 'expediting' | 'rollback' | 'rollback_points' | 'chat_group';

export function handleUserTask(ctx: RouteContext, ex: Exchange, rawTaskId: string, action: UserTaskAction): void {
	const methodId = METHOD_IDS[action];
	const call = openTaskCall(ex, rawTaskId, methodId);
	if (!call) return;
	const { taskId, body, fail } = call;
	const operator = body.operator_user_id;
	if (!nonEmptyString(operator)) return fail();
	const now = ctx.clock.now();

	switch (action) {
		case 'cc': {
			const ccIds = idList(body.cc_user_ids);
			if (!ccIds || ccIds.length === 0) return fail();
			return answer(ex, methodId, ccTask(ctx.state, taskId, operator, ccIds));
		}
		case 'expediting': {
			const userIds = idList(body.expediting_user_ids);
			if (!userIds || userIds.length === 0 || !optionalString(body.opinion)) return fail();
			return answer(ex, methodId, expediteTask(ctx.state, taskId, operator, userIds, body.opinion, now));
		}
		case 'rollback': {
			const { to_task_id: to, opinion } = body;
			// All three fields are required (the SDK types mark none optional).
			if (!nonEmptyString(to) || !/^\d+$/.test(to) || !nonEmptyString(opinion)) return fail();
			return answer(ex, methodId, rollbackTask(ctx.state, taskId, operator, to, opinion, now));
		}
		case 'rollback_points':
			// activity_label has the shape the official SDK types give it: [{language_code (string), text}].
			return answer(ex, methodId, rollbackPoints(ctx.state, taskId, operator), (points) => ({
				tasks: points.map((p) => ({ id: p.id, activity_label: p.activityLabel, is_start: p.isStart })),
			}));
		case 'chat_group': {
			const invite = idList(body.invite_user_ids);
			const { chat_id: chatId, chat_name: chatName } = body;
			if (invite === null || !optionalString(chatName)) return fail();
			if (chatId !== undefined && !nonEmptyString(chatId)) return fail();
			const req = { invite: invite ?? [], chatId, chatName };
			return answer(ex, methodId, chatGroup(ctx.state, taskId, operator, req, now), (id) => ({ chat_id: id }));
		}
	}
}
