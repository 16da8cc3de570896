/**
 * Requests in flight together, for the batch writes (object records' Create / Update / Delete / Create or
 * Update, the data platform's row writes): `run(g)` for every g below `count`, at most `limit` at once,
 * each only after the earlier ones it waits for (`waits[g]`, indexes below g: requests that write a
 * record it writes too, so that the later item wins as it would one request after another) have
 * finished. A request takes its place in the limit only once what it waits for is done, so a request
 * that waits holds back no other; places are given in the order they were asked for.
 *
 * The transport paces the requests to Feishu's windows for the API (and pauses all of them on a 429):
 * the limit only bounds how many wait on Feishu's latency at the same time. Every request runs, even
 * after another one failed (the callers decide in `run` whether to send it); the first error thrown
 * by a `run` is thrown once every request has settled, so no request is left running behind it.
 */
export async function inFlight(
	count: number,
	limit: number,
	waits: ReadonlyArray<readonly number[]>,
	run: (g: number) => Promise<void>,
): Promise<void> {
	const place = places(limit);
	const finished: Array<Promise<void>> = [];
	for (let g = 0; g < count; g++) {
		// Only earlier requests are waited for (a request naming itself or a later one is not: two
		// items of one record in the same request), and a failed one counts as finished: this cannot hang.
		const before = (waits[g] ?? []).filter((h) => h < g).map((h) => finished[h].catch(() => undefined));
		finished[g] = Promise.all(before).then(async () => {
			await place.take();
			try {
				await run(g);
			} finally {
				place.give();
			}
		});
	}
	const settled = await Promise.allSettled(finished);
	const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
	if (failed) throw failed.reason;
}

/** At most `size` holders at once; the others wait in the order they asked. */
function places(size: number): { take: () => Promise<void>; give: () => void } {
	let free = size;
	const waiting: Array<() => void> = [];
	let head = 0;
	return {
		take: async () => {
			if (free > 0) {
				free--;
				return;
			}
			await new Promise<void>((resolve) => waiting.push(resolve));
		},
		give: () => {
			// The place goes straight to the next in line (free stays as it is).
			if (head < waiting.length) waiting[head++]();
			else free++;
		},
	};
}
