/** The OAuth dance against the emulator, as a browser and n8n's OAuth2 client would do it. */
import { createHash, randomBytes } from 'node:crypto';
import type { FeishuEmulator } from '../../../emulator';

export const AUTHORIZE = '/open-apis/authen/v1/authorize';
export const OAUTH_TOKEN = '/open-apis/authen/v2/oauth/token';
export const REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
export const ALL_SCOPES = [
	'offline_access',
	'app_engine:workspace.table:read',
	'app_engine:workspace.table:write',
	'app_engine:workspace.table.record:read',
	'app_engine:workspace.table.record:write',
	'app_engine:workspace.sql_commands:write',
];

export interface TokenReply {
	status: number;
	json: Record<string, unknown>;
}

/** POSTs a form body to the token endpoint (what n8n's client-oauth2 sends). */
export async function tokenRequest(
	em: FeishuEmulator,
	fields: Record<string, string>,
	opts: { json?: boolean; headers?: Record<string, string> } = {},
): Promise<TokenReply> {
	const res = await fetch(em.url + OAUTH_TOKEN, {
		method: 'POST',
		headers: {
			'Content-Type': opts.json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
			...opts.headers,
		},
		body: opts.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
	});
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Opens the consent page and submits it; returns the redirect target (Location). */
export async function consent(
	em: FeishuEmulator,
	q: Record<string, string>,
	decision: 'allow' | 'deny' = 'allow',
): Promise<URL> {
	const page = await fetch(`${em.url}${AUTHORIZE}?${new URLSearchParams(q)}`);
	if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
	const html = await page.text();
	// Submit exactly the hidden fields the page's form carries, as a browser would.
	const form = new URLSearchParams();
	for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
		form.set(m[1], m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
	}
	form.set('decision', decision);
	const res = await fetch(em.url + AUTHORIZE, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
		redirect: 'manual',
	});
	if (res.status !== 302) throw new Error(`consent submit answered ${res.status}`);
	return new URL(res.headers.get('location') ?? '');
}

export function pkce(): { verifier: string; challenge: string } {
	const verifier = randomBytes(32).toString('base64url');
	return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The whole flow: register REDIRECT, consent with PKCE, exchange the code. Returns the token answer. */
export async function connect(
	em: FeishuEmulator,
	scopes: string[] = ALL_SCOPES,
	app = { id: 'cli_test_app', secret: 'test_secret' },
): Promise<Record<string, unknown>> {
	em.seed({ oauth: { redirectUris: [REDIRECT] } });
	const { verifier, challenge } = pkce();
	const target = await consent(em, {
		client_id: app.id,
		redirect_uri: REDIRECT,
		scope: scopes.join(' '),
		state: 's1',
		code_challenge: challenge,
		code_challenge_method: 'S256',
		response_type: 'code',
	});
	const reply = await tokenRequest(em, {
		grant_type: 'authorization_code',
		code: target.searchParams.get('code') ?? '',
		redirect_uri: REDIRECT,
		code_verifier: verifier,
		client_id: app.id,
		client_secret: app.secret,
	});
	if (reply.status !== 200) throw new Error(`code exchange failed: ${JSON.stringify(reply.json)}`);
	return reply.json;
}
