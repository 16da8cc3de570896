/**
 * The data platform's 11 user-token APIs under /open-apis/apaas/v1/workspaces/:workspace_id/.
 * Answers `{code: 0, msg: 'success', data}`; record lists carry `items` as a JSON **string** with
 * int64 values as bare number literals (all digits kept).
 */
import type { RouteContext } from '../context';
import { ERRORS, METHOD_IDS, sendError, sendSuccess, type ErrorSpec, type Exchange } from '../envelope';
import { isJsonObject, parseExact, stringifyExact, type ExactJson } from '../objects/json-int64';
import { requireScope } from '../oauth/scopes';
import type { Route } from '../routing';
import {
	compareRows as compareBy,
	FilterError,
	filterColumns,
	parseFilter,
	parseOrder,
	parseSelect,
	type Condition,
} from './postgrest';
import { runSql, SqlError } from './sql';
import type { Row, Table, Workspace } from './store';
import { ValueError, type Column } from './values';

const BASE = '/open-apis/apaas/v1/workspaces/:workspace_id';

/** Documented: at most 500 rows per records POST / records_batch_update, page_size ≤ 500. */
export const MAX_BATCH = 500;
export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 10;

const SCOPES = {
	// ASSUMPTION: which scope each API checks (a generated SDK's comments name the five scopes, not the mapping).
	tableRead: ['app_engine:workspace.table:read', 'app_engine:workspace.table:write'],
	recordRead: ['app_engine:workspace.table.record:read', 'app_engine:workspace.table.record:write'],
	recordWrite: ['app_engine:workspace.table.record:write'],
	sql: ['app_engine:workspace.sql_commands:write'],
};

class Refusal extends Error {
	constructor(readonly spec: ErrorSpec) {
		super(spec.msg);
	}
}

/** 2320001 with the reason appended. ASSUMPTION: Feishu's exact wording per failure is not documented. */
const invalid = (reason: string) => new Refusal({ ...ERRORS.paramInvalid, msg: `${ERRORS.paramInvalid.msg}: ${reason}` });

function query(ex: Exchange): URLSearchParams {
	return new URL(ex.req.url ?? '/', 'http://127.0.0.1').searchParams;
}

function workspaceOf(ctx: RouteContext, id: string): Workspace {
	const ws = ctx.workspaces.workspaces.get(id);
	if (!ws) throw invalid(`workspace "${id}" does not exist or the user cannot access it`);
	return ws;
}

function tableOf(ctx: RouteContext, params: Record<string, string>): Table {
	const table = workspaceOf(ctx, params.workspace_id).tables.get(params.table_name);
	if (!table) throw invalid(`table "${params.table_name}" does not exist`);
	return table;
}

function body(ex: Exchange): Record<string, ExactJson> {
	try {
		const parsed = parseExact(ex.rawBody);
		if (isJsonObject(parsed)) return parsed;
	} catch {
		// below
	}
	throw invalid('the body must be a JSON object');
}

/** A body field that must be a JSON string holding `what`. */
function jsonStringField(b: Record<string, ExactJson>, field: string): ExactJson {
	const raw = b[field];
	if (typeof raw !== 'string') throw invalid(`${field} must be a JSON string`);
	try {
		return parseExact(raw);
	} catch {
		throw invalid(`${field} is not valid JSON`);
	}
}

function rowsField(b: Record<string, ExactJson>, field: string): Row[] {
	const rows = jsonStringField(b, field);
	if (!Array.isArray(rows) || rows.length === 0 || !rows.every(isJsonObject)) {
		throw invalid(`${field} must be a JSON array of objects`);
	}
	if (rows.length > MAX_BATCH) throw invalid(`${field} holds ${rows.length} rows; at most ${MAX_BATCH}`);
	return rows as Row[];
}

function conditions(table: Table | Map<string, Column>, filter: string | null): Condition[] {
	const parsed = parseFilter(filter ?? '');
	const cols = table instanceof Map ? table : table.byName;
	for (const c of filterColumns(parsed)) if (!cols.has(c)) throw invalid(`filter: column "${c}" does not exist`);
	return parsed;
}

const nowIso = (ctx: RouteContext) => new Date(ctx.clock.now()).toISOString();

function pageParams(q: URLSearchParams): { size: number; offset: number } {
	const rawSize = q.get('page_size');
	const size = rawSize === null || rawSize === '' ? DEFAULT_PAGE_SIZE : Number(rawSize);
	if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw invalid(`page_size must be 1..${MAX_PAGE_SIZE}`);
	const token = q.get('page_token');
	let offset = 0;
	if (token) {
		const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
		if (!decoded) throw invalid('page_token is invalid');
		offset = Number(decoded[1]);
	}
	return { size, offset };
}

const pageToken = (offset: number) => Buffer.from(`o${offset}`).toString('base64url');

function page<T>(all: T[], q: URLSearchParams): { items: T[]; has_more: boolean; page_token: string } {
	const { size, offset } = pageParams(q);
	const items = all.slice(offset, offset + size);
	const more = offset + size < all.length;
	return { items, has_more: more, page_token: more ? pageToken(offset + size) : '' };
}

function readRows(rows: Row[], columns: Map<string, Column>, q: URLSearchParams, fixed: string[] | null): Record<string, unknown> {
	const select = parseSelect(q.get('select')) ?? fixed;
	for (const c of select ?? []) if (!columns.has(c)) throw invalid(`select: column "${c}" does not exist`);
	const order = parseOrder(q.get('order'));
	for (const o of order) if (!columns.has(o.column)) throw invalid(`order: column "${o.column}" does not exist`);
	const sorted = order.length > 0 ? [...rows].sort((a, b) => compareBy(order, a, b)) : rows;
	const { items, has_more, page_token } = page(sorted, q);
	const shaped = items.map((r) => (select ? Object.fromEntries(select.map((c) => [c, r[c] ?? null])) : r));
	return { items: stringifyExact(shaped), has_more, page_token, total: rows.length };
}

function tableInfo(t: Table): Record<string, unknown> {
	return { name: t.name, description: t.description, columns: t.columns.map((c) => ({ ...c })) };
}

type Handler = (ctx: RouteContext, ex: Exchange, params: Record<string, string>, user: string) => Record<string, unknown>;

function route(method: Route['method'], path: string, api: string, scopes: string[], handler: Handler): Route {
	return {
		method,
		path: `${BASE}${path}`,
		api,
		token: 'user',
		handle(ctx, ex, params) {
			// The gateway (routing.ts admit) has checked the user token and the rate window.
			if (!requireScope(ex, scopes)) return;
			try {
				sendSuccess(ex, handler(ctx, ex, params, ex.caller?.userId ?? ''));
			} catch (e) {
				if (e instanceof Refusal) return sendError(ex, e.spec, METHOD_IDS.gateway);
				if (e instanceof FilterError || e instanceof ValueError || e instanceof SqlError) {
					return sendError(ex, invalid(e.message).spec, METHOD_IDS.gateway);
				}
				throw e;
			}
		},
	};
}

export const ROUTES: Route[] = [
	route('GET', '/tables', 'workspace.tables.list', SCOPES.tableRead, (ctx, ex, p) => {
		const tables = [...workspaceOf(ctx, p.workspace_id).tables.values()].map(tableInfo);
		const q = query(ex);
		// ASSUMPTION: the table and enum lists default to 20 per page (Feishu's common default).
		if (!q.has('page_size')) q.set('page_size', '20');
		return page(tables, q);
	}),
	route('GET', '/tables/:table_name', 'workspace.tables.get', SCOPES.tableRead, (ctx, _ex, p) => tableInfo(tableOf(ctx, p))),
	route('GET', '/tables/:table_name/records', 'workspace.records.get', SCOPES.recordRead, (ctx, ex, p) => {
		const table = tableOf(ctx, p);
		const q = query(ex);
		return readRows(table.select(conditions(table, q.get('filter')), []), table.byName, q, null);
	}),
	route('POST', '/tables/:table_name/records', 'workspace.records.post', SCOPES.recordWrite, (ctx, ex, p, user) => {
		const table = tableOf(ctx, p);
		const q = query(ex);
		const rows = rowsField(body(ex), 'records');
		const split = (s: string | null) => (s === null || s.trim() === '' ? undefined : s.split(',').map((x) => x.trim()));
		const columns = split(q.get('columns'));
		let conflict = split(q.get('on_conflict'));
		for (const c of [...(columns ?? []), ...(conflict ?? [])]) {
			if (!table.byName.has(c)) throw invalid(`column "${c}" does not exist`);
		}
		// Feishu: `columns` / `on_conflict` make the POST an upsert; the default conflict key is the primary key.
		if (columns && !conflict) conflict = table.primaryKey();
		if (conflict && !table.isConflictTarget(conflict)) {
			throw invalid(`on_conflict (${conflict.join(', ')}) is neither the primary key nor a unique column`);
		}
		return { record_ids: ctx.workspaces.write(p.workspace_id, table, rows, user, nowIso(ctx), { conflict, columns }) };
	}),
	route('PATCH', '/tables/:table_name/records', 'workspace.records.patch', SCOPES.recordWrite, (ctx, ex, p, user) => {
		const table = tableOf(ctx, p);
		const filter = query(ex).get('filter');
		if (!filter) throw invalid('filter is required');
		const record = jsonStringField(body(ex), 'record');
		if (!isJsonObject(record)) throw invalid('record must be a JSON object');
		return { record_ids: ctx.workspaces.update(p.workspace_id, table, conditions(table, filter), record, user, nowIso(ctx)) };
	}),
	route('DELETE', '/tables/:table_name/records', 'workspace.records.delete', SCOPES.recordWrite, (ctx, ex, p, user) => {
		const table = tableOf(ctx, p);
		const filter = query(ex).get('filter');
		if (!filter) throw invalid('filter is required');
		ctx.workspaces.delete(p.workspace_id, table, conditions(table, filter), user);
		return {};
	}),
	route(
		'PATCH',
		'/tables/:table_name/records_batch_update',
		'workspace.records.batch_update',
		SCOPES.recordWrite,
		(ctx, ex, p, user) => {
			const table = tableOf(ctx, p);
			const rows = rowsField(body(ex), 'records');
			const fieldsOf = (r: Row) => Object.keys(r).filter((k) => k !== '_id').sort().join(',');
			const first = fieldsOf(rows[0]);
			rows.forEach((r, i) => {
				if (typeof r._id !== 'string' || r._id === '') throw invalid(`records[${i}] has no _id`);
				// Feishu: every row of one request must update the same fields.
				if (fieldsOf(r) !== first) throw invalid(`records[${i}] updates other fields than records[0]`);
			});
			return { record_ids: ctx.workspaces.updateById(p.workspace_id, table, rows, user, nowIso(ctx)) };
		},
	),
	route('GET', '/views/:view_name/records', 'workspace.views.records', SCOPES.recordRead, (ctx, ex, p) => {
		const ws = workspaceOf(ctx, p.workspace_id);
		const view = ws.views.get(p.view_name);
		if (!view) throw invalid(`view "${p.view_name}" does not exist`);
		const table = ws.tables.get(view.table) as Table;
		const visible = new Map([...table.byName].filter(([name]) => view.columns === null || view.columns.includes(name)));
		const q = query(ex);
		const rows = table.select([...view.conditions, ...conditions(visible, q.get('filter'))], []);
		return readRows(rows, visible, q, view.columns);
	}),
	route('GET', '/enums', 'workspace.enums.list', SCOPES.tableRead, (ctx, ex, p) => {
		const q = query(ex);
		if (!q.has('page_size')) q.set('page_size', '20');
		return page([...workspaceOf(ctx, p.workspace_id).enums.values()], q);
	}),
	route('GET', '/enums/:enum_name', 'workspace.enums.get', SCOPES.tableRead, (ctx, _ex, p) => {
		const e = workspaceOf(ctx, p.workspace_id).enums.get(p.enum_name);
		if (!e) throw invalid(`enum "${p.enum_name}" does not exist`);
		// The SDK types `created_at` as a string here (a number in the list).
		return { ...e, created_at: String(e.created_at) };
	}),
	route('POST', '/sql_commands', 'workspace.sql_commands', SCOPES.sql, (ctx, ex, p, user) => {
		workspaceOf(ctx, p.workspace_id);
		const sql = body(ex).sql;
		if (typeof sql !== 'string' || sql.trim() === '') throw invalid('sql is required');
		const rows = runSql({ store: ctx.workspaces, workspace: p.workspace_id, user, now: nowIso(ctx) }, sql);
		// Reference: `result` is a JSON string of the rows for SELECT, empty otherwise.
		return { result: rows === null ? '' : stringifyExact(rows) };
	}),
];
