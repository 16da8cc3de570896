/**
 * The eight administration APIs (user_access_token only): apps, audit and data-change logs (list and
 * detail), seat assignments and activities, tenant app metrics. User ids go out as bare int64 numbers.
 */
import type { RouteContext } from '../context';
import type { Route } from '../routing';
import type { Exchange } from '../envelope';
import { jsonObjectBody } from '../body';
import {
	ADMIN_ERRORS,
	ADMIN_METHOD_IDS,
	admitUserRequest,
	bare,
	offsetOf,
	pageToken,
	queryParams,
	sendAdminError,
	sendExactSuccess,
	type AdminApi,
} from './gateway';
import { AUDIT_LOG_TYPES, parseLogQuery, queryLogs } from './logs';
import type { AdminApp, LogEntry, SeatEntry, SeatType } from './store';

const V1 = '/open-apis/apaas/v1';
/** Feishu: apps page_size ≤ 50. ASSUMPTION: 20 when absent (not documented). */
const MAX_APPS_PAGE = 50;
const DEFAULT_APPS_PAGE = 20;
/** ASSUMPTION: the seat pages give no page-size range; 1..100. */
const MAX_SEAT_PAGE = 100;
const SEAT_TYPES: readonly SeatType[] = ['per_user', 'per_user_per_app'];

function fail(ex: Exchange, api: AdminApi): void {
	sendAdminError(ex, ADMIN_ERRORS.paramInvalid, api);
}

function appJson(app: AdminApp): Record<string, unknown> {
	const roles = app.app_roles_info;
	return {
		name: app.name,
		namespace: app.namespace,
		created_at: app.created_at,
		creator: bare(app.creator),
		owner: bare(app.owner),
		status: app.status,
		app_roles_info: {
			admins: roles.admins.map(bare),
			developers: roles.developers.map(bare),
			test_users: roles.test_users.map(bare),
			data_admins: roles.data_admins.map(bare),
		},
		description: app.description,
		type: app.type,
		charge_mode: app.charge_mode,
	};
}

/** A list item as the SDK types it: `op_time` a string of ms, `app_name` per language. */
function logItem(ctx: RouteContext, entry: LogEntry, columns?: string[]): Record<string, unknown> {
	const app = ctx.admin.apps.get(entry.namespace);
	const item: Record<string, unknown> = {
		...entry,
		op_time: String(entry.op_time),
		app_name: app ? Object.fromEntries(app.name.map((n) => [n.language_code, n.text])) : undefined,
	};
	// ASSUMPTION: `columns` selects the fields of each item; log_id always comes.
	if (!columns) return item;
	return Object.fromEntries(Object.entries(item).filter(([k]) => k === 'log_id' || columns.includes(k)));
}

/** The detail answer (`data.data`), grouped as the SDK's audit_log_detail. */
function logDetail(ctx: RouteContext, e: LogEntry): Record<string, unknown> {
	const app = ctx.admin.apps.get(e.namespace);
	return {
		log_id: e.log_id,
		basic_info: {
			log_type: e.log_type,
			audit_scope: e.audit_scope,
			env_type: e.env_type,
			app_id: e.namespace,
			module: e.module,
			op_type: e.op_type,
			app_name: app ? Object.fromEntries(app.name.map((n) => [n.language_code, n.text])) : undefined,
		},
		op_info: {
			operator: e.operator,
			outsider: e.outsider ?? false,
			op_detail: e.op_detail,
			status: e.status,
			op_time: String(e.op_time),
			data_object: e.data_object,
			op_source: e.op_source,
			data_changes: e.data_changes,
		},
		login_info: { login_type: e.login_type },
		device_info: {},
		net_info: { client_ip: e.client_ip, user_agent: e.user_agent },
	};
}

function knownNamespace(ctx: RouteContext, namespace: string): boolean {
	// ASSUMPTION: a namespace that is not an app of the tenant is a parameter error.
	return ctx.admin.apps.has(namespace);
}

function listLogs(kind: 'audit' | 'dataChange'): Route['handle'] {
	const api: AdminApi = kind === 'audit' ? 'audit_log.list' : 'data_change_log.list';
	return (ctx, ex, params) => {
		if (!admitUserRequest(ctx, ex, api)) return;
		if (!knownNamespace(ctx, params.namespace)) return fail(ex, api);
		const parsed = parseLogQuery(params.namespace, queryParams(ex), kind === 'audit');
		if (!parsed.ok) return fail(ex, api);
		if (kind === 'audit' && !(AUDIT_LOG_TYPES as readonly string[]).includes(parsed.query.logType)) return fail(ex, api);
		const { page, total } = queryLogs(kind === 'audit' ? ctx.admin.auditLogs : ctx.admin.dataChangeLogs, parsed.query);
		sendExactSuccess(ex, { items: page.map((e) => logItem(ctx, e, parsed.query.columns)), total: String(total) });
	};
}

function getLog(kind: 'audit' | 'dataChange'): Route['handle'] {
	const api: AdminApi = kind === 'audit' ? 'audit_log.get' : 'data_change_log.get';
	return (ctx, ex, params) => {
		if (!admitUserRequest(ctx, ex, api)) return;
		if (!knownNamespace(ctx, params.namespace)) return fail(ex, api);
		const logId = queryParams(ex).get('log_id');
		if (logId === null || !/^\d{1,19}$/.test(logId)) return fail(ex, api);
		const entries = kind === 'audit' ? ctx.admin.auditLogs : ctx.admin.dataChangeLogs;
		const entry = entries.find((e) => e.log_id === logId && e.namespace === params.namespace);
		// ASSUMPTION: an unknown log id is a parameter error (not documented).
		if (!entry) return fail(ex, api);
		sendExactSuccess(ex, { data: logDetail(ctx, entry) });
	};
}

function listSeats(api: 'seat_assignment.list' | 'seat_activity.list'): Route['handle'] {
	return (ctx, ex) => {
		const user = admitUserRequest(ctx, ex, api);
		if (!user) return;
		if (!ctx.admin.systemAdmins.has(user.userId)) return sendAdminError(ex, ADMIN_ERRORS.insufficientPermission, api);
		const q = queryParams(ex);
		const seatType = q.get('seat_type') as SeatType | null;
		if (seatType === null || !SEAT_TYPES.includes(seatType)) return fail(ex, api);
		const size = q.get('page_size');
		if (size === null || !/^\d{1,4}$/.test(size) || Number(size) < 1 || Number(size) > MAX_SEAT_PAGE) return fail(ex, api);
		const offset = offsetOf(q.get('page_token'));
		if (offset === undefined) return fail(ex, api);
		const activities = api === 'seat_activity.list';
		// ASSUMPTION: seat activities list only seats that were ever used (have an active_time).
		const seats = ctx.admin.seats.filter((s) => s.seat_type === seatType && (!activities || s.active_time !== undefined));
		const page = seats.slice(offset, offset + Number(size));
		const hasMore = offset + page.length < seats.length;
		sendExactSuccess(ex, {
			items: page.map((s: SeatEntry) => ({
				user_id: bare(s.user_id),
				namespace: s.namespace,
				status: s.status,
				active_time: activities ? s.active_time : undefined,
			})),
			page_token: hasMore ? pageToken(offset + page.length) : '',
			has_more: hasMore,
		});
	};
}

const listApps: Route['handle'] = (ctx, ex) => {
	const api = 'app.list';
	if (!admitUserRequest(ctx, ex, api)) return;
	const q = queryParams(ex);
	const size = q.get('page_size');
	if (size !== null && (!/^\d{1,3}$/.test(size) || Number(size) < 1 || Number(size) > MAX_APPS_PAGE)) return fail(ex, api);
	const pageSize = size === null ? DEFAULT_APPS_PAGE : Number(size);
	const offset = offsetOf(q.get('page_token'));
	if (offset === undefined) return fail(ex, api);
	// ASSUMPTION: apps come in creation order (oldest first); Feishu does not say.
	const apps = [...ctx.admin.apps.values()].sort((a, b) => a.created_at - b.created_at);
	const page = apps.slice(offset, offset + pageSize);
	const hasMore = offset + page.length < apps.length;
	sendExactSuccess(ex, { items: page.map(appJson), page_token: hasMore ? pageToken(offset + page.length) : '', has_more: hasMore });
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const queryMetrics: Route['handle'] = (ctx, ex) => {
	const api = 'tenant_app_metrics.query';
	if (!admitUserRequest(ctx, ex, api)) return;
	const body = jsonObjectBody(ex, ADMIN_METHOD_IDS[api]);
	if (!body) return;
	const { namespaces, date } = body;
	if (!Array.isArray(namespaces) || namespaces.length === 0 || !namespaces.every((n) => typeof n === 'string' && n !== '')) {
		return fail(ex, api);
	}
	// ASSUMPTION (issue 20): the metrics date is YYYY-MM-DD.
	if (typeof date !== 'string' || !DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return fail(ex, api);
	if (!namespaces.every((n: string) => knownNamespace(ctx, n))) return fail(ex, api);
	sendExactSuccess(ex, {
		metrics: (namespaces as string[]).map((namespace) => {
			const metric = ctx.admin.metrics.find((m) => m.namespace === namespace && m.date === date);
			// ASSUMPTION: a day without figures answers the namespace with an empty object.
			return { namespace, data: JSON.stringify(metric?.data ?? {}) };
		}),
	});
};

export const ROUTES: Route[] = [
	{ method: 'GET', path: `${V1}/apps`, api: 'app.list', token: 'user', handle: listApps },
	{ method: 'GET', path: `${V1}/applications/:namespace/audit_log/audit_log_list`, api: 'audit_log.list', token: 'user', handle: listLogs('audit') },
	{ method: 'GET', path: `${V1}/applications/:namespace/audit_log`, api: 'audit_log.get', token: 'user', handle: getLog('audit') },
	{
		method: 'GET',
		path: `${V1}/applications/:namespace/audit_log/data_change_logs_list`,
		api: 'data_change_log.list',
		token: 'user',
		handle: listLogs('dataChange'),
	},
	{
		method: 'GET',
		path: `${V1}/applications/:namespace/audit_log/data_change_log_detail`,
		api: 'data_change_log.get',
		token: 'user',
		handle: getLog('dataChange'),
	},
	{ method: 'GET', path: `${V1}/seat_assignments`, api: 'seat_assignment.list', token: 'user', handle: listSeats('seat_assignment.list') },
	{ method: 'GET', path: `${V1}/seat_activities`, api: 'seat_activity.list', token: 'user', handle: listSeats('seat_activity.list') },
	{ method: 'POST', path: `${V1}/tenant_app_metrics/query`, api: 'tenant_app_metrics.query', token: 'user', handle: queryMetrics },
];
