import type { ResourceDefinition } from '../../engine/types';
import { readRows } from '../dataRecord/read';
import {
	DATA_DOCS,
	orderColumns,
	ROW_PAGES,
	SCOPES,
	selectColumns,
	viewName,
	WORKSPACE,
	WORKSPACE_LIMITS,
	workspaceId,
} from '../shared/data-platform';
import { filterProperties } from '../shared/filter-parameters';

/** Data View: the rows a data-platform view shows (user token). */
export const dataView: ResourceDefinition = {
	value: 'dataView',
	name: 'Data View',
	description: 'Rows of an aPaaS data-platform view',
	authentication: 'userToken',
	scopes: [SCOPES.recordRead],
	operations: [
		{
			resource: 'dataView',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many rows of a view',
			description:
				"Reads the rows of a data-platform view (its own filter and columns apply), with an optional filter, columns and sort on top. One output item per row; int64 values come out exact. Feishu has no API listing views: enter the view's name.",
			docsUrl: `${DATA_DOCS}-view/views_get`,
			method: 'GET',
			path: `${WORKSPACE}/views/{view_name}/records`,
			pathFields: [workspaceId, viewName],
			fields: [selectColumns, orderColumns],
			output: { kind: 'list', itemsKey: 'items', json: true },
			pagination: ROW_PAGES,
			rateLimits: WORKSPACE_LIMITS,
			properties: (displayOptions) => filterProperties(displayOptions, false),
			execute: readRows,
		},
	],
};
