import { pacerFor, type RateWindow } from '../../../../nodes/FeishuApaas/transport/pacer';
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
