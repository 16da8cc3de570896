import { DEFAULT_APP, type FeishuEmulator } from '../../../../emulator';
import { TestCredentialsHelper, loadPackage } from '../../../helpers/harness';
import { apiRequests, cancel, credentialData, CREDENTIAL_ID, query, runNode, useEmulator } from '../../../helpers/feishu';

const LI = '1700000000000002';
const RUNNING = ['7100000000000000001', '7100000000000000002', '7100000000000000003'];

async function storeFor(emulator: FeishuEmulator, overrides: Record<string, unknown> = {}) {
	const { credentialTypes } = await loadPackage();
	return new TestCredentialsHelper(credentialTypes, {
		[CREDENTIAL_ID]: { name: 'Feishu (emulator)', type: 'feishuApaasApi', data: credentialData(emulator, overrides) },
	});
}

const bearer = (emulator: FeishuEmulator) => apiRequests(emulator).map((r) => r.headers.authorization);
const oneTaskPerItem = query({ kunlunUserId: LI, returnAll: false, limit: 1 });

describe('tenant token lifecycle', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('mints once for 1,000 items, stores the token with the credential, and mints 0 times in the next run', async () => {
		const helper = await storeFor(emulator);
		const items = Array.from({ length: 1000 }, (_, i) => ({ i }));
		// Pacing off: this is about tokens, and Feishu's default pace would spread 1,000 requests over 10 minutes.
		const unpaced = { ...oneTaskPerItem, options: { maxRequestsPerMinute: 0 } };
		const first = await runNode(emulator, { parameters: unpaced, items, helper });
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(1000);
		expect(emulator.stats.tokenRequests).toBe(1);
		expect(emulator.mints).toBe(1);
		expect(new Set(bearer(emulator)).size).toBe(1);

		const stored = helper.stored(CREDENTIAL_ID);
		expect(stored?.tenantAccessToken).toMatch(/^t-/);
		expect(Number(stored?.expiresAt)).toBeGreaterThan(Date.now() + 7000 * 1000);
		expect(stored?.issuedFor).toBe(`${DEFAULT_APP.appId}@${emulator.url}`);

		const second = await runNode(emulator, { parameters: oneTaskPerItem, items: items.slice(0, 10), helper });
		expect(second.items).toHaveLength(10);
		expect(emulator.stats.tokenRequests).toBe(1);
		expect(apiRequests(emulator)).toHaveLength(1010);
	});

	it('reads (decrypts) the stored credential once per request, so a token stored meanwhile is used at once', async () => {
		// Issue 17 removed the per-run credential memo (run-cache.ts): `npm run bench` showed no gain from it
		// (n8n CPU per item 1.38 ms with it, 1.33 ms without), and a memo on a reused poll context goes stale.
		const helper = await storeFor(emulator);
		await runNode(emulator, { parameters: oneTaskPerItem, items: Array.from({ length: 50 }, () => ({})), helper });
		// One read per request, the fresh read before minting, and n8n's own reads to check the node.
		expect(helper.decryptCount).toBeLessThanOrEqual(50 + 4);
		const before = helper.decryptCount;
		await runNode(emulator, { parameters: oneTaskPerItem, items: Array.from({ length: 50 }, () => ({})), helper });
		expect(helper.decryptCount - before).toBeLessThanOrEqual(50 + 2);
		expect(emulator.stats.tokenRequests).toBe(1);
	});

	it('refreshes a token before it expires: inside the 3-minute margin it is never sent', async () => {
		// Every token the emulator issues now has 179 s left: inside the margin as soon as it is minted.
		emulator.configure({ tokenLifetimeSeconds: 179 });
		const { items, error } = await runNode(emulator, { parameters: oneTaskPerItem, items: [{}, {}, {}] });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(emulator.mints).toBe(3);
		expect(new Set(bearer(emulator)).size).toBe(3);
		expect(apiRequests(emulator).every((r) => r.status === 200)).toBe(true);
	});

	it('keeps a token that has more than the margin left', async () => {
		emulator.configure({ tokenLifetimeSeconds: 181 });
		await runNode(emulator, { parameters: oneTaskPerItem, items: [{}, {}, {}] });
		expect(emulator.mints).toBe(1);
	});

	it('does not send a stored token that is about to expire, or one minted for another app or domain', async () => {
		for (const stale of [
			{ tenantAccessToken: 't-stale-expiring', expiresAt: Date.now() + 60_000, issuedFor: `${DEFAULT_APP.appId}@${emulator.url}` },
			{ tenantAccessToken: 't-stale-other-app', expiresAt: Date.now() + 7_000_000, issuedFor: `cli_other@${emulator.url}` },
			{ tenantAccessToken: 't-stale-no-expiry' },
		]) {
			emulator.clearLog();
			const helper = await storeFor(emulator, stale);
			const { error } = await runNode(emulator, { parameters: oneTaskPerItem, helper });
			expect(error).toBeUndefined();
			expect(bearer(emulator)).toHaveLength(1);
			expect(bearer(emulator)[0]).not.toContain('t-stale');
			expect(helper.stored(CREDENTIAL_ID)?.tenantAccessToken).not.toContain('t-stale');
		}
	});

	it.each([
		[99991661, 400],
		[99991663, 400],
		[99991664, 400],
		[99991671, 400],
		[99991663, 401],
		[99991663, 200],
		[99991663, 500],
	])('re-mints once and retries once when Feishu answers code %i with HTTP %i', async (code, status) => {
		const helper = await storeFor(emulator);
		await runNode(emulator, { parameters: oneTaskPerItem, helper });
		emulator.clearLog();
		const mintsBefore = emulator.stats.tokenRequests;

		emulator.addFault({ kind: 'feishuError', code, msg: 'token rejected', status, path: '/apaas/', times: 1 });
		const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING[0]), helper });
		expect(error).toBeUndefined();
		expect(items[0].json.success).toBe(true);
		expect(emulator.stats.tokenRequests).toBe(mintsBefore + 1);
		expect(apiRequests(emulator).map((r) => r.status)).toEqual([status, 200]);
		expect(emulator.instance(RUNNING[0])?.status).toBe('cancelled');
	});

	it('reports a second rejection instead of looping', async () => {
		emulator.addFault({ kind: 'invalidToken', path: '/apaas/', times: 10 });
		const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0], { options: { maxRetries: 3 } }) });
		expect(error?.message).toMatch(/^Feishu error 99991663: /);
		expect(error?.description).toContain('freshly minted');
		expect(apiRequests(emulator)).toHaveLength(2);
		expect(emulator.stats.tokenRequests).toBe(2);
		expect(emulator.instance(RUNNING[0])?.status).toBe('running');
	});

	it('recovers from tokens invalidated on Feishu\'s side between runs (the 2-hour expiry case)', async () => {
		const helper = await storeFor(emulator);
		await runNode(emulator, { parameters: cancel(RUNNING[0]), helper });
		const firstToken = helper.stored(CREDENTIAL_ID)?.tenantAccessToken;
		emulator.invalidateTokens();
		const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING[1]), helper });
		expect(error).toBeUndefined();
		expect(items[0].json.success).toBe(true);
		expect(helper.stored(CREDENTIAL_ID)?.tenantAccessToken).not.toBe(firstToken);
		expect(emulator.mints).toBe(2);
	});

	it('never mints in parallel: concurrent executions sharing a credential mint once', async () => {
		emulator.configure({ latencyMs: 30 });
		const helper = await storeFor(emulator);
		const runs = await Promise.all(
			[0, 1, 2, 3].map(() => runNode(emulator, { parameters: oneTaskPerItem, items: [{}, {}], helper })),
		);
		for (const run of runs) expect(run.items).toHaveLength(2);
		expect(emulator.stats.tokenRequests).toBe(1);

		// And when Feishu invalidates the token under all of them, still one re-mint.
		emulator.invalidateTokens();
		const again = await Promise.all(
			[0, 1, 2, 3].map(() => runNode(emulator, { parameters: oneTaskPerItem, items: [{}], helper })),
		);
		for (const run of again) expect(run.error).toBeUndefined();
		expect(emulator.stats.tokenRequests).toBe(2);
	});
});
