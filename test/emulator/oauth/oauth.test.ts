/** The emulator's OAuth: authorisation page, v2 token endpoint (code + PKCE, strict rotation), user-token gateway. */
import { useEmulator } from '../../helpers/emulator/http';
import { ALL_SCOPES, AUTHORIZE, connect, consent, OAUTH_TOKEN, pkce, REDIRECT, tokenRequest } from '../../helpers/emulator/oauth';

const TABLES = '/open-apis/apaas/v1/workspaces/ws_1/tables';
const APP = { client_id: 'cli_test_app', client_secret: 'test_secret' };

describe('emulator OAuth', () => {
	const em = useEmulator({ seed: { workspaces: [{ id: 'ws_1', tables: [] }] } });

	const api = async (token: string) => {
		const res = await fetch(em().url + TABLES, { headers: { Authorization: `Bearer ${token}` } });
		return { status: res.status, json: (await res.json()) as { code: number; msg: string } };
	};

	it('refuses an unregistered redirect URL with 20029 on the page, without redirecting', async () => {
		const res = await fetch(`${em().url}${AUTHORIZE}?client_id=cli_test_app&redirect_uri=${encodeURIComponent(REDIRECT)}&state=x`, {
			redirect: 'manual',
		});
		expect(res.status).toBe(400);
		expect(res.headers.get('location')).toBeNull();
		expect(await res.text()).toContain('20029');
	});

	it('shows a consent form and redirects with code and state; deny redirects with access_denied', async () => {
		em().seed({ oauth: { redirectUris: [REDIRECT] } });
		const q = { client_id: 'cli_test_app', redirect_uri: REDIRECT, scope: 'offline_access', state: 'st&=1' };
		const ok = await consent(em(), q);
		expect(ok.origin + ok.pathname).toBe(REDIRECT);
		expect(ok.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
		expect(ok.searchParams.get('state')).toBe('st&=1');
		const denied = await consent(em(), q, 'deny');
		expect(denied.searchParams.get('error')).toBe('access_denied');
		expect(denied.searchParams.get('code')).toBeNull();
	});

	it('exchanges a code once (form body, PKCE S256) and answers flat', async () => {
		const pair = await connect(em());
		expect(pair).toEqual({
			code: 0,
			access_token: expect.stringMatching(/^u-/),
			expires_in: 7200,
			refresh_token: expect.stringMatching(/^ur-/),
			refresh_token_expires_in: 604800,
			scope: ALL_SCOPES.join(' '),
			token_type: 'Bearer',
		});
		expect((await api(pair.access_token as string)).json.code).toBe(0);
	});

	it('refuses a wrong code_verifier, a reused code and a wrong client secret', async () => {
		em().seed({ oauth: { redirectUris: [REDIRECT] } });
		const { verifier, challenge } = pkce();
		const target = await consent(em(), {
			client_id: 'cli_test_app',
			redirect_uri: REDIRECT,
			scope: 'offline_access',
			code_challenge: challenge,
			code_challenge_method: 'S256',
		});
		const code = target.searchParams.get('code') as string;
		const base = { ...APP, grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
		expect((await tokenRequest(em(), { ...base, client_secret: 'nope', code_verifier: verifier })).json).toMatchObject({
			code: 20002,
			error: 'invalid_client',
		});
		expect((await tokenRequest(em(), { ...base, code_verifier: `${verifier}x` })).json).toMatchObject({ code: 20049, error: 'invalid_grant' });
		expect((await tokenRequest(em(), { ...base, code_verifier: verifier }, { json: true })).status).toBe(200);
		const again = await tokenRequest(em(), { ...base, code_verifier: verifier });
		expect(again.status).toBe(400);
		expect(again.json).toMatchObject({ code: 20065, error: 'invalid_grant' });
	});

	it('takes the client as documented (JSON body with client_id and client_secret), a form too, HTTP Basic only without a body secret (ASSUMPTIONs)', async () => {
		const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
		const refresh = async (fields: Record<string, string>, opts: { json?: boolean; headers?: Record<string, string> } = {}) => {
			const pair = await connect(em());
			return await tokenRequest(em(), { grant_type: 'refresh_token', refresh_token: pair.refresh_token as string, ...fields }, opts);
		};
		// Documented: JSON, the client in the body.
		expect((await refresh(APP, { json: true })).status).toBe(200);
		// ASSUMPTION: the same fields as a form (all n8n's OAuth2 client sends).
		expect((await refresh(APP)).status).toBe(200);
		// ASSUMPTION: HTTP Basic when the body has no client_secret (n8n 1.x's PKCE code exchange), with or without the same client_id.
		expect((await refresh({}, { headers: { Authorization: basic(APP.client_id, APP.client_secret) } })).status).toBe(200);
		expect((await refresh({ client_id: APP.client_id }, { headers: { Authorization: basic(APP.client_id, APP.client_secret) } })).status).toBe(200);
		expect((await refresh({}, { headers: { Authorization: basic(APP.client_id, 'nope') } })).json).toMatchObject({ code: 20002, error: 'invalid_client' });
		// Refused as invalid_request (20001): no client at all, a client_id without its secret, two methods at
		// once, a body client_id other than the Basic one, a body that is neither JSON nor a form.
		const refused = [
			await refresh({}),
			await refresh({ client_id: APP.client_id }),
			await refresh({ client_id: APP.client_id, client_secret: '' }),
			await refresh(APP, { headers: { Authorization: basic(APP.client_id, APP.client_secret) } }),
			await refresh({ client_id: 'cli_other' }, { headers: { Authorization: basic(APP.client_id, APP.client_secret) } }),
			await refresh(APP, { headers: { Authorization: 'Bearer x' } }),
		];
		for (const r of refused) expect([r.status, r.json.code, r.json.error]).toEqual([400, 20001, 'invalid_request']);
		const pair = await connect(em());
		const plain = await fetch(em().url + OAUTH_TOKEN, {
			method: 'POST',
			headers: { 'Content-Type': 'text/plain' },
			body: JSON.stringify({ ...APP, grant_type: 'refresh_token', refresh_token: pair.refresh_token }),
		});
		expect([plain.status, ((await plain.json()) as { code: number }).code]).toEqual([400, 20001]);
		// The refused requests spent no refresh token: that pair still refreshes.
		expect((await tokenRequest(em(), { ...APP, grant_type: 'refresh_token', refresh_token: pair.refresh_token as string }, { json: true })).status).toBe(200);
	});

	it('issues no refresh token without offline_access', async () => {
		const pair = await connect(em(), ['app_engine:workspace.table:read']);
		expect(pair.refresh_token).toBeUndefined();
		expect(pair.refresh_token_expires_in).toBeUndefined();
	});

	it('rotates strictly: the old refresh token is refused once used, the new pair works', async () => {
		const first = await connect(em());
		const refresh = (token: unknown) =>
			tokenRequest(em(), { ...APP, grant_type: 'refresh_token', refresh_token: token as string });
		const second = await refresh(first.refresh_token);
		expect(second.status).toBe(200);
		expect(second.json.refresh_token).not.toBe(first.refresh_token);
		const reuse = await refresh(first.refresh_token);
		expect(reuse.status).toBe(400);
		expect(reuse.json).toMatchObject({ code: 20073, error: 'invalid_grant' });
		// The refusal does not kill the new pair.
		expect((await refresh(second.json.refresh_token)).status).toBe(200);
		expect(em().oauthStats).toMatchObject({ refreshes: 2, refusedRefreshes: 1, liveRefreshTokens: 1 });
	});

	it('expired and revoked refresh tokens are refused with their own codes', async () => {
		const pair = await connect(em());
		em().expireRefreshTokens();
		const r = await tokenRequest(em(), { ...APP, grant_type: 'refresh_token', refresh_token: pair.refresh_token as string });
		expect(r.json).toMatchObject({ code: 20037, error: 'invalid_grant' });
		const other = await connect(em());
		em().revokeUserTokens();
		const v = await tokenRequest(em(), { ...APP, grant_type: 'refresh_token', refresh_token: other.refresh_token as string });
		expect(v.json).toMatchObject({ code: 20064, error: 'invalid_grant' });
		expect((await api(other.access_token as string)).json.code).toBe(99991668);
	});

	it('the gateway answers 99991677 for an expired user token and 99991668 for a tenant or unknown one, HTTP 400 or 401 per knob', async () => {
		const pair = await connect(em());
		em().expireUserAccessTokens();
		expect(await api(pair.access_token as string)).toMatchObject({ status: 400, json: { code: 99991677 } });
		expect(await api('t-not-a-user-token')).toMatchObject({ status: 400, json: { code: 99991668 } });
		em().configure({ userTokenRejectStatus: 401 });
		expect(await api(pair.access_token as string)).toMatchObject({ status: 401, json: { code: 99991677 } });
		const res = await fetch(em().url + TABLES);
		expect(((await res.json()) as { code: number }).code).toBe(99991661);
	});

	it('the access token expires after the configured lifetime', async () => {
		em().configure({ accessTokenLifetimeSeconds: 60 });
		const pair = await connect(em());
		expect(pair.expires_in).toBe(60);
		em().advanceClock(61_000);
		expect((await api(pair.access_token as string)).json.code).toBe(99991677);
	});

	it('a token without the scope of the API gets 99991679', async () => {
		const pair = await connect(em(), ['offline_access', 'app_engine:workspace.sql_commands:write']);
		expect((await api(pair.access_token as string)).json.code).toBe(99991679);
	});

	it('the control state masks client secrets, codes and refresh tokens', async () => {
		await connect(em());
		const state = (await (await fetch(`${em().url}/__emulator/state`)).json()) as { requests: Array<{ body: unknown }> };
		const text = JSON.stringify(state.requests);
		expect(text).not.toContain('test_secret');
		expect(text).toContain('client_secret=***');
		// HTTP Basic carries the secret too (base64).
		const pair = await connect(em());
		const basic = `Basic ${Buffer.from('cli_test_app:test_secret').toString('base64')}`;
		await tokenRequest(em(), { grant_type: 'refresh_token', refresh_token: pair.refresh_token as string }, { headers: { Authorization: basic } });
		const after = JSON.stringify(((await (await fetch(`${em().url}/__emulator/state`)).json()) as { requests: unknown[] }).requests);
		expect(after).not.toContain(basic.slice(6));
		expect(after).toContain('"authorization":"Basic ***"');
	});
});
