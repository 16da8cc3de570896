import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import type { FeishuEmulator } from '../../../../emulator';
import {
	apiRequests,
	cancel,
	errorDetails,
	query,
	requestsTo,
	runNode,
	useEmulator,
} from '../../../helpers/feishu';

const RUNNING = [1, 2, 3, 4, 5, 6].map((n) => `710000000000000000${n}`);
const TOKEN = '/tenant_access_token';
const cancelPath = (id: string) => `/open-apis/apaas/v1/approval_instances/${id}/cancel`;
const statuses = (records: ReadonlyArray<{ status: number }>) => records.map((r) => r.status);
const byId = (ids: string[]) => ids.map((id) => ({ id }));
const cancelById = (options: INodeParameters = {}) => cancel('={{ $json.id }}', { options });

describe('transient faults and limits', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	describe('rate limit (HTTP 429, code 99991400)', () => {
		it('waits out the window and retries: all 6 items succeed, never more than 3 served per window', async () => {
			emulator.configure({ rateLimit: { limit: 3, windowMs: 1000 } });
			const { items, error } = await runNode(emulator, { items: byId(RUNNING), parameters: cancelById() });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.approval_instance_id)).toEqual(RUNNING);
			expect(items.every((i) => i.json.success === true)).toBe(true);
			expect(items.map((i) => i.pairedItem)).toEqual(RUNNING.map((_, item) => ({ item })));
			for (const id of RUNNING) expect(emulator.instance(id)?.status).toBe('cancelled');

			const { stats } = emulator;
			expect(stats.rateLimited).toBeGreaterThan(0);
			expect(stats.maxServedInWindow).toBeLessThanOrEqual(3);
			expect(stats.served).toBe(6);
			// Each instance was served exactly once; the 429s were re-sent for the same instance.
			for (const id of RUNNING) {
				expect(statuses(requestsTo(emulator, cancelPath(id))).filter((s) => s === 200)).toHaveLength(1);
			}
			expect(apiRequests(emulator).filter((r) => r.status === 429)).toHaveLength(stats.rateLimited);
		});

		it('pages of a Return All query are rate-limited and retried without gaps or duplicates', async () => {
			const { taskIds } = emulator.seed({ humanTasks: { generate: { tasks: 123, assignee: '1800000000000001' } } }).humanTasks;
			emulator.configure({ rateLimit: { limit: 2, windowMs: 1000 } });
			const { items, error } = await runNode(emulator, {
				parameters: query({ kunlunUserId: '1800000000000001', returnAll: true }),
			});
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.task_id)).toEqual(taskIds);
			expect(emulator.stats.rateLimited).toBeGreaterThan(0);
			expect(emulator.stats.maxServedInWindow).toBeLessThanOrEqual(2);
			const served = apiRequests(emulator).filter((r) => r.status === 200);
			expect(served.map((r) => (r.body as { offset: string }).offset)).toEqual(['0', '50', '100']);
		});

		it('with Max Retries 0 surfaces the 429 as "Feishu error 99991400" with http_status 429', async () => {
			emulator.configure({ rateLimit: { limit: 3, windowMs: 1000 } });
			const { items, error } = await runNode(emulator, {
				items: byId(RUNNING.slice(0, 4)),
				parameters: cancelById({ maxRetries: 0 }),
			});
			expect(items).toEqual([]);
			expect(error?.message).toMatch(/^Feishu error 99991400: /);
			expect(errorDetails(error)).toMatchObject({ code: 99991400, http_status: 429, item_index: 3 });
			expect(emulator.stats.rateLimited).toBe(1);
			expect(RUNNING.slice(0, 3).map((id) => emulator.instance(id)?.status)).toEqual([
				'cancelled',
				'cancelled',
				'cancelled',
			]);
			expect(emulator.instance(RUNNING[3])?.status).toBe('running');
		});
	});

	describe('5xx', () => {
		it('retries a 503 twice and succeeds', async () => {
			emulator.addFault({ kind: 'status', status: 503, times: 2, path: '/cancel' });
			const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({ success: true, approval_instance_id: RUNNING[0] });
			expect(statuses(requestsTo(emulator, '/cancel'))).toEqual([503, 503, 200]);
			expect(emulator.instance(RUNNING[0])?.status).toBe('cancelled');
			expect(emulator.pendingFaults()).toEqual([]);
		});

		it('gives up after Max Retries and reports HTTP 503', async () => {
			emulator.addFault({ kind: 'status', status: 503, times: 3, path: '/cancel' });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0], { options: { maxRetries: 1 } }) });
			expect(error?.message).toContain('503');
			expect(errorDetails(error)).toMatchObject({ http_status: 503, item_index: 0 });
			expect(`${error?.message} ${error?.description ?? ''} ${JSON.stringify(errorDetails(error))}`).toMatch(
				/503/,
			);
			// One try plus one retry; the third fault is left unused.
			expect(statuses(requestsTo(emulator, '/cancel'))).toEqual([503, 503]);
			expect(emulator.pendingFaults()).toEqual([expect.objectContaining({ kind: 'status', remaining: 1 })]);
			expect(emulator.instance(RUNNING[0])?.status).toBe('running');
		});
	});

	describe('connection reset', () => {
		it('retries a dropped connection and the instance is cancelled exactly once', async () => {
			emulator.addFault({ kind: 'reset', times: 1, path: '/cancel' });
			const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json)).toEqual([
				expect.objectContaining({ success: true, approval_instance_id: RUNNING[0] }),
			]);
			const attempts = requestsTo(emulator, cancelPath(RUNNING[0]));
			// The first attempt was never answered (status 0); exactly one was served with 200.
			expect(statuses(attempts)).toEqual([0, 200]);
			expect(emulator.instance(RUNNING[0])?.status).toBe('cancelled');
		});

		it('with Max Retries 0 reports the failed connection', async () => {
			emulator.addFault({ kind: 'reset', times: 1, path: '/cancel' });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0], { options: { maxRetries: 0 } }) });
			// The node's own message (transport/request.ts describeFailure), not n8n's generic ECONNRESET text.
			expect(errorDetails(error)).toMatchObject({ msg: 'The connection to Feishu failed (ECONNRESET)', item_index: 0 });
			expect(error?.message).toBe('The connection to Feishu failed (ECONNRESET)');
			expect(statuses(requestsTo(emulator, '/cancel'))).toEqual([0]);
			expect(emulator.instance(RUNNING[0])?.status).toBe('running');
		});
	});

	describe('hang', () => {
		it('gives up after the timeout with a readable error when Max Retries is 0', async () => {
			emulator.addFault({ kind: 'hang', path: '/cancel' });
			const { error } = await runNode(emulator, {
				parameters: cancel(RUNNING[0], { options: { timeout: 300, maxRetries: 0 } }),
			});
			expect(error?.message).toContain('did not answer within the timeout');
			expect(errorDetails(error)).toMatchObject({ item_index: 0 });
			expect(statuses(requestsTo(emulator, '/cancel'))).toEqual([0]);
			expect(emulator.instance(RUNNING[0])?.status).toBe('running');
		}, 10_000);

		it('retries after a timeout: the second attempt succeeds', async () => {
			emulator.addFault({ kind: 'hang', path: '/cancel' });
			const { items, error } = await runNode(emulator, {
				parameters: cancel(RUNNING[0], { options: { timeout: 300, maxRetries: 1 } }),
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, approval_instance_id: RUNNING[0] });
			expect(statuses(requestsTo(emulator, '/cancel'))).toEqual([0, 200]);
			expect(emulator.instance(RUNNING[0])?.status).toBe('cancelled');
		}, 10_000);

		it('a hung Query page is retried and the result is complete', async () => {
			emulator.addFault({ kind: 'hang', path: '/user_task/query' });
			const { items, error } = await runNode(emulator, {
				parameters: query({ options: { source: 'fromMe', timeout: 300, maxRetries: 1 } }),
			});
			expect(error).toBeUndefined();
			expect(items.map((i) => (i.json.workflow_instance as { id: string }).id)).toEqual([
				'7100000000000000003',
				'7100000000000000005',
			]);
			expect(statuses(requestsTo(emulator, '/user_task/query'))).toEqual([0, 200]);
		}, 10_000);
	});

	describe('HTML body from a gateway', () => {
		it('gives a readable error with the HTTP status, not a JSON parse crash', async () => {
			emulator.addFault({ kind: 'html', path: '/apaas/' });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0], { options: { maxRetries: 0 } }) });
			expect(error?.message).toContain('HTTP 502');
			expect(error?.message).toContain('not a Feishu JSON envelope');
			expect(error?.message).toContain('502 Bad Gateway');
			expect(error?.message).not.toMatch(/Unexpected token|JSON\.parse|SyntaxError/);
			expect(error?.message).not.toContain('<html>');
			expect(errorDetails(error)).toMatchObject({ http_status: 502, item_index: 0 });
			expect(statuses(apiRequests(emulator))).toEqual([502]);
		});

		it('is retried like any 5xx: one try plus Max Retries attempts, then the error', async () => {
			emulator.addFault({ kind: 'html', path: '/apaas/', times: 5 });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0], { options: { maxRetries: 2 } }) });
			expect(error?.message).toContain('HTTP 502');
			expect(statuses(apiRequests(emulator))).toEqual([502, 502, 502]);
			expect(emulator.pendingFaults()).toEqual([expect.objectContaining({ kind: 'html', remaining: 2 })]);
		});

		it('succeeds when the gateway recovers within Max Retries', async () => {
			emulator.addFault({ kind: 'html', path: '/apaas/', times: 1 });
			const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING[0], { options: { maxRetries: 1 } }) });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, approval_instance_id: RUNNING[0] });
			expect(statuses(apiRequests(emulator))).toEqual([502, 200]);
		});
	});

	describe('a redirect (a proxy or wrong Base URL in front of Feishu)', () => {
		// Where the redirect points: a second loopback server that must never be reached.
		let elsewhere: Server;
		let reached: Array<{ url?: string; authorization?: string; body: string }>;
		let elsewhereUrl: string;
		beforeEach(async () => {
			reached = [];
			elsewhere = createServer((req, res) => {
				let body = '';
				req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
				req.on('end', () => {
					reached.push({ url: req.url, authorization: req.headers.authorization, body });
					res.end('{}');
				});
			});
			await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
			elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
		});
		afterEach(async () => {
			await new Promise((resolve) => elsewhere.close(resolve));
		});

		it('is not followed on an API call: the token stays home and the error names the target origin', async () => {
			emulator.addFault({ kind: 'redirect', status: 307, location: `${elsewhereUrl}/steal`, path: '/apaas/' });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
			expect(error?.message).toContain(`HTTP 307, a redirect to ${elsewhereUrl}, which is not followed`);
			expect(error?.message).toContain('Base URL');
			expect(errorDetails(error)).toMatchObject({ http_status: 307, item_index: 0 });
			expect(reached).toEqual([]);
			// Not retried either: a redirect will not go away by itself.
			expect(statuses(apiRequests(emulator))).toEqual([307]);
			expect(emulator.instance(RUNNING[0])?.status).toBe('running');
		});

		it('is not followed on the mint: the app secret is never sent to the target', async () => {
			emulator.addFault({ kind: 'redirect', status: 308, location: `${elsewhereUrl}/token`, path: TOKEN });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
			expect(error?.message).toContain(`HTTP 308, a redirect to ${elsewhereUrl}, which is not followed`);
			expect(reached).toEqual([]);
			expect(statuses(requestsTo(emulator, TOKEN))).toEqual([308]);
			expect(apiRequests(emulator)).toHaveLength(0);
		});
	});

	describe('faults on the token endpoint', () => {
		it('retries a 5xx on the mint and then succeeds', async () => {
			emulator.addFault({ kind: 'status', status: 503, times: 1, path: TOKEN });
			const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, approval_instance_id: RUNNING[0] });
			expect(statuses(requestsTo(emulator, TOKEN))).toEqual([503, 200]);
			expect(emulator.mints).toBe(1);
			expect(statuses(apiRequests(emulator))).toEqual([200]);
		});

		it('reports a 5xx on the mint once Max Retries ran out, and sends no API request', async () => {
			emulator.addFault({ kind: 'status', status: 503, times: 3, path: TOKEN });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0], { options: { maxRetries: 1 } }) });
			expect(error?.message).toContain('503');
			expect(errorDetails(error)).toMatchObject({ http_status: 503, item_index: 0 });
			expect(statuses(requestsTo(emulator, TOKEN))).toEqual([503, 503]);
			expect(apiRequests(emulator)).toHaveLength(0);
		});

		it('does NOT retry a Feishu refusal (10014) on the mint, and names the code', async () => {
			emulator.addFault({ kind: 'feishuError', code: 10014, msg: 'app secret invalid', path: TOKEN, times: 5 });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
			expect(error?.message).toContain('10014');
			expect(error?.message).toContain('app secret invalid');
			expect(errorDetails(error)).toMatchObject({ code: 10014, item_index: 0 });
			expect(requestsTo(emulator, TOKEN)).toHaveLength(1);
			expect(apiRequests(emulator)).toHaveLength(0);
			expect(emulator.mints).toBe(0);
			expect(emulator.instance(RUNNING[0])?.status).toBe('running');
		});

		it('a wrong App Secret (the real 10014) is not retried either', async () => {
			const { error } = await runNode(emulator, {
				parameters: cancel(RUNNING[0]),
				credential: { appSecret: 'wrong' },
			});
			expect(error?.message).toContain('10014');
			expect(requestsTo(emulator, TOKEN)).toHaveLength(1);
			expect(apiRequests(emulator)).toHaveLength(0);
		});
	});

	describe('Continue On Fail', () => {
		const three = RUNNING.slice(0, 3);

		it.each([
			['a 500', { kind: 'status' as const, status: 500 }, 500, /500/],
			['an HTML 502', { kind: 'html' as const }, 502, /HTTP 502.*not a Feishu JSON envelope/],
		])('%s on the middle item becomes one paired error item; the others succeed in order', async (_l, fault, status, msg) => {
			emulator.addFault({ ...fault, path: cancelPath(three[1]) });
			const { items, error } = await runNode(emulator, {
				items: byId(three),
				parameters: cancelById({ maxRetries: 0 }),
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(3);
			expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json).toMatchObject({ success: true, approval_instance_id: three[0] });
			expect(items[1].json.success).toBeUndefined();
			expect(items[1].json).toMatchObject({ http_status: status, item_index: 1 });
			expect(String(items[1].json.error)).toMatch(msg);
			expect(items[2].json).toMatchObject({ success: true, approval_instance_id: three[2] });
			expect(three.map((id) => emulator.instance(id)?.status)).toEqual(['cancelled', 'running', 'cancelled']);
		});

		it('a hang on the middle item times out into an error item; the others succeed in order', async () => {
			emulator.addFault({ kind: 'hang', path: cancelPath(three[1]) });
			const { items, error } = await runNode(emulator, {
				items: byId(three),
				parameters: cancelById({ timeout: 300, maxRetries: 0 }),
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.approval_instance_id ?? i.json.error)).toEqual([
				three[0],
				expect.stringContaining('did not answer within the timeout'),
				three[2],
			]);
			expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[1].json.item_index).toBe(1);
		}, 10_000);
	});
});
