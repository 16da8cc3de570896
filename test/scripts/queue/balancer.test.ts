/**
 * The queue-mode event test's load balancer (scripts/queue/balancer.ts): the emulator pushes through
 * it to two plain HTTP servers standing for two `n8n webhook` processes. Every repeat of an event id
 * must land on the other process, the bytes must arrive unchanged (the signature covers them), and the
 * answer must come back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeishuEmulator } from '../../../emulator';
import { EventBalancer, eventIdOf } from '../../../scripts/queue/balancer';
import { verifyDelivery } from '../../../nodes/FeishuApaasEventTrigger/verify';

const KEY = 'balancer-encrypt-key';
const TOKEN = 'balancer-token';

interface Received {
	backend: number;
	eventId: string;
	verified: boolean;
}

let emulator: FeishuEmulator;
let backends: Server[];
let balancer: EventBalancer;
const received: Received[] = [];

beforeEach(async () => {
	received.length = 0;
	emulator = await FeishuEmulator.start();
	backends = await Promise.all(
		[0, 1].map(async (backend) => {
			const server = createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					const rawBody = Buffer.concat(chunks);
					const verdict = verifyDelivery({ rawBody, headers: req.headers }, { encryptKey: KEY, verificationToken: TOKEN }, Date.now(), 300);
					received.push({ backend, eventId: eventIdOf(rawBody.toString('utf8'), KEY), verified: verdict.ok });
					res.writeHead(200, { 'content-type': 'application/json' }).end(`{"backend":${backend}}`);
				});
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
			return server;
		}),
	);
	balancer = await EventBalancer.start(
		backends.map((s) => (s.address() as AddressInfo).port),
		KEY,
	);
	emulator.events.subscribe({ url: `${balancer.url}/webhook/x`, encryptKey: KEY, verificationToken: TOKEN, retryScheduleMs: [50, 50] });
});

afterEach(async () => {
	await balancer.stop();
	await emulator.stop();
	for (const s of backends) await new Promise((resolve) => s.close(resolve));
});

it('sends every repeat of an event id to the other process, new ids in turn, bodies unchanged', async () => {
	const ids = emulator.events.push(
		Array.from({ length: 6 }, () => ({ eventType: 'apaas.workspace.record_change_v1', event: {} })),
		{ duplicates: 2, duplicateSpacingMs: 30 },
	);
	expect(await emulator.events.idle(10_000)).toBe(true);
	expect(received).toHaveLength(18);
	expect(received.every((r) => r.verified)).toBe(true);
	// In the order the balancer picked (under load a later delivery can reach its backend first).
	const picked = [...balancer.log].sort((a, b) => a.seq - b.seq);
	for (const id of ids) {
		expect(received.filter((r) => r.eventId === id)).toHaveLength(3);
		const path = picked.filter((r) => r.eventId === id).map((r) => r.backend);
		expect(path).toHaveLength(3);
		// Each delivery on the other process than the previous one.
		expect(path[1]).toBe(1 - path[0]);
		expect(path[2]).toBe(1 - path[1]);
	}
	// New ids alternate.
	const firsts = ids.map((id) => picked.find((r) => r.eventId === id)!.backend);
	expect(firsts.filter((b) => b === 0)).toHaveLength(3);
	expect(balancer.log.every((l) => l.status === 200)).toBe(true);
	expect(emulator.events.deliveries().every((d) => d.status === 200 && d.answer.startsWith('{"backend":'))).toBe(true);
});

it('reads the event id of a plain body too, and none of a challenge', () => {
	expect(eventIdOf(JSON.stringify({ schema: '2.0', header: { event_id: 'e1' } }), '')).toBe('e1');
	expect(eventIdOf(JSON.stringify({ uuid: 'u1' }), '')).toBe('u1');
	expect(eventIdOf(JSON.stringify({ challenge: 'c', type: 'url_verification' }), '')).toBe('');
	expect(eventIdOf('not json', KEY)).toBe('');
});
