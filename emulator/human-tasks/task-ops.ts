/**
 * What the approval-task APIs do to the store: agree, reject, transfer, add_assignee.
 * Plain functions over EmulatorState; the routes validate shapes, these check ids,
 * statuses and permissions. No HTTP here.
 */
import type { EmulatorState } from './state';
import type { EmulatorTask, TaskOutcome } from './types';

/** invalid -> 2320001, forbidden -> 2320003 (see envelope.ts). */
export type OpError = 'invalid' | 'forbidden';
export type OpResult<T = null> = { ok: true; value: T } | { ok: false; error: OpError };

export const done = <T>(value: T): OpResult<T> => ({ ok: true, value });
export const invalid: OpResult<never> = { ok: false, error: 'invalid' };
export const forbidden: OpResult<never> = { ok: false, error: 'forbidden' };

export type AddAssigneeType = 'currentAndAddAssign' | 'afterAndAddAssign';

/** Order-keeping de-duplication of user ids. */
export function unique(ids: readonly string[]): string[] {
	return [...new Set(ids)];
}

/** true when every id is a known user. ASSUMPTION: unknown user ids anywhere are 2320001. */
export function allKnown(state: EmulatorState, ids: readonly string[]): boolean {
	return ids.every((id) => state.users.has(id));
}

/**
 * The pending task `taskId` that `actorId` may act on, or why not. ASSUMPTIONS (Feishu's
 * docs are silent): unknown task, unknown actor and a task that is no longer pending are
 * 2320001; a known actor who is not among `mustBeAssignee`'s assignees is 2320003.
 */
export function actionableTask(
	state: EmulatorState,
	taskId: string,
	actorId: string,
	mustBeAssignee: boolean,
): OpResult<EmulatorTask> {
	const task = state.tasks.get(taskId);
	if (!task || task.status !== 'pending' || !state.users.has(actorId)) return invalid;
	if (!state.instances.has(task.instanceId)) return invalid;
	if (mustBeAssignee && !task.assigneeIds.includes(actorId)) return forbidden;
	return done(task);
}

/** Archives a task with an outcome and records who closed it. */
export function closeTask(
	state: EmulatorState,
	task: EmulatorTask,
	outcome: TaskOutcome,
	userId: string,
	opinion: string | undefined,
	now: number,
): void {
	task.status = 'archived';
	task.outcome = outcome;
	state.records.taskOutcomes.push({
		taskId: task.taskId,
		instanceId: task.instanceId,
		outcome,
		userId,
		...(opinion !== undefined ? { opinion } : {}),
		at: now,
	});
}

function pendingTasksOf(state: EmulatorState, instanceId: string): EmulatorTask[] {
	return [...state.tasks.values()].filter((t) => t.instanceId === instanceId && t.status === 'pending');
}

/**
 * Agree: the task is archived ("agreed"). ASSUMPTION (single-step flows): when it was the
 * instance's last pending task, a running instance becomes "finished".
 */
export function agreeTask(
	state: EmulatorState,
	taskId: string,
	userId: string,
	opinion: string | undefined,
	now: number,
): OpResult {
	const found = actionableTask(state, taskId, userId, true);
	if (!found.ok) return found;
	const task = found.value;
	closeTask(state, task, 'agreed', userId, opinion, now);
	const instance = state.instances.get(task.instanceId);
	if (instance?.status === 'running' && pendingTasksOf(state, task.instanceId).length === 0) {
		instance.status = 'finished';
	}
	return done(null);
}

/**
 * Reject: the task is archived ("rejected"). ASSUMPTION: the whole instance is rejected, so
 * its other pending tasks are archived too (without an outcome: nobody acted on them).
 */
export function rejectTask(
	state: EmulatorState,
	taskId: string,
	userId: string,
	opinion: string | undefined,
	now: number,
): OpResult {
	const found = actionableTask(state, taskId, userId, true);
	if (!found.ok) return found;
	const task = found.value;
	closeTask(state, task, 'rejected', userId, opinion, now);
	for (const other of pendingTasksOf(state, task.instanceId)) other.status = 'archived';
	const instance = state.instances.get(task.instanceId);
	if (instance?.status === 'running') instance.status = 'rejected';
	return done(null);
}

/**
 * Transfer: `fromIds` (default: the acting user) leave the task's assignees and `toIds`
 * join them. ASSUMPTIONS: every `fromIds` entry must be a current assignee and every
 * `toIds` entry a known user (else 2320001); the new assignees are appended after the
 * remaining ones, without duplicates.
 */
export function transferTask(
	state: EmulatorState,
	taskId: string,
	userId: string,
	fromIds: string[],
	toIds: string[],
): OpResult {
	const found = actionableTask(state, taskId, userId, true);
	if (!found.ok) return found;
	const task = found.value;
	if (!fromIds.every((id) => task.assigneeIds.includes(id))) return invalid;
	if (toIds.length === 0 || !allKnown(state, toIds)) return invalid;
	task.assigneeIds = unique([...task.assigneeIds.filter((id) => !fromIds.includes(id)), ...toIds]);
	state.invalidateIndex();
	return done(null);
}

/**
 * Add assignees. ASSUMPTIONS on semantics: "currentAndAddAssign" adds the approvers to this
 * task's assignees; "afterAndAddAssign" leaves this task alone and creates a new pending
 * task (new id, start time = now) for the approvers in the same instance. Returns the id of
 * the task that now holds the approvers.
 */
export function addAssignees(
	state: EmulatorState,
	taskId: string,
	userId: string,
	approvers: string[],
	type: AddAssigneeType,
	now: number,
): OpResult<string> {
	const found = actionableTask(state, taskId, userId, true);
	if (!found.ok) return found;
	const task = found.value;
	if (approvers.length === 0 || !allKnown(state, approvers)) return invalid;
	if (type === 'currentAndAddAssign') {
		task.assigneeIds = unique([...task.assigneeIds, ...approvers]);
		state.invalidateIndex();
		return done(task.taskId);
	}
	const created: EmulatorTask = {
		taskId: state.nextTaskId(),
		instanceId: task.instanceId,
		assigneeIds: unique(approvers),
		ccIds: [],
		startTime: now,
		status: 'pending',
	};
	state.tasks.set(created.taskId, created);
	state.invalidateIndex();
	return done(created.taskId);
}
