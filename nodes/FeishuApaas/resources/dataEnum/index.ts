import type { ResourceDefinition } from '../../engine/types';
import { DATA_DOCS, enumName, SCOPES, WORKSPACE, WORKSPACE_LIMITS, workspaceId } from '../shared/data-platform';

/** Data Enum: the custom option sets of a data-platform workspace (user token). */
export const dataEnum: ResourceDefinition = {
	value: 'dataEnum',
	name: 'Data Enum',
	description: 'Custom enums (option sets) of an aPaaS data-platform workspace',
	authentication: 'userToken',
	// ASSUMPTION: the enum APIs check the table read scope (no scope of their own is named anywhere).
	scopes: [SCOPES.tableRead],
	scopesAssumed: true,
	operations: [
		{
			resource: 'dataEnum',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many enums',
			description: 'Lists the custom enums of a data-platform workspace, one item per enum {name, description, options, created_at, created_by}',
			docsUrl: `${DATA_DOCS}-enum/list`,
			method: 'GET',
			path: `${WORKSPACE}/enums`,
			pathFields: [workspaceId],
			fields: [],
			output: { kind: 'list', itemsKey: 'items' },
			// ASSUMPTION: the page size cap of the enum list (not stated).
			pagination: { kind: 'pageToken', maxPageSize: 100, in: 'query', nextTokenKey: 'page_token' },
			rateLimits: WORKSPACE_LIMITS,
		},
		{
			resource: 'dataEnum',
			operation: 'get',
			name: 'Get',
			action: 'Get an enum',
			description: 'Reads one custom enum of a data-platform workspace: its options, description and creator',
			docsUrl: `${DATA_DOCS}-enum/enum_get`,
			method: 'GET',
			path: `${WORKSPACE}/enums/{enum_name}`,
			pathFields: [workspaceId, enumName],
			fields: [],
			output: { kind: 'record', itemKey: '' },
			rateLimits: WORKSPACE_LIMITS,
		},
	],
};
