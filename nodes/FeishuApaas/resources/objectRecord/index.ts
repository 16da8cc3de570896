import { apiNameList, jsonObjectUnlessEmpty, orderByList } from '../../engine/values';
import { DOCS, namespace, objectApiName, recordId } from '../shared/fields';
import { RECORD_LIMITS } from '../shared/limits';
import { filterBuilderProperties } from '../shared/filter-builder';
import { getManyRecords } from './get-many';
import { RECORD_INPUT } from './record-input';
import { runUpsert, upsertProperties } from './upsert';
import type { FieldSpec, ResourceDefinition } from '../../engine/types';

const RECORDS = 'applications/{namespace}/objects/{object_api_name}/records';
/** Feishu's largest batch for batch_create / batch_update / batch_delete. */
const MAX_BATCH = 500;

const select = (required: boolean): FieldSpec => ({
	param: 'select',
	api: 'select',
	displayName: 'Fields to Return',
	description: 'API names of the fields to return, comma-separated (aPaaS has no "all fields" wildcard), e.g. _id, name, amount',
	type: 'string',
	required,
	default: '',
	placeholder: '_id, name, amount',
	shape: apiNameList,
});

const ABOUT_IDS = 'Record ids are int64: they come out as strings of digits, exactly, never as rounded numbers.';
const ABOUT_BATCHES =
	'Items are sent in batches of up to 500 records per request (Options → Records Per Request); output order and pairing are those of the input, and a record Feishu refuses becomes an error on its own item.';

/** Object Record: the rows of an aPaaS object (application data). */
export const objectRecord: ResourceDefinition = {
	value: 'objectRecord',
	name: 'Object Record',
	description: 'Records (rows) of an aPaaS object: create, read, update, delete',
	authentication: 'tenantToken',
	scopes: ['app_engine:application.record:write'],
	// ASSUMPTION: Feishu's pages we could read name no scope for these APIs; check them in the developer console.
	scopesAssumed: true,
	operations: [
		{
			resource: 'objectRecord',
			operation: 'create',
			name: 'Create',
			action: 'Create records',
			description: `Creates one aPaaS record per input item, with the item's JSON as the record's fields (or fields defined in the node). Outputs the fields sent plus the new _id. ${ABOUT_BATCHES}`,
			docsUrl: `${DOCS}/application-object-record/batch_create`,
			method: 'POST',
			path: RECORDS,
			pathFields: [namespace, objectApiName],
			fields: [],
			output: { kind: 'acknowledge' },
			batch: { method: 'POST', path: `${RECORDS}/batch_create`, entry: 'record', bodyKey: 'records', maxSize: MAX_BATCH, input: RECORD_INPUT },
			rateLimits: RECORD_LIMITS,
			// A create that got no answer may have been written: sending it again could create it twice.
			retryUnanswered: false,
		},
		{
			resource: 'objectRecord',
			operation: 'get',
			scopes: ['app_engine:application.record:read'],
			name: 'Get',
			action: 'Get a record',
			description: `Reads one aPaaS record by its _id and outputs its fields. ${ABOUT_IDS}`,
			docsUrl: `${DOCS}/application-object-record/query`,
			method: 'POST',
			path: `${RECORDS}/{id}/query`,
			pathFields: [namespace, objectApiName, recordId],
			fields: [select(false)],
			output: { kind: 'record', itemKey: 'item', json: true },
			rateLimits: RECORD_LIMITS,
		},
		{
			resource: 'objectRecord',
			operation: 'getAll',
			scopes: ['app_engine:application.record:read'],
			name: 'Get Many',
			action: 'Get many records',
			description: `Lists the records of an aPaaS object, one item per record, with an optional filter and sort, paging by page token. ${ABOUT_IDS}`,
			docsUrl: `${DOCS}/application-object-record/batch_query`,
			method: 'POST',
			path: `${RECORDS}/batch_query`,
			pathFields: [namespace, objectApiName],
			fields: [
				select(true),
				{
					param: 'filter',
					api: 'filter',
					displayName: 'Filter (JSON)',
					description:
						'Instead of Filters: Feishu\'s raw filter object, e.g. {"conditions":[{"index":"1","left":{"type":"metadataVariable","settings":"{\\"fieldPath\\":[{\\"fieldApiName\\":\\"amount\\"}]}"},"right":{"type":"constant","settings":"{\\"data\\":100}"},"operator":"greaterThan"}],"logic_expression":"1"} (settings are JSON inside strings)',
					type: 'json',
					required: false,
					default: '{}',
					shape: jsonObjectUnlessEmpty,
				},
				{
					param: 'orderBy',
					api: 'order_by',
					displayName: 'Sort',
					description: 'Fields to sort by, each optionally followed by ASC or DESC, comma-separated: amount DESC, name',
					type: 'string',
					required: false,
					default: '',
					placeholder: 'amount DESC, name',
					shape: orderByList,
				},
			],
			output: { kind: 'list', itemsKey: 'items', json: true },
			// Feishu documents large offsets as slow; page tokens are not.
			pagination: { kind: 'pageToken', maxPageSize: 500, extraBody: { use_page_token: true } },
			rateLimits: RECORD_LIMITS,
			properties: filterBuilderProperties,
			execute: getManyRecords,
		},
		{
			resource: 'objectRecord',
			operation: 'update',
			name: 'Update',
			action: 'Update records',
			description: `Updates one aPaaS record per input item: the record named by Record ID gets the item's JSON as new field values (or fields defined in the node). Outputs _id and success. ${ABOUT_BATCHES}`,
			docsUrl: `${DOCS}/application-object-record/batch_update`,
			method: 'PATCH',
			path: `${RECORDS}/{id}`,
			pathFields: [namespace, objectApiName, recordId],
			fields: [],
			output: { kind: 'acknowledge' },
			batch: { method: 'PATCH', path: `${RECORDS}/batch_update`, entry: 'recordWithId', bodyKey: 'records', maxSize: MAX_BATCH, input: RECORD_INPUT },
			rateLimits: RECORD_LIMITS,
		},
		{
			resource: 'objectRecord',
			operation: 'upsert',
			scopes: ['app_engine:application.record:read', 'app_engine:application.record:write'],
			name: 'Create or Update',
			action: 'Create or update records',
			description: `Creates or updates one aPaaS record per input item, matched by Match Fields: per 500 items one lookup (batch_query), then one batch update of the records found and one batch create of the rest. Outputs the fields sent, _id and _upsert (created or updated). Not atomic: a record another writer creates between lookup and write can end up twice. Two items with the same key: the later one is an error.`,
			docsUrl: `${DOCS}/application-object-record/batch_query`,
			method: 'POST',
			path: `${RECORDS}/batch_query`,
			pathFields: [namespace, objectApiName],
			fields: [],
			output: { kind: 'acknowledge' },
			// Gives the row the record input and Records Per Request (the size of each lookup group).
			batch: { method: 'POST', path: `${RECORDS}/batch_create`, entry: 'record', bodyKey: 'records', maxSize: MAX_BATCH, input: RECORD_INPUT },
			rateLimits: RECORD_LIMITS,
			properties: upsertProperties,
			executeAll: runUpsert,
		},
		{
			resource: 'objectRecord',
			operation: 'delete',
			name: 'Delete',
			action: 'Delete records',
			description: `Deletes one aPaaS record per input item, by Record ID. Outputs _id and success. ${ABOUT_BATCHES}`,
			docsUrl: `${DOCS}/application-object-record/batch_delete`,
			method: 'DELETE',
			path: `${RECORDS}/{id}`,
			pathFields: [namespace, objectApiName, recordId],
			fields: [],
			output: { kind: 'acknowledge' },
			batch: { method: 'DELETE', path: `${RECORDS}/batch_delete`, entry: 'id', bodyKey: 'ids', maxSize: MAX_BATCH },
			rateLimits: RECORD_LIMITS,
		},
	],
};
