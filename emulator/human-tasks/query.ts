/** POST /open-apis/apaas/v1/user_task/query — a user's task list, paged. */
import type { RouteContext } from '../context';
import { ERRORS, METHOD_IDS, sendError, sendSuccess, type Exchange } from '../envelope';
import type { TaskSource } from './state';
import type { TaskStatus } from './types';
import { intField, jsonObjectBody, nonEmptyString } from '../body';

const TYPES: readonly TaskStatus[] = ['pending', 'archived'];
const SOURCES: readonly TaskSource[] = ['fromMe', 'assignMe', 'CCMe'];
// ASSUMPTION: Feishu documents the 1..50 range but not the default page size.
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

export function handleQuery(ctx: RouteContext, ex: Exchange): void {
	const body = jsonObjectBody(ex, METHOD_IDS.query);
	if (!body) return;
	const fail = () => sendError(ex, ERRORS.paramInvalid, METHOD_IDS.query);

	if (!nonEmptyString(body.kunlun_user_id)) return fail();
	const type = body.type ?? 'pending';
	if (!TYPES.includes(type as TaskStatus)) return fail();
	const source = body.source;
	if (source !== undefined && !SOURCES.includes(source as TaskSource)) return fail();

	const limit = intField(body.limit) ?? DEFAULT_LIMIT;
	const offset = intField(body.offset) ?? 0;
	const startTime = intField(body.start_time);
	const endTime = intField(body.end_time);
	if (Number.isNaN(limit) || limit < 1 || limit > MAX_LIMIT) return fail();
	if (Number.isNaN(offset) || Number.isNaN(startTime) || Number.isNaN(endTime)) return fail();

	const apiIds = body.api_ids ?? [];
	if (!Array.isArray(apiIds) || !apiIds.every((a) => typeof a === 'string')) return fail();

	// ASSUMPTION: an unknown kunlun_user_id simply has no tasks (count "0"), not an error.
	const { count, page } = ctx.state.queryTasks({
		userId: body.kunlun_user_id,
		type: type as TaskStatus,
		source: source as TaskSource | undefined,
		startTime,
		endTime,
		apiIds: apiIds as string[],
		limit,
		offset,
	});

	sendSuccess(ex, {
		// Feishu's int64 values travel as strings.
		count: String(count),
		tasks: page.map(({ task, instance }) => ({
			task_id: task.taskId,
			task_start_time: String(task.startTime),
			workflow_instance: {
				id: instance.instanceId,
				label: instance.label,
				status: instance.status,
			},
			initiator: {
				user_id: instance.initiatorId,
				name: ctx.state.users.get(instance.initiatorId)?.name ?? '',
			},
			summarys: instance.summarys ?? [],
		})),
	});
}
