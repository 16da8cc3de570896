/**
 * Environment Variable → Get, Get Many through n8n's engine against the emulator.
 */
import { SAMPLE_LOGIC, type FeishuEmulator } from '../../../../../emulator';
import { requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const NS = SAMPLE_LOGIC.namespace;

describe('Environment Variable → Get, Get Many', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('gets one variable (GET, no body)', async () => {
		const { items } = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'get', namespace: NS, environmentVariableApiName: 'api_base_url' } });
		expect(items.map((i) => i.json)).toEqual([expect.objectContaining({ api_name: 'api_base_url', value: 'https://erp.example.com/api' })]);
		expect(requestsTo(emulator, '/environment_variables/api_base_url').map((r) => [r.method, r.body])).toEqual([['GET', '']]);
	});

	it('lists every variable with Return All over numeric offset pages, and filters by Search', async () => {
		const all = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'getAll', namespace: NS, returnAll: true } });
		expect(all.items.map((i) => i.json.api_name)).toEqual([...SAMPLE_LOGIC.environmentVariables]);
		expect(requestsTo(emulator, '/environment_variables/query')[0].body).toEqual({ limit: 500, offset: 0 });

		emulator.clearLog();
		const some = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'getAll', namespace: NS, returnAll: false, limit: 3 } });
		expect(some.items).toHaveLength(3);

		const found = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'getAll', namespace: NS, returnAll: true, options: { quickQuery: 'email' } } });
		expect(found.items.map((i) => i.json.api_name)).toEqual(['support_email']);
		expect((requestsTo(emulator, '/environment_variables/query').pop()?.body as Record<string, unknown>).filter).toEqual({ quick_query: 'email' });
	});
});
