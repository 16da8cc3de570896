/** Data Table through n8n's engine with a user token: list and get, and the user-token lifecycle on them. */
import type { FeishuEmulator } from '../../../../../emulator';
import { runUserNode, storedTokens, userCredentialStore } from '../../../../helpers/data-platform';
import { SHOP, WS } from '../../../../helpers/emulator/workspaces';
import { errorDetails, useEmulator } from '../../../../helpers/feishu';

describe('dataTable', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { workspaces: [SHOP] } });

	const tables = (extra = {}) => ({ resource: 'dataTable', operation: 'getAll', workspaceId: WS, returnAll: true, ...extra });

	it('getAll: one item per table with its columns; the workspace may be the pasted URL', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(helper, tables({ workspaceId: `https://apaas.feishu.cn/suda/workspace/${WS}/table/orders` }));
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.name)).toEqual(['orders']);
		expect((run.items[0].json.columns as Array<{ name: string }>).map((c) => c.name)).toContain('sku');
		const sent = emulator.requests.filter((r) => r.path.includes('/workspaces/'));
		expect(sent.map((r) => [r.method, r.path, r.query])).toEqual([['GET', `/open-apis/apaas/v1/workspaces/${WS}/tables`, 'page_size=100']]);
		expect(sent[0].headers.authorization).toMatch(/^Bearer u-/);
	});

	it('get: the table, by name from a resource locator', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(helper, {
			resource: 'dataTable',
			operation: 'get',
			workspaceId: WS,
			tableName: { __rl: true, mode: 'name', value: 'orders' },
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ name: 'orders', description: 'Orders' });
	});

	it('a bad workspace or table name is refused before anything is sent', async () => {
		const helper = await userCredentialStore(emulator);
		emulator.clearLog();
		const run = await runUserNode(helper, { resource: 'dataTable', operation: 'get', workspaceId: WS, tableName: { __rl: true, mode: 'list', value: 'a/b' } });
		expect(run.error?.message).toMatch(/Table/);
		const bad = await runUserNode(helper, tables({ workspaceId: 'https://apaas.feishu.cn/suda/home' }));
		expect(bad.error?.message).toMatch(/Workspace/);
		expect(emulator.requests).toHaveLength(0);
	});

	for (const status of [400, 401] as const) {
		it(`an expired access token (HTTP ${status}, 99991677) is refreshed once, the rotated pair stored, the request sent again`, async () => {
			emulator.configure({ userTokenRejectStatus: status });
			const helper = await userCredentialStore(emulator);
			const before = await storedTokens(helper);
			emulator.expireUserAccessTokens();
			const run = await runUserNode(helper, tables());
			expect(run.error).toBeUndefined();
			expect(run.items.map((i) => i.json.name)).toEqual(['orders']);
			expect(emulator.oauthStats).toMatchObject({ refreshes: 1, refusedRefreshes: 0, liveRefreshTokens: 1 });
			const after = await storedTokens(helper);
			expect(after.access_token).not.toBe(before.access_token);
			expect(after.refresh_token).not.toBe(before.refresh_token);
			// The next run uses the stored pair: no refresh.
			const again = await runUserNode(helper, tables());
			expect(again.error).toBeUndefined();
			expect(emulator.oauthStats.refreshes).toBe(1);
			// The refresh went to the v2 token endpoint with the client in the body, as Feishu documents (the
			// credential's Authentication 'body'; with 'header' n8n would send HTTP Basic and no client_secret).
			const refresh = emulator.requests.find((r) => r.path === '/open-apis/authen/v2/oauth/token' && String(r.body).includes('grant_type=refresh_token'));
			const fields = new URLSearchParams(String(refresh?.body));
			expect([fields.get('client_id'), fields.get('client_secret'), fields.get('refresh_token')]).toEqual(['cli_test_app', 'test_secret', before.refresh_token]);
			expect(refresh?.headers.authorization).toBeUndefined();
		});
	}

	it('a run reads (decrypts) the stored credential about once, not once per item', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(helper, tables(), { items: Array.from({ length: 20 }, () => ({})) });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(20);
		expect(helper.decryptCount).toBeLessThanOrEqual(2);
	});

	it('an access token that expires before a run is refreshed once; the run\'s later items use the rotated pair', async () => {
		const helper = await userCredentialStore(emulator);
		emulator.expireUserAccessTokens();
		emulator.clearLog();
		const run = await runUserNode(helper, tables(), { items: Array.from({ length: 5 }, () => ({})) });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(5);
		expect(emulator.oauthStats).toMatchObject({ refreshes: 1, refusedRefreshes: 0, liveRefreshTokens: 1 });
		// Item 1: refused, refused again through n8n's OAuth2 helper (which then refreshes), sent with the
		// new token. Items 2 to 5 send the stored (rotated) token at once.
		const sent = emulator.requests.filter((r) => r.path.includes('/workspaces/'));
		expect(sent.map((r) => r.status)).toEqual([400, 400, 200, 200, 200, 200, 200]);
		const rotated = `Bearer ${String((await storedTokens(helper)).access_token)}`;
		expect(sent.slice(2).map((r) => r.headers.authorization)).toEqual(Array<string>(5).fill(rotated));
		// The run's read, n8n's own read before it refreshed, and the re-read after it.
		expect(helper.decryptCount).toBeLessThanOrEqual(4);
	});

	it('two runs refreshing at once: one rotates, the other uses the stored pair (no lock-out)', async () => {
		const helper = await userCredentialStore(emulator);
		emulator.expireUserAccessTokens();
		const runs = await Promise.all([runUserNode(helper, tables()), runUserNode(helper, tables()), runUserNode(helper, tables())]);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(emulator.oauthStats.liveRefreshTokens).toBe(1);
		const next = await runUserNode(helper, tables());
		expect(next.error).toBeUndefined();
	});

	it('an expired or revoked refresh token: an error naming the credential and saying to reconnect, no secrets', async () => {
		const helper = await userCredentialStore(emulator);
		const stored = await storedTokens(helper);
		emulator.expireUserAccessTokens();
		emulator.expireRefreshTokens();
		const run = await runUserNode(helper, tables());
		expect(run.error?.message).toMatch(/"Feishu user \(emulator\)" needs to be reconnected/);
		const text = JSON.stringify({ message: run.error?.message, description: (run.error as { description?: string })?.description, details: errorDetails(run.error) });
		expect(text).toMatch(/Reconnect/);
		for (const secret of [stored.access_token, stored.refresh_token, 'test_secret']) expect(text).not.toContain(String(secret));
	});

	it('a never-connected credential says to connect it, and sends nothing', async () => {
		const helper = await userCredentialStore(emulator, { domain: 'custom', baseUrl: emulator.url, clientId: 'cli_test_app', clientSecret: 'test_secret' });
		emulator.clearLog();
		const run = await runUserNode(helper, tables());
		expect(run.error?.message).toMatch(/"Feishu user \(emulator\)" is not connected/);
		expect(emulator.requests).toHaveLength(0);
	});
});
