/**
 * The Feishu aPaaS Event Trigger through n8n's webhook machinery (test/harness/webhook.ts: n8n-core's
 * WebhookContext / HookContext, per-request static data, saved after webhook()), with the emulator
 * as Feishu's event pusher over real HTTP.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FeishuEmulator, type Subscription } from '../../../emulator';
import { loadPackage, TestCredentialsHelper, WebhookTrigger } from '../../helpers/harness';
import { credentialData } from '../../helpers/feishu';

const KEY = 'encrypt-key-evt-31f9';
const TOKEN = 'verification-token-evt-8c02';
const CREDENTIAL_ID = 'evt-cred-1';

let emulator: FeishuEmulator;
let trigger: WebhookTrigger;
let logged: string[];

async function start(
	parameters: INodeParameters = {},
	secrets: IDataObject = { encryptKey: KEY, verificationToken: TOKEN },
	sub: Partial<Subscription> = {},
	loadToRunMs = 0,
) {
	const helper = new TestCredentialsHelper((await loadPackage()).credentialTypes, {
		[CREDENTIAL_ID]: { name: 'Feishu', type: 'feishuApaasApi', data: credentialData(emulator, secrets) },
	});
	trigger = new WebhookTrigger({
		parameters: { event: 'recordChange', ...parameters },
		credentials: { feishuApaasApi: { id: CREDENTIAL_ID, name: 'Feishu' } },
		helper,
		loadToRunMs,
	});
	await trigger.activate();
	emulator.events.subscribe({
		url: trigger.url,
		encryptKey: String(secrets.encryptKey ?? ''),
		verificationToken: String(secrets.verificationToken ?? ''),
		appId: 'cli_test_app',
		tenantKey: 'tenant_t',
		retryScheduleMs: [30, 60, 90, 120],
		...sub,
	});
}

const row = (id: string, extra: Record<string, unknown> = {}) => `{"_id":${id},"name":"n${id.slice(-2)}"${Object.entries(extra).map(([k, v]) => `,"${k}":${JSON.stringify(v)}`).join('')}}`;

beforeEach(async () => {
	emulator = await FeishuEmulator.start();
	logged = [];
	// n8n's logger (the one `this.logger` returns): what the node writes there must never hold a secret.
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		jest.spyOn(logger, level).mockImplementation((message: string, meta?: object) => {
			logged.push(`${message} ${JSON.stringify(meta ?? {})}`);
		});
	}
});

afterEach(async () => {
	jest.restoreAllMocks();
	await emulator.stop();
	await trigger?.close();
});

const items = () => trigger.executions.map((e) => e.map((i) => i.json));

describe('url_verification', () => {
	it('plain: answered with the challenge at once, no execution', async () => {
		await start({}, { verificationToken: TOKEN });
		const answer = await emulator.events.challenge();
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ challenge: answer.challenge });
		expect(trigger.executions).toHaveLength(0);
	});

	it('encrypted: opened with the Encrypt Key and answered, no execution', async () => {
		await start();
		const answer = await emulator.events.challenge({ encrypt: true });
		expect(answer).toMatchObject({ status: 200, body: { challenge: answer.challenge } });
		expect(trigger.executions).toHaveLength(0);
	});

	it('wrong token: 401, no challenge in the answer', async () => {
		await start();
		const answer = await emulator.events.challenge({ token: 'not-the-token' });
		expect(answer.status).toBe(401);
		expect(JSON.stringify(answer.body)).not.toContain(answer.challenge);
	});
});

describe('record change events', () => {
	it('v2, encrypted and signed: one execution with the header, the fields, before/after int64 exact and changed_fields', async () => {
		await start();
		const id = emulator.events.publishRecordChange({
			workspace: 'ws_1',
			table: 'orders',
			type: 'UPDATE',
			operator: { user_id: '1700000000000009' },
			before: row('1790000000000000123', { qty: 1, note: 'x' }),
			after: '{"qty":2,"note":"x"}',
		});
		await emulator.events.idle();
		expect(items()).toEqual([
			[
				{
					event_id: id,
					event_type: 'apaas.workspace.record_change_v1',
					create_time: expect.stringMatching(/^\d{13}$/),
					app_id: 'cli_test_app',
					tenant_key: 'tenant_t',
					workspace: 'ws_1',
					app: 'cli_test_app',
					table: 'orders',
					type: 'UPDATE',
					operator: { user_id: '1700000000000009' },
					before: { _id: '1790000000000000123', name: 'n23', qty: 1, note: 'x' },
					after: { qty: 2, note: 'x' },
					changed_fields: ['qty'],
				},
			],
		]);
		expect(emulator.events.deliveries().map((d) => d.status)).toEqual([200]);
	});

	it('INSERT has before null and no changed_fields; DELETE has after null', async () => {
		await start();
		emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'INSERT', after: row('1790000000000000001') });
		await emulator.events.idle();
		emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'DELETE', before: row('1790000000000000001') });
		await emulator.events.idle();
		const [insert, remove] = items().map((e) => e[0]);
		expect(insert).toMatchObject({ type: 'INSERT', before: null, after: { _id: '1790000000000000001' } });
		expect(insert).not.toHaveProperty('changed_fields');
		expect(remove).toMatchObject({ type: 'DELETE', after: null, before: { _id: '1790000000000000001' } });
	});

	it('v1 envelope, plain (no Encrypt Key): uuid is the event id', async () => {
		await start({ event: 'anyEvent' }, { verificationToken: TOKEN }, { schema: 'v1' });
		const [id] = emulator.events.push([{ eventType: 'contact.user.created_v1', event: { user: { name: 'A' } } }]);
		await emulator.events.idle();
		expect(items()).toEqual([[expect.objectContaining({ event_id: id, event_type: 'contact.user.created_v1', app_id: 'cli_test_app', user: { name: 'A' } })]]);
	});

	it('filters: workspace, table names (comma-separated) and change types; filtered events are answered 200 and not run', async () => {
		await start({ workspaceId: 'ws_1', tableNames: 'orders, customers', changeTypes: ['INSERT', 'DELETE'] });
		const send = (workspace: string, table: string, type: 'INSERT' | 'UPDATE' | 'DELETE') =>
			emulator.events.publishRecordChange({ workspace, table, type, before: type === 'INSERT' ? null : '{}', after: type === 'DELETE' ? null : '{}' });
		send('ws_1', 'orders', 'INSERT');
		send('ws_2', 'orders', 'INSERT');
		send('ws_1', 'lines', 'INSERT');
		send('ws_1', 'customers', 'UPDATE');
		send('ws_1', 'customers', 'DELETE');
		await emulator.events.idle();
		expect(items().map((e) => `${e[0].table}/${e[0].type}`).sort()).toEqual(['customers/DELETE', 'orders/INSERT']);
		expect(emulator.events.deliveries().every((d) => d.status === 200)).toBe(true);
	});

	it('Record Change ignores other event types (answered 200, not run)', async () => {
		await start();
		emulator.events.push([{ eventType: 'im.message.receive_v1', event: { message: { text: 'hi' } } }]);
		await emulator.events.idle();
		expect(trigger.executions).toHaveLength(0);
	});
});

describe('refused deliveries: 401, nothing executed, nothing secret answered or logged', () => {
	for (const forge of ['signature', 'token', 'staleTimestamp', 'undecryptable'] as const) {
		it(`forged ${forge}`, async () => {
			await start();
			emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'INSERT', after: '{}' }, { forge });
			await emulator.events.idle();
			const [delivery] = emulator.events.deliveries();
			expect(delivery.status).toBe(401);
			expect(trigger.executions).toHaveLength(0);
			for (const text of [delivery.answer, ...logged]) {
				expect(text).not.toContain(KEY);
				expect(text).not.toContain(TOKEN);
			}
			expect(logged.join('\n')).toMatch(/refused a request/);
		});
	}
});

describe('exactly once per event id', () => {
	it('every event delivered three times → one execution per event', async () => {
		await start();
		const ids = [];
		for (let i = 0; i < 20; i++) {
			ids.push(emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'INSERT', after: `{"i":${i}}` }, { duplicates: 2, duplicateSpacingMs: 5 })!);
		}
		await emulator.events.idle();
		expect(trigger.executions).toHaveLength(20);
		expect(items().map((e) => e[0].event_id).sort()).toEqual([...ids].sort());
		expect(emulator.events.deliveries().filter((d) => d.status === 200)).toHaveLength(60);
	});

	it('a duplicate arriving while the first is still being handled is caught (in-process memory)', async () => {
		await start({}, undefined, {}, 100);
		// Both copies at once: n8n loads the static data per request, so both requests start from the same copy.
		emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'INSERT', after: '{}' }, { duplicates: 5, duplicateSpacingMs: 0 });
		await emulator.events.idle();
		expect(emulator.events.deliveries()).toHaveLength(6);
		expect(trigger.executions).toHaveLength(1);
	});

	it('deliveries retried across an n8n restart (memory gone, static data saved) run once', async () => {
		await start();
		const first = emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'INSERT', after: '{}' })!;
		await emulator.events.idle();
		expect(trigger.executions).toHaveLength(1);
		expect(JSON.stringify(trigger.nodeStaticData())).toContain(first);

		// n8n goes down; Feishu re-delivers the first event (at least once) and a new one; both fail and are retried.
		await trigger.close();
		emulator.events.subscribe({ ...emulator.events.current!, retryScheduleMs: [300, 300, 300] });
		emulator.events.push([{ eventId: first, eventType: 'apaas.workspace.record_change_v1', event: { workspace: 'ws_1', table: 't', type: 'INSERT', after: '{}' } }]);
		const second = emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'INSERT', after: '{}' })!;
		await new Promise((resolve) => setTimeout(resolve, 100));
		await trigger.restart();
		await emulator.events.idle();
		expect(items().map((e) => e[0].event_id)).toEqual([first, second]);
		expect(emulator.events.deliveries().some((d) => d.status === 0)).toBe(true);
	});

	it('the saved static data holds the request URL and one entry per event run', async () => {
		await start();
		emulator.events.publishRecordChange({ workspace: 'ws_1', table: 't', type: 'INSERT', after: '{}' });
		await emulator.events.idle();
		const saved = trigger.nodeStaticData();
		expect(saved.requestUrl).toBe(trigger.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, 'http://127.0.0.1:5678'));
		expect(saved.seenEvents).toHaveLength(1);
	});
});

describe('webhook lifecycle', () => {
	it('activation fails with a clear message when the credential has no Verification Token', async () => {
		const helper = new TestCredentialsHelper((await loadPackage()).credentialTypes, {
			[CREDENTIAL_ID]: { name: 'Feishu', type: 'feishuApaasApi', data: credentialData(emulator) },
		});
		trigger = new WebhookTrigger({ parameters: { event: 'recordChange' }, credentials: { feishuApaasApi: { id: CREDENTIAL_ID, name: 'Feishu' } }, helper });
		await expect(trigger.activate()).rejects.toThrow(/no Verification Token/);
	});

	it('deactivation forgets the request URL (Feishu keeps pushing until it is removed in the console)', async () => {
		await start();
		expect(trigger.nodeStaticData().requestUrl).toBeDefined();
		await trigger.deactivate();
		expect(trigger.nodeStaticData().requestUrl).toBeUndefined();
	});
});
