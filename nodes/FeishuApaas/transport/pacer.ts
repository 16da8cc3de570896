import { sleep } from 'n8n-workflow';

/**
 * Keeps the requests of one credential within Feishu's per-app limit, across every item and every
 * execution running in this process. A sliding log: at most `limit` request starts in any `windowMs`,
 * so any fixed window Feishu counts in (whatever its alignment) sees at most `limit` too. When Feishu
 * still answers 429 (other workflows or workers share the app), `pause` holds back every request of
 * the credential until the reset Feishu named.
 */
class Pacer {
	private readonly starts: number[] = [];

	private pausedUntil = 0;

	private queue: Promise<void> = Promise.resolve();

	/** Waits for a slot; resolves when the request may start. Slots are granted in call order. */
	async acquire(limit: number, windowMs: number): Promise<void> {
		const turn = this.queue.then(async () => await this.waitForSlot(limit, windowMs));
		this.queue = turn.catch(() => undefined);
		await turn;
	}

	pause(untilMs: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, untilMs);
	}

	private async waitForSlot(limit: number, windowMs: number): Promise<void> {
		for (;;) {
			const now = Date.now();
			while (this.starts.length > 0 && this.starts[0] <= now - windowMs) this.starts.shift();
			let wait = this.pausedUntil - now;
			if (limit > 0 && this.starts.length >= limit) {
				// A few ms beyond the window, so network jitter cannot land two requests in one window.
				wait = Math.max(wait, this.starts[this.starts.length - limit] + windowMs + SAFETY_MS - now);
			}
			if (wait <= 0) break;
			await sleep(wait);
		}
		if (limit > 0) this.starts.push(Date.now());
	}
}

const SAFETY_MS = 5;

const pacers = new Map<string, Pacer>();

/** The pacer of one credential (same key as the mint lock: credential and app/endpoint). */
export function pacerFor(key: string): Pacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new Pacer();
		pacers.set(key, pacer);
	}
	return pacer;
}
