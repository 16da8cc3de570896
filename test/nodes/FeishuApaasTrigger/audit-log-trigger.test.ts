/**
 * Feishu aPaaS Trigger: New Audit Log Event, through n8n-core's polling machinery with a user
 * credential connected through the emulator's OAuth flow.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FeishuEmulator, LogEntry } from '../../../emulator';
import { ActiveTrigger, fetchTestEvent, type TestCredentialsHelper, type TriggerOptions } from '../../helpers/harness';
import { USER_CREDENTIAL_ID, USER_CREDENTIAL_NAME, userCredentialStore } from '../../helpers/data-platform';
import { useEmulator } from '../../helpers/feishu';

const TRIGGER_TYPE = 'n8n-nodes-feishu-apaas.feishuApaasTrigger';
const LIST = '/audit_log/audit_log_list';
const ids = (items: INodeExecutionData[] | undefined) => (items ?? []).map((i) => i.json.log_id as string);

let nextId = 7409000000000000000n;
function entry(opTime: number, extra: Partial<LogEntry> = {}): LogEntry {
	nextId += 1n;
	return {
		log_id: String(nextId),
		op_time: opTime,
		log_type: '10003',
		namespace: 'demo_app',
		operator: { id: '1790000000000000001', name: 'Ada Admin' },
		op_type: 'update_record',
		status: 'success',
		...extra,
	};
}

describe('Feishu aPaaS Trigger: New Audit Log Event', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));
	let helper: TestCredentialsHelper;
	const active: ActiveTrigger[] = [];
	beforeEach(async () => {
		helper = await userCredentialStore(emulator);
	});
	afterEach(async () => {
		for (const trigger of active.splice(0)) await trigger.deactivate();
	});

	const options = (extra: Partial<TriggerOptions> = {}, parameters: Record<string, unknown> = {}): TriggerOptions => ({
		type: TRIGGER_TYPE,
		parameters: {
			authentication: 'userToken',
			event: 'newAuditLogEvent',
			namespace: { __rl: true, mode: 'name', value: 'demo_app' },
			logType: '10000',
			...parameters,
		},
		credentials: { feishuApaasOAuth2Api: { id: USER_CREDENTIAL_ID, name: USER_CREDENTIAL_NAME } },
		helper,
		...extra,
	});
	const activate = async (opts = options(), activation: 'activate' | 'init' = 'activate') => {
		const trigger = await ActiveTrigger.activate(opts, activation);
		active.push(trigger);
		return trigger;
	};
	const log = (...entries: LogEntry[]) => {
		emulator.seed({ admin: { auditLogs: entries } });
		return entries.map((e) => e.log_id);
	};
	const listRequests = () => emulator.requests.filter((r) => r.path.includes(LIST));

	it('activation replays nothing; each new entry is emitted once, oldest first, equal timestamps included', async () => {
		const now = Date.now();
		const old = log(entry(now - 60_000), entry(now - 5_000), entry(now - 5_000));
		const trigger = await activate();
		expect(trigger.outcomes).toEqual([{}]);
		expect(trigger.nodeStaticData()).toMatchObject({ auditCursor: now - 5_000 });
		expect((trigger.nodeStaticData().auditIdsAtCursor as string[]).sort()).toEqual(old.slice(1).sort());

		// A late sibling at the cursor's millisecond, and two entries sharing a later one.
		const fresh = log(entry(now - 5_000), entry(now - 1_000), entry(now - 1_000));
		expect(ids((await trigger.tick()).emitted?.[0])).toEqual(fresh);
		expect((await trigger.tick()).emitted).toBeUndefined();
		// Every request stayed within Feishu's cap and asked for ms bounds.
		for (const r of listRequests()) expect(Number(new URLSearchParams(r.query).get('from'))).toBeGreaterThan(0);
	});

	it('more than 10,000 new entries in one poll: all of them once; the state stays a cursor', async () => {
		const now = Date.now();
		const trigger = await activate();
		emulator.seed({ admin: { generate: [{ kind: 'audit', namespace: 'demo_app', count: 10_500, from: now - 3_000_000, to: now - 10, firstLogId: 7409500000000000000n }] } });
		const { emitted } = await trigger.tick();
		const got = ids(emitted?.[0]);
		expect(got).toHaveLength(10_500);
		expect(new Set(got).size).toBe(10_500);
		expect((trigger.nodeStaticData().auditIdsAtCursor as string[]).length).toBeLessThanOrEqual(3);
		expect(listRequests().every((r) => r.status === 200)).toBe(true);
	});

	it('survives a restart: what was logged meanwhile is emitted once, nothing replayed', async () => {
		const now = Date.now();
		const workflowId = 'wf-audit-restart';
		const first = await activate(options({ workflowId }));
		const before = log(entry(now - 2_000));
		expect(ids((await first.tick()).emitted?.[0])).toEqual(before);
		const saved = first.persistedStaticData();
		await first.deactivate();
		active.splice(active.indexOf(first), 1);

		const meanwhile = log(entry(now - 2_000), entry(now - 500));
		const second = await activate(options({ workflowId, staticData: saved }), 'init');
		expect(ids(second.outcomes[0].emitted?.[0])).toEqual(meanwhile);
		expect((await second.tick()).emitted).toBeUndefined();
	});

	it('Fetch Test Event gives the newest entry and moves nothing', async () => {
		const now = Date.now();
		const [newest] = log(entry(now - 100, { op_type: 'delete_record' }));
		const result = await fetchTestEvent(options());
		expect(ids(result?.[0])).toEqual([newest]);
		expect(result?.[0][0].json).toMatchObject({ op_type: 'delete_record', operator: { id: '1790000000000000001' } });
	});

	it('the New Audit Log Event with the app credential fails clearly, nothing sent', async () => {
		await expect(fetchTestEvent(options({}, { authentication: 'tenantToken' }))).rejects.toThrow(/needs Authentication "User \(OAuth2\)"/);
		expect(listRequests()).toHaveLength(0);
	});
});
