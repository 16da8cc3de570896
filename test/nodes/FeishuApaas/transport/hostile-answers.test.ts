/**
 * Issue 16, the answer side, through n8n's engine against the emulator's test faults: a non-JSON
 * body that made the excerpt quadratic, a server that drips its answer (Timeout as a deadline, for
 * the request and for the token mint), `data` that is no object, an oversized `msg` or body, and
 * answer keys named `__proto__`. Each case failed before the fix (see the comment on each).
 */
import type { FeishuEmulator } from '../../../../emulator';
import { SAMPLE_LOGIC, SAMPLE_OBJECTS, SAMPLE_USERS } from '../../../../emulator';
import { apiRequests, cancel, errorDetails, requestsTo, runNode, useEmulator } from '../../../helpers/feishu';

const RUNNING = '7100000000000000001';
const TOKEN = '/tenant_access_token';

describe('hostile answers', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	describe('(3) the excerpt of a non-JSON body', () => {
		// Before: `/<[^>]*>/g` over the whole body; 200 KB of `<` took 26 s, 300 KB 60–90 s, with the
		// event loop blocked (so jest's own timeout cannot fire: the bound below is what fails). Now one
		// pass over a 4 KB prefix, well under a second.
		it('300 KB of "<" in an HTML error page gives the readable error at once', async () => {
			emulator.addFault({ kind: 'answer', status: 502, contentType: 'text/html', body: '<'.repeat(300_000), path: '/cancel' });
			const started = Date.now();
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING, { options: { maxRetries: 0 } }) });
			expect(Date.now() - started).toBeLessThan(10_000);
			expect(error?.message).toBe(`Feishu answered HTTP 502 with a body that is not a Feishu JSON envelope (text/html): "${'<'.repeat(160)}…"`);
			expect(errorDetails(error)).toMatchObject({ http_status: 502, item_index: 0 });
		}, 20_000);

		it('tags are still left out of the excerpt', async () => {
			const page = `<html><head><title>Blocked</title></head><body><p>Request   blocked by\n proxy</p>${'<b>x</b>'.repeat(50_000)}</body></html>`;
			emulator.addFault({ kind: 'answer', status: 403, contentType: 'text/html', body: page, path: '/cancel' });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING, { options: { maxRetries: 0 } }) });
			expect(error?.message).toMatch(/^Feishu answered HTTP 403 with a body that is not a Feishu JSON envelope \(text\/html\): "Blocked Request blocked by proxy x x x/);
		}, 20_000);
	});

	describe('(4) Timeout is a deadline for the whole request', () => {
		// Before: axios's idle timer never fired while a byte came every 250 ms: the item was held until
		// the whole answer had dripped in (40 s here), far past this test's timeout.
		it('a server dripping its answer does not hold the item past Timeout (Max Retries 0)', async () => {
			emulator.addFault({ kind: 'drip', intervalMs: 250, path: '/cancel' });
			const started = Date.now();
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING, { options: { timeout: 1000, maxRetries: 0 } }) });
			const elapsed = Date.now() - started;
			expect(error?.message).toBe('Feishu did not answer within the timeout');
			expect(errorDetails(error)).toMatchObject({ item_index: 0 });
			// Timeout plus slack for the mint, the engine and a loaded machine.
			expect(elapsed).toBeLessThan(1000 + 3000);
			expect(requestsTo(emulator, '/cancel')).toHaveLength(1);
		}, 15_000);

		// Before: a mint whose answer dripped took over 40 s.
		it('and for the token mint', async () => {
			emulator.addFault({ kind: 'drip', intervalMs: 250, path: TOKEN });
			const started = Date.now();
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING, { options: { timeout: 1000, maxRetries: 0 } }) });
			expect(Date.now() - started).toBeLessThan(1000 + 3000);
			expect(error?.message).toBe(`Could not reach ${emulator.url} to issue a tenant access token: no complete answer within 1000 ms`);
			expect(apiRequests(emulator)).toHaveLength(0);
		}, 15_000);

		it('an answer that drips in faster than Timeout is read whole', async () => {
			emulator.addFault({ kind: 'drip', intervalMs: 20, bytes: 64, path: '/cancel' });
			const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING, { options: { timeout: 5000, maxRetries: 0 } }) });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, approval_instance_id: RUNNING });
		}, 15_000);
	});

	describe('(8) data, msg and body checked for type and size', () => {
		// Before: a string `data` became an output item with one key per character (8 MB: 8.4 M keys).
		it('a "data" that is a string is a readable error, not an item of its characters', async () => {
			emulator.addFault({ kind: 'oversized', field: 'data', size: 100_000, path: '/cancel' });
			const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING) });
			expect(items).toEqual([]);
			expect(error?.message).toBe('Feishu answered code 0 with a "data" that is not an object (a string of 100000 characters)');
			expect(errorDetails(error)).toMatchObject({ http_status: 200, item_index: 0 });
		});

		it('a "data" that is a list is refused the same way', async () => {
			emulator.addFault({ kind: 'answer', body: '{"code":0,"msg":"success","data":[1,2]}', path: '/cancel' });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING) });
			expect(error?.message).toBe('Feishu answered code 0 with a "data" that is not an object (a list of 2 entries)');
		});

		// Before: the whole msg became the error message (50 MB: 52 M characters).
		it('a 5 MB msg is cut to 1,000 characters in the message and details', async () => {
			emulator.addFault({ kind: 'oversized', field: 'msg', size: 5_000_000, path: '/cancel' });
			const { error } = await runNode(emulator, { parameters: cancel(RUNNING) });
			const cut = `${'x'.repeat(1000)}… (4999000 more characters cut)`;
			expect(error?.message).toBe(`Feishu error 2320001: ${cut}`);
			expect(errorDetails(error)).toMatchObject({ code: 2320001, msg: cut, item_index: 0 });
		});

		// Before: accepted; the 64 MB string became part of the output item.
		it('a body over 64 MB is a readable error', async () => {
			emulator.addFault({ kind: 'oversized', field: 'body', size: 64 * 1024 * 1024 + 1024, path: '/cancel' });
			const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING, { options: { timeout: 60_000 } }) });
			expect(items).toEqual([]);
			expect(error?.message).toBe('Feishu answered HTTP 200 with a body of 64.0 MB, more than the 64.0 MB this node accepts');
		}, 30_000);
	});

	describe('(9) answer keys named __proto__, constructor, prototype stay ordinary own keys', () => {
		const isPlain = (value: object) => Object.getPrototypeOf(value) === Object.prototype;

		// Before: `keyed['__proto__'] = value` replaced the row's prototype: the value was lost and the
		// row inherited `polluted`.
		it('an OQL column named __proto__', async () => {
			const rows = JSON.stringify([[{ polluted: true }, 'c', 'p', 'Acme']]);
			const body = `{"code":0,"msg":"success","data":{"columns":["__proto__","constructor","prototype","name"],"rows":${JSON.stringify(rows)}}}`;
			emulator.addFault({ kind: 'answer', body, path: '/oql_query' });
			const { items, error } = await runNode(emulator, {
				parameters: { resource: 'object', operation: 'oqlQuery', namespace: SAMPLE_OBJECTS.namespace, query: 'SELECT name FROM customer' },
			});
			expect(error).toBeUndefined();
			const row = items[0].json;
			expect(isPlain(row)).toBe(true);
			expect((row as { polluted?: unknown }).polluted).toBeUndefined();
			expect(Object.keys(row)).toEqual(['__proto__', 'constructor', 'prototype', 'name']);
			expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toEqual({ polluted: true });
			expect(row.constructor).toBe('c');
			expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
		});

		// Before: Object.assign(errorItem, details) replaced the error item's prototype.
		it("a failed flow's data with a __proto__ key, as an error item under Continue On Fail", async () => {
			const body = '{"code":0,"msg":"success","data":{"status":"failed","error_msg":"bad input","__proto__":{"polluted":true}}}';
			emulator.addFault({ kind: 'answer', body, path: '/flows/' });
			const { items } = await runNode(emulator, {
				parameters: {
					resource: 'flow',
					operation: 'execute',
					namespace: SAMPLE_LOGIC.namespace,
					flowId: 'approve_order',
					operatorUserId: SAMPLE_USERS.zhang,
				},
				continueOnFail: true,
			});
			const json = items[0].json;
			expect(json).toMatchObject({ error: 'The flow ran and failed (status failed): bad input', item_index: 0 });
			expect(isPlain(json)).toBe(true);
			expect((json as { polluted?: unknown }).polluted).toBeUndefined();
			expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ polluted: true });
		});
	});
});
