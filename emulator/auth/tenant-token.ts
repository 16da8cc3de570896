/** POST /open-apis/auth/v3/tenant_access_token/internal — self-built app token. */
import type { RouteContext } from '../context';
import { ERRORS, sendFlatError, sendJson, type Exchange } from '../envelope';

export function handleToken(ctx: RouteContext, ex: Exchange): void {
	ctx.counters.tokenRequests++;
	let body: unknown;
	try {
		body = JSON.parse(ex.rawBody);
	} catch {
		// ASSUMPTION: a body that is not JSON is reported like missing fields (10003).
		return sendFlatError(ex, ERRORS.tokenInvalidParam);
	}
	const { app_id: appId, app_secret: appSecret } = (body ?? {}) as Record<string, unknown>;
	if (typeof appId !== 'string' || appId === '' || typeof appSecret !== 'string' || appSecret === '') {
		return sendFlatError(ex, ERRORS.tokenInvalidParam);
	}
	const app = ctx.apps.find((a) => a.appId === appId);
	if (!app) return sendFlatError(ex, ERRORS.tokenInvalidParam);
	if (app.appSecret !== appSecret) return sendFlatError(ex, ERRORS.tokenSecretInvalid);

	const issued = ctx.tokens.issue(appId, ctx.tokenLifetimeSeconds, ctx.clock.now());
	if (issued.minted) ctx.counters.mints++;
	// The token endpoint answers flat: the token is NOT wrapped in `data`.
	sendJson(ex, 200, {
		code: 0,
		msg: 'ok',
		tenant_access_token: issued.token,
		expire: issued.expire,
	});
}
