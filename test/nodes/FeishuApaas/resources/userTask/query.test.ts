
import type { INodeExecutionData } from 'n8n-workflow';

import { SAMPLE_BASE_TIME, SAMPLE_USERS, type FeishuEmulator } from '../../../../../emulator';
import { runWorkflow, TEST_ITEMS_NODE_TYPE, type WorkflowNode } from '../../../../helpers/harness';
import { runExample } from '../../../../helpers/examples';
import {
	apiRequests,
	CREDENTIAL_ID,
	credentialSeed,
	NODE_TYPE,
	query,
	runNode,
	useEmulator,
} from '../../../../helpers/feishu';

const { zhang, li } = SAMPLE_USERS;
const HOUR = 3_600_000;
const QUERY_PATH = '/open-apis/apaas/v1/user_task/query';
/** A user the sample data does not know; generated tasks are assigned to them. */
const BULK_USER = '1800000000000001';

const taskIds = (items: INodeExecutionData[]) => items.map((i) => i.json.task_id);
const instanceIds = (items: INodeExecutionData[]) =>
	items.map((i) => (i.json.workflow_instance as { id: string }).id);
const task = (n: number) => `72000000000000000${String(n).padStart(2, '0')}`;
const inst = (n: number) => `710000000000000000${n}`;
const bodies = (emulator: FeishuEmulator) => apiRequests(emulator).map((r) => r.body as Record<string, unknown>);

describe('User Task → Query', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	describe('output and request', () => {
		it('emits one item per task with Feishu\'s field names unchanged, each paired with its input item', async () => {
			const { items, error } = await runNode(emulator, {
				parameters: query({ options: { type: 'pending', source: 'fromMe' } }),
			});
			expect(error).toBeUndefined();
			// Li started instances 3 and 5; their pending tasks are 4 (hour 8) and 7 (hour 5), newest first.
			expect(items).toHaveLength(2);
			expect(items[0].json).toEqual({
				task_id: task(4),
				task_start_time: '1767254400000',
				workflow_instance: {
					id: inst(3),
					label: [
						{ language_code: '2052', text: '采购审批' },
						{ language_code: '1033', text: 'Purchase approval' },
					],
					status: 'running',
				},
				initiator: { user_id: li, name: '李四 Li Si' },
				summarys: [{ file_key: { language_code: '2052', text: '事由' }, file_value: [{ language_code: '2052', text: 'Two monitors' }] }],
			});
			expect(items[1].json).toMatchObject({
				task_id: task(7),
				task_start_time: String(SAMPLE_BASE_TIME + 5 * HOUR),
				workflow_instance: { id: inst(5), status: 'running' },
				initiator: { user_id: li, name: '李四 Li Si' },
				summarys: [{ file_key: { language_code: '2052', text: '事由' }, file_value: [{ language_code: '2052', text: 'Team dinner' }] }],
			});
			expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		});

		it('sends exactly {kunlun_user_id, limit, offset, type, source} with limit and offset as strings', async () => {
			const { error } = await runNode(emulator, {
				parameters: query({ options: { type: 'pending', source: 'fromMe' } }),
			});
			expect(error).toBeUndefined();
			const requests = apiRequests(emulator);
			expect(requests).toHaveLength(1);
			expect(requests[0].method).toBe('POST');
			expect(requests[0].path).toBe(QUERY_PATH);
			expect(requests[0].headers.authorization).toMatch(/^Bearer t-/);
			expect(requests[0].headers['content-type']).toMatch(/^application\/json/);
			expect(requests[0].body).toEqual({
				kunlun_user_id: li,
				type: 'pending',
				source: 'fromMe',
				limit: '50',
				offset: '0',
			});
		});

		it('sends no optional field that was not set', async () => {
			const { items, error } = await runNode(emulator, { parameters: query() });
			expect(error).toBeUndefined();
			expect(bodies(emulator)).toEqual([{ kunlun_user_id: li, limit: '50', offset: '0' }]);
			// Every relation, pending: Li is assignee of 1, 2, 6, 8 and initiator of 3 (task 4) and 5 (task 7).
			expect(taskIds(items)).toEqual([task(1), task(2), task(4), task(6), task(7), task(8)]);
		});
	});

	describe('paging', () => {
		it('Return All walks every page: 123 tasks in 3 requests (offsets 0, 50, 100), in order, no duplicates', async () => {
			const { taskIds: generated } = emulator.seed({ humanTasks: { generate: { tasks: 123, assignee: BULK_USER } } }).humanTasks;
			const { items, error } = await runNode(emulator, {
				parameters: query({ kunlunUserId: BULK_USER, returnAll: true }),
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(123);
			expect(taskIds(items)).toEqual(generated);
			expect(new Set(taskIds(items)).size).toBe(123);
			expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
			expect(bodies(emulator).map((b) => [b.limit, b.offset])).toEqual([
				['50', '0'],
				['50', '50'],
				['50', '100'],
			]);
		});

		it('Return All stops at Feishu\'s count: exactly 100 tasks take 2 requests, not an empty third', async () => {
			const { taskIds: generated } = emulator.seed({ humanTasks: { generate: { tasks: 100, assignee: BULK_USER } } }).humanTasks;
			const { items, error } = await runNode(emulator, {
				parameters: query({ kunlunUserId: BULK_USER, returnAll: true }),
			});
			expect(error).toBeUndefined();
			expect(taskIds(items)).toEqual(generated);
			expect(bodies(emulator).map((b) => b.offset)).toEqual(['0', '50']);
		});

		it('Limit 7 gives 7 items from one request with limit "7"', async () => {
			const { taskIds: generated } = emulator.seed({ humanTasks: { generate: { tasks: 123, assignee: BULK_USER } } }).humanTasks;
			const { items, error } = await runNode(emulator, {
				parameters: query({ kunlunUserId: BULK_USER, returnAll: false, limit: 7 }),
			});
			expect(error).toBeUndefined();
			expect(taskIds(items)).toEqual(generated.slice(0, 7));
			expect(bodies(emulator)).toEqual([{ kunlun_user_id: BULK_USER, limit: '7', offset: '0' }]);
		});

		it('Limit 60 takes two requests (50, then 10 from offset 50)', async () => {
			const { taskIds: generated } = emulator.seed({ humanTasks: { generate: { tasks: 123, assignee: BULK_USER } } }).humanTasks;
			const { items, error } = await runNode(emulator, {
				parameters: query({ kunlunUserId: BULK_USER, returnAll: false, limit: 60 }),
			});
			expect(error).toBeUndefined();
			expect(taskIds(items)).toEqual(generated.slice(0, 60));
			expect(bodies(emulator).map((b) => [b.limit, b.offset])).toEqual([
				['50', '0'],
				['10', '50'],
			]);
		});

		it('Limit larger than what exists returns everything and stops on the short page', async () => {
			const { items, error } = await runNode(emulator, {
				parameters: query({ kunlunUserId: li, returnAll: false, limit: 20 }),
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(6);
			expect(bodies(emulator).map((b) => [b.limit, b.offset])).toEqual([['20', '0']]);
		});
	});

	describe('filters', () => {
		it('type archived lists done tasks only', async () => {
			const { items, error } = await runNode(emulator, { parameters: query({ options: { type: 'archived' } }) });
			expect(error).toBeUndefined();
			expect(taskIds(items)).toEqual([task(9)]);
			expect(items[0].json.workflow_instance).toMatchObject({ id: inst(7), status: 'finished' });
			expect(bodies(emulator)[0]).toEqual({ kunlun_user_id: li, type: 'archived', limit: '50', offset: '0' });
		});

		it.each([
			['fromMe', li, [task(4), task(7)]],
			['assignMe', li, [task(1), task(2), task(6), task(8)]],
			['CCMe', SAMPLE_USERS.wang, [task(1), task(4)]],
			['CCMe', zhang, [task(8)]],
		])('source %s for user %s', async (source, user, expected) => {
			const { items, error } = await runNode(emulator, {
				parameters: query({ kunlunUserId: user, options: { source } }),
			});
			expect(error).toBeUndefined();
			expect(taskIds(items)).toEqual(expected);
			expect(bodies(emulator)[0]).toEqual({ kunlun_user_id: user, source, limit: '50', offset: '0' });
		});

		it('start and end time given as ISO dates are sent as millisecond strings (inclusive bounds)', async () => {
			const start = SAMPLE_BASE_TIME + 6 * HOUR;
			const end = SAMPLE_BASE_TIME + 9 * HOUR;
			const { items, error } = await runNode(emulator, {
				parameters: query({
					options: {
						source: 'assignMe',
						startTime: new Date(start).toISOString(),
						endTime: new Date(end).toISOString(),
					},
				}),
			});
			expect(error).toBeUndefined();
			expect(bodies(emulator)[0]).toEqual({
				kunlun_user_id: li,
				source: 'assignMe',
				start_time: String(start),
				end_time: String(end),
				limit: '50',
				offset: '0',
			});
			expect(taskIds(items)).toEqual([task(2), task(6)]);
		});

		it('start and end time given as millisecond numbers (from an expression) are sent as strings', async () => {
			const start = SAMPLE_BASE_TIME + 5 * HOUR;
			const end = SAMPLE_BASE_TIME + 8 * HOUR;
			const { items, error } = await runNode(emulator, {
				items: [{ from: start, to: end }],
				parameters: query({ options: { startTime: '={{ $json.from }}', endTime: '={{ $json.to }}' } }),
			});
			expect(error).toBeUndefined();
			expect(bodies(emulator)[0]).toMatchObject({ start_time: String(start), end_time: String(end) });
			expect(typeof bodies(emulator)[0].start_time).toBe('string');
			expect(taskIds(items)).toEqual([task(4), task(6), task(7)]);
		});

		it('apiIds as a comma-separated string are trimmed and de-duplicated', async () => {
			const { items, error } = await runNode(emulator, {
				parameters: query({ options: { apiIds: 'purchase_approval, expense_approval, purchase_approval' } }),
			});
			expect(error).toBeUndefined();
			expect(bodies(emulator)[0].api_ids).toEqual(['purchase_approval', 'expense_approval']);
			expect(taskIds(items)).toEqual([task(2), task(4), task(7), task(8)]);
		});

		it('apiIds as an array from an expression are de-duplicated', async () => {
			const { items, error } = await runNode(emulator, {
				items: [{ flows: ['leave_approval', 'expense_approval', 'leave_approval'] }],
				parameters: query({ options: { apiIds: '={{ $json.flows }}' } }),
			});
			expect(error).toBeUndefined();
			expect(bodies(emulator)[0].api_ids).toEqual(['leave_approval', 'expense_approval']);
			// Li: task 1 (leave), 2 (expense), 6 (leave), 7 (expense).
			expect(taskIds(items)).toEqual([task(1), task(2), task(6), task(7)]);
		});

		it('refuses an unreadable Start Time, naming field and item, and sends nothing', async () => {
			const { items, error } = await runNode(emulator, {
				parameters: query({ options: { startTime: 'yesterday-ish' } }),
			});
			expect(items).toEqual([]);
			expect(error?.message).toContain('"Start Time" (startTime) in item 0');
			expect(error?.message).toContain('yesterday-ish');
			expect(emulator.requests).toHaveLength(0);
		});

		it('refuses an unknown Task State from an expression before sending', async () => {
			const { error } = await runNode(emulator, { parameters: query({ options: { type: '={{ "open" }}' } }) });
			expect(error?.message).toContain('"Task State" (type) in item 0');
			expect(emulator.requests).toHaveLength(0);
		});
	});

	describe('several input items', () => {
		it('lists each user\'s tasks in input order, each paired with its own input item', async () => {
			const { items, error } = await runNode(emulator, {
				items: [{ user: li }, { user: zhang }],
				parameters: query({ kunlunUserId: '={{ $json.user }}', options: { source: 'assignMe' } }),
			});
			expect(error).toBeUndefined();
			expect(taskIds(items)).toEqual([task(1), task(2), task(6), task(8), task(4), task(5), task(7)]);
			expect(items.map((i) => i.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 0 },
				{ item: 0 },
				{ item: 0 },
				{ item: 1 },
				{ item: 1 },
				{ item: 1 },
			]);
			expect(bodies(emulator).map((b) => b.kunlun_user_id)).toEqual([li, zhang]);
		});

		it('with Continue On Fail a bad kunlunUserId becomes one paired error item; the others carry on', async () => {
			const { items, error } = await runNode(emulator, {
				items: [{ user: li }, { user: 'a, b' }, { user: zhang }],
				parameters: query({ kunlunUserId: '={{ $json.user }}', options: { source: 'fromMe' } }),
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			// Li started 3 and 5 (tasks 4, 7); Zhang started 1 and 2 (tasks 1, 2, 3).
			expect(items.map((i) => i.json.task_id ?? 'error')).toEqual([
				task(4),
				task(7),
				'error',
				task(1),
				task(2),
				task(3),
			]);
			expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 2, 2, 2]);
			expect(items[2].json.error).toContain('"Kunlun User ID" (kunlunUserId) in item 1');
			expect(items[2].json.item_index).toBe(1);
			// Nothing was sent for the bad item.
			expect(bodies(emulator).map((b) => b.kunlun_user_id)).toEqual([li, zhang]);
		});
	});

	describe('chaining Query → Cancel', () => {
		const QUERY = 'Query User Tasks';
		const CANCEL = 'Cancel Approval Instance';
		const START = 'Start';
		const credentials = { feishuApaasApi: { id: CREDENTIAL_ID, name: 'Feishu (emulator)' } };

		it('cancels what Li started, pairs each Cancel item with its Query item, and they leave the pending list', async () => {
			const nodes: WorkflowNode[] = [
				{ name: START, type: TEST_ITEMS_NODE_TYPE, parameters: { items: '[{}]' } },
				{
					name: QUERY,
					type: NODE_TYPE,
					parameters: query({ kunlunUserId: li, options: { type: 'pending', source: 'fromMe' } }),
					credentials,
				},
				{
					name: CANCEL,
					type: NODE_TYPE,
					parameters: {
						resource: 'approvalInstance',
						operation: 'cancel',
						approvalInstanceId: '={{ $json.workflow_instance.id }}',
						userId: li,
						opinion: 'Cancelled by the test',
					},
					credentials,
				},
			];
			const result = await runWorkflow({
				nodes,
				connections: {
					[START]: { main: [[{ node: QUERY, type: 'main', index: 0 }]] },
					[QUERY]: { main: [[{ node: CANCEL, type: 'main', index: 0 }]] },
				},
				credentials: { [CREDENTIAL_ID]: credentialSeed(emulator) },
			});
			expect(result.workflowError).toBeUndefined();
			expect(result.nodeExecutionOrder).toEqual([START, QUERY, CANCEL]);

			const queried = result.output(QUERY);
			expect(instanceIds(queried)).toEqual([inst(3), inst(5)]);
			const cancelled = result.output(CANCEL);
			expect(cancelled.map((i) => i.json.approval_instance_id)).toEqual([inst(3), inst(5)]);
			expect(cancelled.every((i) => i.json.success === true)).toBe(true);
			expect(cancelled.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

			const cancelRequests = apiRequests(emulator).filter((r) => r.path.endsWith('/cancel'));
			expect(cancelRequests.map((r) => [r.path, r.body])).toEqual([
				[`/open-apis/apaas/v1/approval_instances/${inst(3)}/cancel`, { user_id: li, opinion: 'Cancelled by the test' }],
				[`/open-apis/apaas/v1/approval_instances/${inst(5)}/cancel`, { user_id: li, opinion: 'Cancelled by the test' }],
			]);
			expect(emulator.instance(inst(3))?.status).toBe('cancelled');
			expect(emulator.instance(inst(5))?.status).toBe('cancelled');
			for (const n of [1, 2, 4, 6]) expect(emulator.instance(inst(n))?.status).toBe('running');
			expect(emulator.task(task(4))?.status).toBe('archived');
			expect(emulator.task(task(7))?.status).toBe('archived');

			// A second query (reusing the stored token) finds none of them pending any more.
			const again = await runNode(emulator, {
				parameters: query({ kunlunUserId: li, options: { type: 'pending', source: 'fromMe' } }),
				helper: result.helper,
			});
			expect(again.error).toBeUndefined();
			expect(again.items).toEqual([]);
			const everyRelation = await runNode(emulator, {
				parameters: query({ kunlunUserId: li, options: { type: 'pending' } }),
				helper: result.helper,
			});
			expect(instanceIds(everyRelation.items)).not.toContain(inst(3));
			expect(instanceIds(everyRelation.items)).not.toContain(inst(5));
			expect(taskIds(everyRelation.items)).toEqual([task(1), task(2), task(6), task(8)]);
			expect(emulator.mints).toBe(1);
		});

		it('the shipped example (examples/query-and-cancel.workflow.json) runs and cancels what Li started', async () => {
			const { result, feishuNodes } = await runExample('query-and-cancel.workflow.json', emulator);
			expect(feishuNodes).toHaveLength(2);
			expect(result.workflowError).toBeUndefined();
			const cancelled = result.output('Cancel Approval Instance');
			expect(cancelled.map((i) => i.json)).toEqual([
				expect.objectContaining({ success: true, approval_instance_id: inst(3) }),
				expect.objectContaining({ success: true, approval_instance_id: inst(5) }),
			]);
			expect(cancelled.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			const snapshot = emulator.snapshot();
			expect(snapshot.instances.filter((i) => i.status === 'cancelled').map((i) => i.instanceId)).toEqual([
				inst(3),
				inst(5),
			]);
			expect(
				apiRequests(emulator)
					.filter((r) => r.path.endsWith('/cancel'))
					.map((r) => (r.body as { user_id: string }).user_id),
			).toEqual([li, li]);
		});
	});
});
