/**
 * The emulator as Feishu's event pusher, seen from a plain receiver on 127.0.0.1: headers,
 * signature, encryption, envelopes, retries on non-200, duplicates, forgeries, control endpoints.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AESCipher } from '@larksuiteoapi/node-sdk';

import { FeishuEmulator } from '../../../emulator';

const KEY = 'emu-encrypt-key';
const TOKEN = 'emu-verification-token';

interface Received {
	headers: IncomingHttpHeaders;
	raw: string;
}

let emulator: FeishuEmulator;
let receiver: Server;
let url: string;
let received: Received[];
/** Status codes to answer, in order; then 200. */
let answers: number[];

beforeEach(async () => {
	emulator = await FeishuEmulator.start();
	received = [];
	answers = [];
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(answers.shift() ?? 200, { 'Content-Type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterEach(async () => {
	await emulator.stop();
	await new Promise((resolve) => receiver.close(resolve));
});

const control = async (path: string, body?: unknown, method = 'POST') =>
	(await (await fetch(`${emulator.url}/__emulator/events/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json()) as Record<string, unknown>;

const sign = (h: IncomingHttpHeaders, raw: string) =>
	createHash('sha256').update(`${String(h['x-lark-request-timestamp'])}${String(h['x-lark-request-nonce'])}${KEY}${raw}`).digest('hex');

const open = (raw: string) => JSON.parse(new AESCipher(KEY).decrypt((JSON.parse(raw) as { encrypt: string }).encrypt)) as Record<string, unknown>;

describe('deliveries', () => {
	it('encrypted v2 events carry a valid signature over the raw body and a fresh Unix-seconds timestamp', async () => {
		await control('subscription', { url, encryptKey: KEY, verificationToken: TOKEN, appId: 'cli_x', tenantKey: 'tk' });
		const { eventIds } = (await control('push', { count: 2, event: { a: 1 } })) as { eventIds: string[] };
		await emulator.events.idle();
		expect(received).toHaveLength(2);
		for (const r of received) {
			expect(r.headers['x-lark-signature']).toBe(sign(r.headers, r.raw));
			expect(Math.abs(Number(r.headers['x-lark-request-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
			const body = open(r.raw);
			expect(body).toMatchObject({ schema: '2.0', header: { token: TOKEN, app_id: 'cli_x', tenant_key: 'tk', event_type: 'apaas.workspace.record_change_v1' }, event: { a: 1 } });
		}
		expect(received.map((r) => (open(r.raw).header as { event_id: string }).event_id).sort()).toEqual([...eventIds].sort());
	});

	it('plain v1 events without an Encrypt Key: no signature headers, top-level token and uuid', async () => {
		await control('subscription', { url, verificationToken: TOKEN, schema: 'v1' });
		await control('push', { events: [{ eventId: 'u-1', eventType: 'x.y_v1', event: { k: 'v' } }] });
		await emulator.events.idle();
		expect(received[0].headers['x-lark-signature']).toBeUndefined();
		expect(JSON.parse(received[0].raw)).toMatchObject({ uuid: 'u-1', token: TOKEN, type: 'event_callback', event: { type: 'x.y_v1', k: 'v' } });
	});

	it('retries a non-200 answer on the subscription\'s schedule, at most 4 times, then gives up', async () => {
		await control('subscription', { url, verificationToken: TOKEN, retryScheduleMs: [20, 40, 60, 80] });
		answers = [500, 503, 500, 500, 500];
		await control('push', { count: 1 });
		await emulator.events.idle();
		expect(received).toHaveLength(5);
		const log = (await control('deliveries', undefined, 'GET')) as { deliveries: Array<{ attempt: number; status: number }>; pending: number };
		expect(log.deliveries.map((d) => [d.attempt, d.status])).toEqual([[0, 500], [1, 503], [2, 500], [3, 500], [4, 500]]);
		expect(log.pending).toBe(0);
		// The same event every time.
		expect(new Set(received.map((r) => (JSON.parse(r.raw) as { header: { event_id: string } }).header.event_id)).size).toBe(1);
	});

	it('stops retrying once answered 200', async () => {
		await control('subscription', { url, verificationToken: TOKEN, retryScheduleMs: [20, 20, 20, 20] });
		answers = [500];
		await control('push', { count: 1 });
		await emulator.events.idle();
		expect(received).toHaveLength(2);
	});

	it('retries when the URL does not answer at all (refused connection)', async () => {
		await control('subscription', { url: 'http://127.0.0.1:9/nothing', verificationToken: TOKEN, retryScheduleMs: [10, 10] });
		await control('push', { count: 1 });
		await emulator.events.idle();
		expect(emulator.events.deliveries().map((d) => d.status)).toEqual([0, 0, 0]);
	});

	it('loseAnswers (test fault): a 200 treated as lost is retried, so the receiver sees the event again', async () => {
		await control('subscription', { url, verificationToken: TOKEN, retryScheduleMs: [10, 10, 10] });
		await control('push', { count: 1, loseAnswers: 2 });
		await emulator.events.idle();
		expect(emulator.events.deliveries().map((d) => [d.status, d.lost ?? false])).toEqual([[200, true], [200, true], [200, false]]);
	});

	it('duplicates: the same event id several times', async () => {
		await control('subscription', { url, verificationToken: TOKEN });
		await control('push', { count: 1, duplicates: 3 });
		await emulator.events.idle();
		expect(received).toHaveLength(4);
		expect(new Set(received.map((r) => r.raw.match(/"event_id":"(\w+)"/)?.[1])).size).toBe(1);
	});
});

describe('forgeries (test faults, never retried)', () => {
	beforeEach(async () => {
		await control('subscription', { url, encryptKey: KEY, verificationToken: TOKEN, retryScheduleMs: [10] });
		answers = [401, 401];
	});

	it('signature: a signature that does not match', async () => {
		await control('push', { count: 1, forge: 'signature' });
		await emulator.events.idle();
		expect(received).toHaveLength(1);
		expect(received[0].headers['x-lark-signature']).not.toBe(sign(received[0].headers, received[0].raw));
	});

	it('token: signed and encrypted correctly, wrong token inside', async () => {
		await control('push', { count: 1, forge: 'token' });
		await emulator.events.idle();
		expect(received[0].headers['x-lark-signature']).toBe(sign(received[0].headers, received[0].raw));
		expect((open(received[0].raw).header as { token: string }).token).not.toBe(TOKEN);
	});

	it('staleTimestamp: signed correctly, 10 minutes old', async () => {
		await control('push', { count: 1, forge: 'staleTimestamp' });
		await emulator.events.idle();
		expect(received[0].headers['x-lark-signature']).toBe(sign(received[0].headers, received[0].raw));
		expect(Date.now() / 1000 - Number(received[0].headers['x-lark-request-timestamp'])).toBeGreaterThan(590);
	});

	it('undecryptable: signed correctly, encrypted with another key', async () => {
		await control('push', { count: 1, forge: 'undecryptable' });
		await emulator.events.idle();
		expect(() => open(received[0].raw)).toThrow();
	});
});

describe('control endpoints', () => {
	it('challenge: encrypted when the app has an Encrypt Key; the answer is returned', async () => {
		await control('subscription', { url, encryptKey: KEY, verificationToken: TOKEN });
		const result = await control('challenge', {});
		expect(result).toMatchObject({ ok: true, status: 200 });
		expect(open(received[0].raw)).toEqual({ challenge: result.challenge, token: TOKEN, type: 'url_verification' });
	});

	it('the subscription answer does not echo the secrets', async () => {
		const result = await control('subscription', { url, encryptKey: KEY, verificationToken: TOKEN });
		expect(JSON.stringify(result)).not.toContain(KEY);
		expect(JSON.stringify(result)).not.toContain(TOKEN);
	});

	it('record-change: the data platform\'s hook as a record_change_v1 with before/after JSON strings, int64 digits kept', async () => {
		await control('subscription', { url, verificationToken: TOKEN });
		await control('record-change', { workspace: 'ws', table: 'orders', type: 'UPDATE', before: '{"_id":1790000000000000123,"n":1}', after: { n: 2 } });
		await emulator.events.idle();
		expect(received[0].raw).toContain('"before":"{\\"_id\\":1790000000000000123,\\"n\\":1}"');
		expect(JSON.parse(received[0].raw)).toMatchObject({ event: { workspace: 'ws', table: 'orders', type: 'UPDATE', after: '{"n":2}' } });
	});

	it('bad control input is a 400 naming the field; without a subscription nothing is pushed', async () => {
		expect(await control('subscription', {})).toEqual({ ok: false, error: 'url is required' });
		expect(await control('push', { count: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/no subscription/) });
		await control('subscription', { url, verificationToken: TOKEN });
		expect(await control('push', { count: 1, forge: 'everything' })).toMatchObject({ ok: false, error: expect.stringMatching(/forge must be one of/) });
		await control('subscription', undefined, 'DELETE');
		expect(emulator.events.publishRecordChange({ workspace: 'w', table: 't', type: 'INSERT' })).toBeUndefined();
	});
});
