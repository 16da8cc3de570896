import { FeishuEmulator, SAMPLE_USERS, WORKFLOW_SAMPLE } from '../../../emulator';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { dataOf, iid, taskIds, tid, userTaskPath } from '../../helpers/emulator/human-tasks';

const { zhang, li, wang } = SAMPLE_USERS;
const UNKNOWN_USER = '1799999999999999';
const { managerReview, financeReview, startPoint } = WORKFLOW_SAMPLE;
const FIRST_CREATED = '7500000000000000000';

interface Point {
	id: string;
	activity_label: Array<{ language_code: number; text: string }>;
	is_start: boolean;
}

describe('user_tasks/:id/{cc,expediting,rollback,rollback_points,chat_group}', () => {
	const em = useEmulator({ seed: { preset: 'workflow' } });
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const act = (id: string, action: string, body: unknown) => call(em(), userTaskPath(id, action), { token, body });
	const ok = (r: Awaited<ReturnType<typeof act>>) => {
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
	};
	const points = async (id: string, operator: string) =>
		dataOf<{ tasks: Point[] }>(await act(id, 'rollback_points', { operator_user_id: operator })).tasks;

	it("seed 'workflow' = the sample plus instance 8 (archived step 1, pending step 2)", () => {
		const snap = em().snapshot();
		expect(snap.instances).toHaveLength(8);
		expect(snap.tasks).toHaveLength(12);
		expect(em().task(managerReview)).toMatchObject({ assigneeIds: [li], status: 'archived', outcome: 'agreed' });
		expect(em().task(financeReview)).toMatchObject({ assigneeIds: [zhang], status: 'pending' });
		expect(em().instance(WORKFLOW_SAMPLE.instance)).toMatchObject({ initiatorId: wang, status: 'running' });
	});

	describe('cc', () => {
		it('adds users to the cc list without duplicates; they see it under CCMe', async () => {
			ok(await act(tid(1), 'cc', { operator_user_id: zhang, cc_user_ids: [li, wang, li] }));
			expect(em().task(tid(1))?.ccIds).toEqual([wang, li]);
			expect(await taskIds(em(), token, li, { source: 'CCMe' })).toEqual([tid(1)]);
		});

		it.each([
			['missing cc_user_ids', { operator_user_id: zhang }],
			['empty cc_user_ids', { operator_user_id: zhang, cc_user_ids: [] }],
			['cc_user_ids not an array', { operator_user_id: zhang, cc_user_ids: li }],
			['unknown cc user', { operator_user_id: zhang, cc_user_ids: [UNKNOWN_USER] }],
			['missing operator_user_id', { cc_user_ids: [li] }],
			['unknown operator', { operator_user_id: UNKNOWN_USER, cc_user_ids: [li] }],
		])('%s -> 400 2320001', async (_name, body) => {
			expectFeishuError(await act(tid(1), 'cc', body), 400, 2320001, 'param is invalid');
			expect(em().task(tid(1))?.ccIds).toEqual([wang]);
		});

		it('archived or unknown task -> 2320001', async () => {
			const body = { operator_user_id: zhang, cc_user_ids: [li] };
			expect((await act(tid(9), 'cc', body)).json.code).toBe(2320001);
			expect((await act('7299999999999999999', 'cc', body)).json.code).toBe(2320001);
		});
	});

	describe('expediting', () => {
		it('records the expedite (also in GET /__emulator/state)', async () => {
			ok(await act(tid(1), 'expediting', { operator_user_id: zhang, expediting_user_ids: [li], opinion: 'please' }));
			const expected = [
				{ taskId: tid(1), operatorUserId: zhang, expeditingUserIds: [li], opinion: 'please', at: expect.any(Number) },
			];
			expect(em().expedites).toEqual(expected);
			expect(em().snapshot().expedites).toEqual(expected);
			const state = (await (await fetch(`${em().url}/__emulator/state`)).json()) as { expedites: unknown };
			expect(state.expedites).toEqual(expected);
		});

		it.each([
			['missing expediting_user_ids', { operator_user_id: zhang }],
			['empty expediting_user_ids', { operator_user_id: zhang, expediting_user_ids: [] }],
			['a user who is not an assignee (ASSUMPTION)', { operator_user_id: zhang, expediting_user_ids: [wang] }],
			['opinion not a string', { operator_user_id: zhang, expediting_user_ids: [li], opinion: 1 }],
			['missing operator_user_id', { expediting_user_ids: [li] }],
		])('%s -> 400 2320001', async (_name, body) => {
			expectFeishuError(await act(tid(1), 'expediting', body), 400, 2320001);
			expect(em().expedites).toEqual([]);
		});

		it('the task must be pending', async () => {
			const r = await act(managerReview, 'expediting', { operator_user_id: wang, expediting_user_ids: [li] });
			expect(r.json.code).toBe(2320001);
		});
	});

	describe('rollback_points', () => {
		it('lists the start node then the earlier agreed steps', async () => {
			const r = await act(financeReview, 'rollback_points', { operator_user_id: zhang });
			expect(r.status).toBe(200);
			expect(r.json).toEqual({
				code: 0,
				msg: 'success',
				data: {
					tasks: [
						{
							id: startPoint,
							activity_label: [
								{ language_code: '2052', text: '发起' },
								{ language_code: '1033', text: 'Start' },
							],
							is_start: true,
						},
						{
							id: managerReview,
							activity_label: [
								{ language_code: '2052', text: '经理审批' },
								{ language_code: '1033', text: 'Manager review' },
							],
							is_start: false,
						},
					],
				},
			});
		});

		it('a single-step instance has only its start node (id derived from the instance id)', async () => {
			expect(await points(tid(1), li)).toEqual([expect.objectContaining({ id: '8100000000000000001', is_start: true })]);
		});

		it('derives "Approval step N" for steps without a label', async () => {
			ok(await call(em(), `/open-apis/apaas/v1/approval_tasks/${tid(2)}/agree`, { token, body: { user_id: li } }));
			expect((await points(tid(3), wang))[1]).toEqual({
				id: tid(2),
				activity_label: [
					{ language_code: '2052', text: '审批节点 1' },
					{ language_code: '1033', text: 'Approval step 1' },
				],
				is_start: false,
			});
		});

		it('operator not an assignee -> 2320003; bad params, archived or unknown task -> 2320001', async () => {
			expectFeishuError(
				await act(financeReview, 'rollback_points', { operator_user_id: li }),
				400,
				2320003,
				'no permission for this task',
			);
			expectFeishuError(await act(financeReview, 'rollback_points', {}), 400, 2320001);
			expectFeishuError(await act(managerReview, 'rollback_points', { operator_user_id: li }), 400, 2320001);
			expectFeishuError(await act('7299999999999999999', 'rollback_points', { operator_user_id: li }), 400, 2320001);
		});
	});

	describe('rollback', () => {
		const body = { operator_user_id: zhang, to_task_id: managerReview, opinion: 'quote missing' };

		it('archives the task (rolledBack) and creates a pending task for the chosen step', async () => {
			const before = em().now();
			ok(await act(financeReview, 'rollback', body));
			expect(em().task(financeReview)).toMatchObject({ status: 'archived', outcome: 'rolledBack' });
			const created = em().task(FIRST_CREATED);
			expect(created).toMatchObject({
				instanceId: WORKFLOW_SAMPLE.instance,
				assigneeIds: [li],
				status: 'pending',
				activityLabel: [
					{ language_code: '2052', text: '经理审批' },
					{ language_code: '1033', text: 'Manager review' },
				],
			});
			expect(created?.startTime).toBeGreaterThanOrEqual(before);
			expect(created?.startTime).toBeLessThanOrEqual(em().now());
			expect(em().rollbacks).toEqual([
				{
					taskId: financeReview,
					toTaskId: managerReview,
					newTaskId: FIRST_CREATED,
					operatorUserId: zhang,
					opinion: 'quote missing',
					at: expect.any(Number),
				},
			]);
			expect(em().taskOutcomes).toEqual([expect.objectContaining({ taskId: financeReview, outcome: 'rolledBack', userId: zhang })]);
			expect(em().instance(WORKFLOW_SAMPLE.instance)?.status).toBe('running');
		});

		it('moves the task between pending lists; the rolled-back step is no rollback point', async () => {
			expect(await taskIds(em(), token, zhang, { source: 'assignMe' })).toContain(financeReview);
			ok(await act(financeReview, 'rollback', body));
			expect(await taskIds(em(), token, zhang)).not.toContain(financeReview);
			expect((await taskIds(em(), token, li, { source: 'assignMe' }))[0]).toBe(FIRST_CREATED);
			expect((await points(FIRST_CREATED, li)).map((p) => p.id)).toEqual([startPoint, managerReview]);
		});

		it('to the start node: the initiator gets the new task', async () => {
			ok(await act(financeReview, 'rollback', { ...body, to_task_id: startPoint }));
			expect(em().task(FIRST_CREATED)).toMatchObject({ assigneeIds: [wang], status: 'pending' });
			expect(await taskIds(em(), token, wang, { source: 'assignMe' })).toContain(FIRST_CREATED);
		});

		it.each([
			['missing to_task_id', { ...body, to_task_id: undefined }],
			['to_task_id not a rollback point', { ...body, to_task_id: financeReview }],
			['unknown to_task_id', { ...body, to_task_id: '7299999999999999999' }],
			['non-numeric to_task_id', { ...body, to_task_id: 'start' }],
			['missing opinion', { ...body, opinion: undefined }],
			['empty opinion', { ...body, opinion: '' }],
			['missing operator_user_id', { ...body, operator_user_id: undefined }],
		])('%s -> 400 2320001, nothing changes', async (_name, bad) => {
			expectFeishuError(await act(financeReview, 'rollback', bad), 400, 2320001);
			expect(em().task(financeReview)?.status).toBe('pending');
			expect(em().rollbacks).toEqual([]);
		});

		it('operator not an assignee -> 2320003', async () => {
			expect((await act(financeReview, 'rollback', { ...body, operator_user_id: li })).json.code).toBe(2320003);
		});
	});

	describe('chat_group', () => {
		const ok2 = (r: Awaited<ReturnType<typeof act>>, chatId: string) =>
			expect(r.json).toEqual({ code: 0, msg: 'success', data: { chat_id: chatId } });

		it('creates a group oc_<hex> with the operator and invitees, then invites into it by chat_id', async () => {
			const r = await act(financeReview, 'chat_group', {
				operator_user_id: zhang,
				invite_user_ids: [li, wang],
				chat_name: 'Chairs',
			});
			expect(r.status).toBe(200);
			const { chat_id: chatId } = dataOf<{ chat_id: string }>(r);
			expect(r.json).toEqual({ code: 0, msg: 'success', data: { chat_id: chatId } });
			expect(chatId).toMatch(/^oc_[0-9a-f]{32}$/);
			expect(em().chatGroups).toEqual([
				{ chatId, name: 'Chairs', memberIds: [zhang, li, wang], taskId: financeReview, createdAt: expect.any(Number) },
			]);

			ok2(await act(tid(1), 'chat_group', { operator_user_id: li, chat_id: chatId, invite_user_ids: [wang] }), chatId);
			expect(em().chatGroups).toHaveLength(1);
			expect(em().chatGroups[0].memberIds).toEqual([zhang, li, wang]);
		});

		it('defaults the name to the instance label; invitees are optional', async () => {
			const r = await act(tid(1), 'chat_group', { operator_user_id: li });
			expect(em().chatGroups).toEqual([expect.objectContaining({ name: '请假审批', memberIds: [li], taskId: tid(1) })]);
			const chatId = dataOf<{ chat_id: string }>(r).chat_id;
			ok2(await act(tid(1), 'chat_group', { operator_user_id: li, chat_id: chatId, invite_user_ids: [zhang, li] }), chatId);
			expect(em().chatGroups[0].memberIds).toEqual([li, zhang]);
		});

		it.each([
			['missing operator_user_id', {}],
			['unknown operator', { operator_user_id: UNKNOWN_USER }],
			['invite_user_ids not an array', { operator_user_id: li, invite_user_ids: zhang }],
			['unknown invitee', { operator_user_id: li, invite_user_ids: [UNKNOWN_USER] }],
			['unknown chat_id', { operator_user_id: li, chat_id: 'oc_0000' }],
			['empty chat_id', { operator_user_id: li, chat_id: '' }],
			['chat_name not a string', { operator_user_id: li, chat_name: 7 }],
		])('%s -> 400 2320001', async (_name, body) => {
			expectFeishuError(await act(tid(1), 'chat_group', body), 400, 2320001);
			expect(em().chatGroups).toEqual([]);
		});

		it('unknown task -> 2320001', async () => {
			expect((await act('7299999999999999999', 'chat_group', { operator_user_id: li })).json.code).toBe(2320001);
		});
	});

	describe.each(['cc', 'expediting', 'rollback', 'rollback_points', 'chat_group'])('%s: common checks', (action) => {
		const valid = {
			operator_user_id: zhang,
			cc_user_ids: [li],
			expediting_user_ids: [zhang],
			to_task_id: managerReview,
			opinion: 'x',
		};

		it('an invalid token -> 99991663; missing -> 99991661; nothing recorded', async () => {
			expectFeishuError(await call(em(), userTaskPath(financeReview, action), { token: 't-nope', body: valid }), 400, 99991663);
			expect((await call(em(), userTaskPath(financeReview, action), { body: valid })).json.code).toBe(99991661);
			expect(em().snapshot()).toMatchObject({ taskOutcomes: [], expedites: [], chatGroups: [], rollbacks: [] });
			expect(em().task(financeReview)).toMatchObject({ status: 'pending', ccIds: [] });
		});

		it('the happy body works with a valid token', async () => {
			const r = await act(financeReview, action, valid);
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(0);
		});

		it.each([['abc'], ['12a']])('task id %s -> 400 2320001', async (id) => {
			expectFeishuError(await act(id, action, valid), 400, 2320001);
		});

		it('logs the body exactly as it arrived', async () => {
			em().clearLog();
			const body = { ...valid, extra_field: { nested: [1, 'two'] }, opinion: '  spaced  ' };
			await act(financeReview, action, body);
			expect(em().requests).toEqual([expect.objectContaining({ path: userTaskPath(financeReview, action), body })]);
		});
	});

	it('POST /__emulator/seed {preset:"workflow"} loads the sample plus the add-on', async () => {
		const bare = await FeishuEmulator.start();
		try {
			const res = await fetch(`${bare.url}/__emulator/seed`, { method: 'POST', body: JSON.stringify({ preset: 'workflow' }) });
			expect(res.status).toBe(200);
			expect(bare.snapshot().tasks).toHaveLength(12);
			expect(bare.task(financeReview)?.status).toBe('pending');
		} finally {
			await bare.stop();
		}
	});

	it('reset() clears the task-API records and re-seeds the workflow sample', async () => {
		ok(await act(financeReview, 'rollback', { operator_user_id: zhang, to_task_id: managerReview, opinion: 'x' }));
		await act(tid(1), 'chat_group', { operator_user_id: li });
		em().reset();
		expect(em().snapshot()).toMatchObject({ taskOutcomes: [], expedites: [], chatGroups: [], rollbacks: [] });
		expect(em().task(financeReview)?.status).toBe('pending');
		expect(em().task(FIRST_CREATED)).toBeUndefined();
		expect(iid(8)).toBe(WORKFLOW_SAMPLE.instance);
	});
});
