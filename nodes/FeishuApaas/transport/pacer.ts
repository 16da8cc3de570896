import { sleep } from 'n8n-workflow';

/** A request counted by the pacer. */
interface Slot {
	/** When it left (again, after a token mint held it back). */
	sentAt: number;
	/** When its answer (or its failure) came. */
	done?: number;
	/** Whether the arrival bound applies (the caller reports when the request leaves). */
	bounded: boolean;
}

/** Marks a granted request finished; `sent()` restarts its clock when it actually leaves later (after a mint). */
export type Release = (() => void) & { sent: () => void };

const noop = Object.assign((): void => undefined, { sent: (): void => undefined });

/** Extra room beyond the window, against clock granularity. */
const SAFETY_MS = 5;
/** How often to look again while the window is full of requests still in flight. */
const POLL_MS = 10;
/**
 * ASSUMPTION: a request reaches Feishu's gateway within this long after it leaves (Feishu does not say
 * how it times a request for its windows; arrival is the natural moment). Counting a request only
 * until a window after `min(answer, left + this)` lets the next batches go while earlier ones still
 * wait on Feishu's processing (300 ms + per record for a 500-record batch): counting until a window
 * after the answer held 100,000 creates at ~32 requests/s against Feishu's 50 (bench part 8). A pacer
 * that nevertheless gets a 429 (a slow network path) counts every request until a window after its
 * answer from then on, the bound that needs no assumption.
 */
export const ARRIVAL_BOUND_MS = 100;

/** One of Feishu's rate-limit windows for an API: at most `limit` requests per `windowMs`, per app. */
export interface RateWindow {
	limit: number;
	windowMs: number;
}

/**
 * Keeps the requests of one credential to one Feishu API within Feishu's limits for it, across every
 * item and every execution running in this process: at most `limit` requests in any `windowMs`, for
 * each window given (Feishu gives some APIs two, e.g. 1000 per minute and 50 per second). Feishu
 * counts a request when it arrives, somewhere between the moment it left and its answer: a request
 * counts from the moment it is granted until `windowMs` after the earlier of its answer and
 * ARRIVAL_BOUND_MS after it left (or after its answer only, for callers that cannot tell when it
 * left, and once Feishu answered 429). When Feishu still answers 429 (other workflows or workers
 * share the app), `pause` holds back every request of the credential to that API until the reset
 * Feishu named.
 */
class Pacer {
	private slots: Slot[] = [];

	private pausedUntil = 0;

	private queue: Promise<void> = Promise.resolve();

	/** Requests queued in `acquire` and not yet granted. */
	private waiting = 0;

	/** Undefined after a 429: counted until a window after the answer. */
	private arrivalBoundMs: number | undefined = ARRIVAL_BOUND_MS;

	/**
	 * Waits for a slot (granted in call order) and returns the function that marks it finished.
	 * `knowsWhenSent`: the caller calls `sent()` whenever the request leaves after the grant (a token
	 * mint first), so the arrival bound applies; without it the request counts until its answer.
	 */
	async acquire(windows: readonly RateWindow[], knowsWhenSent = false): Promise<Release> {
		let release: Release = noop;
		this.waiting++;
		const turn = this.queue.then(async () => {
			release = await this.waitForSlot(windows, knowsWhenSent);
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
		this.arrivalBoundMs = undefined;
	}

	/** Until when a slot counts as having arrived at the latest (Infinity while in flight, unbounded). */
	private arrivedBy = (slot: Slot): number => {
		const bound = slot.bounded && this.arrivalBoundMs !== undefined ? slot.sentAt + this.arrivalBoundMs : Infinity;
		return Math.min(slot.done ?? Infinity, bound);
	};

	private async waitForSlot(windows: readonly RateWindow[], knowsWhenSent: boolean): Promise<Release> {
		const longest = Math.max(0, ...windows.map((w) => w.windowMs));
		for (;;) {
			const now = Date.now();
			this.slots = this.slots.filter((slot) => this.arrivedBy(slot) > now - longest);
			let wait = this.pausedUntil - now;
			for (const { limit, windowMs } of windows) {
				const counted = this.slots.map(this.arrivedBy).filter((arrived) => arrived > now - windowMs);
				if (counted.length < limit) continue;
				// The window frees up when enough requests leave it to bring it below the limit.
				const leaving = counted.sort((a, b) => a - b)[counted.length - limit];
				const freeAt = Number.isFinite(leaving) ? leaving + windowMs + SAFETY_MS : now + POLL_MS;
				wait = Math.max(wait, freeAt - now);
			}
			if (wait <= 0) break;
			await sleep(wait);
		}
		if (windows.length === 0) return noop;
		const slot: Slot = { sentAt: Date.now(), bounded: knowsWhenSent };
		this.slots.push(slot);
		return Object.assign(
			() => {
				slot.done ??= Date.now();
			},
			{
				sent: () => {
					if (slot.done === undefined) slot.sentAt = Date.now();
				},
			},
		);
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
