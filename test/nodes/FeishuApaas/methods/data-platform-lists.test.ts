/**
 * The Table, Enum and View pickers of the data platform (searchTables, searchEnums, searchViews in
 * methods/dataPlatform.ts) through n8n-core's LoadOptionsContext, the way n8n's server calls them when
 * the editor opens the list: a user token, the node's Workspace (an id or the pasted URL), one Feishu
 * page of 100 per call, the editor's search, paging by Feishu's page_token.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DEFAULT_APP, type FeishuEmulator, type TableSeed, type WorkspaceSeed } from '../../../../emulator';
import { MAX_SEARCH_PAGES } from '../../../../nodes/FeishuApaas/methods/search-pages';
import { connectedCredential } from '../../../helpers/data-platform';
import { ALL_SCOPES } from '../../../helpers/emulator/oauth';
import { SHOP, WS } from '../../../helpers/emulator/workspaces';
import { listSearch } from '../../../helpers/harness/load-options';
import { NODE_TYPE, useEmulator } from '../../../helpers/feishu';

const EMPTY = { __rl: true, mode: 'list', value: '' };
const PICKERS = {
	searchTables: { what: 'tables', parameters: { resource: 'dataRecord', operation: 'getAll', tableName: EMPTY }, path: 'parameters.tableName' },
	searchEnums: { what: 'enums', parameters: { resource: 'dataEnum', operation: 'get', enumName: EMPTY }, path: 'parameters.enumName' },
} as const;
type Picker = keyof typeof PICKERS;

const table = (name: string): TableSeed => ({ name, description: name, columns: [{ name: 'note', data_type: 'text' }] });
const enumOf = (name: string): NonNullable<WorkspaceSeed['enums']>[number] => ({ name, options: ['a', 'b'] });
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}_${String(i).padStart(3, '0')}`);

describe('data-platform pickers (through n8n-core\'s LoadOptionsContext)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), {
		seed: {
			workspaces: [
				SHOP,
				{ id: 'ws_big', tables: names('t', 230).map(table), enums: names('e', 150).map(enumOf) },
				{ id: 'ws_empty' },
			],
		},
		userApiRateLimit: null,
	});

	const search = async (
		method: Picker,
		options: { workspaceId?: unknown; filter?: string; paginationToken?: string; credential?: Record<string, unknown> } = {},
	) =>
		await listSearch(method, {
			nodeType: NODE_TYPE,
			parameters: { authentication: 'userToken', workspaceId: (options.workspaceId ?? WS) as string, ...PICKERS[method].parameters } as INodeParameters,
			path: PICKERS[method].path,
			credential: { type: 'feishuApaasOAuth2Api', data: (options.credential ?? (await connectedCredential(emulator))) as never },
			filter: options.filter,
			paginationToken: options.paginationToken,
		});
	const sent = (what: string) =>
		emulator.requests.filter((r) => /\/workspaces\/[^/]+\/(tables|enums)$/.test(r.path) && r.path.endsWith(`/${what}`));
	const failure = async (method: Picker, options: Parameters<typeof search>[1] = {}) =>
		await search(method, options).then(() => undefined, (e: Error & { description?: string }) => e);

	it('Table lists the workspace\'s tables by name, with one GET of 100 and the user token', async () => {
		const { result } = await search('searchTables');
		expect(result).toEqual({ results: [{ name: 'orders', value: 'orders' }], paginationToken: undefined });
		expect(sent('tables').map((r) => [r.method, r.path, r.query])).toEqual([['GET', `/open-apis/apaas/v1/workspaces/${WS}/tables`, 'page_size=100']]);
		expect(sent('tables')[0].headers.authorization).toMatch(/^Bearer u-/);
	});

	it('Enum lists the workspace\'s enums by name', async () => {
		const { result } = await search('searchEnums');
		expect(result).toEqual({ results: [{ name: 'order_status', value: 'order_status' }], paginationToken: undefined });
		expect(sent('enums').map((r) => [r.path, r.query])).toEqual([[`/open-apis/apaas/v1/workspaces/${WS}/enums`, 'page_size=100']]);
	});

	it('the Workspace may be the data platform URL pasted as is', async () => {
		const { result } = await search('searchTables', { workspaceId: ` https://apaas.feishu.cn/suda/workspace/${WS}/table/orders?tab=1 ` });
		expect(result.results).toEqual([{ name: 'orders', value: 'orders' }]);
		expect(sent('tables')[0].path).toBe(`/open-apis/apaas/v1/workspaces/${WS}/tables`);
	});

	it.each(Object.keys(PICKERS) as Picker[])('%s pages by Feishu\'s page_token, 100 a page, the editor passing the token back', async (method) => {
		const { what } = PICKERS[method];
		const all = what === 'tables' ? names('t', 230) : names('e', 150);
		const seen: string[] = [];
		const tokens: Array<string | undefined> = [];
		let token: string | undefined;
		do {
			const { result } = await search(method, { workspaceId: 'ws_big', paginationToken: token });
			seen.push(...result.results.map((r) => String(r.value)));
			token = result.paginationToken as string | undefined;
			tokens.push(token);
		} while (token !== undefined && tokens.length < 5);
		expect(seen).toEqual(all);
		expect(tokens).toHaveLength(Math.ceil(all.length / 100));
		const queries = sent(what).map((r) => new URLSearchParams(r.query));
		expect(queries.map((q) => q.get('page_size'))).toEqual(tokens.map(() => '100'));
		expect(queries.map((q) => q.get('page_token'))).toEqual([null, ...tokens.slice(0, -1)]);
	});

	it.each([
		['part of a name', 't_00', ['t_000', 't_001', 't_002', 't_003', 't_004', 't_005', 't_006', 't_007', 't_008', 't_009']],
		['any case', 'T_22', names('t', 230).filter((n) => n.startsWith('t_22'))],
		['text nothing matches', 'no_such_table', []],
	])('Table searches by %s, over every page at once (the editor loads no next page for a search)', async (_label, filter, values) => {
		const { result } = await search('searchTables', { workspaceId: 'ws_big', filter });
		expect(result).toEqual({ results: values.map((v) => ({ name: v, value: v })), paginationToken: undefined });
		// Feishu's tables list takes no search: all three pages are read and filtered here.
		expect(sent('tables')).toHaveLength(3);
	});

	it('Enum searches over every page at once too', async () => {
		const { result } = await search('searchEnums', { workspaceId: 'ws_big', filter: 'e_14' });
		expect(result.results.map((r) => r.value)).toEqual(names('e', 150).filter((n) => n.startsWith('e_14')));
		expect(result.paginationToken).toBeUndefined();
		expect(sent('enums')).toHaveLength(2);
	});

	it.each(Object.keys(PICKERS) as Picker[])('%s of a workspace without any: an empty list, no token', async (method) => {
		const { result } = await search(method, { workspaceId: 'ws_empty' });
		expect(result).toEqual({ results: [], paginationToken: undefined });
	});

	it.each([
		['empty', '', /^Workspace is empty: enter the workspace id or paste the data platform URL/],
		['not an id', 'my workspace', /^Workspace must be a workspace id/],
		['a URL without /workspace/', 'https://apaas.feishu.cn/suda/home', /^Workspace: the URL does not contain \/workspace\/<workspace_id>\//],
	])('a Workspace that is %s: an error naming it, nothing sent', async (_label, workspaceId, message) => {
		const credential = await connectedCredential(emulator);
		emulator.clearLog();
		for (const method of Object.keys(PICKERS) as Picker[]) {
			const error = await failure(method, { workspaceId, credential });
			expect(error?.message).toMatch(message);
		}
		expect(emulator.requests).toHaveLength(0);
	});

	it('an unknown workspace: Feishu\'s code and message, without the token or the secret', async () => {
		const credential = await connectedCredential(emulator);
		const error = await failure('searchTables', { workspaceId: 'ws_nowhere', credential });
		expect(error?.message).toBe('Feishu error 2320001: param is invalid: workspace "ws_nowhere" does not exist or the user cannot access it');
		const shown = `${error?.message} ${error?.description ?? ''} ${JSON.stringify(error)}`;
		const tokens = credential.oauthTokenData as { access_token: string; refresh_token: string };
		for (const secret of [tokens.access_token, tokens.refresh_token, DEFAULT_APP.appSecret]) expect(shown).not.toContain(secret);
	});

	it('a user who did not grant the table scope: Feishu\'s missing-scope error', async () => {
		const credential = await connectedCredential(emulator, ALL_SCOPES.filter((s) => !s.startsWith('app_engine:workspace.table:')));
		const error = await failure('searchEnums', { credential });
		expect(error?.message).toMatch(/99991679/);
		expect(error?.message).not.toContain((credential.oauthTokenData as { access_token: string }).access_token);
	});

	it('View sends nothing and reads no credential: Feishu cannot list views (the list mode\'s hint says so)', async () => {
		const credential = await connectedCredential(emulator);
		emulator.clearLog();
		const { result, helper } = await listSearch('searchViews', {
			nodeType: NODE_TYPE,
			parameters: { authentication: 'userToken', resource: 'dataView', operation: 'getAll', workspaceId: WS, viewName: EMPTY },
			path: 'parameters.viewName',
			credential: { type: 'feishuApaasOAuth2Api', data: credential as never },
			filter: 'open',
		});
		expect(result).toEqual({ results: [] });
		expect(helper.decryptCount).toBe(0);
		expect(emulator.requests).toHaveLength(0);
	});

	it(`a search reads at most ${MAX_SEARCH_PAGES} pages, then answers the token the editor goes on from`, async () => {
		emulator.seed({ workspaces: [{ id: 'ws_huge', tables: names('h', MAX_SEARCH_PAGES * 100 + 5).map((n) => ({ name: n, columns: [] })) }] });
		const first = await search('searchTables', { workspaceId: 'ws_huge', filter: 'h_20' });
		// h_200…h_209 are on page 3; h_2000…h_2004 on page 21.
		expect(first.result.results.map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, k) => `h_20${k}`));
		expect(first.result.paginationToken).toEqual(expect.any(String));
		expect(sent('tables')).toHaveLength(MAX_SEARCH_PAGES);
		const rest = await search('searchTables', { workspaceId: 'ws_huge', filter: 'h_20', paginationToken: first.result.paginationToken as string });
		expect(rest.result).toEqual({ results: Array.from({ length: 5 }, (_, k) => ({ name: `h_200${k}`, value: `h_200${k}` })), paginationToken: undefined });
	});
});
