/**
 * The route table and the gateway step, without a server: the matcher's rules (literal beats
 * :param, wrong method, decoding) and what the `token` field of a row means.
 */
import type { RouteContext, UserTokenVerifier } from '../../emulator/context';
import type { Exchange } from '../../emulator/envelope';
import { Clock, RateLimiter } from '../../emulator/knobs';
import { ROUTES } from '../../emulator/routes';
import { admit, NO_USER_TOKENS, RouteTable, type Route } from '../../emulator/routing';
import { TokenStore } from '../../emulator/auth/tokens';

const noop = () => undefined;
const row = (method: Route['method'], path: string, api: string, token: Route['token'] = 'tenant'): Route => ({
	method,
	path,
	api,
	token,
	handle: noop,
});

describe('RouteTable', () => {
	const table = new RouteTable([
		row('PATCH', '/a/:object/records/:id', 'record.patch'),
		row('PATCH', '/a/:object/records/batch_update', 'records.batch_update'),
		row('GET', '/a/vars/:name', 'var.get'),
		row('POST', '/a/vars/query', 'vars.query'),
	]);
	const api = (method: string, path: string) => {
		const m = table.match(method, path);
		return m && m !== 'wrongMethod' ? [m.route.api, m.params] : m;
	};

	it('a literal segment beats a :param whatever the order of the rows', () => {
		expect(api('PATCH', '/a/order/records/batch_update')).toEqual(['records.batch_update', { object: 'order' }]);
		expect(api('PATCH', '/a/order/records/batch_create')).toEqual(['record.patch', { object: 'order', id: 'batch_create' }]);
	});

	it('the method picks between templates: GET vars/query reads a variable named "query"', () => {
		expect(api('GET', '/a/vars/query')).toEqual(['var.get', { name: 'query' }]);
		expect(api('POST', '/a/vars/query')).toEqual(['vars.query', {}]);
	});

	it('a known path with another method is "wrongMethod"; an unknown path is null', () => {
		expect(table.match('DELETE', '/a/vars/x')).toBe('wrongMethod');
		expect(table.match('GET', '/a/vars')).toBeNull();
		expect(table.match('GET', '/a/vars/x/y')).toBeNull();
		// A :param is one non-empty segment.
		expect(table.match('GET', '/a/vars/')).toBeNull();
	});

	it('decodes params once; a malformed escape is kept as sent', () => {
		expect(api('GET', '/a/vars/%E5%90%8D%2Fx')).toEqual(['var.get', { name: '名/x' }]);
		expect(api('GET', '/a/vars/%E0')).toEqual(['var.get', { name: '%E0' }]);
	});

	it('refuses two rows with one method and template', () => {
		expect(() => new RouteTable([row('GET', '/x/:a', 'one'), row('GET', '/x/:a', 'two')])).toThrow('duplicate emulator route GET /x/:a');
	});

	it('the emulator table compiles (no duplicates) and names every API once', () => {
		expect(() => new RouteTable(ROUTES)).not.toThrow();
		const names = ROUTES.map((r) => r.api);
		expect(new Set(names).size).toBe(names.length);
	});
});

describe('admit: the token field of a row', () => {
	function fakeExchange(authorization?: string) {
		const sent: { status: number; body: Record<string, unknown> | null } = { status: 0, body: null };
		const res = {
			statusCode: 0,
			setHeader: noop,
			end(text: string) {
				sent.status = res.statusCode;
				sent.body = JSON.parse(text) as Record<string, unknown>;
			},
		};
		const ex = {
			req: { headers: authorization === undefined ? {} : { authorization } },
			res,
			logId: 'log',
			method: 'GET',
			path: '/p',
			rawBody: '',
			record: { status: 0 },
			extraHeaders: {},
		} as unknown as Exchange;
		return { ex, sent };
	}
	function context(userTokens: UserTokenVerifier = NO_USER_TOKENS) {
		const tokens = new TokenStore();
		const clock = new Clock();
		const tenant = tokens.issue('cli_test_app', 7200, clock.now()).token;
		const ctx = { tokens, clock, rate: new RateLimiter(), userApiRate: new RateLimiter(), counters: { mints: 0, tokenRequests: 0, served: 0, rateLimited: 0 }, userTokens };
		return { ctx: ctx as unknown as RouteContext, tenant };
	}
	const userRoute = row('GET', '/u', 'user.thing', 'user');
	const tenantRoute = row('GET', '/t', 'tenant.thing', 'tenant');

	it('a tenant route takes the tenant token and sets the caller', () => {
		const { ctx, tenant } = context();
		const { ex } = fakeExchange(`Bearer ${tenant}`);
		expect(admit(ctx, ex, tenantRoute)).toBe(true);
		expect(ex.caller).toEqual({ appId: 'cli_test_app' });
	});

	it('a user route without a verifier answers 99991661 without a token and 99991663 with any token', () => {
		const { ctx, tenant } = context();
		const missing = fakeExchange();
		expect(admit(ctx, missing.ex, userRoute)).toBe(false);
		expect(missing.sent).toMatchObject({ status: 400, body: { code: 99991661 } });
		const wrongKind = fakeExchange(`Bearer ${tenant}`);
		expect(admit(ctx, wrongKind.ex, userRoute)).toBe(false);
		expect(wrongKind.sent).toMatchObject({ status: 400, body: { code: 99991663 } });
		expect(wrongKind.ex.caller).toBeUndefined();
	});

	it('a user route asks ctx.userTokens (the OAuth hook) and sets app and user; a user token is no tenant token', () => {
		const verifier: UserTokenVerifier = { verify: (token) => (token === 'u-1' ? { appId: 'cli_test_app', userId: 'ou_1' } : null) };
		const { ctx } = context(verifier);
		const ok = fakeExchange('Bearer u-1');
		expect(admit(ctx, ok.ex, userRoute)).toBe(true);
		expect(ok.ex.caller).toEqual({ appId: 'cli_test_app', userId: 'ou_1' });
		const onTenant = fakeExchange('Bearer u-1');
		expect(admit(ctx, onTenant.ex, tenantRoute)).toBe(false);
		expect(onTenant.sent.body).toMatchObject({ code: 99991663 });
	});

	it('a rate limit filtered by API name limits that route', () => {
		const { ctx, tenant } = context();
		ctx.rate.set({ limit: 1, windowMs: 60_000, api: 'tenant.thing' });
		expect(admit(ctx, fakeExchange(`Bearer ${tenant}`).ex, tenantRoute)).toBe(true);
		const second = fakeExchange(`Bearer ${tenant}`);
		expect(admit(ctx, second.ex, tenantRoute)).toBe(false);
		expect(second.sent).toMatchObject({ status: 429, body: { code: 99991400 } });
		expect(ctx.rate.windows).toEqual([expect.objectContaining({ api: 'GET /t', served: 1, rejected: 1 })]);
	});
});
