/**
 * The Environment Variable picker: a resource locator (list from environment_variables/query, or by
 * API name); Get reads either form, and the plain string saved workflows hold.
 */
import type { INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';

import type { FeishuEmulator } from '../../../../emulator';
import { loadPackage } from '../../../helpers/harness';
import { runNode, useEmulator } from '../../../helpers/feishu';

const NS = 'demo_app';
const get = (value: unknown): INodeParameters => ({ resource: 'environmentVariable', operation: 'get', namespace: NS, environmentVariableApiName: value as INodeParameters[string] });

describe('Environment Variable picker', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('is a resource locator: From List (searchEnvironmentVariables, searchable) or By API Name', async () => {
		const pkg = await loadPackage();
		const node = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-feishu-apaas.feishuApaas', 1) as INodeType;
		const property = node.description.properties.find((p: INodeProperties) => p.name === 'environmentVariableApiName');
		expect(property).toMatchObject({ type: 'resourceLocator', default: { mode: 'list', value: '' } });
		expect(property?.modes?.map((m) => [m.name, m.type])).toEqual([
			['list', 'list'],
			['name', 'string'],
		]);
		expect(property?.modes?.[0].typeOptions).toEqual({ searchListMethod: 'searchEnvironmentVariables', searchable: true });
		expect(typeof node.methods?.listSearch?.searchEnvironmentVariables).toBe('function');
	});

	it.each([
		['a picked value', { __rl: true, mode: 'list', value: 'api_base_url' }],
		['a typed name', { __rl: true, mode: 'name', value: 'api_base_url' }],
		['the plain string of a saved workflow', 'api_base_url'],
	])('Get reads %s', async (_n, value) => {
		const { items, error } = await runNode(emulator, { parameters: get(value) });
		expect(error).toBeUndefined();
		expect(items[0].json.api_name).toBe('api_base_url');
	});
});
