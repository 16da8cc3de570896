/**
 * One valid set of inputs per data-platform operation (user token: dataTable, dataRecord, dataView,
 * dataEnum, workspace), as n8n parameters and as the same call through the official Lark SDK with
 * `withUserAccessToken`. Shared by the SDK conformance test and the property suite.
 */
import * as lark from '@larksuiteoapi/node-sdk';

import { WS } from './emulator/workspaces';

const table = { __rl: true, mode: 'name', value: 'orders' };
export const FILTER = 'qty=gt.1&customer=eq.a%26b';

export interface UserCase {
	resource: string;
	operation: string;
	node: Record<string, unknown>;
	items?: Array<Record<string, unknown>>;
	sdk: (client: lark.Client, token: string) => Promise<unknown>;
}

const user = (token: string) => lark.withUserAccessToken(token);
const rows = JSON.stringify([{ sku: 'K-1', qty: 2 }]);

export const DATA_PLATFORM_OPERATION_CASES: UserCase[] = [
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
