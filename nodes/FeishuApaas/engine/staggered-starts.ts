import { sleep } from 'n8n-workflow';

/**
 * Spaces out the starts of items that are ready at the same moment, one timer tick (~1 ms) apart.
 * n8n's request helper opens a new connection for every request, and a request is written only once
 * its connection completes, in a later event-loop turn. Items that all start in the same turn (as they
 * do when their answers arrive together) therefore send together at the end of it, their answers
 * come back together, and the run moves in lockstep bursts, each item waiting for all the others'
 * work. Spaced starts let each request leave as soon as it is built. The cost is a ceiling of about
 * 1,000 item starts per second per run, far above what Feishu allows an app.
 */
export function staggeredStarts(): () => Promise<void> {
	let gate: Promise<void> | undefined;
	return async () => {
		while (gate) await gate;
		gate = sleep(0).then(() => {
			gate = undefined;
		});
	};
}
