/**
 * Every entry of an audit-log or data-change-log time range, exactly once and in time order, past
 * Feishu's cap of 10,000 rows per query (offset + page size).
 *
 * The range is walked oldest first (newest first for `desc`) by offset pages. When the next page
 * would cross the cap, the rest of the range is queried anew from the last timestamp seen: the time
 * range is split there. Entries of that very millisecond that were already returned are skipped by
 * log id, so equal timestamps at the split are neither lost nor repeated. In time order, new entries
 * logged meanwhile land after the rows already read (ascending offsets do not shift).
 */

/** Feishu: "每次最多可查询 10,000 条数据" — at most 10,000 rows per query (offset + page size). */
export const MAX_ROWS_PER_QUERY = 10_000;
/** ASSUMPTION (issue 20): Feishu's pages do not state the page-size maximum; 500. */
export const LOG_PAGE_SIZE = 500;

export interface LogPageRequest {
	/** ms, inclusive. */
	from: number;
	/** ms, inclusive. */
	to: number;
	offset: number;
	pageSize: number;
	order: 'asc' | 'desc';
}

export interface LogPage {
	items: LogItem[];
	/** Matching rows of the whole query (Feishu's `total`), when it sends one. */
	total?: number;
}

/** A list entry: its id and time are all the walk needs. */
export interface LogItem {
	log_id?: unknown;
	op_time?: unknown;
	[key: string]: unknown;
}

export interface LogWalk {
	from: number;
	to: number;
	order: 'asc' | 'desc';
	/** Stop after this many entries (Limit); undefined = all (Return All). */
	limit?: number;
	pageSize?: number;
	/** Log ids at `from` (asc) / `to` (desc) already delivered (the trigger's cursor). */
	skipAtStart?: Iterable<string>;
	fetch: (request: LogPageRequest) => Promise<LogPage>;
	/** The error to throw when the range cannot be read whole (default LogWalkError). */
	error?: (message: string) => Error;
}

export class LogWalkError extends Error {}

/** The entry's op_time in ms; Feishu sends it as a string of digits. */
export function opTime(item: LogItem, error: (message: string) => Error = (m) => new LogWalkError(m)): number {
	const t = Number(item.op_time);
	if (!Number.isSafeInteger(t)) throw error(`Feishu sent a log entry without a usable op_time (log_id ${String(item.log_id)})`);
	return t;
}

/**
 * Yields pages of new entries (in the walk's order). Each call of `fetch` is one request; the caller
 * paces and handles errors.
 */
export async function* walkLogs(walk: LogWalk): AsyncGenerator<LogItem[]> {
	const pageSize = Math.min(walk.pageSize ?? LOG_PAGE_SIZE, MAX_ROWS_PER_QUERY);
	const asc = walk.order === 'asc';
	const error = walk.error ?? ((message: string) => new LogWalkError(message));
	let from = walk.from;
	let to = walk.to;
	// The split timestamp and the ids of it already delivered.
	let edge = asc ? from : to;
	let seenAtEdge = new Set<string>(walk.skipAtStart ?? []);
	let left = walk.limit ?? Infinity;
	if (left <= 0 || from > to) return;

	for (;;) {
		let offset = 0;
		let progressed = false;
		for (;;) {
			const size = Math.min(pageSize, MAX_ROWS_PER_QUERY - offset);
			const { items, total } = await walk.fetch({ from, to, offset, pageSize: size, order: walk.order });
			const fresh: LogItem[] = [];
			for (const item of items) {
				const t = opTime(item, error);
				const id = String(item.log_id ?? '');
				if (t === edge && seenAtEdge.has(id)) continue;
				if (t !== edge) {
					// Later (asc) or earlier (desc) than the edge: a new edge.
					edge = t;
					seenAtEdge = new Set();
					progressed = true;
				}
				seenAtEdge.add(id);
				fresh.push(item);
				if (--left <= 0) break;
			}
			if (fresh.length) yield fresh;
			if (left <= 0) return;
			offset += items.length;
			const done = items.length < size || (total !== undefined && offset >= total);
			if (done) return;
			if (offset + 1 > MAX_ROWS_PER_QUERY) break;
		}
		// The cap is reached with rows left: the rest of the range, from the last timestamp seen.
		if (!progressed && (asc ? from : to) === edge) {
			throw error(
				`${MAX_ROWS_PER_QUERY.toLocaleString('en-US')} or more log entries share the timestamp ${new Date(edge).toISOString()} (${edge}); Feishu lists at most ${MAX_ROWS_PER_QUERY.toLocaleString('en-US')} rows per query, so they cannot all be read. Narrow the query with Filter or Log Type.`,
			);
		}
		if (asc) from = edge;
		else to = edge;
	}
}
