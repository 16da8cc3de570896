/**
 * The Environment Variable picker: a resource locator (list from environment_variables/query, or by
 * API name); Get reads either form, and the plain string saved workflows hold.
 */
import type { INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';

import { DEFAULT_APP, type EnvVarSeed, type FeishuEmulator } from '../../../../emulator';
import { loadPackage } from '../../../helpers/harness';
import { listSearch } from '../../../helpers/harness/load-options';
import { credentialData, NODE_TYPE, runNode, useEmulator } from '../../../helpers/feishu';

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

/** The seeded variables of demo_app, as the list shows them, in the order they were created. */
const SEEDED = [
	{ name: 'API base URL (api_base_url)', value: 'api_base_url' },
	{ name: 'Max amount (max_amount)', value: 'max_amount' },
	{ name: 'Secret token (secret_token)', value: 'secret_token' },
	{ name: 'Feature enabled (feature_enabled)', value: 'feature_enabled' },
	{ name: 'Default customer (default_customer)', value: 'default_customer' },
	{ name: 'Region (region)', value: 'region' },
	{ name: 'Support email (support_email)', value: 'support_email' },
];

const QUERY = (ns: string) => `/open-apis/apaas/v1/applications/${ns}/environment_variables/query`;

describe('Environment Variable picker: the list (searchEnvironmentVariables through n8n-core\'s LoadOptionsContext)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const search = async (options: { namespace?: unknown; filter?: string; paginationToken?: string; credential?: Record<string, unknown> } = {}) =>
		await listSearch('searchEnvironmentVariables', {
			nodeType: NODE_TYPE,
			parameters: { ...get({ __rl: true, mode: 'list', value: '' }), namespace: (options.namespace ?? NS) as string },
			path: 'parameters.environmentVariableApiName',
			credential: { type: 'feishuApaasApi', data: credentialData(emulator, options.credential) },
			filter: options.filter,
			paginationToken: options.paginationToken,
		});
	const queries = () => emulator.requests.filter((r) => r.path.endsWith('/environment_variables/query'));

	it('lists the application\'s variables as "Label (api_name)", valued by API name, in one page', async () => {
		const { result } = await search();
		expect(result).toEqual({ results: SEEDED, paginationToken: undefined });
		expect(queries().map((r) => [r.path, r.body])).toEqual([[QUERY(NS), { limit: 100, offset: 0 }]]);
	});

	it.each([
		['part of an API name', 'amount', ['max_amount']],
		['part of an English label, any case', 'SUPPORT', ['support_email']],
		['a Chinese label', '区域', ['region']],
		['text nothing matches', 'no_such_thing', []],
	])('searches by %s with Feishu\'s quick_query', async (_label, filter, values) => {
		const { result } = await search({ filter });
		expect(result.results.map((r) => r.value)).toEqual(values);
		expect(result.paginationToken).toBeUndefined();
		expect(queries()[0].body).toEqual({ limit: 100, offset: 0, filter: { quick_query: filter } });
	});

	it('pages by 100 with offset: 250 variables in three calls, the editor passing the token back', async () => {
		const many: EnvVarSeed[] = Array.from({ length: 250 }, (_, i) => ({
			apiName: `var_${String(i).padStart(3, '0')}`,
			label: { zh_cn: `变量 ${i}`, en_us: `Variable ${i}` },
			value: String(i),
			createdAt: 1_767_225_600_000 + i,
		}));
		emulator.seed({ logic: { namespaces: [{ namespace: 'big_app', environmentVariables: many }] } });
		const seen: string[] = [];
		const tokens: Array<string | undefined> = [];
		let token: string | undefined;
		do {
			const { result } = await search({ namespace: 'big_app', paginationToken: token });
			seen.push(...result.results.map((r) => String(r.value)));
			token = result.paginationToken as string | undefined;
			tokens.push(token);
		} while (token !== undefined && tokens.length < 5);
		expect(tokens).toEqual(['100', '200', undefined]);
		expect(seen).toEqual(many.map((v) => v.apiName));
		expect(queries().map((r) => r.body)).toEqual([0, 100, 200].map((offset) => ({ limit: 100, offset })));
	});

	it('pages a search too: the token is the offset among the matches', async () => {
		const many: EnvVarSeed[] = Array.from({ length: 250 }, (_, i) => ({
			apiName: i % 2 === 0 ? `even_${i}` : `odd_${i}`,
			label: { zh_cn: '变量', en_us: '' },
			value: '',
		}));
		emulator.seed({ logic: { namespaces: [{ namespace: 'mixed_app', environmentVariables: many }] } });
		const first = await search({ namespace: 'mixed_app', filter: 'even' });
		expect(first.result.results).toHaveLength(100);
		expect(first.result.paginationToken).toBe('100');
		// No English label: the Chinese one is shown.
		expect(first.result.results[0]).toEqual({ name: '变量 (even_0)', value: 'even_0' });
		const second = await search({ namespace: 'mixed_app', filter: 'even', paginationToken: '100' });
		expect(second.result.results.map((r) => r.value)).toEqual(Array.from({ length: 25 }, (_, k) => `even_${200 + 2 * k}`));
		expect(second.result.paginationToken).toBeUndefined();
		expect(queries().map((r) => r.body)).toEqual([
			{ limit: 100, offset: 0, filter: { quick_query: 'even' } },
			{ limit: 100, offset: 100, filter: { quick_query: 'even' } },
		]);
	});

	it('an application without variables: an empty list, no token', async () => {
		emulator.seed({ logic: { namespaces: [{ namespace: 'empty_app', flows: [{ apiName: 'noop' }] }] } });
		const { result } = await search({ namespace: 'empty_app' });
		expect(result).toEqual({ results: [], paginationToken: undefined });
	});

	it('mints once: the second list call reuses the token stored with the credential', async () => {
		const { helper } = await search();
		await listSearch('searchEnvironmentVariables', {
			nodeType: NODE_TYPE,
			parameters: { ...get({ __rl: true, mode: 'list', value: '' }) },
			path: 'parameters.environmentVariableApiName',
			credential: { type: 'feishuApaasApi', data: {} },
			helper,
			filter: 'region',
		});
		expect(emulator.mints).toBe(1);
		expect(queries()).toHaveLength(2);
	});

	it('an unknown namespace: Feishu\'s code and message', async () => {
		const error = await search({ namespace: 'no_such_app' }).then(() => undefined, (e: Error) => e);
		expect(error?.message).toBe('Feishu error 2320001: param is invalid: unknown namespace "no_such_app"');
	});

	it.each([
		['empty', '', 'Namespace is required'],
		['not an API name', 'demo app', 'Namespace must be an API name'],
	])('a Namespace that is %s: an error naming the field, nothing sent', async (_label, namespace, start) => {
		const error = await search({ namespace }).then(() => undefined, (e: Error) => e);
		expect(error?.message.startsWith(start)).toBe(true);
		expect(error?.message).toContain('environment variables');
		expect(emulator.requests).toHaveLength(0);
	});

	it('a wrong App Secret: Feishu\'s 10014 in the message, no secret', async () => {
		const error = await search({ credential: { appSecret: 'wrong-4c1d' } }).then(() => undefined, (e: Error) => e);
		expect(error?.message).toContain('(code 10014): app secret invalid');
		expect(error?.message).not.toContain('wrong-4c1d');
		expect(error?.message).not.toContain(DEFAULT_APP.appSecret);
		expect(queries()).toHaveLength(0);
	});
});
