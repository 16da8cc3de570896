import type { OperationSpec, ResourceDefinition } from '../../engine/types';
import { columnsProperty } from '../shared/columns';
import {
	DATA_DOCS,
	orderColumns,
	ROW_PAGES,
	SCOPES,
	selectColumns,
	tableName,
	WORKSPACE,
	WORKSPACE_LIMITS,
	workspaceId,
} from '../shared/data-platform';
import { filterProperties } from '../shared/filter-parameters';
import { readRows } from './read';
import { deleteByFilter, ROW_REQUESTS_IN_FLIGHT_OPTION, ROWS_PER_REQUEST_OPTION, runRowWrites, updateByFilter } from './write';

const RECORDS = `${WORKSPACE}/tables/{table_name}/records`;
const DOCS = `${DATA_DOCS}-table`;
const ABOUT_ROWS = 'One output item per row; int64 values come out exact (as strings of digits beyond 2^53).';
const ABOUT_BATCHES =
	'Up to 500 items go in one request (Options → Rows Per Request) and up to 10 requests wait on Feishu at once (Options → Requests In Flight); items that write the same row still apply in input order, and output order and pairing are those of the input. A request Feishu refuses fails exactly its items.';
const FILTER_RULE =
	'Needs a filter, or All Rows on: without either nothing is sent.';

const row = (r: Omit<OperationSpec, 'resource' | 'pathFields' | 'rateLimits' | 'fields'> & Partial<OperationSpec>): OperationSpec => ({
	resource: 'dataRecord',
	pathFields: [workspaceId, tableName],
	fields: [],
	rateLimits: WORKSPACE_LIMITS,
	...r,
});

/** Data Record: the rows of a data-platform table (user token). */
export const dataRecord: ResourceDefinition = {
	value: 'dataRecord',
	name: 'Data Record',
	description: 'Rows of an aPaaS data-platform table: read, create, upsert, update, delete',
	authentication: 'userToken',
	scopes: [SCOPES.recordWrite],
	operations: [
		row({
			operation: 'getAll',
			scopes: [SCOPES.recordRead],
			name: 'Get Many',
			action: 'Get many rows',
			description: `Reads the rows of a data-platform table, with an optional filter, columns and sort. ${ABOUT_ROWS}`,
			docsUrl: `${DOCS}/records_get`,
			method: 'GET',
			path: RECORDS,
			fields: [selectColumns, orderColumns],
			output: { kind: 'list', itemsKey: 'items', json: true },
			pagination: ROW_PAGES,
			properties: (displayOptions) => filterProperties(displayOptions, false),
			execute: readRows,
		}),
		row({
			operation: 'create',
			name: 'Create',
			action: 'Create rows',
			description: `Inserts one row per input item, its columns mapped from the item (or defined in the node). Outputs the row sent plus its _id. ${ABOUT_BATCHES}`,
			docsUrl: `${DOCS}/records_post`,
			method: 'POST',
			path: RECORDS,
			output: { kind: 'acknowledge' },
			properties: (displayOptions) => [columnsProperty(displayOptions, 'add')],
			extraOptions: [ROWS_PER_REQUEST_OPTION, ROW_REQUESTS_IN_FLIGHT_OPTION],
			// A create that got no answer may have been written: sending it again could insert it twice.
			retryUnanswered: false,
			executeAll: async (ctx, spec) => await runRowWrites(ctx, spec, 'create'),
		}),
		row({
			operation: 'upsert',
			name: 'Create or Update',
			action: 'Create or update rows',
			description: `Inserts one row per input item, or updates the row that has the same values in the columns to match on (the primary key or a unique column; the primary key when none is chosen). Outputs the row sent plus its _id. ${ABOUT_BATCHES}`,
			docsUrl: `${DOCS}/records_post`,
			method: 'POST',
			path: RECORDS,
			output: { kind: 'acknowledge' },
			properties: (displayOptions) => [columnsProperty(displayOptions, 'upsert')],
			extraOptions: [ROWS_PER_REQUEST_OPTION, ROW_REQUESTS_IN_FLIGHT_OPTION],
			retryUnanswered: false,
			executeAll: async (ctx, spec) => await runRowWrites(ctx, spec, 'upsert'),
		}),
		row({
			operation: 'update',
			name: 'Update',
			action: 'Update rows',
			description: `Sets the mapped columns on every row that matches the filter, one request per input item. Outputs the _ids updated. ${FILTER_RULE}`,
			docsUrl: `${DOCS}/records_patch`,
			method: 'PATCH',
			path: RECORDS,
			output: { kind: 'acknowledge' },
			properties: (displayOptions) => [...filterProperties(displayOptions, true), columnsProperty(displayOptions, 'update')],
			execute: updateByFilter,
		}),
		row({
			operation: 'updateMany',
			name: 'Update Many',
			action: 'Update rows by ID',
			description: `Updates one row per input item, found by its _id (a column of the item). Rows that set the same columns go together. Outputs _id and success. ${ABOUT_BATCHES}`,
			docsUrl: `${DOCS}/records_batch_update`,
			method: 'PATCH',
			path: `${WORKSPACE}/tables/{table_name}/records_batch_update`,
			output: { kind: 'acknowledge' },
			properties: (displayOptions) => [columnsProperty(displayOptions, 'update')],
			extraOptions: [ROWS_PER_REQUEST_OPTION, ROW_REQUESTS_IN_FLIGHT_OPTION],
			executeAll: async (ctx, spec) => await runRowWrites(ctx, spec, 'updateMany'),
		}),
		row({
			operation: 'delete',
			name: 'Delete',
			action: 'Delete rows',
			description: `Deletes every row that matches the filter, one request per input item. ${FILTER_RULE}`,
			docsUrl: `${DOCS}/records_delete`,
			method: 'DELETE',
			path: RECORDS,
			output: { kind: 'acknowledge' },
			properties: (displayOptions) => filterProperties(displayOptions, true),
			execute: deleteByFilter,
		}),
	],
};
