import type { ResourceDefinition } from '../../engine/types';
import { DATA_DOCS, SCOPES, tableName, WORKSPACE, WORKSPACE_LIMITS, workspaceId } from '../shared/data-platform';

/** Data Table: the tables of a data-platform workspace, with their columns (user token). */
export const dataTable: ResourceDefinition = {
	value: 'dataTable',
	name: 'Data Table',
	description: 'Tables of an aPaaS data-platform workspace and their columns',
	authentication: 'userToken',
	scopes: [SCOPES.tableRead],
	operations: [
		{
			resource: 'dataTable',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many tables',
			description:
				'Lists the tables of a data-platform workspace, one item per table with its columns (name, data_type, is_primary_key, is_unique, is_allow_null, default_value, …)',
			docsUrl: `${DATA_DOCS}-table/list`,
			method: 'GET',
			path: `${WORKSPACE}/tables`,
			pathFields: [workspaceId],
			fields: [],
			output: { kind: 'list', itemsKey: 'items' },
			// ASSUMPTION: the page size cap of the table list (not stated; the records pages say 500).
			pagination: { kind: 'pageToken', maxPageSize: 100, in: 'query', nextTokenKey: 'page_token' },
			rateLimits: WORKSPACE_LIMITS,
		},
		{
			resource: 'dataTable',
			operation: 'get',
			name: 'Get',
			action: 'Get a table',
			description: 'Reads one table of a data-platform workspace: its name, description and columns',
			docsUrl: `${DATA_DOCS}-table/table_get`,
			method: 'GET',
			path: `${WORKSPACE}/tables/{table_name}`,
			pathFields: [workspaceId, tableName],
			fields: [],
			output: { kind: 'record', itemKey: '' },
			rateLimits: WORKSPACE_LIMITS,
		},
	],
};
