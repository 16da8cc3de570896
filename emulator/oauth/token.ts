/**
 * POST /open-apis/authen/v2/oauth/token — grants `authorization_code` (with PKCE's `code_verifier`)
 * and `refresh_token` (strict rotation). Answers flat: `{code: 0, access_token, expires_in,
 * refresh_token, refresh_token_expires_in, scope, token_type}`.
 *
 * What Feishu documents (get-user-access-token, refresh-user-access-token): a JSON body
 * (`Content-Type: application/json; charset=utf-8`) with `grant_type`, `client_id`, `client_secret`
 * and `code` / `redirect_uri` / `code_verifier` or `refresh_token` (`scope` optional). That is read as
 * documented. Two more ways in, because n8n's OAuth2 client (@n8n/client-oauth2) can send no other:
 * - ASSUMPTION: Feishu also reads the same fields from an `application/x-www-form-urlencoded` body.
 *   n8n's client always sends a form (it `qs.stringify`s the body; no option for JSON), and published
 *   n8n packages for Feishu's user token work with it.
 * - ASSUMPTION: Feishu also takes the client by HTTP Basic (RFC 6749 §2.3.1) when the body has no
 *   client_secret. n8n 1.x sends the code exchange of a PKCE credential that way whatever the
 *   credential's Authentication says (its callback ignores 'body' for PKCE); n8n 2.x and every
 *   refresh with `authentication: 'body'` put client_id / client_secret in the body.
 * - ASSUMPTION: any other content type, both Basic and a body client_secret at once (RFC 6749 §2.3:
 *   one method per request), or a body client_id other than the Basic one is invalid_request (20001).
 */
import type { RouteContext } from '../context';
import { sendJson, type Exchange } from '../envelope';
import type { Route } from '../routing';
import { OAUTH_ERRORS } from './errors';
import type { OAuthFailure } from './store';

export const OAUTH_TOKEN_PATH = '/open-apis/authen/v2/oauth/token';

/** The request body as string fields: JSON (documented) or a form (ASSUMPTION above); null otherwise. */
function readBody(ex: Exchange): Record<string, string> | null {
	const type = String(ex.req.headers['content-type'] ?? '').toLowerCase();
	const out: Record<string, string> = {};
	if (type.startsWith('application/x-www-form-urlencoded')) {
		for (const [k, v] of new URLSearchParams(ex.rawBody)) out[k] = v;
		return out;
	}
	if (!type.startsWith('application/json')) return null;
	try {
		const parsed: unknown = JSON.parse(ex.rawBody);
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
		// ASSUMPTION: a field that is not a string (e.g. a number) counts as missing.
		for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
		return out;
	} catch {
		return null;
	}
}

function basicAuth(ex: Exchange): { id: string; secret: string } | null | 'malformed' {
	const header = ex.req.headers.authorization;
	if (header === undefined || header === '') return null;
	const m = /^Basic\s+(\S+)$/i.exec(String(header));
	if (!m) return 'malformed';
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return 'malformed';
	try {
		return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
	} catch {
		return 'malformed';
	}
}

/** How the client authenticated: the body (documented) or HTTP Basic (ASSUMPTION); null = invalid request. */
function clientOf(ex: Exchange, body: Record<string, string>): { id: string; secret: string; via: 'body' | 'basic' } | null {
	const basic = basicAuth(ex);
	if (basic === 'malformed') return null;
	if (body.client_secret !== undefined) {
		if (basic) return null;
		if (!body.client_id || !body.client_secret) return null;
		return { id: body.client_id, secret: body.client_secret, via: 'body' };
	}
	if (!basic || !basic.id || !basic.secret) return null;
	if (body.client_id !== undefined && body.client_id !== basic.id) return null;
	return { ...basic, via: 'basic' };
}

function fail(ex: Exchange, why: OAuthFailure): void {
	const spec = OAUTH_ERRORS[why];
	sendJson(ex, spec.status, { code: spec.code, error: spec.error, error_description: spec.description });
}

function handleOAuthToken(ctx: RouteContext, ex: Exchange): void {
	const body = readBody(ex);
	if (!body) return fail(ex, 'invalidRequest');
	const client = clientOf(ex, body);
	if (!body.grant_type || !client) return fail(ex, 'invalidRequest');
	const clientId = client.id;
	const app = ctx.apps.find((a) => a.appId === clientId);
	if (!app || app.appSecret !== client.secret) return fail(ex, 'invalidClient');
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
