/**
 * records/batch_query: filter, order, offset or page-token paging over one object.
 *
 * Page tokens are opaque: base64url of an exact-JSON cursor {object, order, filter, sort keys
 * and `_id` of the last record served}. ASSUMPTION: a token is only valid with the same
 * object, order_by and filter it was issued for (else 2320001); it stays valid across writes
 * (the next page starts after the last record served, wherever it now sorts).
 * The default order (`_id` ascending) walks the id-sorted index from the cursor, so a page
 * costs O(log n + page) however deep it is; a custom order_by sorts on every request.
 */
import { compileFilter, type Predicate } from './filter';
import { isJsonObject, stringifyExact, tryParseExact, type ExactJson } from './json-int64';
import type { StoredRecord } from './schema';
import type { ObjectTable } from './store';
import { checkFieldName, compareScalars, fieldType, project, QueryError, scalarValue, type Scalar } from './values';

export interface OrderKey {
	field: string;
	desc: boolean;
}

export interface BatchQueryRequest {
	select: string[];
	filter?: unknown;
	orderBy: OrderKey[];
	pageSize: number;
	offset: number;
	usePageToken: boolean;
	pageToken?: string;
	needTotalCount: boolean;
}

export interface BatchQueryPage {
	records: StoredRecord[];
	total?: number;
	hasMore: boolean;
	nextPageToken: string;
}

/** `order_by` of the request → keys; throws QueryError. */
export function parseOrderBy(table: ObjectTable, raw: unknown): OrderKey[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) throw new QueryError('order_by must be an array');
	return raw.map((o: unknown) => {
		if (!isJsonObject(o)) throw new QueryError('order_by entries must be {field, direction}');
		const field = checkFieldName(table, o.field, 'order_by');
		if (fieldType(table, field) === 'multiSelect') throw new QueryError(`order_by: cannot sort on multiSelect field "${field}"`);
		// ASSUMPTION: direction is required and upper-case, as the SDK types it.
		if (o.direction !== 'ASC' && o.direction !== 'DESC') {
			throw new QueryError(`order_by: direction of "${field}" must be "ASC" or "DESC"`);
		}
		return { field, desc: o.direction === 'DESC' };
	});
}

function sortKeys(rec: StoredRecord, order: OrderKey[]): Scalar[] {
	return order.map((k) => scalarValue(rec, k.field) as Scalar);
}

function compareKeys(a: Scalar[], aId: bigint, b: Scalar[], bId: bigint, order: OrderKey[]): number {
	for (let n = 0; n < order.length; n++) {
		const c = compareScalars(a[n], b[n]);
		if (c !== 0) return order[n].desc ? -c : c;
	}
	return aId < bId ? -1 : aId > bId ? 1 : 0;
}

/** The records in query order (for the default order: the live id index, not a copy). */
export function orderedRecords(table: ObjectTable, order: OrderKey[]): StoredRecord[] {
	const all = table.sorted();
	if (order.length === 0) return all;
	const keyed = all.map((r) => ({ r, k: sortKeys(r, order) }));
	keyed.sort((a, b) => compareKeys(a.k, a.r.id, b.k, b.r.id, order));
	return keyed.map((x) => x.r);
}

interface Cursor {
	keys: Scalar[];
	id: bigint;
}

function signature(table: ObjectTable, order: OrderKey[], filter: unknown): { t: string; o: string; f: string } {
	return {
		t: `${table.namespace}/${table.apiName}`,
		o: order.map((k) => `${k.field}:${k.desc ? 'DESC' : 'ASC'}`).join(','),
		f: filter === undefined || filter === null ? '' : stringifyExact(filter),
	};
}

function encodeToken(sig: { t: string; o: string; f: string }, cursor: Cursor): string {
	return Buffer.from(stringifyExact({ ...sig, k: cursor.keys, i: cursor.id.toString() }), 'utf8').toString('base64url');
}

function decodeToken(token: string, sig: { t: string; o: string; f: string }): Cursor {
	const bad = () => new QueryError('page_token is invalid (or was issued for another object, order_by or filter)');
	if (!/^[A-Za-z0-9_-]+$/.test(token)) throw bad();
	const data: ExactJson | undefined = tryParseExact(Buffer.from(token, 'base64url').toString('utf8'));
	if (!isJsonObject(data) || data.t !== sig.t || data.o !== sig.o || data.f !== sig.f) throw bad();
	if (typeof data.i !== 'string' || !/^\d+$/.test(data.i) || !Array.isArray(data.k)) throw bad();
	const keys = data.k as Scalar[];
	if (keys.length !== sig.o.split(',').filter((s) => s !== '').length) throw bad();
	if (keys.some((k) => k !== null && typeof k === 'object')) throw bad();
	return { keys, id: BigInt(data.i) };
}

/** Index of the first record strictly after the cursor (binary search in the ordered list). */
function startAfter(list: StoredRecord[], cursor: Cursor, order: OrderKey[]): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		const r = list[mid];
		if (compareKeys(sortKeys(r, order), r.id, cursor.keys, cursor.id, order) <= 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export function runBatchQuery(table: ObjectTable, req: BatchQueryRequest): BatchQueryPage {
	const predicate: Predicate | null = compileFilter(table, req.filter);
	const sig = signature(table, req.orderBy, req.filter);
	const list = orderedRecords(table, req.orderBy);
	const matches = predicate ?? (() => true);

	let start = 0;
	let skip = 0;
	if (req.usePageToken) {
		// ASSUMPTION: with use_page_token the offset is ignored; no page_token = the first page.
		if (req.pageToken) start = startAfter(list, decodeToken(req.pageToken, sig), req.orderBy);
	}
	// ASSUMPTION: without use_page_token a page_token is ignored and `offset` counts.
	else if (predicate) skip = req.offset;
	else start = req.offset;

	const records: StoredRecord[] = [];
	let hasMore = false;
	for (let n = start; n < list.length; n++) {
		const r = list[n];
		if (!matches(r)) continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		if (records.length === req.pageSize) {
			hasMore = true;
			break;
		}
		records.push(r);
	}
	const last = records[records.length - 1];
	const page: BatchQueryPage = {
		records,
		hasMore,
		// ASSUMPTION: "" when there is no next page.
		nextPageToken: hasMore && last ? encodeToken(sig, { keys: sortKeys(last, req.orderBy), id: last.id }) : '',
	};
	if (req.needTotalCount) page.total = predicate ? list.reduce((n, r) => n + (predicate(r) ? 1 : 0), 0) : list.length;
	return page;
}

/** The `items` JSON string of a page: selected fields, `_id` first, int64s as bare numbers. */
export function itemsJson(table: ObjectTable, records: StoredRecord[], select: string[]): string {
	return stringifyExact(records.map((r) => project(table, r, select)));
}
