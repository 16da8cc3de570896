/**
 * Data model of the emulator: what the seed accepts and what the store holds.
 * Ids are strings of digits, like Feishu's 64-bit ids (which overflow JS numbers).
 */

export interface EmulatorUser {
	/** Kunlun (aPaaS) user id, e.g. "1700000000000001". */
	userId: string;
	name: string;
}

export interface LocalizedText {
	/** ASSUMPTION: Feishu aPaaS uses Windows LCIDs as numbers: 2052 = zh_CN, 1033 = en_US. */
	language_code: number;
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
	summarys?: Array<{ key: string; value: string }>;
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
}

export interface SeedData {
	users?: EmulatorUser[];
	instances?: EmulatorInstance[];
	tasks?: EmulatorTask[];
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
