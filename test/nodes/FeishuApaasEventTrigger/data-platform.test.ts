/**
 * "Create rows through the emulator → event → workflow", offline: rows written through the data
 * platform's API (user token) become record_change_v1 events pushed by the emulator to the trigger,
 * which runs through n8n's webhook machinery (test/harness/webhook.ts).
 */
import { FeishuEmulator } from '../../../emulator';
import { loadPackage, TestCredentialsHelper, WebhookTrigger } from '../../helpers/harness';
import { connect } from '../../helpers/emulator/oauth';
import { base, SHOP, WS } from '../../helpers/emulator/workspaces';
import { credentialData } from '../../helpers/feishu';

const KEY = 'encrypt-key-dp-2b81';
const TOKEN = 'verification-token-dp-77e0';

let emulator: FeishuEmulator;
let trigger: WebhookTrigger;
let token: string;

beforeEach(async () => {
	emulator = await FeishuEmulator.start({ seed: { workspaces: [SHOP] }, userApiRateLimit: null });
	token = (await connect(emulator)).access_token as string;
	const helper = new TestCredentialsHelper((await loadPackage()).credentialTypes, {
		c1: { name: 'Feishu', type: 'feishuApaasApi', data: credentialData(emulator, { encryptKey: KEY, verificationToken: TOKEN }) },
	});
	trigger = new WebhookTrigger({
		parameters: { event: 'recordChange', workspaceId: WS, tableNames: 'orders', changeTypes: [] },
		credentials: { feishuApaasApi: { id: 'c1', name: 'Feishu' } },
		helper,
	});
	await trigger.activate();
	emulator.events.subscribe({ url: trigger.url, encryptKey: KEY, verificationToken: TOKEN, appId: 'cli_test_app', tenantKey: 't' });
});

afterEach(async () => {
	await emulator.stop();
	await trigger.close();
});

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(emulator.url + path, {
		method,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return (await res.json()) as Record<string, unknown>;
}

const records = `${base()}/tables/orders/records`;
const filter = (expr: string) => `filter=${encodeURIComponent(expr)}`;

it('each row inserted, updated and deleted through the emulator arrives as one execution, ids exact', async () => {
	const created = await api('POST', records, { records: JSON.stringify([{ sku: 'EV-1' }, { sku: 'EV-2' }]) });
	expect(created.code).toBe(0);
	await emulator.events.idle();
	await api('PATCH', `${records}?${filter('sku=eq.EV-1')}`, { record: JSON.stringify({ qty: 5 }) });
	await emulator.events.idle();
	await api('DELETE', `${records}?${filter('sku=eq.EV-2')}`);
	await emulator.events.idle();

	const items = trigger.executions.map((e) => e[0].json);
	expect(items.map((i) => `${String(i.type)} ${String((i.after as { sku?: string } | null)?.sku ?? (i.before as { sku: string }).sku)}`)).toEqual([
		'INSERT EV-1',
		'INSERT EV-2',
		'UPDATE EV-1',
		'DELETE EV-2',
	]);
	const ids = (created.data as { record_ids: string[] }).record_ids;
	expect(items[0]).toMatchObject({ workspace: WS, table: 'orders', before: null, after: { sku: 'EV-1', _id: ids[0] } });
	// The auto-increment `id` column is int8: its 19 digits survive the JSON string and the parse.
	const stored = emulator.workspaceRecords(WS, 'orders').find((r) => r.sku === 'EV-1')!;
	expect((items[0].after as Record<string, unknown>).id).toBe(String(stored.id));
	expect(items[2]).toMatchObject({ type: 'UPDATE', after: { qty: 5 }, changed_fields: ['qty'], before: { sku: 'EV-1', qty: 1 } });
	expect(items[3]).toMatchObject({ type: 'DELETE', after: null });
	expect(emulator.events.deliveries().map((d) => d.status)).toEqual([200, 200, 200, 200]);
});
