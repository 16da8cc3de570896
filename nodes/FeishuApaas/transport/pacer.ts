import { sleep } from 'n8n-workflow';

/** A request counted by the pacer: in flight until `done` is set. */
interface Slot {
	done?: number;
}

const noop = (): void => undefined;

/** Extra room beyond the window, against clock granularity. */
const SAFETY_MS = 5;
/** How often to look again while the window is full of requests still in flight. */
const POLL_MS = 10;

/** One of Feishu's rate-limit windows for an API: at most `limit` requests per `windowMs`, per app. */
export interface RateWindow {
	limit: number;
	windowMs: number;
}

/**
 * Keeps the requests of one credential to one Feishu API within Feishu's limits for it, across every
 * item and every execution running in this process: at most `limit` requests in any `windowMs`, for
 * each window given (Feishu gives some APIs two, e.g. 1000 per minute and 50 per second). A request
 * counts from the moment it starts until `windowMs` after it *finished*: Feishu counts it when it
 * arrives, which is somewhere in between (after a token mint, or late under load), so only the finish
 * time is a safe bound for any window alignment. When Feishu still answers 429 (other workflows or
 * workers share the app), `pause` holds back every request of the credential to that API until the
 * reset Feishu named.
 */
class Pacer {
	private slots: Slot[] = [];

	private pausedUntil = 0;

	private queue: Promise<void> = Promise.resolve();

	/** Requests queued in `acquire` and not yet granted. */
	private waiting = 0;

	/** Waits for a slot (granted in call order) and returns the function that marks it finished. */
	async acquire(windows: readonly RateWindow[]): Promise<() => void> {
		let release: () => void = noop;
		this.waiting++;
		const turn = this.queue.then(async () => {
			release = await this.waitForSlot(windows);
		});
		this.queue = turn.catch(() => undefined);
		try {
			await turn;
		} finally {
			this.waiting--;
		}
		return release;
	}

	pause(untilMs: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, untilMs);
	}

	private async waitForSlot(windows: readonly RateWindow[]): Promise<() => void> {
		const longest = Math.max(0, ...windows.map((w) => w.windowMs));
		for (;;) {
			const now = Date.now();
			this.slots = this.slots.filter((slot) => slot.done === undefined || slot.done > now - longest);
			let wait = this.pausedUntil - now;
			for (const { limit, windowMs } of windows) {
				const counted = this.slots.filter((slot) => slot.done === undefined || slot.done > now - windowMs);
				if (counted.length < limit) continue;
				// The window frees up when enough finished requests leave it to bring it below the limit.
				const finished = counted
					.filter((slot) => slot.done !== undefined)
					.map((slot) => slot.done as number)
					.sort((a, b) => a - b);
				const leaving = finished[counted.length - limit];
				const freeAt = leaving !== undefined ? leaving + windowMs + SAFETY_MS : now + POLL_MS;
				wait = Math.max(wait, freeAt - now);
			}
			if (wait <= 0) break;
			await sleep(wait);
		}
		if (windows.length === 0) return noop;
		const slot: Slot = {};
		this.slots.push(slot);
		return () => {
			slot.done ??= Date.now();
		};
	}
}

const pacers = new Map<string, Pacer>();

/** The pacer of one credential and API (the mint lock's key plus the API's method and path template). */
export function pacerFor(key: string): Pacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new Pacer();
		pacers.set(key, pacer);
	}
	return pacer;
}
