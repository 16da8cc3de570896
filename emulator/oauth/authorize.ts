/**
 * GET /open-apis/authen/v1/authorize — Feishu's authorisation page, as a consent form a browser can
 * submit; POST to the same path is the form's submission (ASSUMPTION: how Feishu's page submits is
 * internal to Feishu; only the redirect that follows is its contract): it redirects to the registered
 * redirect URL with `code` and `state`, or `error=access_denied` when the user declines.
 */
import type { RouteContext } from '../context';
import { sendText, type Exchange } from '../envelope';
import type { Route } from '../routing';
import { PAGE_ERRORS } from './errors';

export const AUTHORIZE_PATH = '/open-apis/authen/v1/authorize';

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(ex: Exchange, status: number, title: string, body: string): void {
	sendText(
		ex,
		status,
		'text/html; charset=utf-8',
		`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
			`<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
	);
}

function errorPage(ex: Exchange, spec: { status: number; code: number; msg: string }): void {
	page(ex, spec.status, 'Authorization failed', `<p id="error-code">${spec.code}</p><p id="error-msg">${escapeHtml(spec.msg)}</p>`);
}

/** The authorisation request's parameters, from the query (GET) or the submitted form (POST). */
function params(ex: Exchange): URLSearchParams {
	if (ex.method === 'POST') return new URLSearchParams(ex.rawBody);
	return new URL(ex.req.url ?? '/', 'http://127.0.0.1').searchParams;
}

/** Common checks: the app exists and the redirect URL is registered; answers the error page otherwise. */
function checkRequest(ctx: RouteContext, ex: Exchange, q: URLSearchParams): boolean {
	const clientId = q.get('client_id') ?? '';
	const redirectUri = q.get('redirect_uri') ?? '';
	if (clientId === '' || redirectUri === '') {
		errorPage(ex, PAGE_ERRORS.missingParameter);
		return false;
	}
	if (!ctx.apps.some((a) => a.appId === clientId)) {
		errorPage(ex, PAGE_ERRORS.unknownClient);
		return false;
	}
	if (!ctx.oauth.isRegistered(redirectUri)) {
		errorPage(ex, PAGE_ERRORS.redirectNotRegistered);
		return false;
	}
	return true;
}

const FORWARDED = ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'];

function showConsent(ctx: RouteContext, ex: Exchange): void {
	const q = params(ex);
	if (!checkRequest(ctx, ex, q)) return;
	const hidden = FORWARDED.filter((k) => q.has(k))
		.map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) ?? '')}">`)
		.join('');
	const users = ctx.oauth
		.listUsers()
		.map((u) => `<option value="${escapeHtml(u.userId)}">${escapeHtml(u.name)}</option>`)
		.join('');
	const scopes = (q.get('scope') ?? '')
		.split(' ')
		.filter((s) => s !== '')
		.map((s) => `<li>${escapeHtml(s)}</li>`)
		.join('');
	page(
		ex,
		200,
		'Authorize app',
		`<p>App <b id="client-id">${escapeHtml(q.get('client_id') ?? '')}</b> asks for:</p><ul id="scopes">${scopes}</ul>` +
			`<form method="post" action="${AUTHORIZE_PATH}">${hidden}` +
			`<label>User <select name="user_id" id="user">${users}</select></label> ` +
			`<button type="submit" name="decision" value="allow" id="authorize">Authorize</button> ` +
			`<button type="submit" name="decision" value="deny" id="deny">Deny</button></form>`,
	);
}

function submitConsent(ctx: RouteContext, ex: Exchange): void {
	const q = params(ex);
	if (!checkRequest(ctx, ex, q)) return;
	const target = new URL(q.get('redirect_uri') ?? '');
	const state = q.get('state');
	if (q.get('decision') !== 'allow') {
		target.searchParams.set('error', 'access_denied');
	} else {
		const user = ctx.oauth.user(q.get('user_id') ?? '') ?? ctx.oauth.listUsers()[0];
		const code = ctx.oauth.issueCode(
			{
				appId: q.get('client_id') ?? '',
				userId: user.userId,
				redirectUri: q.get('redirect_uri') ?? '',
				scopes: (q.get('scope') ?? '').split(' ').filter((s) => s !== ''),
				challenge: q.get('code_challenge') ?? undefined,
				challengeMethod: q.get('code_challenge_method') ?? undefined,
			},
			ctx.clock.now(),
		);
		target.searchParams.set('code', code);
	}
	if (state !== null) target.searchParams.set('state', state);
	ex.res.setHeader('Location', target.toString());
	sendText(ex, 302, 'text/plain; charset=utf-8', '');
}

export const AUTHORIZE_ROUTES: Route[] = [
	{ method: 'GET', path: AUTHORIZE_PATH, api: 'authen.authorize', token: 'none', handle: showConsent },
	{ method: 'POST', path: AUTHORIZE_PATH, api: 'authen.authorize.submit', token: 'none', handle: submitConsent },
];
