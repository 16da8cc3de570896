/**
 * The human-task domain's data: users, approval instances and their tasks, plus the queries
 * the aPaaS routes run on them. Plain in-memory maps; no HTTP here. The users are the tenant's
 * (the logic domain reads them too), kept here because tasks and instances refer to them.
 */
import type {
	ChatGroupRecord,
	EmulatorInstance,
	EmulatorTask,
	EmulatorUser,
	ExpediteRecord,
	GenerateOptions,
	RollbackRecord,
	HumanTaskSeed,
	TaskOutcomeRecord,
	TaskStatus,
} from './types';

export type TaskSource = 'fromMe' | 'assignMe' | 'CCMe';

export interface TaskQuery {
	userId: string;
	type: TaskStatus;
	/** undefined = every relation (ASSUMPTION: Feishu's default when `source` is omitted). */
	source?: TaskSource;
	startTime?: number;
	endTime?: number;
	/** empty = no filter */
	apiIds: string[];
	limit: number;
	offset: number;
}

export type CancelOutcome = 'ok' | 'unknownInstance' | 'unknownUser' | 'notRunning';

// Relation bits of a user to a task, precomputed in the per-user index.
const ASSIGNED = 1;
const COPIED = 2;
const INITIATED = 4;
const SOURCE_BITS: Record<TaskSource, number> = { assignMe: ASSIGNED, CCMe: COPIED, fromMe: INITIATED };

interface IndexEntry {
	task: EmulatorTask;
	instance: EmulatorInstance;
	relation: number;
}

/** Compare 64-bit digit ids without BigInt: shorter is smaller, then lexical. */
function compareIds(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Stable order of a task list: newest first, then by task id. ASSUMPTION: Feishu's docs do not state
 * user_task/query's order; the Feishu aPaaS Trigger does not rely on it beyond reading every page.
 */
function compareTasks(a: EmulatorTask, b: EmulatorTask): number {
	return b.startTime - a.startTime || compareIds(a.taskId, b.taskId);
}

// Generated ids start here so they never collide with hand-written sample ids.
const GENERATED_INSTANCE_BASE = 7_300_000_000_000_000_000n;
const GENERATED_TASK_BASE = 7_400_000_000_000_000_000n;
// Tasks created by the task APIs (rollback, afterAndAddAssign) start here.
const CREATED_TASK_BASE = 7_500_000_000_000_000_000n;

/** What the task APIs recorded; part of snapshot(). */
export interface TaskRecords {
	taskOutcomes: TaskOutcomeRecord[];
	expedites: ExpediteRecord[];
	chatGroups: ChatGroupRecord[];
	rollbacks: RollbackRecord[];
}

export type StateSnapshot = {
	users: EmulatorUser[];
	instances: EmulatorInstance[];
	tasks: EmulatorTask[];
} & TaskRecords;

export class EmulatorState {
	readonly users = new Map<string, EmulatorUser>();
	readonly instances = new Map<string, EmulatorInstance>();
	readonly tasks = new Map<string, EmulatorTask>();
	/** Records of the task APIs, oldest first. */
	readonly records: TaskRecords = { taskOutcomes: [], expedites: [], chatGroups: [], rollbacks: [] };

	/**
	 * Per-user list of every task the user relates to, pre-sorted. Rebuilt lazily after a
	 * seed, so a query is a linear walk of one user's list — never a sort per request.
	 * Cancelling only flips statuses, which does not change order, so it keeps the index.
	 */
	private index: Map<string, IndexEntry[]> | null = null;
	private generatedCount = 0n;
	private createdCount = 0n;

	reset(): void {
		this.users.clear();
		this.instances.clear();
		this.tasks.clear();
		this.index = null;
		this.generatedCount = 0n;
		this.createdCount = 0n;
		for (const list of Object.values(this.records) as unknown[][]) list.length = 0;
	}

	/** Must be called after changing who relates to a task, or adding tasks. */
	invalidateIndex(): void {
		this.index = null;
	}

	/** A fresh task id for a task created by the task APIs (never a seeded one). */
	nextTaskId(): string {
		let id: string;
		do id = String(CREATED_TASK_BASE + this.createdCount++);
		while (this.tasks.has(id));
		return id;
	}

	/** Adds (or replaces, by id) users. Objects are copied. */
	seedUsers(users: EmulatorUser[]): void {
		for (const u of users) this.users.set(u.userId, { ...u });
	}

	/** Adds (or replaces, by id) instances and tasks. Objects are copied. */
	seed(data: Pick<HumanTaskSeed, 'instances' | 'tasks'>): void {
		for (const i of data.instances ?? []) {
			this.instances.set(i.instanceId, {
				...i,
				label: i.label.map((l) => ({ ...l })),
				summarys: i.summarys?.map((s) => ({ file_key: { ...s.file_key }, file_value: s.file_value.map((v) => ({ ...v })) })),
			});
		}
		for (const t of data.tasks ?? []) {
			if (!this.instances.has(t.instanceId)) {
				throw new Error(`seed: task ${t.taskId} refers to unknown instance ${t.instanceId}`);
			}
			const copy: EmulatorTask = { ...t, assigneeIds: [...t.assigneeIds], ccIds: [...t.ccIds] };
			if (t.activityLabel) copy.activityLabel = t.activityLabel.map((l) => ({ ...l }));
			this.tasks.set(t.taskId, copy);
		}
		this.index = null;
	}

	/** Bulk-creates `tasks` tasks (one running instance each) for the benchmark. */
	generate(opts: GenerateOptions): { instanceIds: string[]; taskIds: string[] } {
		const initiator = opts.initiator ?? opts.assignee;
		for (const id of new Set([opts.assignee, initiator])) {
			if (!this.users.has(id)) this.users.set(id, { userId: id, name: `User ${id.slice(-4)}` });
		}
		const newest = opts.newestStartTime ?? 1_767_225_600_000;
		const archivedEvery = opts.archivedRatio ? Math.max(1, Math.round(1 / opts.archivedRatio)) : 0;
		const instanceIds: string[] = [];
		const taskIds: string[] = [];
		for (let n = 0; n < opts.tasks; n++) {
			const seq = this.generatedCount++;
			const instanceId = String(GENERATED_INSTANCE_BASE + seq);
			const taskId = String(GENERATED_TASK_BASE + seq);
			const archived = archivedEvery > 0 && n % archivedEvery === archivedEvery - 1;
			this.instances.set(instanceId, {
				instanceId,
				apiId: opts.apiId ?? 'generated_approval',
				label: [
					{ language_code: '2052', text: `生成的审批 #${seq}` },
					{ language_code: '1033', text: `Generated approval #${seq}` },
				],
				status: archived ? 'finished' : 'running',
				initiatorId: initiator,
				summarys: [
					{
						file_key: { language_code: '2052', text: '序号' },
						file_value: [{ language_code: '2052', text: String(seq) }],
					},
				],
			});
			this.tasks.set(taskId, {
				taskId,
				instanceId,
				assigneeIds: [opts.assignee],
				ccIds: [],
				startTime: newest - n * 1000,
				status: archived ? 'archived' : 'pending',
			});
			instanceIds.push(instanceId);
			taskIds.push(taskId);
		}
		this.index = null;
		return { instanceIds, taskIds };
	}

	/** Total matching tasks, and the page [offset, offset+limit) of them. */
	queryTasks(q: TaskQuery): { count: number; page: IndexEntry[] } {
		const entries = this.userIndex().get(q.userId) ?? [];
		const wanted = q.source ? SOURCE_BITS[q.source] : ASSIGNED | COPIED | INITIATED;
		const apiIds = q.apiIds.length > 0 ? new Set(q.apiIds) : null;
		const page: IndexEntry[] = [];
		let count = 0;
		// One pass: `count` needs every match anyway; the page is collected on the way.
		for (const e of entries) {
			if ((e.relation & wanted) === 0) continue;
			if (e.task.status !== q.type) continue;
			// ASSUMPTION: start_time/end_time are inclusive bounds on task_start_time.
			if (q.startTime !== undefined && e.task.startTime < q.startTime) continue;
			if (q.endTime !== undefined && e.task.startTime > q.endTime) continue;
			if (apiIds && !apiIds.has(e.instance.apiId)) continue;
			if (count >= q.offset && page.length < q.limit) page.push(e);
			count++;
		}
		return { count, page };
	}

	/**
	 * Cancels a running instance: status -> cancelled, its pending tasks -> archived
	 * (so they leave every pending list: assignee, CC and initiator views alike).
	 */
	cancelInstance(instanceId: string, userId: string): CancelOutcome {
		const instance = this.instances.get(instanceId);
		if (!instance) return 'unknownInstance';
		// ASSUMPTION: any known user may cancel (Feishu's docs do not say it must be the initiator).
		if (!this.users.has(userId)) return 'unknownUser';
		if (instance.status !== 'running') return 'notRunning';
		instance.status = 'cancelled';
		for (const task of this.tasks.values()) {
			if (task.instanceId === instanceId && task.status === 'pending') task.status = 'archived';
		}
		return 'ok';
	}

	/** Deep copy of everything, for `GET /__emulator/state` and tests. */
	snapshot(): StateSnapshot {
		return JSON.parse(
			JSON.stringify({
				users: [...this.users.values()],
				instances: [...this.instances.values()],
				tasks: [...this.tasks.values()],
				...this.records,
			}),
		) as StateSnapshot;
	}

	private userIndex(): Map<string, IndexEntry[]> {
		if (this.index) return this.index;
		const index = new Map<string, IndexEntry[]>();
		const add = (userId: string, task: EmulatorTask, instance: EmulatorInstance, bit: number) => {
			let list = index.get(userId);
			if (!list) index.set(userId, (list = []));
			list.push({ task, instance, relation: bit });
		};
		for (const task of this.tasks.values()) {
			const instance = this.instances.get(task.instanceId);
			if (!instance) continue;
			const relations = new Map<string, number>();
			const mark = (id: string, bit: number) => relations.set(id, (relations.get(id) ?? 0) | bit);
			for (const id of task.assigneeIds) mark(id, ASSIGNED);
			for (const id of task.ccIds) mark(id, COPIED);
			mark(instance.initiatorId, INITIATED);
			for (const [userId, bits] of relations) add(userId, task, instance, bits);
		}
		for (const list of index.values()) list.sort((a, b) => compareTasks(a.task, b.task));
		this.index = index;
		return index;
	}
}
