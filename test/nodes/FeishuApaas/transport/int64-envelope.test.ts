/**
 * Int64s in the envelope itself: Feishu sends some ids as bare JSON numbers beyond 2^53 (seats'
 * `user_id`, apps' `creator`). The transport must parse every answer with them kept exact. The
 * emulator's own answers never carry such a number on the tenant-token APIs, so a one-route stand-in
 * (real HTTP on loopback) answers Query User Tasks with one; the admin operations' tests check it on
 * the emulator.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { query, runNode } from '../../../helpers/feishu';

const BIG = '1790000000000000001';
const BODY =
	'{"code":0,"msg":"success","data":{"count":"1","tasks":[{"task_id":"7100000000000000001",' +
	`"initiator":{"user_id":${BIG},"name":"Ada"},"n":-${BIG},"small":42,"ratio":12.5,` +
	`"text":"id ${BIG} stays","safe":9007199254740991}]}}`;

describe('int64 in the envelope', () => {
	let server: Server;
	let url: string;
	beforeAll(async () => {
		server = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				res.setHeader('Content-Type', 'application/json; charset=utf-8');
				if (req.url?.includes('tenant_access_token')) {
					res.end('{"code":0,"msg":"ok","tenant_access_token":"t-stand-in","expire":7200}');
				} else res.end(BODY);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('keeps a bare 19-digit number exact (as a decimal string), every other value as JSON.parse reads it', async () => {
		const { items, error } = await runNode({ url }, { parameters: query({ returnAll: false, limit: 1 }) });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const task = items[0].json as Record<string, unknown>;
		expect(task.initiator).toEqual({ user_id: BIG, name: 'Ada' });
		expect(task.n).toBe(`-${BIG}`);
		expect(task.small).toBe(42);
		expect(task.ratio).toBe(12.5);
		expect(task.text).toBe(`id ${BIG} stays`);
		expect(task.safe).toBe(9007199254740991);
	});
});
