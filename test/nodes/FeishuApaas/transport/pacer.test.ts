import { ARRIVAL_BOUND_MS, pacerFor, type RateWindow } from '../../../../nodes/FeishuApaas/transport/pacer';
import { paceWindows, type TransportSettings } from '../../../../nodes/FeishuApaas/transport/request';

let keys = 0;
const freshKey = () => `pacer-test-${++keys}`;

/** Grants `count` slots one after another (each finishes at once) and returns [granted, finished] times. */
async function grantAll(key: string, windows: RateWindow[], count: number): Promise<Array<[number, number]>> {
	const pacer = pacerFor(key);
	return await Promise.all(
		Array.from({ length: count }, async () => {
			const done = await pacer.acquire(windows);
			const granted = Date.now();
			done();
			return [granted, Date.now()] as [number, number];
		}),
	);
}

/** Whether, at every grant, fewer than `limit` earlier requests were still counted in the window. */
function keptWithin(times: Array<[number, number]>, { limit, windowMs }: RateWindow): boolean {
	return times.every(([granted], i) => times.slice(0, i).filter(([, finished]) => finished > granted - windowMs).length < limit);
}

describe('pacer: several windows per API, as Feishu gives records 1000/min and 50/s', () => {
	it('keeps every window, the short and the long one', async () => {
		const windows = [
			{ limit: 2, windowMs: 60 },
			{ limit: 3, windowMs: 300 },
		];
		const times = await grantAll(freshKey(), windows, 5);
		expect(times).toHaveLength(5);
		for (const window of windows) expect(keptWithin(times, window)).toBe(true);
		// The long window held the 4th request back until the 1st had left it.
		expect(times[3][0]).toBeGreaterThanOrEqual(times[0][1] + 300);
	});

	it('paces two APIs of one credential apart: a full window of one does not hold back the other', async () => {
		const base = freshKey();
		const windows = [{ limit: 1, windowMs: 10_000 }];
		await grantAll(`${base}|POST user_task/query`, windows, 1);
		const started = Date.now();
		await grantAll(`${base}|POST approval_instances/{approval_instance_id}/cancel`, windows, 1);
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});

describe('paceWindows: Feishu\'s documented limits unless the user sets a pace', () => {
	const settings = (maxRequestsPerMinute?: number): TransportSettings => ({
		timeout: 1000,
		maxRetries: 0,
		maxRequestsPerMinute,
		paceWindowSeconds: 60,
	});
	const documented = [
		{ limit: 1000, windowMs: 60_000 },
		{ limit: 50, windowMs: 1_000 },
	];

	it('uses the documented windows when Max Requests Per Minute is not set', () => {
		expect(paceWindows(settings(), documented)).toEqual(documented);
	});

	it('replaces the documented minute with the user\'s pace and keeps Feishu\'s shorter window', () => {
		expect(paceWindows(settings(300), documented)).toEqual([
			{ limit: 300, windowMs: 60_000 },
			{ limit: 50, windowMs: 1_000 },
		]);
	});

	it('turns pacing off with 0', () => {
		expect(paceWindows(settings(0), documented)).toEqual([]);
	});
});

describe('pacer: a request counts until a window after it reached Feishu, at the latest ARRIVAL_BOUND_MS after it left', () => {
	const window = { limit: 1, windowMs: 200 };
	const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

	/** Grants one slot, holds it `answerMs` before finishing it, and returns when a second slot was granted (ms after the first). */
	async function secondGrantAfter(options: { knowsWhenSent: boolean; answerMs: number; sentAfterMs?: number; pausedFirst?: boolean }): Promise<number> {
		const pacer = pacerFor(freshKey());
		if (options.pausedFirst) pacer.pause(Date.now());
		const first = await pacer.acquire([window], options.knowsWhenSent);
		const t0 = Date.now();
		if (options.sentAfterMs !== undefined) setTimeout(() => first.sent(), options.sentAfterMs);
		setTimeout(() => first(), options.answerMs);
		await pacer.acquire([window], options.knowsWhenSent);
		return Date.now() - t0;
	}

	it('lets the next request go while a slow answer is still outstanding', async () => {
		const after = await secondGrantAfter({ knowsWhenSent: true, answerMs: 1_000 });
		expect(after).toBeGreaterThanOrEqual(ARRIVAL_BOUND_MS + window.windowMs);
		expect(after).toBeLessThan(1_000);
	});

	it('counts from when the request actually left (after a token mint)', async () => {
		const after = await secondGrantAfter({ knowsWhenSent: true, answerMs: 1_000, sentAfterMs: 300 });
		expect(after).toBeGreaterThanOrEqual(300 + ARRIVAL_BOUND_MS + window.windowMs);
		expect(after).toBeLessThan(1_000);
	});

	it('counts until a window after the answer when the caller cannot tell when the request left', async () => {
		const after = await secondGrantAfter({ knowsWhenSent: false, answerMs: 400 });
		expect(after).toBeGreaterThanOrEqual(400 + window.windowMs);
	});

	it('counts until a window after the answer once Feishu answered 429 (the arrival bound did not hold)', async () => {
		const after = await secondGrantAfter({ knowsWhenSent: true, answerMs: 400, pausedFirst: true });
		expect(after).toBeGreaterThanOrEqual(400 + window.windowMs);
	});

	it('keeps every window of arrivals within the limit when requests arrive up to ARRIVAL_BOUND_MS after leaving', async () => {
		const windows = [{ limit: 5, windowMs: 150 }];
		const pacer = pacerFor(freshKey());
		const arrivals: number[] = [];
		// Deterministic "random" network and answer times: arrival within the bound, answers slower.
		let seed = 7;
		const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		await Promise.all(
			Array.from({ length: 40 }, async () => {
				const release = await pacer.acquire(windows, true);
				const left = Date.now();
				arrivals.push(left + next() * ARRIVAL_BOUND_MS);
				await sleep(ARRIVAL_BOUND_MS + next() * 200);
				release();
			}),
		);
		arrivals.sort((a, b) => a - b);
		for (let i = 0; i + windows[0].limit < arrivals.length; i++) {
			// Any limit+1 consecutive arrivals span at least the window.
			expect(arrivals[i + windows[0].limit] - arrivals[i]).toBeGreaterThanOrEqual(windows[0].windowMs);
		}
	});
});
