/** The gateway steps every aPaaS API route shares: bearer auth, rate limit, JSON body. */
import type { RouteContext } from '../context';
import { ERRORS, METHOD_IDS, sendError, type Exchange } from '../envelope';
import { apiKey } from '../knobs';

/**
 * Resolves the calling app from `Authorization: Bearer <tenant token>` and applies the
 * rate limit of this app and API. Answers the error itself and returns null when the
 * request must stop here.
 */
export function admitApiRequest(ctx: RouteContext, ex: Exchange): string | null {
	const api = apiKey(ex.method, ex.path);
	// Rate-limit headers go on every response of an API while a window applies to it.
	Object.assign(ex.extraHeaders, ctx.rate.headersWithoutApp(api));
	const header = ex.req.headers.authorization;
	if (!header || header.trim() === '') {
		sendError(ex, ERRORS.missingToken, METHOD_IDS.gateway);
		return null;
	}
	// ASSUMPTION: a header without the "Bearer " scheme is an invalid token, not a missing one.
	const match = /^Bearer\s+(\S+)\s*$/.exec(header);
	const appId = match ? ctx.tokens.appOf(match[1], ctx.clock.now()) : null;
	if (!appId) {
		sendError(ex, ERRORS.invalidToken, METHOD_IDS.gateway);
		return null;
	}
	// ASSUMPTION: only authenticated requests are counted against (and limited by) the window.
	const decision = ctx.rate.admit(appId, api, ctx.clock.now());
	Object.assign(ex.extraHeaders, decision.headers);
	if (!decision.allowed) {
		ctx.counters.rateLimited++;
		sendError(ex, ERRORS.rateLimited, METHOD_IDS.gateway);
		return null;
	}
	ctx.counters.served++;
	return appId;
}

/**
 * The JSON object body of an API request, or null (after answering 2320001) when the body
 * is not a JSON object. ASSUMPTION: the exact code Feishu uses for an unparsable body is not
 * documented; 2320001 "param is invalid" is the aPaaS validation error. The Content-Type is
 * not enforced (it is logged, so tests can check the client sends application/json).
 */
export function jsonObjectBody(ex: Exchange, methodId: string): Record<string, unknown> | null {
	try {
		const body: unknown = JSON.parse(ex.rawBody);
		if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
			return body as Record<string, unknown>;
		}
	} catch {
		// fall through to the error below
	}
	sendError(ex, ERRORS.paramInvalid, methodId);
	return null;
}

/** A required non-empty string field. */
export function nonEmptyString(v: unknown): v is string {
	return typeof v === 'string' && v.trim() !== '';
}

/**
 * An integer that may arrive as a JSON number or a numeric string (Feishu's int64 fields are
 * strings). Returns undefined when absent, NaN when present but not a non-negative integer.
 */
export function intField(v: unknown): number | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : NaN;
	if (typeof v === 'string' && /^\d+$/.test(v.trim())) {
		const n = Number(v.trim());
		return Number.isSafeInteger(n) ? n : NaN;
	}
	return NaN;
}
