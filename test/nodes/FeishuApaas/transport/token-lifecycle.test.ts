import { DEFAULT_APP, type FeishuEmulator } from '../../../../emulator';
import { TestCredentialsHelper, loadPackage } from '../../../helpers/harness';
import { apiRequests, cancel, credentialData, CREDENTIAL_ID, mintElsewhere, query, runNode, useEmulator } from '../../../helpers/feishu';

const LI = '1700000000000002';
const RUNNING = ['7100000000000000001', '7100000000000000002', '7100000000000000003'];

/** The credential store, with a hook run once right after its next read (to change the store mid-run). */
class HookedStore extends TestCredentialsHelper {
	afterNextRead?: () => Promise<void>;

	override async getDecrypted(...args: Parameters<TestCredentialsHelper['getDecrypted']>) {
		const data = await super.getDecrypted(...args);
		const hook = this.afterNextRead;
		this.afterNextRead = undefined;
		await hook?.();
		return data;
	}
}

async function storeFor(emulator: FeishuEmulator, overrides: Record<string, unknown> = {}) {
	const { credentialTypes } = await loadPackage();
	return new HookedStore(credentialTypes, {
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

	it('reads (decrypts) the stored credential about once per run, not once per item', async () => {
		const helper = await storeFor(emulator);
		await runNode(emulator, { parameters: oneTaskPerItem, items: Array.from({ length: 50 }, () => ({})), helper });
		// First read, the fresh read before minting; n8n itself reads it once more to check the node.
		expect(helper.decryptCount).toBeLessThanOrEqual(4);
		const before = helper.decryptCount;
		await runNode(emulator, { parameters: oneTaskPerItem, items: Array.from({ length: 50 }, () => ({})), helper });
		expect(helper.decryptCount - before).toBeLessThanOrEqual(2);
		expect(emulator.stats.tokenRequests).toBe(1);
	});

	it('a token refused mid-run costs one fresh read and one mint, however many items follow', async () => {
		const helper = await storeFor(emulator);
		await runNode(emulator, { parameters: oneTaskPerItem, helper });
		const dead = helper.stored(CREDENTIAL_ID)?.tenantAccessToken;
		emulator.invalidateTokens();
		emulator.clearLog();
		const reads = helper.decryptCount;
		const { items, error } = await runNode(emulator, { parameters: oneTaskPerItem, items: Array.from({ length: 20 }, () => ({})), helper });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(20);
		// The run's read (the dead token), and one fresh read before the one mint.
		expect(helper.decryptCount - reads).toBe(2);
		expect(emulator.stats.tokenRequests).toBe(2);
		expect(apiRequests(emulator).map((r) => r.status)).toEqual([400, ...Array<number>(20).fill(200)]);
		const [refused, ...rest] = bearer(emulator);
		expect(refused).toBe(`Bearer ${String(dead)}`);
		expect(new Set(rest)).toEqual(new Set([`Bearer ${String(helper.stored(CREDENTIAL_ID)?.tenantAccessToken)}`]));
	});

	it('a token another execution stored meanwhile is used once the run\'s token is refused: no mint', async () => {
		const helper = await storeFor(emulator);
		await runNode(emulator, { parameters: oneTaskPerItem, helper });
		const first = helper.stored(CREDENTIAL_ID)?.tenantAccessToken;
		let other = '';
		// Right after this run has read the credential: Feishu drops the token, another execution mints
		// a new one and stores it with the credential.
		helper.afterNextRead = async () => {
			emulator.invalidateTokens();
			other = await mintElsewhere(emulator);
			helper.patch(CREDENTIAL_ID, { tenantAccessToken: other, expiresAt: Date.now() + 7_000_000, issuedFor: `${DEFAULT_APP.appId}@${emulator.url}` });
		};
		emulator.clearLog();
		const { items, error } = await runNode(emulator, { parameters: oneTaskPerItem, items: [{}, {}, {}], helper });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(bearer(emulator)).toEqual([`Bearer ${String(first)}`, ...Array<string>(3).fill(`Bearer ${other}`)]);
		expect(apiRequests(emulator).map((r) => r.status)).toEqual([400, 200, 200, 200]);
		// The first run's mint and the other execution's: none by this run.
		expect(emulator.stats.tokenRequests).toBe(2);
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

	it('the requests queued behind a mint leave when the token is issued, not one Feishu answer later', async () => {
		// Every request (the mint too) waits 300 ms. Before, the request that minted held the mint lock
		// until Feishu answered it, so every other request of every execution left one latency later.
		emulator.configure({ latencyMs: 300 });
		const helper = await storeFor(emulator);
		const runs = await Promise.all(
			[0, 1, 2, 3, 4, 5, 6, 7].map(() => runNode(emulator, { parameters: oneTaskPerItem, items: [{}], helper })),
		);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(emulator.stats.tokenRequests).toBe(1);
		const arrivals = apiRequests(emulator).map((r) => r.at);
		expect(arrivals).toHaveLength(8);
		// All of them reached Feishu before the first of them could have been answered.
		expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(150);
		expect(new Set(bearer(emulator)).size).toBe(1);
		expect(helper.stored(CREDENTIAL_ID)?.tenantAccessToken).toBe(bearer(emulator)[0]?.replace(/^Bearer /, ''));
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
