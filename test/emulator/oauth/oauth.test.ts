/** The emulator's OAuth: authorisation page, v2 token endpoint (code + PKCE, strict rotation), user-token gateway. */
import { useEmulator } from '../../helpers/emulator/http';
import { ALL_SCOPES, AUTHORIZE, connect, consent, pkce, REDIRECT, tokenRequest } from '../../helpers/emulator/oauth';

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

	it('accepts HTTP Basic client authentication too (ASSUMPTION)', async () => {
		const pair = await connect(em());
		const basic = `Basic ${Buffer.from('cli_test_app:test_secret').toString('base64')}`;
		const r = await tokenRequest(
			em(),
			{ grant_type: 'refresh_token', refresh_token: pair.refresh_token as string },
			{ headers: { Authorization: basic } },
		);
		expect(r.status).toBe(200);
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
	});
});
