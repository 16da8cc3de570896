/**
 * Function → Invoke through n8n's engine against the emulator: the result parsed with exact int64.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_LOGIC, type FeishuEmulator } from '../../../../../emulator';
import { requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const NS = SAMPLE_LOGIC.namespace;

describe('Function → Invoke', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));
	const invoke = (functionApiName: string, extra: INodeParameters = {}): INodeParameters => ({
		resource: 'function',
		operation: 'invoke',
		namespace: NS,
		functionApiName,
		...extra,
	});

	it('outputs an object result as the item, int64 exact; params from an object or JSON text', async () => {
		const { items } = await runNode(emulator, { parameters: invoke('echo', { params: '={{ { id: $json.id, n: 2 } }}' }), items: [{ id: '1790000000000000001' }] });
		expect(items.map((i) => i.json)).toEqual([{ id: '1790000000000000001', n: 2 }]);
		expect(requestsTo(emulator, '/functions/echo/invoke')[0].body).toEqual({ params: '{"id":"1790000000000000001","n":2}' });
	});

	it('outputs a list as one item per entry and a single value under result', async () => {
		const list = await runNode(emulator, { parameters: invoke('list_ids') });
		expect(list.items.map((i) => i.json)).toEqual([{ result: '1790000000000000001' }, { result: '1790000000000000002' }]);
		expect(list.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		const count = await runNode(emulator, { parameters: invoke('count_customers') });
		expect(count.items.map((i) => i.json)).toEqual([{ result: 5 }]);
	});

	it('sends no params when none are given, and surfaces a function error', async () => {
		await runNode(emulator, { parameters: invoke('echo') });
		expect(requestsTo(emulator, '/functions/echo/invoke')[0].body).toEqual({});
		const { error } = await runNode(emulator, { parameters: invoke('throws') });
		expect(error?.message).toBe('Feishu error 2320011: function execution failed: boom');
	});

	it('refuses params that are not a JSON object before sending', async () => {
		const { error } = await runNode(emulator, { parameters: invoke('echo', { params: '[1,2]' }) });
		expect(error?.message).toBe('Invalid "Parameters (JSON)" (params) in item 0: it must be a JSON object, got a list');
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
	});
});
