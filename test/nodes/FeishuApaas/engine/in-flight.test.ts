import { inFlight } from '../../../../nodes/FeishuApaas/engine/in-flight';

/** A run that records its start and end and finishes when the test says. */
function controlled(count: number) {
	const events: string[] = [];
	const finish: Array<(error?: Error) => void> = [];
	let running = 0;
	let most = 0;
	const run = async (g: number): Promise<void> => {
		events.push(`start ${g}`);
		most = Math.max(most, ++running);
		try {
			await new Promise<void>((resolve, reject) => (finish[g] = (error) => (error ? reject(error) : resolve())));
		} finally {
			running--;
			events.push(`end ${g}`);
		}
	};
	const turn = () => new Promise((resolve) => setImmediate(resolve));
	return { events, finish, run, most: () => most, turn, count };
}

describe('inFlight', () => {
	it('runs at most `limit` at once, places given in order', async () => {
		const c = controlled(5);
		const done = inFlight(5, 2, [], c.run);
		await c.turn();
		expect(c.events).toEqual(['start 0', 'start 1']);
		c.finish[1]();
		await c.turn();
		expect(c.events.slice(2)).toEqual(['end 1', 'start 2']);
		for (const g of [0, 2]) c.finish[g]();
		await c.turn();
		c.finish[3]();
		c.finish[4]();
		await done;
		expect(c.most()).toBe(2);
		expect(c.events.filter((e) => e.startsWith('start'))).toEqual(['start 0', 'start 1', 'start 2', 'start 3', 'start 4']);
	});

	it('a request waits for the earlier ones it names, and a waiting one holds no place', async () => {
		const c = controlled(3);
		// 1 waits for 0; 2 waits for nothing and must not queue behind 1.
		const done = inFlight(3, 2, [[], [0], []], c.run);
		await c.turn();
		expect(c.events).toEqual(['start 0', 'start 2']);
		c.finish[0]();
		await c.turn();
		expect(c.events).toContain('start 1');
		c.finish[1]();
		c.finish[2]();
		await done;
	});

	it('a failed request counts as finished for the ones waiting on it; its error is thrown once all have settled', async () => {
		const c = controlled(3);
		let settled = false;
		const done = inFlight(3, 3, [[], [0], []], c.run).finally(() => (settled = true));
		await c.turn();
		c.finish[0](new Error('boom'));
		await c.turn();
		expect(c.events).toContain('start 1');
		expect(settled).toBe(false);
		c.finish[1]();
		await c.turn();
		expect(settled).toBe(false);
		c.finish[2]();
		await expect(done).rejects.toThrow('boom');
	});
});

describe('inFlight waits', () => {
	it('ignores a request naming itself or a later one', async () => {
		const ran: number[] = [];
		await inFlight(2, 2, [[0, 1], [1]], async (g) => void ran.push(g));
		expect(ran.sort()).toEqual([0, 1]);
	});
});
