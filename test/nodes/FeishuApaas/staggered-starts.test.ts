import { staggeredStarts } from '../../../nodes/FeishuApaas/staggered-starts';

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
	it('lets the first start at once and each of the others in a later turn than the previous, in call order', async () => {
		await countingTurns(async (turn) => {
			const nextStart = staggeredStarts();
			const started: Array<{ id: number; turn: number }> = [];
			await Promise.all([1, 2, 3, 4].map(async (id) => {
				await nextStart();
				started.push({ id, turn: turn() });
			}));
			expect(started.map((s) => s.id)).toEqual([1, 2, 3, 4]);
			for (let i = 1; i < started.length; i++) expect(started[i].turn).toBeGreaterThan(started[i - 1].turn);
		});
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
