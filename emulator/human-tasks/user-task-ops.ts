/**
 * What the user-task APIs do to the store: cc, expediting, rollback_points, rollback and
 * chat_group. Plain functions over EmulatorState; no HTTP here.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorState } from './state';
import { actionableTask, allKnown, closeTask, done, invalid, unique, type OpResult } from './task-ops';
import type { EmulatorInstance, EmulatorTask, LocalizedText } from './types';

/** A place a task can be sent back to. */
export interface RollbackPoint {
	id: string;
	activityLabel: LocalizedText[];
	isStart: boolean;
	/** Who gets the new task when the flow is sent back here. */
	assigneeIds: string[];
}

// ASSUMPTION: the start node's label; Feishu's docs show no example.
const START_LABEL: LocalizedText[] = [
	{ language_code: '2052', text: '发起' },
	{ language_code: '1033', text: 'Start' },
];
// Derived start-point ids: instance id + 10^18 (7100000000000000008 -> 8100000000000000008).
const START_POINT_OFFSET = 1_000_000_000_000_000_000n;

/** The instance's start node id: `startPointId` if seeded, else derived from the instance id. */
export function startPointId(instance: EmulatorInstance): string {
	if (instance.startPointId) return instance.startPointId;
	const id = instance.instanceId;
	return /^\d+$/.test(id) ? String(BigInt(id) + START_POINT_OFFSET) : `${id}0`;
}

function byStart(a: EmulatorTask, b: EmulatorTask): number {
	return a.startTime - b.startTime || a.taskId.length - b.taskId.length || (a.taskId < b.taskId ? -1 : 1);
}

/**
 * A task's node label: `activityLabel` if set, else "Approval step N" where N is the task's
 * 1-based position among its instance's tasks by start time (ASSUMPTION: made-up default).
 */
export function activityLabelOf(state: EmulatorState, task: EmulatorTask): LocalizedText[] {
	if (task.activityLabel) return task.activityLabel.map((l) => ({ ...l }));
	const siblings = [...state.tasks.values()].filter((t) => t.instanceId === task.instanceId).sort(byStart);
	const n = siblings.indexOf(task) + 1;
	return [
		{ language_code: '2052', text: `审批节点 ${n}` },
		{ language_code: '1033', text: `Approval step ${n}` },
	];
}

/**
 * Where a pending task can be sent back to: the instance's start node (assignee: the
 * initiator), then the instance's archived tasks oldest first. ASSUMPTIONS: only tasks that
 * were agreed (or seeded as archived without an outcome) count — a rejected or rolled-back
 * step was undone; the acting user must be an assignee of the task (else 2320003).
 */
export function rollbackPoints(state: EmulatorState, taskId: string, operatorId: string): OpResult<RollbackPoint[]> {
	const found = actionableTask(state, taskId, operatorId, true);
	if (!found.ok) return found;
	const task = found.value;
	const instance = state.instances.get(task.instanceId) as EmulatorInstance;
	const earlier = [...state.tasks.values()]
		.filter(
			(t) =>
				t.instanceId === task.instanceId &&
				t.status === 'archived' &&
				(t.outcome === undefined || t.outcome === 'agreed'),
		)
		.sort(byStart);
	return done([
		{ id: startPointId(instance), activityLabel: START_LABEL.map((l) => ({ ...l })), isStart: true, assigneeIds: [instance.initiatorId] },
		...earlier.map((t) => ({
			id: t.taskId,
			activityLabel: activityLabelOf(state, t),
			isStart: false,
			assigneeIds: [...t.assigneeIds],
		})),
	]);
}

/**
 * Rollback: the task is archived ("rolledBack") and a new pending task (new id, start time
 * = now) is created for the chosen point's node and assignees. Returns the new task's id.
 */
export function rollbackTask(
	state: EmulatorState,
	taskId: string,
	operatorId: string,
	toTaskId: string,
	opinion: string,
	now: number,
): OpResult<string> {
	const points = rollbackPoints(state, taskId, operatorId);
	if (!points.ok) return points;
	const point = points.value.find((p) => p.id === toTaskId);
	if (!point) return invalid;
	const task = state.tasks.get(taskId) as EmulatorTask;
	closeTask(state, task, 'rolledBack', operatorId, opinion, now);
	const created: EmulatorTask = {
		taskId: state.nextTaskId(),
		instanceId: task.instanceId,
		assigneeIds: [...point.assigneeIds],
		ccIds: [],
		startTime: now,
		status: 'pending',
		activityLabel: point.activityLabel,
	};
	state.tasks.set(created.taskId, created);
	state.invalidateIndex();
	state.records.rollbacks.push({
		taskId,
		toTaskId,
		newTaskId: created.taskId,
		operatorUserId: operatorId,
		opinion,
		at: now,
	});
	return done(created.taskId);
}

/**
 * CC: adds users to the pending task's cc list (no duplicates). ASSUMPTION: any known user
 * may cc (the docs name no required relation to the task).
 */
export function ccTask(state: EmulatorState, taskId: string, operatorId: string, ccIds: string[]): OpResult {
	const found = actionableTask(state, taskId, operatorId, false);
	if (!found.ok) return found;
	if (ccIds.length === 0 || !allKnown(state, ccIds)) return invalid;
	found.value.ccIds = unique([...found.value.ccIds, ...ccIds]);
	state.invalidateIndex();
	return done(null);
}

/**
 * Expediting: records a reminder to the task's current handlers. ASSUMPTIONS: any known
 * user may expedite; every expedited user must be a current assignee (else 2320001).
 */
export function expediteTask(
	state: EmulatorState,
	taskId: string,
	operatorId: string,
	userIds: string[],
	opinion: string | undefined,
	now: number,
): OpResult {
	const found = actionableTask(state, taskId, operatorId, false);
	if (!found.ok) return found;
	if (userIds.length === 0 || !userIds.every((id) => found.value.assigneeIds.includes(id))) return invalid;
	state.records.expedites.push({
		taskId,
		operatorUserId: operatorId,
		expeditingUserIds: [...userIds],
		...(opinion !== undefined ? { opinion } : {}),
		at: now,
	});
	return done(null);
}

export interface ChatGroupRequest {
	invite: string[];
	chatId?: string;
	chatName?: string;
}

/**
 * Chat group. With `chatId`: invites into that chat, which must be one this emulator created
 * (it knows no others; else 2320001), and ignores `chatName`. Without: creates "oc_<32 hex>"
 * named `chatName` or, by default, the instance's first label text, with the operator and
 * the invitees as members. ASSUMPTIONS: any known user may do this, on a pending or archived task.
 */
export function chatGroup(
	state: EmulatorState,
	taskId: string,
	operatorId: string,
	req: ChatGroupRequest,
	now: number,
): OpResult<string> {
	const task = state.tasks.get(taskId);
	const instance = task && state.instances.get(task.instanceId);
	if (!task || !instance || !state.users.has(operatorId) || !allKnown(state, req.invite)) return invalid;
	if (req.chatId !== undefined) {
		const chat = state.records.chatGroups.find((c) => c.chatId === req.chatId);
		if (!chat) return invalid;
		chat.memberIds = unique([...chat.memberIds, ...req.invite]);
		return done(chat.chatId);
	}
	const chatId = `oc_${randomBytes(16).toString('hex')}`;
	state.records.chatGroups.push({
		chatId,
		name: req.chatName || (instance.label.find((l) => l.language_code === '2052') ?? instance.label[0])?.text || 'Approval',
		memberIds: unique([operatorId, ...req.invite]),
		taskId,
		createdAt: now,
	});
	return done(chatId);
}
