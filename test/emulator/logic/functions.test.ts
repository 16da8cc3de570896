import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { api } from '../../helpers/emulator/objects';
import { appPath, logicApi } from '../../helpers/emulator/logic';

describe('functions/:function_api_name/invoke', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const invoke = (fn: string, body?: unknown, namespace?: string) => logicApi(em(), token, 'POST', `functions/${fn}/invoke`, body, namespace);

	it('echo answers the params object, every int64 digit kept as a bare number', async () => {
		const params = '{"id":1790000000000000009,"nested":{"ids":[9007199254740993,-1234567890123456789]},"s":"x","n":1.5}';
		const r = await invoke('echo', { params });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 0, msg: 'success', data: { result: params } });
		expect(r.text).toContain('\\"id\\":1790000000000000009,');
	});

	it('echo without params (and with an empty body) answers an empty object', async () => {
		expect((await invoke('echo', {})).json.data.result).toBe('{}');
		const r = await call(em(), appPath('functions/echo/invoke'), { token });
		expect(r.status).toBe(200);
		expect((r.json as unknown as { data: { result: string } }).data.result).toBe('{}');
	});

	it('list_ids answers a JSON array of bare 19-digit numbers', async () => {
		const r = await invoke('list_ids', { params: '{}' });
		expect(r.json.data.result).toBe('[1790000000000000001,1790000000000000002]');
	});

	it('count_customers answers a bare number: the customer records of the namespace', async () => {
		expect((await invoke('count_customers')).json.data.result).toBe('5');
		await api(em(), token, 'POST', 'customer/records', { record: '{"name":"New"}' });
		expect((await invoke('count_customers')).json.data.result).toBe('6');
	});

	it('throws -> HTTP 400 / 2320011 "function execution failed: boom" (recorded as not ok)', async () => {
		const r = await invoke('throws', { params: '{"a":1}' });
		expectFeishuError(r, 400, 2320011, 'function execution failed: boom');
		expect(em().functionInvocations()).toMatchObject([{ functionApiName: 'throws', ok: false, params: { a: 1 } }]);
	});

	it('records every invocation with its params (int64s as strings) and the raw JSON', async () => {
		await invoke('echo', { params: '{"id":1790000000000000009}' });
		await invoke('list_ids');
		expect(em().functionInvocations()).toEqual([
			{
				namespace: 'demo_app',
				functionApiName: 'echo',
				params: { id: '1790000000000000009' },
				paramsJson: '{"id":1790000000000000009}',
				ok: true,
				at: expect.any(Number) as unknown as number,
			},
			{ namespace: 'demo_app', functionApiName: 'list_ids', params: null, paramsJson: null, ok: true, at: expect.any(Number) as unknown as number },
		]);
	});

	it('seed({logic}) adds functions with a built-in behaviour by name', async () => {
		em().seed({ logic: {
			namespaces: [
				{
					namespace: 'other_app',
					functions: [
						{ apiName: 'answer', behavior: 'constant', result: { n: 42n * 10n ** 17n } },
						{ apiName: 'fails', behavior: 'throws', errorMessage: 'no stock' },
					],
				},
			],
		} });
		expect((await invoke('answer', {}, 'other_app')).json.data.result).toBe('{"n":4200000000000000000}');
		expectFeishuError(await invoke('fails', {}, 'other_app'), 400, 2320011, 'function execution failed: no stock');
		expect(() => em().seed({ logic: { namespaces: [{ namespace: 'x', functions: [{ apiName: 'f', behavior: 'nope' as never }] }] } })).toThrow(
			'function behavior must be one of',
		);
	});

	it.each([
		['unknown namespace', 'echo', {}, 'no_such_app', 'unknown namespace "no_such_app"'],
		['unknown function', 'nope', {}, undefined, 'unknown function "nope" in namespace "demo_app"'],
		['params not JSON', 'echo', { params: 'x' }, undefined, 'params must be a JSON string of an object'],
		['params a JSON scalar', 'echo', { params: '5' }, undefined, 'params must be a JSON string of an object'],
		['params not a string', 'echo', { params: 5 }, undefined, 'params must be a JSON string of an object'],
	])('%s -> 400 2320001, nothing invoked', async (_n, fn, body, namespace, msg) => {
		const r = await invoke(fn, body, namespace);
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain(msg);
		expect(em().functionInvocations()).toEqual([]);
	});

	it('a namespace with objects but no logic is known: its functions are not', async () => {
		em().seed({ objects: { namespaces: [{ namespace: 'objects_only', objects: [] }] } });
		const r = await invoke('echo', {}, 'objects_only');
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain('unknown function "echo"');
	});

	it('no token -> 99991661; GET -> 404', async () => {
		expectFeishuError((await call(em(), appPath('functions/echo/invoke'), { body: {} })) as never, 400, 99991661);
		expect((await call(em(), appPath('functions/echo/invoke'), { method: 'GET', token })).status).toBe(404);
	});
});
