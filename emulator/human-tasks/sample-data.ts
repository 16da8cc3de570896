/**
 * The human-task sample, deterministic for tests and the demo: 6 running instances with 8 pending
 * tasks, and 1 finished instance with 2 archived tasks. Same ids and times on every call, so tests
 * can hard-code expectations.
 *
 * workflowSampleData() is an opt-in add-on (seed preset 'workflow') for the task-action APIs: one
 * running two-step instance whose first step is already agreed, so `rollback_points` has a task
 * to go back to. It is kept out of sampleData() so the sample's counts and pending lists stay as
 * they are.
 */
import { SAMPLE_BASE_TIME, SAMPLE_USERS } from '../sample-tenant';
import type { EmulatorInstance, EmulatorTask, HumanTaskSeed, LocalizedText } from './types';

const HOUR = 3_600_000;

const LABELS: Record<string, [string, string]> = {
	leave_approval: ['请假审批', 'Leave approval'],
	expense_approval: ['报销审批', 'Expense approval'],
	purchase_approval: ['采购审批', 'Purchase approval'],
};

function label(apiId: string): LocalizedText[] {
	const [zh, en] = LABELS[apiId];
	return [
		{ language_code: '2052', text: zh },
		{ language_code: '1033', text: en },
	];
}

function instance(
	n: number,
	apiId: string,
	initiatorId: string,
	reason: string,
	status: EmulatorInstance['status'] = 'running',
): EmulatorInstance {
	return {
		instanceId: `710000000000000000${n}`,
		apiId,
		label: label(apiId),
		status,
		initiatorId,
		summarys: [
			{
				file_key: { language_code: '2052', text: '事由' },
				file_value: [{ language_code: '2052', text: reason }],
			},
		],
	};
}

function task(
	n: number,
	instanceN: number,
	hoursAfterBase: number,
	assigneeIds: string[],
	ccIds: string[] = [],
	status: EmulatorTask['status'] = 'pending',
): EmulatorTask {
	return {
		taskId: `72000000000000000${String(n).padStart(2, '0')}`,
		instanceId: `710000000000000000${instanceN}`,
		assigneeIds,
		ccIds,
		startTime: SAMPLE_BASE_TIME + hoursAfterBase * HOUR,
		status,
	};
}

/** Ids of workflowSampleData(). */
export const WORKFLOW_SAMPLE = {
	/** Running, initiated by wang; start point (derived) 8100000000000000008. */
	instance: '7100000000000000008',
	startPoint: '8100000000000000008',
	/** Step 1 "Manager review", assigned to li, archived with outcome "agreed". */
	managerReview: '7200000000000000011',
	/** Step 2 "Finance review", assigned to zhang, pending. */
	financeReview: '7200000000000000012',
} as const;

/** The add-on of seed preset 'workflow'; loaded on top of sampleData(). */
export function workflowSampleData(): HumanTaskSeed {
	const { zhang, li, wang } = SAMPLE_USERS;
	return {
		instances: [instance(8, 'purchase_approval', wang, 'Office chairs')],
		tasks: [
			{
				...task(11, 8, 1, [li], [], 'archived'),
				outcome: 'agreed',
				activityLabel: [
					{ language_code: '2052', text: '经理审批' },
					{ language_code: '1033', text: 'Manager review' },
				],
			},
			{
				...task(12, 8, 11, [zhang]),
				activityLabel: [
					{ language_code: '2052', text: '财务审批' },
					{ language_code: '1033', text: 'Finance review' },
				],
			},
		],
	};
}

/** The human-task part of seed preset 'sample': 7 instances, 10 tasks of the sample users. */
export function sampleData(): HumanTaskSeed {
	const { zhang, li, wang } = SAMPLE_USERS;
	return {
		instances: [
			instance(1, 'leave_approval', zhang, 'Annual leave, 3 days'),
			instance(2, 'expense_approval', zhang, 'Conference travel'),
			instance(3, 'purchase_approval', li, 'Two monitors'),
			instance(4, 'leave_approval', wang, 'Sick leave, 1 day'),
			instance(5, 'expense_approval', li, 'Team dinner'),
			instance(6, 'purchase_approval', wang, 'Laptop'),
			instance(7, 'leave_approval', zhang, 'Half-day leave', 'finished'),
		],
		tasks: [
			task(1, 1, 10, [li], [wang]),
			// Tasks 2 and 3 start at the same time: the order falls back to task_id.
			task(2, 2, 9, [li]),
			task(3, 2, 9, [wang]),
			task(4, 3, 8, [zhang], [wang]),
			task(5, 4, 7, [zhang]),
			task(6, 4, 6, [li]),
			task(7, 5, 5, [zhang]),
			task(8, 6, 4, [li], [zhang]),
			task(9, 7, 3, [li], [], 'archived'),
			task(10, 7, 2, [wang], [], 'archived'),
		],
	};
}

