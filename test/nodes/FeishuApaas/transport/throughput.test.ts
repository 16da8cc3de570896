/**
 * Concurrency and pacing, measured by what the emulator saw (never by elapsed time): output order and
 * pairing whatever finishes first; never more requests in a window than the pace allows; and a 429
 * holding back every request of the credential, not only the one that got it.
 */
import type { FeishuEmulator } from '../../../../emulator';
import { apiRequests, cancel, query, runNode, useEmulator } from '../../../helpers/feishu';

const LI = '1700000000000002';

describe('concurrency and pacing', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('keeps input order and pairing at concurrency 5, even when early items finish last', async () => {
		emulator.configure({ latencyMs: 20 });
		// The first two requests fail with 503 and are retried after a backoff: they finish after later items.
		emulator.addFault({ kind: 'status', status: 503, times: 2, path: '/user_task/query' });
		const items = Array.from({ length: 20 }, (_, i) => ({ n: i }));
		const { items: out, error } = await runNode(emulator, {
			items,
			parameters: query({ kunlunUserId: LI, returnAll: false, limit: 1, options: { concurrency: 5 } }),
		});
		expect(error).toBeUndefined();
		expect(out).toHaveLength(20);
		expect(out.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		// The emulator saw them overlap and out of order: more than one request in flight at a time.
		const served = apiRequests(emulator).filter((r) => r.status === 200);
		expect(served).toHaveLength(20);
		expect(apiRequests(emulator).filter((r) => r.status === 503)).toHaveLength(2);
	});

	it('spaces the starts of items that are ready together (one sleep(0) each) at Concurrency > 1, not at 1', async () => {
		// Why: see nodes/FeishuApaas/engine/staggered-starts.ts; the effect on throughput is measured by `npm run bench`.
		const parameters = (concurrency: number) =>
			query({ kunlunUserId: LI, returnAll: false, limit: 1, options: { concurrency, maxRequestsPerMinute: 0 } });
		const warm = await runNode(emulator, { parameters: parameters(1) }); // mints the token
		const zeroDelayTimers = async (concurrency: number) => {
			const spy = jest.spyOn(global, 'setTimeout');
			try {
				const { error } = await runNode(emulator, { helper: warm.helper, items: Array.from({ length: 8 }, (_, n) => ({ n })), parameters: parameters(concurrency) });
				expect(error).toBeUndefined();
				return spy.mock.calls.filter(([, ms]) => ms === 0).length;
			} finally {
				spy.mockRestore();
			}
		};
		expect(await zeroDelayTimers(8)).toBeGreaterThanOrEqual(7);
		expect(await zeroDelayTimers(1)).toBe(0);
	});

	it('with Continue On Fail at concurrency 4 puts each error item in its own place', async () => {
		const ids = ['7100000000000000001', 'bad', '7100000000000000002', '7100000000000000002', '7100000000000000003'];
		const { items, error } = await runNode(emulator, {
			items: ids.map((id) => ({ id })),
			parameters: cancel('={{ $json.id }}', { options: { concurrency: 4 } }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual(ids.map((_, i) => ({ item: i })));
		expect(items[1].json.error).toContain('in item 1');
		// Exactly one of the two cancels of instance 2 wins; the other gets Feishu's error.
		expect([items[2].json.success, items[3].json.success].filter(Boolean)).toHaveLength(1);
		expect(items[0].json.success && items[4].json.success).toBe(true);
	});

	it('without Continue On Fail stops starting items after a failure and reports the lowest failing item', async () => {
		const ids = ['7100000000000000001', '7100000000000000002', 'x', '7100000000000000003', '7100000000000000004', '7100000000000000005', '7100000000000000006'];
		const { error } = await runNode(emulator, {
			items: ids.map((id) => ({ id })),
			parameters: cancel('={{ $json.id }}', { options: { concurrency: 2 } }),
		});
		expect(error?.message).toContain('in item 2');
		expect(apiRequests(emulator).length).toBeLessThan(ids.length - 1);
	});

	it('processes batch after batch: never more in flight than the batch allows', async () => {
		emulator.configure({ latencyMs: 30 });
		const { items, error } = await runNode(emulator, {
			items: Array.from({ length: 9 }, () => ({})),
			parameters: query({ kunlunUserId: LI, returnAll: false, limit: 1, options: { concurrency: 10, batchSize: 3 } }),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(9);
		// Arrival times: three groups of three, each group ≥ one latency after the previous one.
		const at = apiRequests(emulator).map((r) => r.at);
		for (const start of [3, 6]) expect(at[start] - at[start - 3]).toBeGreaterThanOrEqual(25);
	});

	it('paces a credential across all concurrent items: no window ever serves more than the pace', async () => {
		emulator.configure({ rateLimit: { limit: 4, windowMs: 1000 } });
		const { items, error } = await runNode(emulator, {
			items: Array.from({ length: 10 }, () => ({})),
			parameters: query({
				kunlunUserId: LI,
				returnAll: false,
				limit: 1,
				options: { concurrency: 5, maxRequestsPerMinute: 4, paceWindowSeconds: 1 },
			}),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(10);
		expect(emulator.stats.rateLimited).toBe(0);
		expect(emulator.stats.maxServedInWindow).toBeLessThanOrEqual(4);
	});

	it('paces across two executions running at once with the same credential', async () => {
		emulator.configure({ rateLimit: { limit: 3, windowMs: 1000 } });
		const parameters = query({
			kunlunUserId: LI,
			returnAll: false,
			limit: 1,
			options: { concurrency: 3, maxRequestsPerMinute: 3, paceWindowSeconds: 1 },
		});
		const first = await runNode(emulator, { items: [{}], parameters });
		const runs = await Promise.all([0, 1].map(() => runNode(emulator, { items: [{}, {}, {}], parameters, helper: first.helper })));
		for (const run of runs) expect(run.items).toHaveLength(3);
		expect(emulator.stats.rateLimited).toBe(0);
		expect(emulator.stats.maxServedInWindow).toBeLessThanOrEqual(3);
	});

	it('on a 429 holds back every in-flight item of the credential for x-ogw-ratelimit-reset seconds', async () => {
		// Feishu limits 2 per second; the node is told nothing (pace off), so it runs into the 429.
		emulator.configure({ rateLimit: { limit: 2, windowMs: 1000 } });
		const { items, error } = await runNode(emulator, {
			items: Array.from({ length: 8 }, () => ({})),
			parameters: query({
				kunlunUserId: LI,
				returnAll: false,
				limit: 1,
				options: { concurrency: 4, maxRequestsPerMinute: 0, maxRetries: 5 },
			}),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(8);
		const log = apiRequests(emulator);
		const limited = log.filter((r) => r.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		// Until the reset (≥ 1 s, rounded up by the emulator) has passed, only requests that were already
		// on the wire (at most one per other worker) may arrive — for every item, not only the limited one.
		for (const r of limited) {
			expect(log.filter((other) => other.at > r.at && other.at < r.at + 900).length).toBeLessThanOrEqual(3);
		}
	});

	it('a 429 on one item pauses the others too, not only the item that got it', async () => {
		emulator.configure({ latencyMs: 30 });
		// Only the very first request is rate-limited (no reset header: the node waits 1 s).
		emulator.addFault({ kind: 'feishuError', code: 99991400, msg: 'request trigger frequency limit', status: 429, path: '/user_task/query', times: 1 });
		const { items, error } = await runNode(emulator, {
			items: Array.from({ length: 10 }, () => ({})),
			parameters: query({ kunlunUserId: LI, returnAll: false, limit: 1, options: { concurrency: 2, maxRequestsPerMinute: 0 } }),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(10);
		const log = apiRequests(emulator);
		const [limited] = log.filter((r) => r.status === 429);
		// The other worker's item may already be on the wire; nothing else may start until the pause is
		// over (without the shared pause, that worker would run through the remaining items meanwhile).
		expect(log.filter((r) => r.at > limited.at && r.at < limited.at + 900).length).toBeLessThanOrEqual(1);
	});

	it('paces each API on its own budget: a Query whose pace is used up does not hold back a Cancel of the same app', async () => {
		// One request per 60 s for each API of this credential, in this process.
		const pace = { maxRequestsPerMinute: 1, paceWindowSeconds: 60 };
		const first = await runNode(emulator, { parameters: query({ kunlunUserId: LI, returnAll: false, limit: 1, options: pace }) });
		expect(first.error).toBeUndefined();
		// Query's window is now full for a minute; with one budget per app this Cancel would wait for it
		// (and this test would time out).
		const cancelled = await runNode(emulator, { helper: first.helper, parameters: cancel('7100000000000000001', { options: pace }) });
		expect(cancelled.error).toBeUndefined();
		expect(apiRequests(emulator).map((r) => r.path.split('/').pop())).toEqual(['query', 'cancel']);
	}, 20_000);
});

