/**
 * The gateway step of 'user' routes: the user_access_token, its scopes, then the API's rate window.
 * Feishu's codes: 99991661 no token, 99991677 expired, 99991668 invalid (see errors.ts for the status).
 */
import type { RouteContext } from '../context';
import { ERRORS, METHOD_IDS, sendError, type Exchange } from '../envelope';
import type { Route } from '../routing';
import { USER_TOKEN_ERRORS } from './errors';
import type { UserCaller } from './store';

/** The caller of a 'user' route, or null after answering the refusal. `scopes`: any one of them suffices. */
export function admitUser(ctx: RouteContext, ex: Exchange, route: Route, scopes: readonly string[]): UserCaller | null {
	const header = ex.req.headers.authorization;
	if (!header || header.trim() === '') {
		sendError(ex, ERRORS.missingToken, METHOD_IDS.gateway);
		return null;
	}
	const match = /^Bearer\s+(\S+)\s*$/.exec(header);
	const now = ctx.clock.now();
	// ASSUMPTION: a tenant token (or anything not a user token) on a user-token API is an invalid user token.
	const checked = match ? ctx.oauth.check(match[1], now) : 'invalid';
	if (typeof checked === 'string') {
		const spec = USER_TOKEN_ERRORS[checked];
		sendError(ex, { status: ctx.oauth.knobs.userTokenRejectStatus, ...spec }, METHOD_IDS.gateway);
		return null;
	}
	if (scopes.length > 0 && !scopes.some((s) => checked.scopes.includes(s))) {
		sendError(ex, { status: 400, ...USER_TOKEN_ERRORS.missingScope }, METHOD_IDS.gateway);
		return null;
	}
	const api = `${route.method} ${route.path}`;
	const decision = ctx.workspaceRate.admit(checked.appId, api, now);
	Object.assign(ex.extraHeaders, decision.headers);
	if (!decision.allowed) {
		ctx.counters.rateLimited++;
		sendError(ex, ERRORS.rateLimited, METHOD_IDS.gateway);
		return null;
	}
	ctx.counters.served++;
	return checked;
}
