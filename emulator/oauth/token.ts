/**
 * POST /open-apis/authen/v2/oauth/token — grants `authorization_code` (with PKCE's `code_verifier`)
 * and `refresh_token` (strict rotation). Answers flat: `{code: 0, access_token, expires_in,
 * refresh_token, refresh_token_expires_in, scope, token_type}`.
 *
 * Feishu documents a JSON body with `client_id` / `client_secret`. n8n's OAuth2 client sends a form
 * (`application/x-www-form-urlencoded`). ASSUMPTION: Feishu also reads a form body, and HTTP Basic
 * client authentication (RFC 6749 §2.3.1) when the body has no client_secret.
 */
import type { RouteContext } from '../context';
import { sendJson, type Exchange } from '../envelope';
import type { Route } from '../routing';
import { OAUTH_ERRORS } from './errors';
import type { OAuthFailure } from './store';

export const OAUTH_TOKEN_PATH = '/open-apis/authen/v2/oauth/token';

/** The request body as string fields, JSON or form. */
function readBody(ex: Exchange): Record<string, string> | null {
	const type = String(ex.req.headers['content-type'] ?? '');
	const out: Record<string, string> = {};
	if (type.includes('application/x-www-form-urlencoded')) {
		for (const [k, v] of new URLSearchParams(ex.rawBody)) out[k] = v;
		return out;
	}
	try {
		const parsed: unknown = JSON.parse(ex.rawBody);
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
		for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
		return out;
	} catch {
		return null;
	}
}

function basicAuth(ex: Exchange): { id: string; secret: string } | null {
	const m = /^Basic\s+(\S+)$/i.exec(String(ex.req.headers.authorization ?? ''));
	if (!m) return null;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return null;
	return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function fail(ex: Exchange, why: OAuthFailure): void {
	const spec = OAUTH_ERRORS[why];
	sendJson(ex, spec.status, { code: spec.code, error: spec.error, error_description: spec.description });
}

function handleOAuthToken(ctx: RouteContext, ex: Exchange): void {
	const body = readBody(ex);
	if (!body) return fail(ex, 'invalidRequest');
	const basic = basicAuth(ex);
	const clientId = body.client_id ?? basic?.id;
	const clientSecret = body.client_secret ?? basic?.secret;
	if (!body.grant_type || !clientId || !clientSecret) return fail(ex, 'invalidRequest');
	const app = ctx.apps.find((a) => a.appId === clientId);
	if (!app || app.appSecret !== clientSecret) return fail(ex, 'invalidClient');
	const now = ctx.clock.now();
	let result;
	if (body.grant_type === 'authorization_code') {
		if (!body.code) return fail(ex, 'invalidRequest');
		result = ctx.oauth.exchangeCode(
			{ appId: clientId, code: body.code, redirectUri: body.redirect_uri, codeVerifier: body.code_verifier },
			now,
		);
	} else if (body.grant_type === 'refresh_token') {
		if (!body.refresh_token) return fail(ex, 'invalidRequest');
		result = ctx.oauth.exchangeRefresh({ appId: clientId, refreshToken: body.refresh_token }, now);
	} else {
		return fail(ex, 'unsupportedGrant');
	}
	if (typeof result === 'string') return fail(ex, result);
	sendJson(ex, 200, { code: 0, ...result });
}

export const TOKEN_ROUTES: Route[] = [
	{ method: 'POST', path: OAUTH_TOKEN_PATH, api: 'authen.oauth.token', token: 'none', handle: handleOAuthToken },
];
