/**
 * applications/:namespace/objects/search — keyword search over records of several objects.
 *
 * ASSUMPTIONS (the doc gives only field names): `q` matches case-insensitively as a substring
 * of any search field; search fields default to every text field of the object and must be
 * text fields; no `q` (or "") matches every record; results are the named objects in request
 * order (every object of the namespace, in definition order, when `search_objects` is absent),
 * each object's records by its `order_by` (default `_id` ascending); each record carries its
 * `select` fields (default `_id` and `name` when the object has one) plus `_objectApiName`;
 * `page_size` must be a digit string 1..2000; page tokens are opaque (base64url of a cursor
 * bound to the request); `objects` describes every searched object whatever `metadata` says.
 */
import { orderedRecords, type OrderKey } from './batch-query';
import { compileFilter } from './filter';
import { isJsonObject, stringifyExact, tryParseExact } from './json-int64';
import type { StoredRecord } from './schema';
import type { ObjectStore, ObjectTable } from './store';
import { checkFieldName, fieldType, project, QueryError } from './values';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 2000;

interface SearchTarget {
	table: ObjectTable;
	fields: string[];
	select: string[];
	records: StoredRecord[];
}

function stringArray(v: unknown, what: string): string[] | undefined {
	if (v === undefined || v === null) return undefined;
	if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new QueryError(`${what} must be an array of strings`);
	return v as string[];
}

function target(store: ObjectStore, namespace: string, spec: unknown): Omit<SearchTarget, 'records'> & { order: OrderKey[]; filter: unknown } {
	if (!isJsonObject(spec)) throw new QueryError('search_objects entries must be objects');
	const table = typeof spec.api_name === 'string' ? store.table(namespace, spec.api_name) : undefined;
	if (!table) throw new QueryError(`search_objects: unknown object ${JSON.stringify(spec.api_name)}`);
	const fields = stringArray(spec.search_fields, 'search_fields') ?? [];
	for (const f of fields) {
		checkFieldName(table, f, 'search_fields');
		if (fieldType(table, f) !== 'text') throw new QueryError(`search_fields: "${f}" is not a text field`);
	}
	const select = stringArray(spec.select, 'select') ?? [];
	for (const f of select) checkFieldName(table, f, 'select');
	const order: OrderKey[] = [];
	if (spec.order_by !== undefined && spec.order_by !== null) {
		const o = spec.order_by;
		if (!isJsonObject(o) || (o.order_type !== undefined && o.order_type !== 'asc' && o.order_type !== 'desc')) {
			throw new QueryError('search_objects.order_by must be {field, order_type: "asc"|"desc"}');
		}
		const field = checkFieldName(table, o.field, 'search_objects.order_by');
		if (fieldType(table, field) === 'multiSelect') throw new QueryError(`order_by: cannot sort on multiSelect field "${field}"`);
		order.push({ field, desc: o.order_type === 'desc' });
	}
	return { table, fields: fields.length > 0 ? fields : table.textFields(), select, order, filter: spec.filter };
}

function defaultSelect(table: ObjectTable): string[] {
	return table.fields.has('name') ? ['name'] : [];
}

function objectMeta(table: ObjectTable, n: number, searchFields: string[]): Record<string, unknown> {
	// ASSUMPTION: metadata ids are made-up stable integers; labels repeat the api names.
	const label = (s: string) => ({ zh_cn: s, en_us: s });
	return {
		object: {
			id: n + 1,
			api_name: table.apiName,
			label: label(table.label),
			settings: {
				display_name: table.fields.has('name') ? 'name' : '_id',
				allow_search_fields: searchFields,
				search_layout: { display_fields: ['_id', ...defaultSelect(table)] },
			},
		},
		fields: table.fieldList.map((f, i) => ({ id: (n + 1) * 1000 + i + 1, api_name: f.apiName, type: f.type, label: label(f.label ?? f.apiName) })),
	};
}

export interface SearchResult {
	records: string;
	has_more: boolean;
	next_page_token: string;
	objects: Array<Record<string, unknown>>;
}

export function runSearch(store: ObjectStore, namespace: string, body: Record<string, unknown>): SearchResult {
	const q = body.q ?? '';
	if (typeof q !== 'string') throw new QueryError('q must be a string');
	const pageSizeRaw = body.page_size ?? String(DEFAULT_PAGE_SIZE);
	if (typeof pageSizeRaw !== 'string' || !/^\d+$/.test(pageSizeRaw)) throw new QueryError('page_size must be a digit string');
	const pageSize = Number(pageSizeRaw);
	if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new QueryError(`page_size must be 1..${MAX_PAGE_SIZE}`);
	if (body.metadata !== undefined && body.metadata !== 'Label' && body.metadata !== 'SearchLayout') {
		throw new QueryError('metadata must be "Label" or "SearchLayout"');
	}
	const specs =
		body.search_objects === undefined || body.search_objects === null
			? store.tables(namespace).map((t) => ({ api_name: t.apiName }))
			: body.search_objects;
	if (!Array.isArray(specs)) throw new QueryError('search_objects must be an array');
	const targets = specs.map((s: unknown) => target(store, namespace, s));

	const needle = q.toLowerCase();
	const sig = stringifyExact({ q, s: targets.map((t) => [t.table.apiName, t.fields, t.select, t.order, t.filter ?? null]) });
	let start = 0;
	if (body.page_token !== undefined && body.page_token !== null && body.page_token !== '') {
		const token = body.page_token;
		const data = typeof token === 'string' ? tryParseExact(Buffer.from(token, 'base64url').toString('utf8')) : undefined;
		if (!isJsonObject(data) || data.s !== sig || typeof data.n !== 'number' || !Number.isSafeInteger(data.n) || data.n < 0) {
			throw new QueryError('page_token is invalid (or was issued for another search)');
		}
		start = data.n;
	}

	const out: Array<Record<string, unknown>> = [];
	let seen = 0;
	let hasMore = false;
	outer: for (const t of targets) {
		const predicate = compileFilter(t.table, t.filter);
		const select = t.select.length > 0 ? t.select : defaultSelect(t.table);
		for (const r of orderedRecords(t.table, t.order)) {
			if (predicate && !predicate(r)) continue;
			if (needle !== '' && !t.fields.some((f) => {
				const v = r.values[f];
				return typeof v === 'string' && v.toLowerCase().includes(needle);
			})) continue;
			if (seen++ < start) continue;
			if (out.length === pageSize) {
				hasMore = true;
				break outer;
			}
			out.push({ ...project(t.table, r, select.length > 0 ? select : ['_id']), _objectApiName: t.table.apiName });
		}
	}
	return {
		records: stringifyExact(out),
		has_more: hasMore,
		next_page_token: hasMore ? Buffer.from(stringifyExact({ s: sig, n: start + out.length }), 'utf8').toString('base64url') : '',
		objects: targets.map((t, n) => objectMeta(t.table, n, t.fields)),
	};
}
