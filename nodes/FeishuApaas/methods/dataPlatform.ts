/**
 * n8n's methods for the data-platform parameters: the searchable lists of the Table / View / Enum
 * resource locators, and the fields of the Columns resource mapper, from the table's schema
 * (`data_type`, `is_allow_null`, `default_value`, `is_auto_increment` decide required;
 * `is_primary_key` / `is_unique` what an upsert can match on).
 */
import {
	NodeOperationError,
	type FieldType,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type ResourceMapperField,
	type ResourceMapperFields,
} from 'n8n-workflow';

import { parseWorkspaceId } from '../resources/shared/workspace-id';
import { tableName, WORKSPACE_LIMITS } from '../resources/shared/data-platform';
import type { TransportContext } from '../transport/context';
import { callFeishu } from '../transport/request';
import { USER_CREDENTIAL_TYPE } from '../transport/user-token';
import { searchPages } from './search-pages';

const SETTINGS = { timeout: 30_000, maxRetries: 2, paceWindowSeconds: 60 };

function workspaceOf(ctx: ILoadOptionsFunctions): string {
	const id = parseWorkspaceId(ctx.getNodeParameter('workspaceId', ''));
	if (id instanceof Error) throw new NodeOperationError(ctx.getNode(), id.message);
	return id;
}

async function get(ctx: ILoadOptionsFunctions, path: string, query?: IDataObject): Promise<IDataObject> {
	const { data } = await callFeishu(
		ctx as unknown as TransportContext,
		{
			method: 'GET',
			path,
			query,
			itemIndex: 0,
			api: { key: `GET ${path.replace(/^workspaces\/[^/]+/, 'workspaces/{workspace_id}')}`, limits: WORKSPACE_LIMITS },
			credentialType: USER_CREDENTIAL_TYPE,
		},
		SETTINGS,
	);
	return data;
}

function matching(name: string, filter?: string): boolean {
	const needle = filter?.trim().toLowerCase() ?? '';
	return needle === '' || name.toLowerCase().includes(needle);
}

/**
 * A workspace list (tables, enums) as list-search results: one page of 100 a call, or with a search
 * every page (Feishu's lists take no search text; see search-pages.ts).
 */
async function searchList(
	ctx: ILoadOptionsFunctions,
	what: 'tables' | 'enums',
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const path = `workspaces/${workspaceOf(ctx)}/${what}`;
	return await searchPages(filter, paginationToken, async (token) => {
		const query: IDataObject = { page_size: 100 };
		if (token) query.page_token = token;
		const data = await get(ctx, path, query);
		const items = Array.isArray(data.items) ? (data.items as IDataObject[]) : [];
		return {
			results: items
				.map((item) => String(item.name ?? ''))
				.filter((name) => name !== '' && matching(name, filter))
				.map((name) => ({ name, value: name })),
			next: data.has_more === true && typeof data.page_token === 'string' ? data.page_token : undefined,
		};
	});
}

export async function searchTables(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, 'tables', filter, paginationToken);
}

export async function searchEnums(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, 'enums', filter, paginationToken);
}

/**
 * Feishu has no API that lists a workspace's views (VIEWS_NOT_LISTED), so the list offers nothing to
 * pick and sends nothing; the list mode's hint says to enter the view's name By Name.
 */
export async function searchViews(this: ILoadOptionsFunctions): Promise<INodeListSearchResult> {
	return { results: [] };
}

function fieldType(dataType: string, isArray: boolean): FieldType {
	if (isArray) return 'array';
	switch (dataType) {
		case 'int4':
		case 'float8':
		case 'numeric':
			return 'number';
		case 'bool':
			return 'boolean';
		case 'date':
		case 'timestamptz':
			return 'dateTime';
		case 'jsonb':
			return 'object';
		default:
			// int8 included: a 19-digit value would lose digits as a JavaScript number.
			return 'string';
	}
}

/**
 * The node's Table, checked as a run checks it: the mapper asks before a table is picked, and an empty
 * name sent as is asked Feishu for `tables/` (a 404 page, "Feishu error 404" in the mapper).
 */
function tableOf(ctx: ILoadOptionsFunctions): string {
	try {
		return tableName.shape(ctx.getNodeParameter('tableName', '', { extractValue: true })) as string;
	} catch (error) {
		// The shape throws only InvalidValue, whose message completes "Table …".
		throw new NodeOperationError(ctx.getNode(), `Table ${(error as Error).message} (the mapper shows that table's columns)`);
	}
}

export async function getColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const operation = this.getNodeParameter('operation', '') as string;
	const path = `workspaces/${workspaceOf(this)}/tables/${encodeURIComponent(tableOf(this))}`;
	const data = await get(this, path);
	const columns = Array.isArray(data.columns) ? (data.columns as IDataObject[]) : [];
	const updating = operation === 'update' || operation === 'updateMany';
	const fields: ResourceMapperField[] = [];
	for (const column of columns) {
		const name = String(column.name ?? '');
		const system = name.startsWith('_');
		// Update Many finds each row by its _id; the other system columns are Feishu's to write.
		if (system && !(operation === 'updateMany' && name === '_id')) continue;
		const needsValue =
			column.is_allow_null === false && column.default_value === '' && column.is_auto_increment !== true;
		fields.push({
			id: name,
			displayName: name,
			required: operation === 'updateMany' ? name === '_id' : !updating && needsValue,
			defaultMatch: column.is_primary_key === true,
			canBeUsedToMatch: column.is_primary_key === true || column.is_unique === true,
			display: true,
			type: fieldType(String(column.data_type ?? ''), column.is_array === true),
		});
	}
	return { fields };
}
