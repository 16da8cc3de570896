/**
 * Feishu aPaaS Trigger through n8n-core's polling machinery (ActiveWorkflows, the Poll Times cron,
 * PollContext with a real Workflow and its static data) against the emulator on 127.0.0.1.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { addArrivingTasks, DEFAULT_APP, SAMPLE_BASE_TIME, SAMPLE_USERS, type FeishuEmulator } from '../../../emulator';
import { ActiveTrigger, fetchTestEvent, loadPackage, TestCredentialsHelper, type TriggerOptions } from '../../helpers/harness';
import { apiRequests, CREDENTIAL_ID, credentialSeed, mintElsewhere, query, runNode, useEmulator } from '../../helpers/feishu';

const TRIGGER_TYPE = 'n8n-nodes-feishu-apaas.feishuApaasTrigger';
const QUERY_PATH = '/open-apis/apaas/v1/user_task/query';
const HOUR = 3_600_000;
const { li, wang } = SAMPLE_USERS;
/** Li's newest assigned pending task in the sample data: task 1, hour 10. */
const LI_NEWEST = { id: '7200000000000000001', at: SAMPLE_BASE_TIME + 10 * HOUR };

const ids = (items: INodeExecutionData[] | undefined) => (items ?? []).map((i) => i.json.task_id as string);
const queryBodies = (emulator: FeishuEmulator) =>
	apiRequests(emulator)
		.filter((r) => r.path === QUERY_PATH)
		.map((r) => r.body as Record<string, unknown>);

describe('Feishu aPaaS Trigger: New User Task', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	let helper: TestCredentialsHelper;
	const active: ActiveTrigger[] = [];
	beforeEach(async () => {
		helper = new TestCredentialsHelper((await loadPackage()).credentialTypes);
		helper.set(CREDENTIAL_ID, credentialSeed(emulator));
	});
	afterEach(async () => {
		for (const trigger of active.splice(0)) await trigger.deactivate();
	});

	const options = (parameters: IDataObject = {}, extra: Partial<TriggerOptions> = {}): TriggerOptions => ({
		type: TRIGGER_TYPE,
		parameters: { event: 'newUserTask', kunlunUserId: li, ...parameters },
		credentials: { feishuApaasApi: { id: CREDENTIAL_ID, name: 'Feishu (emulator)' } },
		helper,
		...extra,
	});
	const activate = async (opts = options(), activation: 'activate' | 'init' = 'activate') => {
		const trigger = await ActiveTrigger.activate(opts, activation);
		active.push(trigger);
		return trigger;
	};
	/** New tasks assigned to Li, after her newest sample task. */
	const arrive = (count: number, startTime: number, spacingMs = 1) =>
		addArrivingTasks(emulator, { count, assignee: li, initiator: wang, startTime, spacingMs });

	describe('activation', () => {
		it('records where the list stands and emits nothing, with one request; the cron polls every minute', async () => {
			const trigger = await activate();
			expect(trigger.outcomes).toEqual([{}]);
			expect(trigger.nodeStaticData()).toEqual({
				query: JSON.stringify({ kunlun_user_id: li, source: 'assignMe', type: 'pending' }),
				cursor: LI_NEWEST.at,
				idsAtCursor: [LI_NEWEST.id],
			});
			expect(queryBodies(emulator)).toEqual([
				{ kunlun_user_id: li, source: 'assignMe', type: 'pending', limit: '50', offset: '0' },
			]);
			expect(trigger.workflow.getNode('Feishu aPaaS Trigger')?.parameters.pollTimes).toEqual({ item: [{ mode: 'everyMinute' }] });
		});

		it('a poll with nothing new emits nothing and sends one request, from the cursor', async () => {
			const trigger = await activate();
			emulator.clearLog();
			expect(await trigger.tick()).toEqual({});
			expect(queryBodies(emulator)).toEqual([
				{ kunlun_user_id: li, source: 'assignMe', type: 'pending', start_time: String(LI_NEWEST.at - 1), limit: '50', offset: '0' },
			]);
			expect(trigger.nodeStaticData()).toMatchObject({ cursor: LI_NEWEST.at, idsAtCursor: [LI_NEWEST.id] });
		});

		it('an empty list at activation: cursor 0, and every task that arrives later is new', async () => {
			const nobody = '1800000000000077';
			const trigger = await activate(options({ kunlunUserId: nobody }));
			expect(trigger.nodeStaticData()).toMatchObject({ cursor: 0, idsAtCursor: [] });
			const { taskIds } = addArrivingTasks(emulator, { count: 2, assignee: nobody, startTime: SAMPLE_BASE_TIME });
			expect(ids((await trigger.tick()).emitted?.[0])).toEqual(taskIds);
			expect((await trigger.tick()).emitted).toBeUndefined();
		});
	});

	describe('new tasks', () => {
		it('the next poll emits only the tasks that arrived, oldest first, once; the token is minted once', async () => {
			const trigger = await activate();
			const { taskIds } = arrive(3, LI_NEWEST.at + 1000, 1000);
			const { emitted, error } = await trigger.tick();
			expect(error).toBeUndefined();
			expect(emitted).toHaveLength(1);
			expect(ids(emitted?.[0])).toEqual(taskIds);
			expect((await trigger.tick()).emitted).toBeUndefined();
			expect((await trigger.tick()).emitted).toBeUndefined();
			expect(emulator.mints).toBe(1);
			expect(trigger.nodeStaticData()).toMatchObject({ cursor: LI_NEWEST.at + 3000, idsAtCursor: [taskIds[2]] });
		});

		it('emits items shaped exactly like Query User Tasks items (workflow_instance.id, task_id map the same way)', async () => {
			const trigger = await activate();
			const { taskIds, instanceIds } = arrive(2, LI_NEWEST.at + 1000);
			const emitted = (await trigger.tick()).emitted?.[0] ?? [];
			const { items: queried } = await runNode(emulator, { parameters: query({ kunlunUserId: li, options: { source: 'assignMe' } }) });
			for (const [n, item] of emitted.entries()) {
				expect(item.json).toEqual(queried.find((q) => q.json.task_id === item.json.task_id)?.json);
				expect(item.json.task_id).toBe(taskIds[n]);
				expect((item.json.workflow_instance as IDataObject).id).toBe(instanceIds[n]);
			}
			expect(emitted).toHaveLength(2);
		});

		it('tasks sharing a start time: those already emitted are not emitted again, new ones at the same time are', async () => {
			const trigger = await activate();
			const at = LI_NEWEST.at + 5000;
			const first = arrive(2, at, 0).taskIds;
			expect(ids((await trigger.tick()).emitted?.[0])).toEqual(first);
			const second = arrive(2, at, 0).taskIds;
			expect(ids((await trigger.tick()).emitted?.[0])).toEqual(second);
			expect(trigger.nodeStaticData()).toMatchObject({ cursor: at, idsAtCursor: [...first, ...second] });
			// A task at the very time of the sample's newest one (the activation cursor) is new too.
			const third = arrive(1, at, 0).taskIds;
			expect(ids((await trigger.tick()).emitted?.[0])).toEqual(third);
			expect((await trigger.tick()).emitted).toBeUndefined();
			// The cursor moves on: only the ids at the new cursor are kept.
			const later = arrive(1, at + 1).taskIds;
			expect(ids((await trigger.tick()).emitted?.[0])).toEqual(later);
			expect(trigger.nodeStaticData()).toMatchObject({ cursor: at + 1, idsAtCursor: later });
		});

		it('a task arriving at the activation cursor itself is emitted; the task seen there at activation is not', async () => {
			const trigger = await activate();
			const same = arrive(1, LI_NEWEST.at, 0).taskIds;
			expect(ids((await trigger.tick()).emitted?.[0])).toEqual(same);
		});

		it('100 new tasks (60 sharing a start time) come out in one execution, each once, with at most 3 requests', async () => {
			const trigger = await activate();
			const at = LI_NEWEST.at + 1000;
			const shared = arrive(60, at, 0).taskIds;
			const spaced = arrive(40, at + 1).taskIds;
			emulator.clearLog();
			const { emitted } = await trigger.tick();
			const got = ids(emitted?.[0]);
			expect(got).toHaveLength(100);
			expect(new Set(got).size).toBe(100);
			expect(got).toEqual([...shared, ...spaced]);
			const bodies = queryBodies(emulator);
			expect(bodies.length).toBeLessThanOrEqual(3);
			expect(bodies.map((b) => [b.limit, b.offset])).toEqual([
				['50', '0'],
				['50', '50'],
				['50', '100'],
			]);
			expect((await trigger.tick()).emitted).toBeUndefined();
		});
	});

	describe('credential', () => {
		it('each poll reads the stored credential anew (n8n hands every poll the same context): a token stored between polls is sent at once', async () => {
			const trigger = await activate();
			expect((await trigger.tick()).error).toBeUndefined();
			// Between polls Feishu drops the token, and another execution stores a new one with the credential.
			emulator.invalidateTokens();
			const other = await mintElsewhere(emulator);
			helper.patch(CREDENTIAL_ID, { tenantAccessToken: other, expiresAt: Date.now() + 7_000_000, issuedFor: `${DEFAULT_APP.appId}@${emulator.url}` });
			emulator.clearLog();
			const reads = helper.decryptCount;
			const { taskIds } = arrive(60, LI_NEWEST.at + 1000);
			const outcome = await trigger.tick();
			expect(outcome.error).toBeUndefined();
			expect(ids(outcome.emitted?.[0])).toEqual(taskIds);
			const sent = apiRequests(emulator);
			expect(sent.map((r) => [r.status, r.headers.authorization])).toEqual(sent.map(() => [200, `Bearer ${other}`]));
			expect(sent.length).toBeGreaterThan(1);
			// One read for the poll's pages, not one per page.
			expect(helper.decryptCount - reads).toBe(1);
		});
	});

	describe('failures', () => {
		it('a failing poll shows Feishu\'s error, moves nothing; the next poll emits every task once', async () => {
			const trigger = await activate();
			const before = trigger.nodeStaticData();
			const { taskIds } = arrive(3, LI_NEWEST.at + 1000);
			emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param is invalid', path: 'user_task/query' });
			const failed = await trigger.tick();
			expect(failed.emitted).toBeUndefined();
			expect(failed.error?.message).toBe('Feishu error 2320001: param is invalid');
			expect(trigger.workflow.staticData[`node:Feishu aPaaS Trigger`]).toEqual(before);
			expect(ids((await trigger.tick()).emitted?.[0])).toEqual(taskIds);
			expect((await trigger.tick()).emitted).toBeUndefined();
		});

		it('a failure on the second page loses nothing: the next poll emits all 60, none twice', async () => {
			const trigger = await activate();
			const before = trigger.nodeStaticData();
			const { taskIds } = arrive(60, LI_NEWEST.at + 1000);
			emulator.clearLog();
			emulator.latencyMs = 50;
			const tick = trigger.tick();
			// Once the first page is answered, the second request is still in its 50 ms of latency: fail it.
			while (!(apiRequests(emulator)[0]?.status > 0)) await new Promise((resolve) => setImmediate(resolve));
			emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param is invalid', path: 'user_task/query' });
			const failed = await tick;
			emulator.latencyMs = 0;
			expect(queryBodies(emulator).map((b) => b.offset)).toEqual(['0', '50']);
			expect(failed.error?.message).toBe('Feishu error 2320001: param is invalid');
			expect(failed.emitted).toBeUndefined();
			expect(trigger.workflow.staticData[`node:Feishu aPaaS Trigger`]).toEqual(before);
			const again = ids((await trigger.tick()).emitted?.[0]);
			expect(again).toEqual(taskIds);
			expect((await trigger.tick()).emitted).toBeUndefined();
		});

		it('a 5xx is retried within the poll, like the action node', async () => {
			const trigger = await activate();
			const { taskIds } = arrive(1, LI_NEWEST.at + 1000);
			emulator.addFault({ kind: 'status', status: 503, path: 'user_task/query' });
			const outcome = await trigger.tick();
			expect(outcome.error).toBeUndefined();
			expect(ids(outcome.emitted?.[0])).toEqual(taskIds);
		});

		it('bad input fails the activation with the field named, and sends nothing', async () => {
			await expect(activate(options({ kunlunUserId: ' ' }))).rejects.toThrow(
				/Invalid "Kunlun User ID" \(kunlunUserId\): it is required/,
			);
			await expect(activate(options({ apiIds: '={{ {} }}' }))).rejects.toThrow(/Invalid "Process API IDs" \(apiIds\)/);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	describe('restart', () => {
		it('after a restart (static data loaded back), the tasks that arrived meanwhile are emitted once, nothing replayed', async () => {
			const workflowId = 'wf-restart';
			const first = await activate(options({}, { workflowId }));
			const before = arrive(2, LI_NEWEST.at + 1000).taskIds;
			expect(ids((await first.tick()).emitted?.[0])).toEqual(before);
			const saved = first.persistedStaticData();
			await first.deactivate();
			active.splice(active.indexOf(first), 1);

			// Meanwhile: two tasks at the stored cursor's very millisecond (the newest emitted one's).
			const meanwhile = arrive(2, LI_NEWEST.at + 1001, 0).taskIds;
			const second = await activate(options({}, { workflowId, staticData: saved }), 'init');
			expect(ids(second.outcomes[0].emitted?.[0])).toEqual(meanwhile);
			expect((await second.tick()).emitted).toBeUndefined();

			// And a restart with nothing new emits nothing.
			const saved2 = second.persistedStaticData();
			await second.deactivate();
			active.splice(active.indexOf(second), 1);
			const third = await activate(options({}, { workflowId, staticData: saved2 }), 'init');
			expect(third.outcomes).toEqual([{}]);
		});

		it('a changed query (another source) starts afresh instead of reusing the old cursor', async () => {
			const workflowId = 'wf-changed';
			const first = await activate(options({}, { workflowId }));
			const saved = first.persistedStaticData();
			await first.deactivate();
			active.splice(active.indexOf(first), 1);
			const second = await activate(options({ source: 'CCMe' }, { workflowId, staticData: saved }), 'init');
			expect(second.outcomes).toEqual([{}]);
			expect(second.nodeStaticData()).toMatchObject({ query: JSON.stringify({ kunlun_user_id: li, source: 'CCMe', type: 'pending' }) });
		});
	});

	describe('Fetch Test Event (manual)', () => {
		it('returns the newest matching task, with one request of one entry, and stores nothing', async () => {
			const result = await fetchTestEvent(options());
			expect(result).toHaveLength(1);
			expect(ids(result?.[0])).toEqual([LI_NEWEST.id]);
			expect(queryBodies(emulator)).toEqual([
				{ kunlun_user_id: li, source: 'assignMe', type: 'pending', limit: '1', offset: '0' },
			]);
		});

		it('with no matching task, fails with "No task found" naming the query', async () => {
			const failure = fetchTestEvent(options({ kunlunUserId: '1800000000000077', type: 'archived' }));
			await expect(failure).rejects.toThrow('No task found');
			await expect(fetchTestEvent(options({ kunlunUserId: '1800000000000077' }))).rejects.toMatchObject({
				description: expect.stringContaining('kunlun user 1800000000000077'),
			});
		});
	});
});
