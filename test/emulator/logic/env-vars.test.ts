import { SAMPLE_LOGIC, SAMPLE_OBJECTS } from '../../../emulator';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { appPath, logicApi } from '../../helpers/emulator/logic';

const ALL = [...SAMPLE_LOGIC.environmentVariables];

describe('environment variables', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const get = (name: string, namespace?: string) => logicApi(em(), token, 'GET', `environment_variables/${name}`, undefined, namespace);
	const query = (body?: unknown, namespace?: string) => logicApi(em(), token, 'POST', 'environment_variables/query', body, namespace);

	describe('GET environment_variables/:environment_variable_api_name', () => {
		it('answers the item with every documented field', async () => {
			const r = await get('api_base_url');
			expect(r.status).toBe(200);
			expect(r.json).toEqual({
				code: 0,
				msg: 'success',
				data: {
					item: {
						api_name: 'api_base_url',
						label: { zh_cn: '接口地址', en_us: 'API base URL' },
						description: 'Base URL of the ERP API',
						value: 'https://erp.example.com/api',
						is_encrypted: false,
						created_at: 1_767_225_600_000,
						updated_at: 1_767_225_600_000 + 86_400_000,
						type: 'text',
					},
				},
			});
		});

		it('an encrypted variable comes masked', async () => {
			const { item } = (await get('secret_token')).json.data;
			expect(item).toMatchObject({ is_encrypted: true, value: '******' });
			expect(JSON.stringify(item)).not.toContain('tok_live');
		});

		it('a lookup variable carries object_api_name and object_label', async () => {
			const { item } = (await get('default_customer')).json.data;
			expect(item).toMatchObject({
				type: 'lookup',
				value: SAMPLE_OBJECTS.customers.acme,
				object_api_name: 'customer',
				object_label: { zh_cn: '客户', en_us: 'Customer' },
			});
			expect((await get('region')).json.data.item).not.toHaveProperty('object_api_name');
		});

		it('a variable named "query" is read by GET (not taken for the query API)', async () => {
			em().seed({ logic: { namespaces: [{ namespace: 'demo_app', environmentVariables: [{ apiName: 'query', label: { zh_cn: '查', en_us: 'Q' }, value: 'v' }] }] } });
			expect((await get('query')).json.data.item).toMatchObject({ api_name: 'query', value: 'v', type: 'text', description: '' });
		});

		it.each([
			['unknown variable', 'nope', undefined, 'unknown environment variable "nope"'],
			['unknown namespace', 'api_base_url', 'no_such_app', 'unknown namespace "no_such_app"'],
		])('%s -> 400 2320001', async (_n, name, namespace, msg) => {
			const r = await get(name, namespace);
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain(msg);
		});
	});

	describe('POST environment_variables/query', () => {
		it('lists every variable (default limit 500) with total, in creation order', async () => {
			const r = await query({});
			expect(r.status).toBe(200);
			expect(r.json.data.total).toBe(7);
			expect(r.json.data.items.map((v) => v.api_name)).toEqual(ALL);
			expect(r.json.data.items[2]).toMatchObject({ api_name: 'secret_token', value: '******', is_encrypted: true });
		});

		it('an empty body lists everything too', async () => {
			const r = await call(em(), appPath('environment_variables/query'), { token });
			expect((r.json as unknown as { data: { total: number } }).data.total).toBe(7);
		});

		it('pages with limit and offset; total stays the full count', async () => {
			const pages: string[][] = [];
			for (let offset = 0; offset < 7; offset += 3) {
				const r = await query({ limit: 3, offset });
				expect(r.json.data.total).toBe(7);
				pages.push(r.json.data.items.map((v) => v.api_name));
			}
			expect(pages).toEqual([ALL.slice(0, 3), ALL.slice(3, 6), ALL.slice(6)]);
			expect((await query({ limit: 3, offset: 7 })).json.data).toEqual({ items: [], total: 7 });
		});

		it('quick_query matches api name or labels, ignoring case', async () => {
			const names = async (q: string) => (await query({ filter: { quick_query: q } })).json.data.items.map((v) => v.api_name);
			expect(await names('URL')).toEqual(['api_base_url']);
			expect(await names('amount')).toEqual(['max_amount']);
			expect(await names('客户')).toEqual(['default_customer']);
			expect(await names('SUPPORT e')).toEqual(['support_email']);
			expect(await names('zzz')).toEqual([]);
			const r = await query({ filter: { quick_query: 'e' }, limit: 2 });
			expect(r.json.data.items).toHaveLength(2);
			expect(r.json.data.total).toBeGreaterThan(2);
		});

		it('limit and offset as digit strings are accepted', async () => {
			expect((await query({ limit: '2', offset: '1' })).json.data.items.map((v) => v.api_name)).toEqual(ALL.slice(1, 3));
		});

		it('a namespace with objects but no variables answers an empty list', async () => {
			em().seed({ objects: { namespaces: [{ namespace: 'objects_only', objects: [] }] } });
			expect((await query({}, 'objects_only')).json.data).toEqual({ items: [], total: 0 });
		});

		it.each([
			['limit 0', { limit: 0 }, 'limit must be 1..500'],
			['limit 501', { limit: 501 }, 'limit must be 1..500'],
			['limit not a number', { limit: 'ten' }, 'limit must be 1..500'],
			['negative offset', { offset: -1 }, 'offset must be a non-negative integer'],
			['filter not an object', { filter: 'x' }, 'filter must be an object'],
			['quick_query not a string', { filter: { quick_query: 1 } }, 'filter.quick_query must be a string'],
		])('%s -> 400 2320001', async (_n, body, msg) => {
			const r = await query(body);
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain(msg);
		});

		it('limit 500 is accepted; unknown namespace -> 2320001', async () => {
			expect((await query({ limit: 500 })).json.code).toBe(0);
			expectFeishuError(await query({}, 'no_such_app'), 400, 2320001);
		});

		it('no token -> 99991661', async () => {
			expectFeishuError((await call(em(), appPath('environment_variables/query'), { body: {} })) as never, 400, 99991661);
			expectFeishuError((await call(em(), appPath('environment_variables/region'), { method: 'GET' })) as never, 400, 99991661);
		});
	});
});
