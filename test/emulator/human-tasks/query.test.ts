import { SAMPLE_BASE_TIME, SAMPLE_USERS } from '../../../emulator';
import { call, expectFeishuError, getToken, QUERY_PATH, useEmulator } from '../../helpers/emulator/http';

const HOUR = 3_600_000;
const tid = (n: number) => `72000000000000000${String(n).padStart(2, '0')}`;

describe('user_task/query', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const query = (body: Record<string, unknown>) => call(em(), QUERY_PATH, { token, body });
	const ids = (r: { json: { data: { tasks: Array<{ task_id: string }> } } }) =>
		r.json.data.tasks.map((t) => t.task_id);

	it('returns the documented shape, count as a string', async () => {
		const r = await query({ kunlun_user_id: SAMPLE_USERS.li, source: 'assignMe' });
		expect(r.status).toBe(200);
		expect(r.json.code).toBe(0);
		expect(r.json.msg).toBe('success');
		expect(r.json.data.count).toBe('4');
		expect(r.json.data.tasks[0]).toEqual({
			task_id: tid(1),
			task_start_time: String(SAMPLE_BASE_TIME + 10 * HOUR),
			workflow_instance: {
				id: '7100000000000000001',
				label: [
					{ language_code: '2052', text: '请假审批' },
					{ language_code: '1033', text: 'Leave approval' },
				],
				status: 'running',
			},
			initiator: { user_id: SAMPLE_USERS.zhang, name: '张三 Zhang San' },
			summarys: [{ file_key: { language_code: '2052', text: '事由' }, file_value: [{ language_code: '2052', text: 'Annual leave, 3 days' }] }],
		});
	});

	it('orders by start time descending, then task_id', async () => {
		// zhang initiated instances 1 and 2 (tasks 1, 2, 3), tasks 2 and 3 share a start time.
		const r = await query({ kunlun_user_id: SAMPLE_USERS.zhang, source: 'fromMe' });
		expect(ids(r)).toEqual([tid(1), tid(2), tid(3)]);
	});

	it('distinguishes fromMe / assignMe / CCMe; default source is all of them', async () => {
		const u = SAMPLE_USERS.zhang;
		expect(ids(await query({ kunlun_user_id: u, source: 'fromMe' }))).toEqual([tid(1), tid(2), tid(3)]);
		expect(ids(await query({ kunlun_user_id: u, source: 'assignMe' }))).toEqual([tid(4), tid(5), tid(7)]);
		expect(ids(await query({ kunlun_user_id: u, source: 'CCMe' }))).toEqual([tid(8)]);
		const all = await query({ kunlun_user_id: u, limit: 50 });
		expect(ids(all)).toEqual([1, 2, 3, 4, 5, 7, 8].map(tid));
		expect(all.json.data.count).toBe('7');
	});

	it('type archived returns archived tasks only; default is pending', async () => {
		expect(ids(await query({ kunlun_user_id: SAMPLE_USERS.wang, type: 'archived' }))).toEqual([tid(10)]);
		expect(ids(await query({ kunlun_user_id: SAMPLE_USERS.wang, source: 'assignMe' }))).toEqual([tid(3)]);
	});

	it('pages with limit/offset as strings or numbers; count is the total', async () => {
		const u = SAMPLE_USERS.zhang;
		const p1 = await query({ kunlun_user_id: u, limit: '3', offset: '0' });
		const p2 = await query({ kunlun_user_id: u, limit: 3, offset: 3 });
		const p3 = await query({ kunlun_user_id: u, limit: '3', offset: '6' });
		const p4 = await query({ kunlun_user_id: u, limit: '3', offset: '9' });
		expect([p1, p2, p3, p4].map((p) => p.json.data.count)).toEqual(['7', '7', '7', '7']);
		expect([...ids(p1), ...ids(p2), ...ids(p3)]).toEqual([1, 2, 3, 4, 5, 7, 8].map(tid));
		expect(ids(p4)).toEqual([]);
	});

	it('default limit is 10 (ASSUMPTION)', async () => {
		em().seed({ humanTasks: { generate: { tasks: 25, assignee: '1700000000000099' } } });
		const r = await query({ kunlun_user_id: '1700000000000099' });
		expect(r.json.data.tasks).toHaveLength(10);
		expect(r.json.data.count).toBe('25');
	});

	it('filters by start_time/end_time (inclusive) on task_start_time', async () => {
		const r = await query({
			kunlun_user_id: SAMPLE_USERS.zhang,
			start_time: String(SAMPLE_BASE_TIME + 5 * HOUR),
			end_time: String(SAMPLE_BASE_TIME + 9 * HOUR),
		});
		expect(ids(r)).toEqual([tid(2), tid(3), tid(4), tid(5), tid(7)]);
		expect(r.json.data.count).toBe('5');
	});

	it('filters by api_ids', async () => {
		const r = await query({ kunlun_user_id: SAMPLE_USERS.zhang, api_ids: ['purchase_approval'] });
		expect(ids(r)).toEqual([tid(4), tid(8)]);
		const none = await query({ kunlun_user_id: SAMPLE_USERS.zhang, api_ids: ['nope'] });
		expect(none.json.data).toEqual({ count: '0', tasks: [] });
	});

	it('an unknown user has no tasks (ASSUMPTION)', async () => {
		const r = await query({ kunlun_user_id: '1799999999999999' });
		expect(r.json.data).toEqual({ count: '0', tasks: [] });
	});

	it.each([
		['missing kunlun_user_id', { kunlun_user_id: undefined }],
		['empty kunlun_user_id', { kunlun_user_id: '' }],
		['limit 0', { limit: '0' }],
		['limit 51', { limit: '51' }],
		['limit 51 as number', { limit: 51 }],
		['non-numeric limit', { limit: 'ten' }],
		['fractional limit', { limit: 2.5 }],
		['negative offset', { offset: '-1' }],
		['bad type', { type: 'done' }],
		['bad source', { source: 'everyone' }],
		['bad start_time', { start_time: 'yesterday' }],
		['api_ids not an array', { api_ids: 'leave_approval' }],
	])('%s -> 400 2320001', async (_name, extra) => {
		const r = await query({ kunlun_user_id: SAMPLE_USERS.zhang, ...extra });
		expectFeishuError(r, 400, 2320001, 'param is invalid');
	});

	it('accepts limit 1 and 50', async () => {
		expect((await query({ kunlun_user_id: SAMPLE_USERS.zhang, limit: '1' })).json.data.tasks).toHaveLength(1);
		expect((await query({ kunlun_user_id: SAMPLE_USERS.zhang, limit: '50' })).json.data.tasks).toHaveLength(7);
	});
});

describe('query over 20,000 generated tasks', () => {
	const em = useEmulator({});

	it('pages through every task exactly once, in order, quickly', async () => {
		const user = '1700000000000042';
		const { taskIds } = em().seed({ humanTasks: { generate: { tasks: 20_000, assignee: user } } }).humanTasks;
		const token = await getToken(em());
		const started = Date.now();
		const seen: string[] = [];
		// 400 pages of 50
		for (let offset = 0; offset < 20_000; offset += 50) {
			const r = await call(em(), QUERY_PATH, {
				token,
				body: { kunlun_user_id: user, limit: '50', offset: String(offset) },
			});
			expect(r.json.data.count).toBe('20000');
			for (const t of r.json.data.tasks) seen.push(t.task_id);
		}
		expect(seen).toEqual(taskIds); // generated newest first
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('archivedRatio splits generated tasks between pending and archived', async () => {
		const user = '1700000000000043';
		em().seed({ humanTasks: { generate: { tasks: 100, assignee: user, archivedRatio: 0.25 } } });
		const token = await getToken(em());
		const pending = await call(em(), QUERY_PATH, { token, body: { kunlun_user_id: user } });
		const archived = await call(em(), QUERY_PATH, { token, body: { kunlun_user_id: user, type: 'archived' } });
		expect(pending.json.data.count).toBe('75');
		expect(archived.json.data.count).toBe('25');
	});
});
