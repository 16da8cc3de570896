import { FeishuEmulator } from '../../emulator';
import { parseFault } from '../../emulator/knobs';
import { call, cancelPath, expectFeishuError, getToken, QUERY_PATH, TOKEN_PATH, useEmulator } from '../helpers/emulator/http';

const Q = { kunlun_user_id: '1700000000000001' };
const I1 = '7100000000000000001';
const CANCEL_BODY = { user_id: '1700000000000001', opinion: 'x' };

describe('faults', () => {
	const em = useEmulator();

	it.each([500, 502, 503])('status %i answers once, then the API is back', async (status) => {
		const token = await getToken(em());
		em().addFault({ kind: 'status', status });
		const r = await call(em(), QUERY_PATH, { token, body: Q });
		expect(r.status).toBe(status);
		expect(r.json.code).not.toBe(0);
		expect(r.headers.get('x-tt-logid')).toBeTruthy();
		expect((await call(em(), QUERY_PATH, { token, body: Q })).status).toBe(200);
	});

	it('counts `times` and targets a path substring', async () => {
		em().addFault({ kind: 'status', status: 503, times: 2, path: '/user_task/query' });
		const token = await getToken(em()); // token path does not match: unaffected
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await call(em(), QUERY_PATH, { token, body: Q })).status);
		expect(statuses).toEqual([503, 503, 200]);
		expect(em().pendingFaults()).toEqual([]);
	});

	it('reset destroys the socket without answering, before processing', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'reset', path: '/cancel' });
		await expect(fetch(em().url + cancelPath(I1), {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(CANCEL_BODY),
		})).rejects.toThrow();
		expect(em().instance(I1)?.status).toBe('running');
		const last = em().requests[em().requests.length - 1];
		expect(last).toMatchObject({ path: cancelPath(I1), status: 0, body: CANCEL_BODY });
	});

	it('loseAnswer processes the request, then drops the connection instead of answering', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'loseAnswer', path: '/cancel' });
		await expect(fetch(em().url + cancelPath(I1), {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(CANCEL_BODY),
		})).rejects.toThrow();
		// The work was done although the client never heard of it.
		expect(em().instance(I1)?.status).toBe('cancelled');
		expect(em().requests[em().requests.length - 1]).toMatchObject({ path: cancelPath(I1), status: 0 });
		expect(em().pendingFaults()).toEqual([]);
	});

	it('faults pre-empt the token endpoint too (no mint)', async () => {
		em().addFault({ kind: 'reset', path: TOKEN_PATH });
		await expect(getToken(em())).rejects.toThrow();
		expect(em().mints).toBe(0);
		expect(em().tokenRequests).toBe(0);
	});

	it('hang never answers (the client must time out)', async () => {
		em().addFault({ kind: 'hang' });
		await expect(
			fetch(em().url + QUERY_PATH, { method: 'POST', body: '{}', signal: AbortSignal.timeout(300) }),
		).rejects.toThrow();
		expect(em().requests[0].status).toBe(0);
	});

	it('html answers 502 text/html Bad Gateway', async () => {
		em().addFault({ kind: 'html' });
		const r = await call(em(), QUERY_PATH, { token: 'x', body: Q });
		expect(r.status).toBe(502);
		expect(r.headers.get('content-type')).toMatch(/^text\/html/);
		expect(r.text).toMatch(/^<html>[\s\S]*502 Bad Gateway[\s\S]*<\/html>/);
		expect(r.json).toBeUndefined();
	});

	it('redirect answers 307 (or the given status) with a Location header, once', async () => {
		em().addFault({ kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' });
		const r = await call(em(), QUERY_PATH, { token: 'x', body: Q, redirect: 'manual' });
		expect(r.status).toBe(307);
		expect(r.headers.get('location')).toBe('http://127.0.0.1:9/elsewhere');
		em().addFault({ kind: 'redirect', status: 301, location: '/moved' });
		const moved = await call(em(), QUERY_PATH, { token: 'x', body: Q, redirect: 'manual' });
		expect(moved.status).toBe(301);
		expect(() => parseFault({ kind: 'redirect' })).toThrow('redirect needs a string location');
	});

	it('invalidToken answers 99991663 even for a valid token, once', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'invalidToken' });
		expectFeishuError(await call(em(), QUERY_PATH, { token, body: Q }), 400, 99991663);
		expect((await call(em(), QUERY_PATH, { token, body: Q })).json.code).toBe(0);
	});

	it('feishuError answers the given envelope and has no side effect', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'feishuError', code: 2320099, msg: 'internal error', status: 500, path: '/cancel' });
		const r = await call(em(), cancelPath(I1), { token, body: CANCEL_BODY });
		expectFeishuError(r, 500, 2320099, 'internal error');
		expect(em().instance(I1)?.status).toBe('running');
	});

	it('feishuError defaults to HTTP 400', async () => {
		em().addFault({ kind: 'feishuError', code: 1234, msg: 'x' });
		expect((await call(em(), QUERY_PATH, { body: Q })).status).toBe(400);
	});

	it('rejects malformed faults', () => {
		expect(() => em().addFault({ kind: 'nope' } as never)).toThrow(/kind/);
		expect(() => em().addFault({ kind: 'hang', times: 0 })).toThrow(/times/);
	});

	it('rejects malformed test faults (drip, emptyPages, oversized, answer)', () => {
		expect(() => em().addFault({ kind: 'drip', intervalMs: 0 })).toThrow(/drip.intervalMs/);
		expect(() => em().addFault({ kind: 'emptyPages', tokens: [] })).toThrow(/emptyPages.tokens/);
		expect(() => em().addFault({ kind: 'oversized', field: 'headers', size: 1 } as never)).toThrow(/oversized/);
		expect(() => em().addFault({ kind: 'answer' } as never)).toThrow(/string body/);
	});

	it('drip (test fault) processes the request, then writes the answer a few bytes at a time', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'drip', intervalMs: 5, bytes: 8, path: '/cancel' });
		const started = Date.now();
		const r = await call(em(), cancelPath(I1), { token, body: CANCEL_BODY });
		expect(r.status).toBe(200);
		expect(r.json.code).toBe(0);
		// At least one interval per 8 bytes of the answer.
		expect(Date.now() - started).toBeGreaterThanOrEqual(Math.floor(r.text.length / 8) * 5 - 5);
		expect(em().instance(I1)?.status).toBe('cancelled');
	});

	it('emptyPages (test fault) answers empty pages with has_more, cycling its tokens', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'emptyPages', tokens: ['A', 'B'], times: 3 });
		const pages = [];
		for (let i = 0; i < 3; i++) pages.push((await call(em(), QUERY_PATH, { token, body: Q })).json.data);
		expect(pages).toEqual(['A', 'B', 'A'].map((t) => ({ items: '[]', records: '[]', has_more: true, next_page_token: t })));
	});

	it('oversized (test fault) answers a msg, data or body of the given size', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'oversized', field: 'msg', size: 3000 }, { kind: 'oversized', field: 'data', size: 10 }, { kind: 'oversized', field: 'body', size: 5000 });
		const msg = await call(em(), QUERY_PATH, { token, body: Q });
		expect([msg.status, msg.json.code, (msg.json.msg as string).length]).toEqual([400, 2320001, 3000]);
		expect((await call(em(), QUERY_PATH, { token, body: Q })).json).toEqual({ code: 0, msg: 'success', data: 'x'.repeat(10) });
		expect((await call(em(), QUERY_PATH, { token, body: Q })).text.length).toBeGreaterThan(5000);
	});

	it('answer (test fault) sends the body byte for byte with its status and content type', async () => {
		em().addFault({ kind: 'answer', status: 502, contentType: 'text/html', body: '<<<' });
		const r = await call(em(), QUERY_PATH, { body: Q });
		expect([r.status, r.headers.get('content-type'), r.text]).toEqual([502, 'text/html', '<<<']);
	});

	it('clearFaults() empties the queue', async () => {
		em().addFault({ kind: 'status', status: 500, times: 5 });
		em().clearFaults();
		expect((await call(em(), TOKEN_PATH, { body: { app_id: 'cli_test_app', app_secret: 'test_secret' } })).status).toBe(200);
	});
});

describe('latency, log and counters', () => {
	const em = useEmulator();

	it('latencyMs delays every answer', async () => {
		em().latencyMs = 200;
		const t0 = Date.now();
		await getToken(em());
		expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
	});

	it('records nothing when nothing was sent, and every request when sent', async () => {
		expect(em().requests).toEqual([]);
		await getToken(em());
		expect(em().requests).toHaveLength(1);
		expect(em().requests[0]).toMatchObject({
			method: 'POST',
			path: TOKEN_PATH,
			body: { app_id: 'cli_test_app', app_secret: 'test_secret' },
			status: 200,
		});
		em().clearLog();
		expect(em().requests).toEqual([]);
	});

	it('keeps a non-JSON body as the raw string', async () => {
		await call(em(), QUERY_PATH, { raw: 'hello', token: 'x' });
		expect(em().requests[0].body).toBe('hello');
	});

	it('reset() clears tokens, counters, log, faults and knobs and re-seeds', async () => {
		const token = await getToken(em());
		em().latencyMs = 50;
		em().rateLimit = { limit: 1, windowMs: 60_000 };
		em().addFault({ kind: 'hang' });
		em().reset();
		expect(em().mints).toBe(0);
		expect(em().requests).toEqual([]);
		expect(em().pendingFaults()).toEqual([]);
		expect(em().latencyMs).toBe(0);
		expect(em().rateLimit).toBeNull();
		expect(em().stats.windows).toEqual([]);
		expect((await call(em(), QUERY_PATH, { token, body: Q })).json.code).toBe(99991663);
	});
});

interface ControlJson {
	ok: boolean;
	instances: unknown[];
	tasks: unknown[];
	counters: unknown;
	knobs: unknown;
	requests: Array<{ body: unknown }>;
}

describe('HTTP control API', () => {
	const em = useEmulator();
	const control = (name: string, body?: unknown) =>
		fetch(`${em().url}/__emulator/${name}`, {
			method: body === undefined && name === 'state' ? 'GET' : 'POST',
			body: body === undefined ? undefined : JSON.stringify(body),
		}).then(async (r) => ({ status: r.status, json: (await r.json()) as ControlJson }));

	it('GET state: data, counters, knobs, request log with the secret masked; not logged itself', async () => {
		await getToken(em());
		const { status, json } = await control('state');
		expect(status).toBe(200);
		expect(json.instances).toHaveLength(7);
		expect(json.tasks).toHaveLength(10);
		expect(json.counters).toMatchObject({ mints: 1, tokenRequests: 1, maxServedInWindow: 0 });
		expect(json.knobs).toEqual({ tokenLifetimeSeconds: 7200, rateLimit: null, latencyMs: 0, latencyPerRecordMs: 0, oqlRowsAs: 'arrays', flowDelayMs: 0, accessTokenLifetimeSeconds: 7200, refreshTokenLifetimeSeconds: 604800, userTokenRejectStatus: 400, userApiRateLimit: { limit: 10, windowMs: 1000 } });
		expect(json.requests).toHaveLength(1);
		expect(json.requests[0].body).toEqual({ app_id: 'cli_test_app', app_secret: '***' });
		expect(em().requests).toHaveLength(1);
	});

	it('POST knobs sets knobs, invalidates tokens and advances the clock', async () => {
		const token = await getToken(em());
		const r = await control('knobs', {
			tokenLifetimeSeconds: 900,
			rateLimit: { limit: 5, windowMs: 1000 },
			latencyMs: 1,
			invalidateTokens: true,
		});
		expect(r.json.knobs).toEqual({ tokenLifetimeSeconds: 900, rateLimit: { limit: 5, windowMs: 1000 }, latencyMs: 1, latencyPerRecordMs: 0, oqlRowsAs: 'arrays', flowDelayMs: 0, accessTokenLifetimeSeconds: 7200, refreshTokenLifetimeSeconds: 604800, userTokenRejectStatus: 400, userApiRateLimit: { limit: 10, windowMs: 1000 } });
		expect((await call(em(), QUERY_PATH, { token, body: Q })).json.code).toBe(99991663);
		const before = em().now();
		await control('knobs', { advanceClockMs: 60_000 });
		expect(em().now() - before).toBeGreaterThanOrEqual(60_000);
		expect((await control('knobs', { latencyMs: -1 })).status).toBe(400);
	});

	it('POST faults queues one or many faults, or clears them', async () => {
		await control('faults', { kind: 'status', status: 502 });
		await control('faults', [{ kind: 'html' }, { kind: 'reset', path: '/x' }]);
		expect(em().pendingFaults()).toHaveLength(3);
		expect((await control('faults', { kind: 'bogus' })).status).toBe(400);
		await control('faults', { clear: true });
		expect(em().pendingFaults()).toHaveLength(0);
	});

	it('POST seed and POST reset', async () => {
		await control('seed', { humanTasks: { generate: { tasks: 5, assignee: '1700000000000077' } } });
		expect(em().snapshot().tasks).toHaveLength(15);
		await control('reset');
		expect(em().snapshot().tasks).toHaveLength(10);
	});

	it('POST clear-log', async () => {
		await getToken(em());
		await control('clear-log');
		expect(em().requests).toEqual([]);
	});

	it('unknown control endpoint -> 404', async () => {
		expect((await control('nope', {})).status).toBe(404);
	});
});

describe('stop()', () => {
	it('closes keep-alive sockets and hanging requests promptly', async () => {
		const em = await FeishuEmulator.start();
		await getToken(em); // leaves a keep-alive socket open
		em.addFault({ kind: 'hang' });
		const hanging = fetch(em.url + QUERY_PATH, { method: 'POST', body: '{}' });
		while (em.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
		const t0 = Date.now();
		await em.stop();
		expect(Date.now() - t0).toBeLessThan(1000);
		await expect(hanging).rejects.toThrow();
		await expect(fetch(em.url + TOKEN_PATH, { method: 'POST' })).rejects.toThrow();
	});

	it('cuts a pending latency delay short', async () => {
		const em = await FeishuEmulator.start({ latencyMs: 60_000 });
		const pending = fetch(em.url + TOKEN_PATH, { method: 'POST', body: '{}' });
		while (em.requests.length < 1) await new Promise((r) => setTimeout(r, 10));
		await em.stop();
		await expect(pending).rejects.toThrow();
		expect(em.mints).toBe(0);
	});
});
