/**
 * The emulator's one routing style: every Feishu API is a row (method, path template, API name,
 * token kind, handler), like the node's catalog. Each domain folder exports its `ROUTES`;
 * `routes.ts` concatenates them and the server dispatches through one compiled `RouteTable`.
 *
 * Why a table: the gateway steps (which token, rate window, request-log label) are decided
 * once from the row instead of being repeated in every handler, and adding an API is adding a
 * row in the domain's folder.
 */
import type { Caller, RouteContext } from './context';
import { ERRORS, METHOD_IDS, sendError, type Exchange } from './envelope';

export type RouteMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Route {
	method: RouteMethod;
	/** Path template with :params, e.g. '/open-apis/apaas/v1/workspaces/:workspace_id/tables/:table_name' */
	path: string;
	/** The API's name: rate-limit key and request-log label (e.g. 'workspace.tables.get'). */
	api: string;
	/** Which token the route accepts: 'tenant', 'user' (OAuth user_access_token), or 'none' (auth/control endpoints). */
	token: 'tenant' | 'user' | 'none';
	handle(ctx: RouteContext, ex: Exchange, params: Record<string, string>): void | Promise<void>;
}

/** Who a request authenticated as, and the hook the OAuth domain implements for 'user' routes. */
export type { Caller, UserTokenVerifier } from './context';
export { NO_USER_TOKENS } from './context';

interface CompiledRoute {
	route: Route;
	/** One entry per path segment: a literal, or null for a :param. */
	segments: Array<string | null>;
	names: string[];
}

export type RouteMatch = { route: Route; params: Record<string, string> };

/**
 * Decodes one path parameter. ASSUMPTION: a malformed %-escape is kept as sent (Feishu's
 * gateway answer for it is not documented); the handler then finds no such id or name and
 * answers its usual 2320001.
 */
function decodeParam(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

/**
 * Literal segments beat :params at the first segment where two matching templates differ,
 * so `records/batch_update` wins over `records/:id` whatever the order of the rows.
 */
function moreSpecific(a: CompiledRoute, b: CompiledRoute): boolean {
	for (let i = 0; i < a.segments.length; i++) {
		const x = a.segments[i] !== null;
		const y = b.segments[i] !== null;
		if (x !== y) return x;
	}
	return false;
}

/** The compiled table: templates are split once; a lookup compares segments, no regex per request. */
export class RouteTable {
	private readonly bySize = new Map<number, CompiledRoute[]>();

	constructor(routes: readonly Route[]) {
		const seen = new Set<string>();
		for (const route of routes) {
			const key = `${route.method} ${route.path}`;
			if (seen.has(key)) throw new Error(`duplicate emulator route ${key}`);
			seen.add(key);
			const parts = route.path.split('/');
			const names: string[] = [];
			const segments = parts.map((p) => {
				if (!p.startsWith(':')) return p;
				names.push(p.slice(1));
				return null;
			});
			const list = this.bySize.get(parts.length) ?? [];
			list.push({ route, segments, names });
			this.bySize.set(parts.length, list);
		}
	}

	/**
	 * The route for a method and path, with its decoded params; 'wrongMethod' when the path
	 * matches a template but not with this method; null when no template matches.
	 */
	match(method: string, path: string): RouteMatch | 'wrongMethod' | null {
		const parts = path.split('/');
		let best: { compiled: CompiledRoute; values: string[] } | null = null;
		let pathKnown = false;
		for (const compiled of this.bySize.get(parts.length) ?? []) {
			const values: string[] = [];
			let ok = true;
			for (let i = 0; i < parts.length && ok; i++) {
				const literal = compiled.segments[i];
				if (literal === null) {
					// A :param is one non-empty segment.
					if (parts[i] === '') ok = false;
					else values.push(parts[i]);
				} else if (literal !== parts[i]) ok = false;
			}
			if (!ok) continue;
			pathKnown = true;
			if (compiled.route.method !== method) continue;
			if (!best || moreSpecific(compiled, best.compiled)) best = { compiled, values };
		}
		if (!best) return pathKnown ? 'wrongMethod' : null;
		const params: Record<string, string> = {};
		best.compiled.names.forEach((name, i) => (params[name] = decodeParam(best.values[i])));
		return { route: best.compiled.route, params };
	}
}

/**
 * The rate-limit window key of a route: method + path template, e.g.
 * "POST /open-apis/apaas/v1/approval_instances/:id/cancel" (what `RateWindow.api` reports and
 * `rateLimit.api` filters by substring).
 */
export function rateKey(route: Route): string {
	return `${route.method} ${route.path}`;
}

/** The bearer token of a request: undefined when the header is absent or blank, null when it is not "Bearer <token>". */
function bearer(ex: Exchange): string | null | undefined {
	const header = ex.req.headers.authorization;
	if (!header || header.trim() === '') return undefined;
	// ASSUMPTION: a header without the "Bearer " scheme is an invalid token, not a missing one.
	const match = /^Bearer\s+(\S+)\s*$/.exec(header);
	return match ? match[1] : null;
}

/**
 * The gateway steps of a 'tenant' or 'user' route: the token the route accepts, then the rate
 * limit of this app and API. Sets `ex.caller` and returns true when the handler may run;
 * otherwise answers the error itself and returns false.
 */
export function admit(ctx: RouteContext, ex: Exchange, route: Route): boolean {
	const api = rateKey(route);
	// Rate-limit headers go on every response of an API while a window applies to it.
	Object.assign(ex.extraHeaders, ctx.rate.headersWithoutApp(api, route.api));
	const token = bearer(ex);
	if (token === undefined) {
		sendError(ex, ERRORS.missingToken, METHOD_IDS.gateway);
		return false;
	}
	let caller: Caller | null = null;
	if (token !== null) {
		const now = ctx.clock.now();
		if (route.token === 'tenant') {
			const appId = ctx.tokens.appOf(token, now);
			caller = appId ? { appId } : null;
		} else {
			// ASSUMPTION: a tenant token on a user-token API is answered like an invalid user token.
			const verified = ctx.userTokens.verify(token, now);
			if (verified && 'refused' in verified) {
				sendError(ex, verified.refused, METHOD_IDS.gateway);
				return false;
			}
			caller = verified;
		}
	}
	if (!caller) {
		sendError(ex, ERRORS.invalidToken, METHOD_IDS.gateway);
		return false;
	}
	// ASSUMPTION: only authenticated requests are counted against (and limited by) the window, at the
	// time they arrived (Feishu's gateway counts before the API works on them; the emulator's latency
	// stands for that work), so a burst of slow batches is counted as it came, not as it was answered.
	const arrived = ex.record.at;
	let decision = ctx.rate.admit(caller.appId, api, arrived, route.api);
	// The user-token APIs have their own default window (10/s, see userApiRateLimit) behind the test knob.
	if (decision.allowed && route.token === 'user') decision = ctx.userApiRate.admit(caller.appId, api, arrived, route.api);
	Object.assign(ex.extraHeaders, decision.headers);
	if (!decision.allowed) {
		ctx.counters.rateLimited++;
		sendError(ex, ERRORS.rateLimited, METHOD_IDS.gateway);
		return false;
	}
	ctx.counters.served++;
	ex.caller = caller;
	return true;
}
