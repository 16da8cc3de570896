import { SAMPLE_OBJECTS, SAMPLE_USERS } from '../../emulator';
import { apiKey } from '../../emulator/routes';
import { call, cancelPath, expectFeishuError, getToken, QUERY_PATH, useEmulator } from '../helpers/emulator/http';
import { api } from '../helpers/emulator/objects';

const C = SAMPLE_OBJECTS.customers;
const BASE = '/open-apis/apaas/v1/applications/:namespace/objects';

describe('rate limits per app and per API', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const create = () => api(em(), token, 'POST', 'customer/records', { record: '{"name":"r"}' });
	const batchQuery = () => api(em(), token, 'POST', 'customer/records/batch_query', { select: ['name'] });
	const oql = () => api(em(), token, 'POST', 'oql_query', { query: 'SELECT name FROM customer' });

	it('apiKey() is method + path template for every API', () => {
		const a = '/open-apis/apaas/v1/applications/demo_app/objects';
		expect([
			apiKey('POST', `${a}/customer/records`),
			apiKey('PATCH', `${a}/customer/records/${C.acme}`),
			apiKey('DELETE', `${a}/customer/records/${C.acme}`),
			apiKey('POST', `${a}/customer/records/${C.acme}/query`),
			apiKey('POST', `${a}/customer/records/batch_create`),
			apiKey('PATCH', `${a}/order/records/batch_update`),
			apiKey('DELETE', `${a}/order/records/batch_delete`),
			apiKey('POST', `${a}/order/records/batch_query`),
			apiKey('POST', `${a}/oql_query`),
			apiKey('POST', `${a}/search`),
			apiKey('POST', cancelPath('7100000000000000001')),
			apiKey('POST', '/open-apis/apaas/v1/approval_tasks/7200000000000000001/agree'),
			apiKey('POST', '/open-apis/apaas/v1/user_tasks/7200000000000000001/rollback_points'),
			apiKey('POST', QUERY_PATH),
		]).toEqual([
			`POST ${BASE}/:object/records`,
			`PATCH ${BASE}/:object/records/:id`,
			`DELETE ${BASE}/:object/records/:id`,
			`POST ${BASE}/:object/records/:id/query`,
			`POST ${BASE}/:object/records/batch_create`,
			`PATCH ${BASE}/:object/records/batch_update`,
			`DELETE ${BASE}/:object/records/batch_delete`,
			`POST ${BASE}/:object/records/batch_query`,
			`POST ${BASE}/oql_query`,
			`POST ${BASE}/search`,
			'POST /open-apis/apaas/v1/approval_instances/:id/cancel',
			'POST /open-apis/apaas/v1/approval_tasks/:id/agree',
			'POST /open-apis/apaas/v1/user_tasks/:id/rollback_points',
			'POST /open-apis/apaas/v1/user_task/query',
		]);
	});

	it('each API has its own window: 2 per API, the third call of each is a 429', async () => {
		em().rateLimit = { limit: 2, windowMs: 60_000 };
		const statuses: number[][] = [];
		for (const send of [create, batchQuery, oql]) {
			const row = [];
			for (let i = 0; i < 3; i++) row.push((await send()).status);
			statuses.push(row);
		}
		expect(statuses).toEqual([
			[200, 200, 429],
			[200, 200, 429],
			[200, 200, 429],
		]);
		expect(em().stats).toMatchObject({ served: 6, rateLimited: 3, maxServedInWindow: 2 });
		expect(em().stats.windows.map((w) => [w.api, w.served, w.rejected])).toEqual([
			[`POST ${BASE}/:object/records`, 2, 1],
			[`POST ${BASE}/:object/records/batch_query`, 2, 1],
			[`POST ${BASE}/oql_query`, 2, 1],
		]);
		expect(em().records('demo_app', 'customer')).toHaveLength(7);
	});

	it('one API of two objects is one API (path template, not path)', async () => {
		em().rateLimit = { limit: 1, windowMs: 60_000 };
		expect((await batchQuery()).status).toBe(200);
		const other = await api(em(), token, 'POST', 'order/records/batch_query', { select: ['title'] });
		expectFeishuError(other, 429, 99991400, 'request trigger frequency limit');
	});

	it('a Query -> Cancel chain no longer shares one budget', async () => {
		em().rateLimit = { limit: 1, windowMs: 60_000 };
		expect((await call(em(), QUERY_PATH, { token, body: { kunlun_user_id: SAMPLE_USERS.zhang } })).status).toBe(200);
		const cancel = await call(em(), cancelPath('7100000000000000001'), { token, body: { user_id: SAMPLE_USERS.zhang, opinion: 'x' } });
		expect(cancel.status).toBe(200);
		expect((await call(em(), QUERY_PATH, { token, body: { kunlun_user_id: SAMPLE_USERS.zhang } })).status).toBe(429);
	});

	it('the api filter limits only the matching API; others pass without rate headers', async () => {
		em().configure({ rateLimit: { limit: 1, windowMs: 30_000, api: 'records/batch_create' } });
		const batch = () => api(em(), token, 'POST', 'customer/records/batch_create', { records: '[{"name":"b"}]' });
		const first = await batch();
		expect(first.status).toBe(200);
		expect(first.headers.get('x-ogw-ratelimit-limit')).toBe('1');
		const second = await batch();
		expectFeishuError(second, 429, 99991400);
		expect(second.headers.get('x-ogw-ratelimit-reset')).toBe('30');
		for (let i = 0; i < 3; i++) {
			const r = await create();
			expect(r.status).toBe(200);
			expect(r.headers.get('x-ogw-ratelimit-limit')).toBeNull();
		}
		expect(em().stats.windows).toEqual([
			expect.objectContaining({ appId: 'cli_test_app', api: `POST ${BASE}/:object/records/batch_create`, served: 1, rejected: 1 }),
		]);
		expect(em().rateLimit).toEqual({ limit: 1, windowMs: 30_000, api: 'records/batch_create' });
		// Auth errors carry the headers only on the limited API.
		const noToken = await call(em(), '/open-apis/apaas/v1/applications/demo_app/objects/customer/records/batch_create', { body: {} });
		expect(noToken.headers.get('x-ogw-ratelimit-limit')).toBe('1');
		const noTokenOther = await call(em(), '/open-apis/apaas/v1/applications/demo_app/objects/oql_query', { body: {} });
		expect(noTokenOther.headers.get('x-ogw-ratelimit-limit')).toBeNull();
	});

	it('the api filter can be set over HTTP and must be a non-empty string', async () => {
		const ok = await call(em(), '/__emulator/knobs', { body: { rateLimit: { limit: 1, windowMs: 1000, api: '/cancel' } } });
		expect(ok.status).toBe(200);
		expect((ok.json as unknown as { knobs: { rateLimit: unknown } }).knobs.rateLimit).toEqual({ limit: 1, windowMs: 1000, api: '/cancel' });
		const bad = await call(em(), '/__emulator/knobs', { body: { rateLimit: { limit: 1, windowMs: 1000, api: '' } } });
		expect(bad.status).toBe(400);
		expect(() => em().configure({ rateLimit: { limit: 1, windowMs: 1000, api: 5 as unknown as string } })).toThrow('rateLimit.api');
	});

	it('windows of an API free up after windowMs', async () => {
		em().rateLimit = { limit: 1, windowMs: 1000 };
		expect((await oql()).status).toBe(200);
		expect((await oql()).status).toBe(429);
		em().advanceClock(1000);
		expect((await oql()).status).toBe(200);
		expect(em().stats.windows.map((w) => w.served)).toEqual([1, 1]);
	});
});
