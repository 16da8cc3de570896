import { FeishuEmulator, SAMPLE_USERS } from '../../../emulator';
import { apiKey } from '../../../emulator/routes';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { appPath, logicApi, operator } from '../../helpers/emulator/logic';

const A = '/open-apis/apaas/v1/applications';
const ZHANG = SAMPLE_USERS.zhang;

describe('logic APIs: rate limits, control API, seeds', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});

	it('apiKey() is method + path template for each of the nine logic/access APIs', () => {
		expect([
			apiKey('POST', `${A}/demo_app/flows/approve_order/execute`),
			apiKey('POST', `${A}/demo_app/functions/echo/invoke`),
			apiKey('GET', `${A}/demo_app/environment_variables/region`),
			apiKey('GET', `${A}/demo_app/environment_variables/query`),
			apiKey('POST', `${A}/demo_app/environment_variables/query`),
			apiKey('GET', `${A}/demo_app/roles/sales_manager/member`),
			apiKey('POST', `${A}/demo_app/roles/sales_manager/member/batch_create_authorization`),
			apiKey('POST', `${A}/demo_app/roles/auditor/member/batch_remove_authorization`),
			apiKey('POST', `${A}/demo_app/record_permissions/vip_customers/member/batch_create_authorization`),
			apiKey('POST', `${A}/demo_app/record_permissions/vip_customers/member/batch_remove_authorization`),
		]).toEqual([
			`POST ${A}/:namespace/flows/:flow_id/execute`,
			`POST ${A}/:namespace/functions/:function_api_name/invoke`,
			`GET ${A}/:namespace/environment_variables/:environment_variable_api_name`,
			`GET ${A}/:namespace/environment_variables/:environment_variable_api_name`,
			`POST ${A}/:namespace/environment_variables/query`,
			`GET ${A}/:namespace/roles/:role_api_name/member`,
			`POST ${A}/:namespace/roles/:role_api_name/member/batch_create_authorization`,
			`POST ${A}/:namespace/roles/:role_api_name/member/batch_remove_authorization`,
			`POST ${A}/:namespace/record_permissions/:record_permission_api_name/member/batch_create_authorization`,
			`POST ${A}/:namespace/record_permissions/:record_permission_api_name/member/batch_remove_authorization`,
		]);
	});

	it('each logic API has its own window (one flow API for every flow), the rest pass', async () => {
		em().rateLimit = { limit: 2, windowMs: 60_000 };
		const run = (flow: string) => logicApi(em(), token, 'POST', `flows/${flow}/execute`, { operator: operator({ _id: ZHANG }) });
		const statuses = [(await run('approve_order')).status, (await run('slow_flow')).status];
		const limited = await run('approve_order');
		expectFeishuError(limited, 429, 99991400, 'request trigger frequency limit');
		expect(limited.headers.get('x-ogw-ratelimit-limit')).toBe('2');
		statuses.push((await logicApi(em(), token, 'POST', 'functions/echo/invoke', {})).status);
		statuses.push((await logicApi(em(), token, 'GET', 'environment_variables/region')).status);
		expect(statuses).toEqual([200, 200, 200, 200]);
		// A rate-limited execute runs nothing.
		expect(em().flowExecutions()).toHaveLength(2);
		expect(em().stats.windows.map((w) => [w.api, w.served, w.rejected])).toEqual([
			[`POST ${A}/:namespace/flows/:flow_id/execute`, 2, 1],
			[`POST ${A}/:namespace/functions/:function_api_name/invoke`, 1, 0],
			[`GET ${A}/:namespace/environment_variables/:environment_variable_api_name`, 1, 0],
		]);
	});

	it('the api filter picks a logic API by its template', async () => {
		em().rateLimit = { limit: 1, windowMs: 60_000, api: 'roles/:role_api_name/member/batch_create' };
		const add = () => logicApi(em(), token, 'POST', 'roles/auditor/member/batch_create_authorization', { user_ids: [ZHANG] });
		expect((await add()).status).toBe(200);
		expect((await add()).status).toBe(429);
		expect((await logicApi(em(), token, 'GET', 'roles/auditor/member')).status).toBe(200);
		expect((await logicApi(em(), token, 'GET', 'roles/auditor/member')).headers.get('x-ogw-ratelimit-limit')).toBeNull();
	});

	it('GET /__emulator/state has flowExecutions, functionInvocations, roles and recordPermissions', async () => {
		await logicApi(em(), token, 'POST', 'flows/approve_order/execute', { operator: operator({ _id: ZHANG }), params: '{"id":1790000000000000009}' });
		await logicApi(em(), token, 'POST', 'functions/echo/invoke', { params: '{"id":1790000000000000009}' });
		await logicApi(em(), token, 'POST', 'record_permissions/vip_customers/member/batch_create_authorization', { user_ids: [ZHANG] });
		const r = await call(em(), '/__emulator/state', { method: 'GET' });
		const state = r.json as unknown as Record<string, unknown>;
		expect(state.flowExecutions).toMatchObject([{ flowApiName: 'approve_order', params: { id: '1790000000000000009' }, paramsJson: '{"id":1790000000000000009}' }]);
		expect(state.functionInvocations).toMatchObject([{ functionApiName: 'echo', params: { id: '1790000000000000009' } }]);
		expect(state.roles).toEqual({
			demo_app: {
				sales_manager: { apiId: '1790000000000100001', users: [ZHANG], departments: ['od-sales'] },
				auditor: { apiId: '1790000000000100002', users: [], departments: [] },
			},
		});
		expect(state.recordPermissions).toEqual({ demo_app: { vip_customers: [ZHANG] } });
	});

	it('POST /__emulator/seed {logic} adds a namespace (19-digit numbers exact); bad seeds are refused', async () => {
		const seed = `{"logic":{"namespaces":[{"namespace":"crm","flows":[{"apiName":"sync","behavior":"echo"}],
			"functions":[{"apiName":"big","behavior":"constant","result":[1790000000000000077]}],
			"roles":[{"apiName":"viewer","apiId":"1790000000000100077","users":["${ZHANG}"]}],
			"recordPermissions":[{"apiName":"all_rows"}]}]}}`;
		const ok = await call(em(), '/__emulator/seed', { raw: seed });
		expect(ok.status).toBe(200);
		expect((await logicApi(em(), token, 'POST', 'functions/big/invoke', {}, 'crm')).json.data.result).toBe('[1790000000000000077]');
		const flow = await logicApi(em(), token, 'POST', 'flows/sync/execute', { operator: operator({ _id: ZHANG }), params: '{"a":1}' }, 'crm');
		expect(flow.json.data).toMatchObject({ status: 'end', out_params: '{"a":1}' });
		expect(em().roleMembers('crm', 'viewer')).toEqual({ users: [ZHANG], departments: [] });
		expect(em().recordPermissionMembers('crm', 'all_rows')).toEqual([]);
		// The sample namespace is untouched.
		expect(em().roleMembers('demo_app', 'sales_manager').users).toEqual([ZHANG]);

		const bad = await call(em(), '/__emulator/seed', { body: { logic: { namespaces: [{ namespace: 'x', roles: [{ apiName: 'r', apiId: 'abc' }] }] } } });
		expect(bad.status).toBe(400);
		expect(bad.text).toContain('digit-string apiId');
		const badName = await call(em(), '/__emulator/seed', { body: { logic: { namespaces: [{ namespace: 'x', flows: [{ apiName: 'a/b' }] }] } } });
		expect(badName.status).toBe(400);
		expect(badName.text).toContain('flow api name');
	});

	it('POST /__emulator/knobs sets flowDelayMs', async () => {
		const r = await call(em(), '/__emulator/knobs', { body: { flowDelayMs: 25 } });
		expect((r.json as unknown as { knobs: { flowDelayMs: number } }).knobs.flowDelayMs).toBe(25);
		expect(em().settings.flowDelayMs).toBe(25);
	});

	it('an emulator without a seed knows no logic namespace', async () => {
		const bare = await FeishuEmulator.start();
		try {
			const t = await getToken(bare);
			expectFeishuError(await logicApi(bare, t, 'POST', 'functions/echo/invoke', {}), 400, 2320001, 'param is invalid: unknown namespace "demo_app"');
		} finally {
			await bare.stop();
		}
	});

	it("seed 'workflow' loads the logic sample too", async () => {
		const wf = await FeishuEmulator.start({ seed: { preset: 'workflow' } });
		try {
			expect(wf.roleMembers('demo_app', 'sales_manager').users).toEqual([ZHANG]);
		} finally {
			await wf.stop();
		}
	});

	it('stop() during a slow synchronous flow does not hang', async () => {
		const slow = await FeishuEmulator.start({ seed: { preset: 'sample' }, flowDelayMs: 60_000 });
		const t = await getToken(slow);
		const pending = fetch(slow.url + appPath('flows/slow_flow/execute'), {
			method: 'POST',
			headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ operator: operator({ _id: ZHANG }) }),
		}).then(
			() => 'answered',
			() => 'dropped',
		);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(slow.flowExecutions()).toHaveLength(1);
		const started = Date.now();
		await slow.stop();
		expect(await pending).toBe('dropped');
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});
