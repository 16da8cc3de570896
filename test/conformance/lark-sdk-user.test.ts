/**
 * Conformance of the user-token operations (the data platform) with the official Lark SDK: the same
 * inputs through our node (n8n's engine, the OAuth2 credential) and through `client.apaas.v1.workspace*`
 * with `lark.withUserAccessToken`, both at the emulator. Method, path, query string, Authorization
 * scheme, Content-Type and JSON body must be equal.
 */
import * as lark from '@larksuiteoapi/node-sdk';

import { DEFAULT_APP, type FeishuEmulator, type RequestRecord } from '../../emulator';
import { OPERATIONS } from '../../nodes/FeishuApaas/resources';
import { runUserNode, storedTokens, userCredentialStore } from '../helpers/data-platform';
import { SHOP, WS } from '../helpers/emulator/workspaces';
import { useEmulator } from '../helpers/feishu';

const quiet = () => undefined;
const table = { __rl: true, mode: 'name', value: 'orders' };
const FILTER = 'qty=gt.1&customer=eq.a%26b';

interface UserCase {
	resource: string;
	operation: string;
	node: Record<string, unknown>;
	items?: Array<Record<string, unknown>>;
	sdk: (client: lark.Client, token: string) => Promise<unknown>;
}

const user = (token: string) => lark.withUserAccessToken(token);
const rows = JSON.stringify([{ sku: 'K-1', qty: 2 }]);

const CASES: UserCase[] = [
	{
		resource: 'dataTable',
		operation: 'getAll',
		node: { workspaceId: WS, returnAll: false, limit: 100 },
		sdk: (c, t) => c.apaas.v1.workspaceTable.list({ path: { workspace_id: WS }, params: { page_size: 100 } }, user(t)),
	},
	{
		resource: 'dataTable',
		operation: 'get',
		node: { workspaceId: WS, tableName: table },
		sdk: (c, t) => c.apaas.v1.workspaceTable.tableGet({ path: { workspace_id: WS, table_name: 'orders' } }, user(t)),
	},
	{
		resource: 'dataRecord',
		operation: 'getAll',
		node: { workspaceId: WS, tableName: table, returnAll: false, limit: 500, filterType: 'string', filterString: FILTER, options: { select: 'id,sku', order: 'id.desc' } },
		sdk: (c, t) =>
			c.apaas.v1.workspaceTable.recordsGet(
				{ path: { workspace_id: WS, table_name: 'orders' }, params: { select: 'id,sku', order: 'id.desc', filter: FILTER, page_size: 500 } },
				user(t),
			),
	},
	{
		resource: 'dataRecord',
		operation: 'create',
		node: { workspaceId: WS, tableName: table },
		items: [{ sku: 'K-1', qty: 2 }],
		sdk: (c, t) => c.apaas.v1.workspaceTable.recordsPost({ path: { workspace_id: WS, table_name: 'orders' }, data: { records: rows } }, user(t)),
	},
	{
		resource: 'dataRecord',
		operation: 'upsert',
		node: { workspaceId: WS, tableName: table, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['sku'], schema: [] } },
		items: [{ sku: 'K-1', qty: 2 }],
		sdk: (c, t) =>
			c.apaas.v1.workspaceTable.recordsPost(
				{ path: { workspace_id: WS, table_name: 'orders' }, params: { columns: 'sku,qty', on_conflict: 'sku' }, data: { records: rows } },
				user(t),
			),
	},
	{
		resource: 'dataRecord',
		operation: 'update',
		node: { workspaceId: WS, tableName: table, filterType: 'string', filterString: FILTER, columns: { mappingMode: 'defineBelow', value: { qty: 4 } } },
		sdk: (c, t) =>
			c.apaas.v1.workspaceTable.recordsPatch(
				{ path: { workspace_id: WS, table_name: 'orders' }, params: { filter: FILTER }, data: { record: '{"qty":4}' } },
				user(t),
			),
	},
	{
		resource: 'dataRecord',
		operation: 'updateMany',
		node: { workspaceId: WS, tableName: table },
		items: [{ _id: 'x-1', qty: 4 }],
		sdk: (c, t) =>
			c.apaas.v1.workspaceTable.recordsBatchUpdate(
				{ path: { workspace_id: WS, table_name: 'orders' }, data: { records: '[{"_id":"x-1","qty":4}]' } },
				user(t),
			),
	},
	{
		resource: 'dataRecord',
		operation: 'delete',
		node: { workspaceId: WS, tableName: table, filterType: 'string', filterString: FILTER },
		sdk: (c, t) => c.apaas.v1.workspaceTable.recordsDelete({ path: { workspace_id: WS, table_name: 'orders' }, params: { filter: FILTER } }, user(t)),
	},
	{
		resource: 'dataView',
		operation: 'getAll',
		node: { workspaceId: WS, viewName: { __rl: true, mode: 'name', value: 'open_orders' }, returnAll: false, limit: 500 },
		sdk: (c, t) => c.apaas.v1.workspaceView.viewsGet({ path: { workspace_id: WS, view_name: 'open_orders' }, params: { page_size: 500 } }, user(t)),
	},
	{
		resource: 'dataEnum',
		operation: 'getAll',
		node: { workspaceId: WS, returnAll: false, limit: 100 },
		sdk: (c, t) => c.apaas.v1.workspaceEnum.list({ path: { workspace_id: WS }, params: { page_size: 100 } }, user(t)),
	},
	{
		resource: 'dataEnum',
		operation: 'get',
		node: { workspaceId: WS, enumName: { __rl: true, mode: 'name', value: 'order_status' } },
		sdk: (c, t) => c.apaas.v1.workspaceEnum.enumGet({ path: { workspace_id: WS, enum_name: 'order_status' } }, user(t)),
	},
	{
		resource: 'workspace',
		operation: 'executeSql',
		node: { workspaceId: WS, sql: 'SELECT id FROM orders' },
		sdk: (c, t) => c.apaas.v1.workspace.sqlCommands({ path: { workspace_id: WS }, data: { sql: 'SELECT id FROM orders' } }, user(t)),
	},
];

function wire(record: RequestRecord) {
	const base = {
		method: record.method,
		path: record.path,
		query: new URLSearchParams(record.query).toString(),
		authorizationScheme: String(record.headers.authorization ?? '').split(' ')[0],
		contentType: record.headers['content-type'],
		body: record.body,
	};
	if (record.method !== 'GET') return base;
	const empty = record.body === '' || (typeof record.body === 'object' && record.body !== null && Object.keys(record.body).length === 0);
	return { ...base, body: empty ? 'none' : record.body, contentType: 'n/a (GET)' };
}

describe('user-token requests are what the official Lark SDK sends', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { workspaces: [SHOP] }, userApiRateLimit: null });

	it('covers every user-token operation', () => {
		expect(CASES.map((c) => `${c.resource}/${c.operation}`).sort()).toEqual(
			OPERATIONS.filter((op) => op.authentication === 'userToken').map((op) => `${op.resource}/${op.operation}`).sort(),
		);
	});

	it.each(CASES.map((c) => [`${c.resource}/${c.operation}`, c] as const))('%s', async (_name, testCase) => {
		const helper = await userCredentialStore(emulator);
		const token = String((await storedTokens(helper)).access_token);
		emulator.clearLog();
		await runUserNode(helper, { resource: testCase.resource, operation: testCase.operation, ...testCase.node }, { items: testCase.items, continueOnFail: true });
		const ours = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(ours).toHaveLength(1);
		emulator.clearLog();
		const client = new lark.Client({
			appId: DEFAULT_APP.appId,
			appSecret: DEFAULT_APP.appSecret,
			domain: emulator.url,
			loggerLevel: lark.LoggerLevel.fatal,
			logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
		});
		await testCase.sdk(client, token).catch(() => undefined);
		const theirs = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(theirs).toHaveLength(1);
		expect(wire(ours[0])).toEqual(wire(theirs[0]));
		expect(wire(ours[0]).authorizationScheme).toBe('Bearer');
	});
});
