/**
 * Tasks arriving over time, for the trigger's tests and e2e: `POST /__emulator/tasks` (or
 * `addArrivingTasks(emulator, …)` in-process) creates `count` new pending tasks, each in a new running
 * instance, assigned to `assignee`, started at `startTime` (default: the emulator clock's now) plus
 * `spacingMs` per task (default 1 ms; 0 = all with the same start time).
 *
 * How user_task/query lists them (see human-tasks/state.ts `queryTasks`): newest start time first, ties by task
 * id ascending; `start_time` / `end_time` are inclusive bounds on `task_start_time`
 * (ASSUMPTION: Feishu's docs state neither the order nor whether the bounds are inclusive).
 */
import type { FeishuEmulator } from '../server';
import type { EmulatorInstance, EmulatorTask, EmulatorUser } from './types';

export interface ArrivalOptions {
	/** How many tasks arrive (1..10,000). */
	count: number;
	/** Kunlun user id the tasks are assigned to; created if unknown. */
	assignee: string;
	/** Initiator of the new instances; default the assignee. */
	initiator?: string;
	/** Copied-to users of every new task. */
	ccIds?: string[];
	/** Process api id of the new instances; default "arriving_approval". */
	apiId?: string;
	/** Start time of the first task (ms); default the emulator clock's now. */
	startTime?: number;
	/** Added to the start time for each next task; default 1. 0 = all share one start time. */
	spacingMs?: number;
}

export interface Arrival {
	taskIds: string[];
	instanceIds: string[];
	startTimes: number[];
}

// Arriving ids start here: clear of sample (72…), generated (73…/74…) and API-created (75…) ones.
const INSTANCE_BASE = 7_600_000_000_000_000_000n;
const TASK_BASE = 7_700_000_000_000_000_000n;
const sequences = new WeakMap<FeishuEmulator, bigint>();

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
		throw new Error(`${name} must be a whole number from ${min} to ${max}`);
	}
	return value;
}

function userIdOf(value: unknown, name: string): string {
	if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new Error(`${name} must be a kunlun user id (digits)`);
	return value;
}

export function addArrivingTasks(emulator: FeishuEmulator, options: ArrivalOptions): Arrival {
	const count = wholeNumber(options.count, 'count', 1, 10_000);
	const assignee = userIdOf(options.assignee, 'assignee');
	const initiator = options.initiator === undefined ? assignee : userIdOf(options.initiator, 'initiator');
	const ccIds = (options.ccIds ?? []).map((id, i) => userIdOf(id, `ccIds[${i}]`));
	const start = options.startTime === undefined ? emulator.now() : wholeNumber(options.startTime, 'startTime', 0, 8.64e15);
	const spacing = options.spacingMs === undefined ? 1 : wholeNumber(options.spacingMs, 'spacingMs', 0, 86_400_000);
	const apiId = options.apiId ?? 'arriving_approval';

	const known = new Set(emulator.snapshot().users.map((u) => u.userId));
	const users: EmulatorUser[] = [...new Set([assignee, initiator, ...ccIds])]
		.filter((id) => !known.has(id))
		.map((userId) => ({ userId, name: `User ${userId.slice(-4)}` }));

	const instances: EmulatorInstance[] = [];
	const tasks: EmulatorTask[] = [];
	let seq = sequences.get(emulator) ?? 0n;
	for (let n = 0; n < count; n++) {
		let instanceId: string;
		let taskId: string;
		do {
			instanceId = String(INSTANCE_BASE + seq);
			taskId = String(TASK_BASE + seq);
			seq++;
		} while (emulator.instance(instanceId) || emulator.task(taskId));
		instances.push({
			instanceId,
			apiId,
			label: [
				{ language_code: '2052', text: `新到审批 #${seq}` },
				{ language_code: '1033', text: `Arriving approval #${seq}` },
			],
			status: 'running',
			initiatorId: initiator,
			summarys: [{ file_key: { language_code: '2052', text: '序号' }, file_value: [{ language_code: '2052', text: String(seq) }] }],
		});
		tasks.push({ taskId, instanceId, assigneeIds: [assignee], ccIds: [...ccIds], startTime: start + n * spacing, status: 'pending' });
	}
	sequences.set(emulator, seq);
	emulator.seed({ users, humanTasks: { instances, tasks } });
	return {
		taskIds: tasks.map((t) => t.taskId),
		instanceIds: instances.map((i) => i.instanceId),
		startTimes: tasks.map((t) => t.startTime),
	};
}
