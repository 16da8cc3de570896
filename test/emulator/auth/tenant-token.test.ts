import { FeishuEmulator } from '../../../emulator';
import { call, getToken, TOKEN_PATH, useEmulator } from '../../helpers/emulator/http';

describe('tenant_access_token/internal', () => {
	const em = useEmulator();

	it('issues a flat token response (not wrapped in data)', async () => {
		const r = await call(em(), TOKEN_PATH, { body: { app_id: 'cli_test_app', app_secret: 'test_secret' } });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			code: 0,
			msg: 'ok',
			tenant_access_token: expect.stringMatching(/^t-[0-9a-f]+$/),
			expire: 7200,
		});
		expect(r.json.data).toBeUndefined();
		expect(em().mints).toBe(1);
		expect(em().tokenRequests).toBe(1);
	});

	it('returns the same token with its remaining lifetime while >= 30 min are left', async () => {
		const first = await call(em(), TOKEN_PATH, { body: { app_id: 'cli_test_app', app_secret: 'test_secret' } });
		em().advanceClock(1000 * 1000); // 1000 s later: 6200 s left
		const second = await call(em(), TOKEN_PATH, { body: { app_id: 'cli_test_app', app_secret: 'test_secret' } });
		expect(second.json.tenant_access_token).toBe(first.json.tenant_access_token);
		expect(second.json.expire).toBeLessThanOrEqual(6200);
		expect(second.json.expire).toBeGreaterThanOrEqual(6199);
		expect(em().mints).toBe(1);
		expect(em().tokenRequests).toBe(2);
	});

	it('mints a new token below 30 min left, and the old one stays valid until it expires', async () => {
		const old = await getToken(em());
		em().advanceClock((7200 - 1700) * 1000); // 1700 s left (< 1800)
		const fresh = await getToken(em());
		expect(fresh).not.toBe(old);
		expect(em().mints).toBe(2);
		const q = { kunlun_user_id: '1700000000000001' };
		expect((await call(em(), '/open-apis/apaas/v1/user_task/query', { token: old, body: q })).json.code).toBe(0);
		em().advanceClock(1701 * 1000); // old token now expired
		const r = await call(em(), '/open-apis/apaas/v1/user_task/query', { token: old, body: q });
		expect(r.json.code).toBe(99991663);
		expect((await call(em(), '/open-apis/apaas/v1/user_task/query', { token: fresh, body: q })).json.code).toBe(0);
	});

	it('honours the tokenLifetimeSeconds knob (short lifetimes mint every time)', async () => {
		em().tokenLifetimeSeconds = 600;
		const r1 = await call(em(), TOKEN_PATH, { body: { app_id: 'cli_test_app', app_secret: 'test_secret' } });
		expect(r1.json.expire).toBe(600);
		const r2 = await call(em(), TOKEN_PATH, { body: { app_id: 'cli_test_app', app_secret: 'test_secret' } });
		expect(r2.json.tenant_access_token).not.toBe(r1.json.tenant_access_token);
		expect(em().mints).toBe(2);
	});

	it.each([
		['unknown app_id', { app_id: 'nope', app_secret: 'test_secret' }, 10003, 'invalid param'],
		['wrong secret', { app_id: 'cli_test_app', app_secret: 'wrong' }, 10014, 'app secret invalid'],
		['missing app_secret', { app_id: 'cli_test_app' }, 10003, 'invalid param'],
		['missing app_id', { app_secret: 'test_secret' }, 10003, 'invalid param'],
	])('%s -> HTTP 400 code %i', async (_name, body, code, msg) => {
		const r = await call(em(), TOKEN_PATH, { body });
		expect(r.status).toBe(400);
		expect(r.json).toEqual({ code, msg });
		expect(em().mints).toBe(0);
		expect(em().tokenRequests).toBe(1);
	});

	it('rejects a non-JSON body with 10003', async () => {
		const r = await call(em(), TOKEN_PATH, { raw: 'app_id=cli_test_app' });
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(10003);
	});

	it('invalidateTokens() makes current tokens fail and the next token call mint anew', async () => {
		const old = await getToken(em());
		em().invalidateTokens();
		const r = await call(em(), '/open-apis/apaas/v1/user_task/query', {
			token: old,
			body: { kunlun_user_id: '1700000000000001' },
		});
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(99991663);
		const fresh = await getToken(em());
		expect(fresh).not.toBe(old);
		expect(em().mints).toBe(2);
	});
});

describe('apps option', () => {
	it('accepts only the configured apps', async () => {
		const em = await FeishuEmulator.start({ apps: [{ appId: 'cli_a', appSecret: 's_a' }] });
		try {
			expect(await getToken(em, 'cli_a', 's_a')).toMatch(/^t-/);
			const r = await call(em, TOKEN_PATH, { body: { app_id: 'cli_test_app', app_secret: 'test_secret' } });
			expect(r.json.code).toBe(10003);
		} finally {
			await em.stop();
		}
	});
});
