/**
 * Application data: the handlers of the ten APIs under /open-apis/apaas/v1/applications/:namespace/objects/
 * (the rows are in routes.ts).
 *
 *   POST   :object/records                 {record: "<JSON>"}              → {id}
 *   PATCH  :object/records/:id             {record: "<JSON>"}              → {}
 *   DELETE :object/records/:id                                             → {}
 *   POST   :object/records/:id/query       {select?}                       → {item: "<JSON>"}
 *   POST   :object/records/batch_create    {records: "<JSON array ≤500>"}  → {items}
 *   PATCH  :object/records/batch_update    {records: "<JSON array ≤500>"}  → {items}
 *   DELETE :object/records/batch_delete    {ids: string[] ≤500}            → {items}
 *   POST   :object/records/batch_query     {select, filter?, order_by?, page_size?, offset?,
 *                                           page_token?, use_page_token?, need_total_count?}
 *                                                                          → {items: "<JSON>", total?, next_page_token, has_more}
 *   POST   oql_query                       {query, args?, named_args?}    → {columns, rows: "<JSON>"}
 *   POST   search                          {q?, search_objects?, page_size?, page_token?, metadata?}
 *                                                                          → {records: "<JSON>", has_more, next_page_token, objects}
 *
 * Shapes as `@larksuiteoapi/node-sdk` types them (apaas.v1.applicationObjectRecord /
 * applicationObject). Inside every JSON string the emulator writes, int64s (`_id`, lookup
 * ids, bigint fields) are bare number literals with all their digits, as Feishu sends them.
 *
 * ASSUMPTIONS: every whole-request problem (unknown namespace or object, bad JSON string,
 * unknown id on a single-record call, an invalid field on a single create/patch, more than
 * 500 records, an unsupported filter or OQL) is 400 / 2320001, with a msg that names the
 * problem ("param is invalid: ..."); a batch answers one item per input, in request order,
 * and writes every valid record even when others fail.
 */
import type { RouteContext } from '../context';
import { ERRORS, METHOD_IDS, sendError, sendSuccess, type Exchange } from '../envelope';
import { itemsJson, parseOrderBy, runBatchQuery } from './batch-query';
import { isJsonObject, stringifyExact, tryParseExact, type ExactJson } from './json-int64';
import { runOql } from './oql';
import { parseRecordId, recordError, type RecordError } from './schema';
import { runSearch } from './search';
import type { ObjectTable } from './store';
import { checkFieldName, project, QueryError } from './values';
import { intField, jsonObjectBody, nonEmptyString } from '../body';
import type { Route } from '../routing';

/** Feishu's documented batch limit. */
export const MAX_BATCH = 500;
const MAX_PAGE_SIZE = 500;

export type ObjectOp =
	| 'record_create'
	| 'record_patch'
	| 'record_delete'
	| 'record_query'
	| 'records_batch_create'
	| 'records_batch_update'
	| 'records_batch_delete'
	| 'records_batch_query'
	| 'oql_query'
	| 'search';

class RequestError extends Error {}

/**
 * The handler of one of the ten APIs (the gateway has checked the token and the rate limit).
 * `params`: namespace, and object (and id) for the record APIs.
 */
export function objectHandler(op: ObjectOp): Route['handle'] {
	return (ctx, ex, params) => handleObjectOp(ctx, ex, op, params);
}

function handleObjectOp(ctx: RouteContext, ex: Exchange, op: ObjectOp, params: Record<string, string>): void {
	const methodId = METHOD_IDS[op];
	const fail = (detail: string) =>
		sendError(ex, { ...ERRORS.paramInvalid, msg: `${ERRORS.paramInvalid.msg}: ${detail}` }, methodId);

	// Single delete has no body; records/:id/query's body is optional.
	let body: Record<string, unknown> = {};
	if (op !== 'record_delete' && !(op === 'record_query' && ex.rawBody.trim() === '')) {
		const parsed = jsonObjectBody(ex, methodId);
		if (!parsed) return;
		body = parsed;
	}
	try {
		const namespace = params.namespace;
		if (!ctx.objects.hasNamespace(namespace)) throw new RequestError(`unknown namespace "${namespace}"`);
		if (op === 'oql_query') {
			if (!nonEmptyString(body.query)) throw new RequestError('query must be a non-empty string');
			return sendSuccess(ex, { ...runOql(ctx.objects, namespace, body.query, body.args, body.named_args, ctx.oqlRowsAs) });
		}
		if (op === 'search') return sendSuccess(ex, { ...runSearch(ctx.objects, namespace, body) });
		const objectName = params.object;
		const table = ctx.objects.table(namespace, objectName);
		if (!table) throw new RequestError(`unknown object "${objectName}" in namespace "${namespace}"`);
		sendSuccess(ex, runRecordOp(ctx, table, op, params.id, body));
	} catch (e) {
		if (e instanceof RequestError || e instanceof QueryError) fail(e.message);
		else throw e;
	}
}

/** A path id: digits only, an existing record. */
function pathId(table: ObjectTable, text: string): bigint {
	const id = parseRecordId(text);
	if (id === null) throw new RequestError(`record id ${JSON.stringify(text)} is not an int64 id`);
	if (!table.records.has(id)) throw new RequestError(`no ${table.apiName} record with _id ${text}`);
	return id;
}

/** A JSON string of an object (`record`) or of an array (`records`), parsed exactly. */
function jsonStringField(body: Record<string, unknown>, name: string, want: 'object' | 'array'): ExactJson {
	const raw = body[name];
	const parsed = typeof raw === 'string' ? tryParseExact(raw) : undefined;
	const ok = want === 'object' ? isJsonObject(parsed) : Array.isArray(parsed);
	if (!ok) throw new RequestError(`${name} must be a JSON string of ${want === 'object' ? 'an object' : 'an array'}`);
	return parsed as ExactJson;
}

function checkBatchSize(n: number, what: string): void {
	// ASSUMPTION: an empty batch is a parameter error too.
	if (n === 0) throw new RequestError(`${what} is empty`);
	if (n > MAX_BATCH) throw new RequestError(`${what} has ${n} entries; at most ${MAX_BATCH} per request`);
}

function selectList(table: ObjectTable, raw: unknown, required: boolean): string[] {
	if (raw === undefined || raw === null) {
		if (required) throw new RequestError('select is required');
		return [];
	}
	if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) throw new RequestError('select must be an array of strings');
	if (required && raw.length === 0) throw new RequestError('select must name at least one field');
	for (const s of raw) checkFieldName(table, s, 'select');
	return raw as string[];
}

interface BatchItem {
	success: boolean;
	id?: string;
	errors?: RecordError[];
}

function failed(errors: RecordError[], id?: bigint | string): BatchItem {
	const item: BatchItem = { success: false };
	if (id !== undefined) item.id = String(id);
	item.errors = errors;
	return item;
}

function runRecordOp(ctx: RouteContext, table: ObjectTable, op: ObjectOp, pathRecordId: string | undefined, body: Record<string, unknown>): Record<string, unknown> {
	const store = ctx.objects;
	const messages = (errors: RecordError[]) => errors.map((e) => e.message).join('; ');
	switch (op) {
		case 'record_create': {
			const input = jsonStringField(body, 'record', 'object') as Record<string, ExactJson>;
			const checked = store.validate(table, input, 'create');
			if (!checked.ok) throw new RequestError(messages(checked.errors));
			return { id: store.create(table, checked.values).toString() };
		}
		case 'record_patch': {
			const id = pathId(table, pathRecordId as string);
			const { _id: bodyId, ...input } = jsonStringField(body, 'record', 'object') as Record<string, ExactJson>;
			// ASSUMPTION: an `_id` in the body is tolerated only when it is the path's id.
			if (bodyId !== undefined && parseRecordId(bodyId) !== id) throw new RequestError('record._id differs from the id in the path');
			const checked = store.validate(table, input, 'update');
			if (!checked.ok) throw new RequestError(messages(checked.errors));
			store.update(table, id, checked.values);
			return {};
		}
		case 'record_delete':
			table.remove(pathId(table, pathRecordId as string));
			return {};
		case 'record_query': {
			const id = pathId(table, pathRecordId as string);
			// ASSUMPTION: no select (or an empty one) returns every field.
			const select = selectList(table, body.select, false);
			return { item: stringifyExact(project(table, table.records.get(id)!, select)) };
		}
		case 'records_batch_create': {
			const inputs = jsonStringField(body, 'records', 'array') as ExactJson[];
			checkBatchSize(inputs.length, 'records');
			const items = inputs.map((input): BatchItem => {
				if (!isJsonObject(input)) return failed([recordError('invalid_record', 'record is not a JSON object')]);
				const checked = store.validate(table, input, 'create');
				if (!checked.ok) return failed(checked.errors);
				return { success: true, id: store.create(table, checked.values).toString() };
			});
			return { items };
		}
		case 'records_batch_update': {
			const inputs = jsonStringField(body, 'records', 'array') as ExactJson[];
			checkBatchSize(inputs.length, 'records');
			const items = inputs.map((input): BatchItem => {
				if (!isJsonObject(input)) return failed([recordError('invalid_record', 'record is not a JSON object')]);
				const { _id: rawId, ...rest } = input;
				if (rawId === undefined || rawId === null) {
					return failed([recordError('missing_id', 'record has no _id', '_id')]);
				}
				const id = parseRecordId(rawId);
				if (id === null) return failed([recordError('invalid_id', `_id ${stringifyExact(rawId)} is not an int64 id`, '_id')]);
				if (!table.records.has(id)) return failed([recordError('record_not_found', `no ${table.apiName} record with _id ${id}`, '_id')], id);
				const checked = store.validate(table, rest, 'update');
				if (!checked.ok) return failed(checked.errors, id);
				store.update(table, id, checked.values);
				return { success: true, id: id.toString() };
			});
			return { items };
		}
		case 'records_batch_delete': {
			const ids = body.ids;
			if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw new RequestError('ids must be an array of strings');
			checkBatchSize(ids.length, 'ids');
			const items = (ids as string[]).map((raw): BatchItem => {
				const id = parseRecordId(raw);
				if (id === null) return failed([recordError('invalid_id', `id ${JSON.stringify(raw)} is not an int64 id`)], raw);
				if (!table.remove(id)) return failed([recordError('record_not_found', `no ${table.apiName} record with _id ${raw}`)], raw);
				return { success: true, id: id.toString() };
			});
			return { items };
		}
		case 'records_batch_query':
			return batchQuery(table, body);
		default:
			throw new RequestError('unsupported operation');
	}
}

function optionalBoolean(body: Record<string, unknown>, name: string): boolean {
	const v = body[name];
	if (v === undefined || v === null) return false;
	if (typeof v !== 'boolean') throw new RequestError(`${name} must be a boolean`);
	return v;
}

function batchQuery(table: ObjectTable, body: Record<string, unknown>): Record<string, unknown> {
	const select = selectList(table, body.select, true);
	// ASSUMPTION: page_size and offset may be numbers or digit strings; page_size 1..500, default 500.
	const pageSize = intField(body.page_size) ?? MAX_PAGE_SIZE;
	if (Number.isNaN(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new RequestError(`page_size must be 1..${MAX_PAGE_SIZE}`);
	const offset = intField(body.offset) ?? 0;
	if (Number.isNaN(offset)) throw new RequestError('offset must be a non-negative integer');
	const usePageToken = optionalBoolean(body, 'use_page_token');
	const needTotalCount = optionalBoolean(body, 'need_total_count');
	const pageToken = body.page_token;
	if (pageToken !== undefined && pageToken !== null && typeof pageToken !== 'string') throw new RequestError('page_token must be a string');
	// ASSUMPTION: group_by is not supported by the emulator.
	if (Array.isArray(body.group_by) ? body.group_by.length > 0 : body.group_by !== undefined && body.group_by !== null) {
		throw new RequestError('group_by is not supported by the emulator');
	}
	const page = runBatchQuery(table, {
		select,
		filter: body.filter,
		orderBy: parseOrderBy(table, body.order_by),
		pageSize,
		offset,
		usePageToken,
		pageToken: pageToken || undefined,
		needTotalCount,
	});
	const data: Record<string, unknown> = { items: itemsJson(table, page.records, select) };
	if (page.total !== undefined) data.total = page.total;
	data.next_page_token = page.nextPageToken;
	data.has_more = page.hasMore;
	return data;
}
