/**
 * Data model of the human-task domain: what its seed key accepts and what the state holds.
 * Ids are strings of digits, like Feishu's 64-bit ids (which overflow JS numbers).
 */

export interface EmulatorUser {
	/** Kunlun (aPaaS) user id, e.g. "1700000000000001". */
	userId: string;
	name: string;
	/** The user's email (what a flow `operator` may name instead of `_id`). */
	email?: string;
}

/** One summary line: a localized field name and its localized value(s). */
export interface Summary {
	file_key: LocalizedText;
	file_value: LocalizedText[];
}

export interface LocalizedText {
	/** ASSUMPTION: Feishu aPaaS uses Windows LCIDs as numbers: 2052 = zh_CN, 1033 = en_US. */
	language_code: string;
	text: string;
}

export type InstanceStatus = 'running' | 'cancelled' | 'finished' | 'rejected';

export interface EmulatorInstance {
	instanceId: string;
	/** The approval flow's api id (what `api_ids` filters on). */
	apiId: string;
	label: LocalizedText[];
	status: InstanceStatus;
	initiatorId: string;
	/** Summary fields of the instance, shaped as the official SDK types them. */
	summarys?: Summary[];
	/**
	 * Id of the instance's start node, as `rollback_points` lists it. Default: derived from
	 * the instance id (see `startPointId()` in task-ops.ts).
	 */
	startPointId?: string;
}

export type TaskStatus = 'pending' | 'archived';

export interface EmulatorTask {
	taskId: string;
	instanceId: string;
	assigneeIds: string[];
	ccIds: string[];
	/** ms since epoch */
	startTime: number;
	status: TaskStatus;
	/**
	 * Name of the flow node this task belongs to, as `rollback_points` reports it.
	 * Default: derived from the task's position in its instance ("Approval step N").
	 */
	activityLabel?: LocalizedText[];
	/** How the task was closed through the task APIs; absent while pending or when closed by the system. */
	outcome?: TaskOutcome;
}

/** ASSUMPTION: names of our own; Feishu's task APIs answer `data: {}` and report no outcome. */
export type TaskOutcome = 'agreed' | 'rejected' | 'rolledBack';

/** One task closed by agree / reject / rollback. */
export interface TaskOutcomeRecord {
	taskId: string;
	instanceId: string;
	outcome: TaskOutcome;
	/** `user_id` (agree/reject) or `operator_user_id` (rollback). */
	userId: string;
	opinion?: string;
	/** ms since epoch (emulator clock) */
	at: number;
}

/** One `user_tasks/:id/expediting` call. */
export interface ExpediteRecord {
	taskId: string;
	operatorUserId: string;
	expeditingUserIds: string[];
	opinion?: string;
	at: number;
}

/** A group chat created (or invited into) through `user_tasks/:id/chat_group`. */
export interface ChatGroupRecord {
	/** "oc_" + 32 hex chars, like Feishu chat ids. */
	chatId: string;
	name: string;
	/** Creator first, then invitees in order of arrival; no duplicates. */
	memberIds: string[];
	/** The task the chat was created from. */
	taskId: string;
	createdAt: number;
}

/** One `user_tasks/:id/rollback` call. */
export interface RollbackRecord {
	/** The task that was rolled back (now archived, outcome "rolledBack"). */
	taskId: string;
	/** The rollback point chosen (`to_task_id`). */
	toTaskId: string;
	/** The new pending task created for the rollback point. */
	newTaskId: string;
	operatorUserId: string;
	opinion: string;
	at: number;
}

/** The `humanTasks` key of seed(): instances and tasks (added or replaced by id), and bulk tasks. */
export interface HumanTaskSeed {
	instances?: EmulatorInstance[];
	/** Each task's instance must be seeded (now or before). */
	tasks?: EmulatorTask[];
	/** Bulk-creates pending tasks (one running instance each), e.g. 20,000 for the benchmark. */
	generate?: GenerateOptions;
}

export interface GenerateOptions {
	/** Number of tasks (one running instance each) to create. */
	tasks: number;
	/** Kunlun user id the tasks are assigned to; created if unknown. */
	assignee: string;
	/** Initiator of the generated instances; defaults to the assignee. */
	initiator?: string;
	/** Api id of the generated instances; default "generated_approval". */
	apiId?: string;
	/** Start time of the newest task (ms); each next task is 1 s older. Default 1_767_225_600_000 (2026-01-01). */
	newestStartTime?: number;
	/** Fraction 0..1 of tasks that are archived instead of pending; default 0. */
	archivedRatio?: number;
}
