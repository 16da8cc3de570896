/**
 * The audit-log and data-change-log list query: time range, log type, quick query, filter, columns,
 * sort and Feishu's 10,000-row cap per query. Pure: the route hands it the query string.
 */
import { compareLogs, type LogEntry } from './store';

/** Feishu: "每次最多可查询 10,000 条数据" — a query reaches at most 10,000 rows (offset + page size). */
export const MAX_ROWS_PER_QUERY = 10_000;
/** ASSUMPTION (issue 20): Feishu's pages do not give the page-size maximum; 500. */
export const MAX_LOG_PAGE_SIZE = 500;
/** Audit log types Feishu documents: all, enterprise management, login, app management. */
export const AUDIT_LOG_TYPES = ['10000', '10001', '10002', '10003'] as const;
const ALL_LOGS = '10000';

export interface LogQuery {
	namespace: string;
	pageSize: number;
	offset: number;
	from?: number;
	to?: number;
	logType: string;
	quickQuery?: string;
	filter?: Record<string, unknown>;
	columns?: string[];
	ascending: boolean;
}

export type ParsedLogQuery = { ok: true; query: LogQuery } | { ok: false };

const MS = /^\d{1,16}$/;

/**
 * The list parameters, or `{ok: false}` for 2320001. `timeRequired`: audit lists need `from`/`to`
 * (the SDK types them required), data-change lists do not.
 */
export function parseLogQuery(namespace: string, params: URLSearchParams, timeRequired: boolean): ParsedLogQuery {
	const fail = { ok: false } as const;
	const pageSize = intParam(params.get('page_size'));
	const offset = intParam(params.get('offset'));
	if (pageSize === undefined || offset === undefined) return fail;
	if (pageSize < 1 || pageSize > MAX_LOG_PAGE_SIZE) return fail;
	// ASSUMPTION: Feishu's answer to a query beyond its cap is not documented; the aPaaS validation
	// error 400 / 2320001 "param is invalid", like any other out-of-range parameter.
	if (offset + pageSize > MAX_ROWS_PER_QUERY) return fail;
	const rawFrom = params.get('from');
	const rawTo = params.get('to');
	if (timeRequired && (rawFrom === null || rawTo === null)) return fail;
	// ASSUMPTION (issue 20): from / to are ms timestamps, both bounds inclusive.
	if ((rawFrom !== null && !MS.test(rawFrom)) || (rawTo !== null && !MS.test(rawTo))) return fail;
	const from = rawFrom === null ? undefined : Number(rawFrom);
	const to = rawTo === null ? undefined : Number(rawTo);
	if (from !== undefined && to !== undefined && from > to) return fail;
	const logType = params.get('log_type');
	if (logType === null || logType === '') return fail;
	const sortBy = params.get('sort_by');
	// ASSUMPTION: op_time is the one sort key the emulator knows; Feishu lists no others.
	if (sortBy !== null && sortBy !== 'op_time') return fail;
	const sortOrder = params.get('sort_order');
	if (sortOrder !== null && sortOrder !== 'asc' && sortOrder !== 'desc') return fail;
	let filter: Record<string, unknown> | undefined;
	const rawFilter = params.get('filter');
	if (rawFilter !== null && rawFilter !== '') {
		// ASSUMPTION: Feishu does not document the filter's syntax; here a JSON object of item fields
		// to values (a value or a list of accepted values), e.g. {"op_type":["delete_record"]}.
		try {
			const parsed: unknown = JSON.parse(rawFilter);
			if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail;
			filter = parsed as Record<string, unknown>;
		} catch {
			return fail;
		}
	}
	const columns = [...params.getAll('columns'), ...params.getAll('columns[]')].filter((c) => c !== '');
	return {
		ok: true,
		query: {
			namespace,
			pageSize,
			offset,
			from,
			to,
			logType,
			quickQuery: params.get('quick_query') || undefined,
			filter,
			columns: columns.length ? columns : undefined,
			// ASSUMPTION (issue 20): lists come newest first unless sort_order is asc.
			ascending: sortOrder === 'asc',
		},
	};
}

function intParam(v: string | null): number | undefined {
	if (v === null || !/^\d{1,9}$/.test(v)) return undefined;
	return Number(v);
}

/** ASSUMPTION: quick_query is a case-insensitive substring search over these fields. */
const QUICK_QUERY_FIELDS = ['op_type', 'module', 'client_ip', 'user_agent', 'data_object', 'status'] as const;

function matches(entry: LogEntry, q: LogQuery): boolean {
	if (entry.namespace !== q.namespace) return false;
	if (q.from !== undefined && entry.op_time < q.from) return false;
	if (q.to !== undefined && entry.op_time > q.to) return false;
	// ASSUMPTION: 10000 ("全部日志", all logs) matches every type, for data-change logs too.
	if (q.logType !== ALL_LOGS && entry.log_type !== q.logType) return false;
	if (q.quickQuery !== undefined) {
		const needle = q.quickQuery.toLowerCase();
		const hay = [...QUICK_QUERY_FIELDS.map((f) => entry[f]), entry.operator.name, entry.operator.email];
		if (!hay.some((v) => typeof v === 'string' && v.toLowerCase().includes(needle))) return false;
	}
	for (const [field, wanted] of Object.entries(q.filter ?? {})) {
		const value = (entry as unknown as Record<string, unknown>)[field];
		const accepted = Array.isArray(wanted) ? wanted : [wanted];
		if (!accepted.some((a) => a === value)) return false;
	}
	return true;
}

/** One page of the query and the total of matching rows (uncapped). */
export function queryLogs(entries: readonly LogEntry[], q: LogQuery): { page: LogEntry[]; total: number } {
	const matching = entries.filter((e) => matches(e, q));
	// Stored ascending by (op_time, log_id); newest first reverses that order exactly.
	if (!q.ascending) matching.reverse();
	return { page: matching.slice(q.offset, q.offset + q.pageSize), total: matching.length };
}

export { compareLogs };
