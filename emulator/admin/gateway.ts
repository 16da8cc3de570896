/**
 * What every administration route shares: Feishu's documented rate limit of the API (per app and API;
 * the user token itself is checked by the gateway, routing.ts), the success envelope written with bare
 * int64s, and the error answers.
 */
import type { RouteContext } from '../context';
import { ERRORS, errorBody, sendJson, sendText, type ErrorSpec, type Exchange } from '../envelope';
import { stringifyExact } from '../objects/json-int64';

export const ADMIN_ERRORS = {
	paramInvalid: ERRORS.paramInvalid,
	rateLimited: ERRORS.rateLimited,
	// The apps and seat pages document 2320005 "insufficient permissions" (HTTP 403): seat APIs need
	// the authorising user to be an aPaaS system admin.
	insufficientPermission: { status: 403, code: 2320005, msg: 'insufficient permissions' },
} as const satisfies Record<string, ErrorSpec>;

/** ASSUMPTION: method ids of the troubleshooter link (undocumented); stable made-up digits. */
export const ADMIN_METHOD_IDS = {
	'app.list': '7000000000000000040',
	'audit_log.list': '7000000000000000041',
	'audit_log.get': '7000000000000000042',
	'data_change_log.list': '7000000000000000043',
	'data_change_log.get': '7000000000000000044',
	'seat_assignment.list': '7000000000000000045',
	'seat_activity.list': '7000000000000000046',
	'tenant_app_metrics.query': '7000000000000000047',
} as const;
export type AdminApi = keyof typeof ADMIN_METHOD_IDS;

/**
 * Feishu's documented limits: apps, seat activities and audit logs 10/s, seat_assignments 1/s.
 * ASSUMPTION: tenant_app_metrics/query has no documented limit; 10/s like the data platform's.
 */
const LIMIT_PER_SECOND: Record<AdminApi, number> = {
	'app.list': 10,
	'audit_log.list': 10,
	'audit_log.get': 10,
	'data_change_log.list': 10,
	'data_change_log.get': 10,
	'seat_assignment.list': 1,
	'seat_activity.list': 10,
	'tenant_app_metrics.query': 10,
};

/** Fixed one-second windows per app and API (the emulator's rate-limit ASSUMPTION, see knobs.ts). */
export class AdminRateLimiter {
	private readonly open = new Map<string, { start: number; served: number }>();
	/** The most requests one window served, per API (tests check it never exceeds the limit). */
	readonly maxServed = new Map<AdminApi, number>();

	/** False only with the start option `documentedAdminLimits: false` (a TEST OPTION, see server.ts). */
	constructor(private readonly enforced = true) {}

	admit(appId: string, api: AdminApi, now: number): { allowed: boolean; headers: Record<string, string> } {
		if (!this.enforced) return { allowed: true, headers: {} };
		const limit = LIMIT_PER_SECOND[api];
		const key = `${appId}\n${api}`;
		let w = this.open.get(key);
		if (!w || now >= w.start + 1000) {
			w = { start: now, served: 0 };
			this.open.set(key, w);
		}
		const allowed = w.served < limit;
		if (allowed) {
			w.served++;
			this.maxServed.set(api, Math.max(this.maxServed.get(api) ?? 0, w.served));
		}
		return {
			allowed,
			headers: { 'x-ogw-ratelimit-limit': String(limit), 'x-ogw-ratelimit-reset': String(Math.max(1, Math.ceil((w.start + 1000 - now) / 1000))) },
		};
	}

	clear(): void {
		this.open.clear();
		this.maxServed.clear();
	}
}

export function sendAdminError(ex: Exchange, spec: ErrorSpec, api: AdminApi): void {
	sendJson(ex, spec.status, errorBody(spec, ex.logId, ADMIN_METHOD_IDS[api]));
}

/** `{code: 0, msg: "success", data}` with BigInt values written as bare number literals. */
export function sendExactSuccess(ex: Exchange, data: Record<string, unknown>): void {
	sendText(ex, 200, 'application/json; charset=utf-8', stringifyExact({ code: 0, msg: 'success', data }));
}

/**
 * Feishu's documented limit of the API for the caller's app (the gateway has already checked the user
 * token and the test knob's window); the user id of the caller, or null after answering 429.
 */
export function admitUserRequest(ctx: RouteContext, ex: Exchange, api: AdminApi): { appId: string; userId: string } | null {
	const caller = ex.caller;
	if (!caller?.userId) {
		sendAdminError(ex, ERRORS.invalidToken, api);
		return null;
	}
	const decision = ctx.adminRate.admit(caller.appId, api, ctx.clock.now());
	Object.assign(ex.extraHeaders, decision.headers);
	if (!decision.allowed) {
		// The gateway counted it as served; a 429 is not.
		ctx.counters.rateLimited++;
		ctx.counters.served--;
		sendAdminError(ex, ADMIN_ERRORS.rateLimited, api);
		return null;
	}
	return { appId: caller.appId, userId: caller.userId };
}

/** The query string of the exchange. */
export function queryParams(ex: Exchange): URLSearchParams {
	return new URLSearchParams(ex.record.query);
}

/** A digit-string id as a BigInt, so that it is written as a bare JSON number. */
export function bare(id: string): bigint {
	return BigInt(id);
}

/** Opaque page tokens. ASSUMPTION: Feishu's tokens are opaque strings; here base64url of the offset. */
export function pageToken(offset: number): string {
	return Buffer.from(`o:${offset}`).toString('base64url');
}

/** The offset of a page token; 0 when absent, undefined when malformed. */
export function offsetOf(token: string | null): number | undefined {
	if (token === null || token === '') return 0;
	const m = /^o:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	return m ? Number(m[1]) : undefined;
}
