import { FeishuEmulator } from '../../emulator';
import { call, cancelPath, expectFeishuError, getToken, QUERY_PATH, TOKEN_PATH, useEmulator } from '../helpers/emulator/http';

const Q = { kunlun_user_id: '1700000000000001' };

describe('gateway behaviour', () => {
	const em = useEmulator();

	it('sends a fresh X-Tt-Logid on every response, success or not', async () => {
		const token = await getToken(em());
		const a = await call(em(), QUERY_PATH, { token, body: Q });
		const b = await call(em(), QUERY_PATH, { token, body: Q });
		const c = await call(em(), '/nope', {});
		const ids = [a, b, c].map((r) => r.headers.get('x-tt-logid'));
		for (const id of ids) expect(id).toMatch(/^\d{14}[0-9A-F]{16}$/);
		expect(new Set(ids).size).toBe(3);
	});

	it('wraps success as {code:0,msg:"success",data}', async () => {
		const r = await call(em(), QUERY_PATH, { token: await getToken(em()), body: Q });
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({ code: 0, msg: 'success', data: expect.any(Object) });
	});

	it('missing Authorization -> HTTP 400 code 99991661 (not 401)', async () => {
		const r = await call(em(), QUERY_PATH, { body: Q });
		expectFeishuError(
			r,
			400,
			99991661,
			'Missing access token for authorization. Please make a request with token attached.',
		);
		expect(r.json.error.troubleshooter).toMatch(
			/^排查建议查看\(Troubleshooting suggestions\): https:\/\/open\.feishu\.cn\/search\?from=openapi&log_id=/,
		);
	});

	it('unknown token -> HTTP 400 code 99991663', async () => {
		const r = await call(em(), QUERY_PATH, { token: 't-deadbeef', body: Q });
		expectFeishuError(
			r,
			400,
			99991663,
			'Invalid access token for authorization. Please make a request with token attached.',
		);
	});

	it('a token without the Bearer scheme is invalid', async () => {
		const token = await getToken(em());
		const r = await call(em(), QUERY_PATH, { headers: { Authorization: token }, body: Q });
		expect(r.json.code).toBe(99991663);
	});

	it('auth is required on cancel too', async () => {
		const r = await call(em(), cancelPath('7100000000000000001'), { body: { user_id: '1', opinion: 'x' } });
		expect(r.json.code).toBe(99991661);
		expect(em().instance('7100000000000000001')?.status).toBe('running');
	});

	it('unknown route -> 404 {code:404,msg:"404 page not found"}', async () => {
		const r = await call(em(), '/open-apis/apaas/v1/nothing', { token: 'x', body: {} });
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ code: 404, msg: '404 page not found' });
	});

	it('wrong method on a known path -> 404', async () => {
		const r = await call(em(), TOKEN_PATH, { method: 'GET' });
		expect(r.status).toBe(404);
	});

	it.each([['not json'], [''], ['[1,2]'], ['42']])('body %j on an API route -> 400 code 2320001', async (raw) => {
		const r = await call(em(), QUERY_PATH, {
			token: await getToken(em()),
			raw,
			headers: { 'Content-Type': 'application/json' },
		});
		expectFeishuError(r, 400, 2320001, 'param is invalid');
	});
});

describe('rate limit', () => {
	const em = useEmulator();

	it('is off by default (no headers)', async () => {
		const r = await call(em(), QUERY_PATH, { token: await getToken(em()), body: Q });
		expect(r.headers.get('x-ogw-ratelimit-limit')).toBeNull();
	});

	it('answers 429 99991400 over the limit, with limit/reset headers, and counts only served', async () => {
		em().rateLimit = { limit: 3, windowMs: 60_000 };
		const token = await getToken(em());
		const replies = [];
		for (let i = 0; i < 5; i++) replies.push(await call(em(), QUERY_PATH, { token, body: Q }));
		expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
		for (const r of replies) {
			expect(r.headers.get('x-ogw-ratelimit-limit')).toBe('3');
			const reset = Number(r.headers.get('x-ogw-ratelimit-reset'));
			expect(Number.isInteger(reset)).toBe(true);
			expect(reset).toBeGreaterThanOrEqual(1);
			expect(reset).toBeLessThanOrEqual(60);
		}
		expectFeishuError(replies[3], 429, 99991400, 'request trigger frequency limit');
		expect(em().stats).toMatchObject({ served: 3, rateLimited: 2, maxServedInWindow: 3 });
		expect(em().stats.windows).toEqual([expect.objectContaining({ served: 3, rejected: 2 })]);
	});

	it('frees the window after windowMs; reset header counts down in whole seconds (min 1)', async () => {
		em().rateLimit = { limit: 1, windowMs: 10_000 };
		const token = await getToken(em());
		expect((await call(em(), QUERY_PATH, { token, body: Q })).status).toBe(200);
		em().advanceClock(9_500);
		const limited = await call(em(), QUERY_PATH, { token, body: Q });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-ogw-ratelimit-reset')).toBe('1');
		em().advanceClock(600);
		expect((await call(em(), QUERY_PATH, { token, body: Q })).status).toBe(200);
		expect(em().stats.maxServedInWindow).toBe(1);
		expect(em().stats.windows).toHaveLength(2);
	});

	it('keeps a separate window per app', async () => {
		const two = await FeishuEmulator.start({
			seed: { preset: 'sample' },
			rateLimit: { limit: 1, windowMs: 60_000 },
			apps: [
				{ appId: 'cli_a', appSecret: 'a' },
				{ appId: 'cli_b', appSecret: 'b' },
			],
		});
		try {
			const a = await getToken(two, 'cli_a', 'a');
			const b = await getToken(two, 'cli_b', 'b');
			expect((await call(two, QUERY_PATH, { token: a, body: Q })).status).toBe(200);
			expect((await call(two, QUERY_PATH, { token: b, body: Q })).status).toBe(200);
			expect((await call(two, QUERY_PATH, { token: a, body: Q })).status).toBe(429);
		} finally {
			await two.stop();
		}
	});

	it('sends the rate-limit headers on auth errors too, without counting them', async () => {
		em().rateLimit = { limit: 2, windowMs: 30_000 };
		const r = await call(em(), QUERY_PATH, { body: Q });
		expect(r.json.code).toBe(99991661);
		expect(r.headers.get('x-ogw-ratelimit-limit')).toBe('2');
		expect(r.headers.get('x-ogw-ratelimit-reset')).toBe('30');
		expect(em().stats.served).toBe(0);
	});

	it('does not rate-limit the token endpoint', async () => {
		em().rateLimit = { limit: 1, windowMs: 60_000 };
		for (let i = 0; i < 3; i++) await getToken(em());
		expect(em().tokenRequests).toBe(3);
	});

	it('labels each logged request with its route api name (none for an unknown path), also in GET /__emulator/state', async () => {
		const token = await getToken(em());
		await call(em(), QUERY_PATH, { token, body: Q });
		await call(em(), '/open-apis/apaas/v1/nothing', { token, body: {} });
		expect(em().requests.map((r) => em().apiOf(r))).toEqual(['auth.tenant_access_token.internal', 'user_task.query', undefined]);
		const state = (await call(em(), '/__emulator/state', { method: 'GET' })).json as unknown as { requests: Array<{ api?: string }> };
		expect(state.requests.map((r) => r.api)).toEqual(['auth.tenant_access_token.internal', 'user_task.query', undefined]);
	});
});
