import { staggeredStarts } from '../../../../nodes/FeishuApaas/engine/staggered-starts';

/** Counts event-loop turns (one per check phase) while `body` runs. */
async function countingTurns<T>(body: (turn: () => number) => Promise<T>): Promise<T> {
	let turns = 0;
	let running = true;
	const tick = () => {
		turns++;
		if (running) setImmediate(tick);
	};
	setImmediate(tick);
	try {
		return await body(() => turns);
	} finally {
		running = false;
	}
}

describe('staggeredStarts: items ready at the same moment start apart, not in one event-loop turn', () => {
	it('lets the first start at once and each of the others only after a timer that began after the previous start, in call order', async () => {
		// Deterministic under any load: what is checked is the order of starts and timer callbacks, not
		// how many event-loop turns passed (two 1 ms timers may share a turn on a busy machine).
		const events: string[] = [];
		const original = global.setTimeout;
		const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
			const id = events.filter((e) => e.startsWith('timer')).length + 1;
			events.push(`timer ${id}`);
			return original(() => {
				events.push(`fired ${id}`);
				fn();
			}, ms);
		}) as unknown as typeof setTimeout);
		try {
			const nextStart = staggeredStarts();
			await Promise.all(
				[1, 2, 3, 4].map(async (id) => {
					await nextStart();
					events.push(`start ${id}`);
				}),
			);
		} finally {
			spy.mockRestore();
		}
		const at = (event: string) => events.indexOf(event);
		expect(events.filter((e) => e.startsWith('start'))).toEqual(['start 1', 'start 2', 'start 3', 'start 4']);
		for (let k = 1; k < 4; k++) {
			// Start k+1 waited for the timer begun at start k to fire.
			expect(at(`timer ${k}`)).toBeLessThan(at(`start ${k + 1}`));
			expect(at(`start ${k}`)).toBeLessThan(at(`fired ${k}`));
			expect(at(`fired ${k}`)).toBeLessThan(at(`start ${k + 1}`));
		}
	});

	it('does not hold back a start when nothing else started in the meantime', async () => {
		await countingTurns(async (turn) => {
			const nextStart = staggeredStarts();
			await nextStart();
			await new Promise((resolve) => setTimeout(resolve, 5));
			const before = turn();
			await nextStart();
			expect(turn()).toBe(before);
		});
	});

	it('spaces starts per run: two runs do not wait for each other', async () => {
		await countingTurns(async (turn) => {
			const a = staggeredStarts();
			const b = staggeredStarts();
			const at = turn();
			const turns = await Promise.all([a().then(turn), b().then(turn)]);
			expect(turns).toEqual([at, at]);
		});
	});
});
