import { SAMPLE_USERS } from '../../../emulator';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { approvalTaskPath, iid, taskIds, tid } from '../../helpers/emulator/human-tasks';

const { zhang, li, wang } = SAMPLE_USERS;
const UNKNOWN_USER = '1799999999999999';

describe('approval_tasks/:id/{agree,reject,transfer,add_assignee}', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const act = (id: string, action: string, body: unknown) => call(em(), approvalTaskPath(id, action), { token, body });
	const ok = (r: Awaited<ReturnType<typeof act>>) => {
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
	};

	describe('agree', () => {
		it('archives the task (outcome agreed) and finishes a single-step instance', async () => {
			ok(await act(tid(1), 'agree', { user_id: li, opinion: 'fine' }));
			expect(em().task(tid(1))).toMatchObject({ status: 'archived', outcome: 'agreed' });
			expect(em().instance(iid(1))?.status).toBe('finished');
			expect(em().taskOutcomes).toEqual([
				{ taskId: tid(1), instanceId: iid(1), outcome: 'agreed', userId: li, opinion: 'fine', at: expect.any(Number) },
			]);
		});

		it('leaves every pending list (assignee, CC, initiator) and shows in the archived list', async () => {
			expect(await taskIds(em(), token, li, { source: 'assignMe' })).toContain(tid(1));
			ok(await act(tid(1), 'agree', { user_id: li }));
			expect(await taskIds(em(), token, li)).not.toContain(tid(1));
			expect(await taskIds(em(), token, wang)).not.toContain(tid(1));
			expect(await taskIds(em(), token, zhang)).not.toContain(tid(1));
			expect(await taskIds(em(), token, li, { type: 'archived' })).toContain(tid(1));
		});

		it('opinion is optional; no opinion recorded then', async () => {
			ok(await act(tid(1), 'agree', { user_id: li }));
			expect(em().taskOutcomes[0]).not.toHaveProperty('opinion');
		});

		it('keeps an instance running while another task is pending', async () => {
			ok(await act(tid(2), 'agree', { user_id: li }));
			expect(em().instance(iid(2))?.status).toBe('running');
			ok(await act(tid(3), 'agree', { user_id: wang }));
			expect(em().instance(iid(2))?.status).toBe('finished');
		});

		it('a known user who is not an assignee -> 400 2320003 (ASSUMPTION), nothing changes', async () => {
			const r = await act(tid(1), 'agree', { user_id: zhang });
			expectFeishuError(r, 400, 2320003, 'no permission for this task');
			expect(em().task(tid(1))?.status).toBe('pending');
			expect(em().taskOutcomes).toEqual([]);
		});

		it('agreeing twice, or an archived task -> 2320001', async () => {
			ok(await act(tid(1), 'agree', { user_id: li }));
			expectFeishuError(await act(tid(1), 'agree', { user_id: li }), 400, 2320001, 'param is invalid');
			expectFeishuError(await act(tid(9), 'agree', { user_id: li }), 400, 2320001);
		});
	});

	describe('reject', () => {
		it('archives the task (outcome rejected), rejects the instance and closes its other pending tasks', async () => {
			ok(await act(tid(5), 'reject', { user_id: zhang, opinion: 'no' }));
			expect(em().task(tid(5))).toMatchObject({ status: 'archived', outcome: 'rejected' });
			expect(em().task(tid(6))?.status).toBe('archived');
			expect(em().task(tid(6))).not.toHaveProperty('outcome');
			expect(em().instance(iid(4))?.status).toBe('rejected');
			expect(await taskIds(em(), token, zhang)).not.toContain(tid(5));
			expect(await taskIds(em(), token, li)).not.toContain(tid(6));
			expect(await taskIds(em(), token, wang, { source: 'fromMe' })).toEqual([tid(8)]);
			expect(em().taskOutcomes.map((o) => [o.taskId, o.outcome, o.opinion])).toEqual([[tid(5), 'rejected', 'no']]);
		});

		it('not an assignee -> 2320003; archived -> 2320001', async () => {
			expect((await act(tid(5), 'reject', { user_id: li })).json.code).toBe(2320003);
			expect((await act(tid(10), 'reject', { user_id: wang })).json.code).toBe(2320001);
			expect(em().instance(iid(4))?.status).toBe('running');
		});
	});

	describe('transfer', () => {
		it('from_user_ids defaults to user_id: li hands task 1 to zhang', async () => {
			ok(await act(tid(1), 'transfer', { user_id: li, to_user_ids: [zhang], opinion: 'on leave' }));
			expect(em().task(tid(1))?.assigneeIds).toEqual([zhang]);
			expect(await taskIds(em(), token, li)).not.toContain(tid(1));
			expect(await taskIds(em(), token, zhang, { source: 'assignMe' })).toContain(tid(1));
			// The new assignee may act, the old one may not.
			expect((await act(tid(1), 'agree', { user_id: li })).json.code).toBe(2320003);
			ok(await act(tid(1), 'agree', { user_id: zhang }));
		});

		it('explicit from/to lists; duplicates collapse', async () => {
			ok(await act(tid(2), 'add_assignee', { user_id: li, approvers: [wang] }));
			ok(await act(tid(2), 'transfer', { user_id: li, from_user_ids: [li, wang], to_user_ids: [zhang, zhang] }));
			expect(em().task(tid(2))?.assigneeIds).toEqual([zhang]);
		});

		it.each([
			['missing to_user_ids', {}],
			['empty to_user_ids', { to_user_ids: [] }],
			['to_user_ids not an array', { to_user_ids: zhang }],
			['to_user_ids with a number', { to_user_ids: [1700000000000001] }],
			['to_user_ids with an unknown user', { to_user_ids: [UNKNOWN_USER] }],
			['from_user_ids not an array', { to_user_ids: [zhang], from_user_ids: li }],
			['from_user_ids not an assignee', { to_user_ids: [zhang], from_user_ids: [wang] }],
			['opinion not a string', { to_user_ids: [zhang], opinion: 5 }],
		])('%s -> 400 2320001, nothing changes', async (_name, extra) => {
			expectFeishuError(await act(tid(1), 'transfer', { user_id: li, ...extra }), 400, 2320001);
			expect(em().task(tid(1))?.assigneeIds).toEqual([li]);
		});

		it('not an assignee -> 2320003', async () => {
			expect((await act(tid(1), 'transfer', { user_id: zhang, to_user_ids: [wang] })).json.code).toBe(2320003);
		});
	});

	describe('add_assignee', () => {
		it('currentAndAddAssign (the default) adds approvers to the task', async () => {
			ok(await act(tid(1), 'add_assignee', { user_id: li, approvers: [zhang, li] }));
			expect(em().task(tid(1))?.assigneeIds).toEqual([li, zhang]);
			expect(await taskIds(em(), token, zhang, { source: 'assignMe' })).toContain(tid(1));
			ok(await act(tid(1), 'add_assignee', { user_id: li, approvers: [wang], add_assignee_type: 'currentAndAddAssign' }));
			expect(em().task(tid(1))?.assigneeIds).toEqual([li, zhang, wang]);
		});

		it('afterAndAddAssign creates a new pending task for the approvers (ASSUMPTION)', async () => {
			const before = em().now();
			ok(await act(tid(1), 'add_assignee', { user_id: li, approvers: [wang], add_assignee_type: 'afterAndAddAssign' }));
			expect(em().task(tid(1))?.assigneeIds).toEqual([li]);
			const created = em().task('7500000000000000000');
			expect(created).toMatchObject({ instanceId: iid(1), assigneeIds: [wang], ccIds: [], status: 'pending' });
			expect(created?.startTime).toBeGreaterThanOrEqual(before);
			expect(await taskIds(em(), token, wang, { source: 'assignMe' })).toContain('7500000000000000000');
			ok(await act(tid(1), 'agree', { user_id: li }));
			expect(em().instance(iid(1))?.status).toBe('running');
			ok(await act('7500000000000000000', 'agree', { user_id: wang }));
			expect(em().instance(iid(1))?.status).toBe('finished');
		});

		it.each([
			['missing approvers', {}],
			['empty approvers', { approvers: [] }],
			['approvers not an array', { approvers: zhang }],
			['unknown approver', { approvers: [UNKNOWN_USER] }],
			['unknown add_assignee_type', { approvers: [zhang], add_assignee_type: 'beforeAndAddAssign' }],
		])('%s -> 400 2320001', async (_name, extra) => {
			expectFeishuError(await act(tid(1), 'add_assignee', { user_id: li, ...extra }), 400, 2320001);
			expect(em().task(tid(1))?.assigneeIds).toEqual([li]);
			expect(em().snapshot().tasks).toHaveLength(10);
		});
	});

	it('logs the body exactly as it arrived; GET on the path -> 404', async () => {
		em().clearLog();
		const body = { user_id: li, opinion: '  ok  ', unknown_field: [null, { a: 1 }] };
		await act(tid(1), 'agree', body);
		expect(em().requests).toEqual([expect.objectContaining({ path: approvalTaskPath(tid(1), 'agree'), body, status: 200 })]);
		expect((await call(em(), approvalTaskPath(tid(2), 'agree'), { method: 'GET', token })).status).toBe(404);
	});

	describe.each(['agree', 'reject', 'transfer', 'add_assignee'])('%s: common checks', (action) => {
		const valid = { user_id: li, to_user_ids: [zhang], approvers: [zhang] };

		it.each([
			['missing user_id', { ...valid, user_id: undefined }],
			['empty user_id', { ...valid, user_id: '' }],
			['numeric user_id', { ...valid, user_id: 1700000000000002 }],
			['unknown user_id', { ...valid, user_id: UNKNOWN_USER }],
			['null opinion', { ...valid, opinion: null }],
		])('%s -> 400 2320001', async (_name, body) => {
			expectFeishuError(await act(tid(1), action, body), 400, 2320001, 'param is invalid');
			expect(em().task(tid(1))).toMatchObject({ status: 'pending', assigneeIds: [li] });
		});

		it.each([['7299999999999999999'], ['abc']])('task id %s -> 400 2320001', async (id) => {
			expectFeishuError(await act(id, action, valid), 400, 2320001);
		});

		it('an invalid token -> 99991663, nothing changes', async () => {
			const r = await call(em(), approvalTaskPath(tid(1), action), { token: 't-nope', body: valid });
			expectFeishuError(r, 400, 99991663);
			expect(em().task(tid(1))).toMatchObject({ status: 'pending', assigneeIds: [li] });
		});
	});
});
