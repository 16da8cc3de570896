/**
 * Timeout as a deadline. n8n's `timeout` option becomes axios's socket idle timer, which a server that
 * sends one byte every 250 ms never trips: an item was held 18–26 s with Timeout 1 s, and an endless
 * drip never ended the execution. A deadline aborts the request when Timeout has passed since it
 * started, whatever is still arriving.
 *
 * n8n's `httpRequestWithAuthentication` (n8n-core 1.x and 2.x alike) sets the request's `abortSignal`
 * to `this.getExecutionCancelSignal()`, overwriting any signal passed in, while its plain `httpRequest`
 * honours the one given. So the authenticated request runs with a `this` whose
 * `getExecutionCancelSignal()` returns the deadline combined with the execution's own cancel signal:
 * cancelling the execution still aborts it, and so does the deadline.
 */

import { withOverrides } from './context';

/** Why a deadline fired: kept on the controller, so the transport can tell a timeout from a cancel. */
export class DeadlineExceeded extends Error {
	override name = 'DeadlineExceeded';
}

export class Deadline {
	private readonly controller = new AbortController();
	/** Counts restarts and pauses: a timer of an earlier generation no longer fires. */
	private generation = 0;
	private fired = false;
	/** The deadline, or the execution being cancelled: whichever comes first aborts. */
	readonly signal: AbortSignal;

	constructor(
		private readonly ms: number,
		readonly outer?: AbortSignal,
	) {
		this.signal = outer ? AbortSignal.any([this.controller.signal, outer]) : this.controller.signal;
		this.restart();
	}

	/** Whether the deadline (not a cancel) aborted the request. */
	get expired(): boolean {
		return this.fired;
	}

	/** Whether the execution was cancelled. */
	get cancelled(): boolean {
		return this.outer?.aborted === true && !this.fired;
	}

	/** Stops counting (while a token mint runs under a deadline of its own). */
	pause(): void {
		this.generation++;
	}

	/** Counts the whole Timeout again from now. */
	restart(): void {
		const generation = ++this.generation;
		if (this.controller.signal.aborted) return;
		// AbortSignal.timeout: a timer that never keeps the process up (and no restricted global).
		AbortSignal.timeout(this.ms).addEventListener(
			'abort',
			() => {
				if (generation !== this.generation) return;
				this.fired = true;
				this.controller.abort(new DeadlineExceeded(`no complete answer within ${this.ms} ms`));
			},
			{ once: true },
		);
	}

	/** Ends the deadline once the request is done. */
	clear(): void {
		this.pause();
	}
}

/** What a node context offers for cancellation (absent in some contexts, e.g. older poll contexts). */
interface Cancellable {
	getExecutionCancelSignal?: () => AbortSignal | undefined;
}

/** The execution's cancel signal, if the context has one. */
export function executionSignal(ctx: object): AbortSignal | undefined {
	const fn = (ctx as Cancellable).getExecutionCancelSignal;
	return typeof fn === 'function' ? fn.call(ctx) : undefined;
}

/** `ctx` as n8n's helpers see it, except that `getExecutionCancelSignal()` returns `signal`. */
export function withCancelSignal<T extends object>(ctx: T, signal: AbortSignal): T {
	return withOverrides(ctx, { getExecutionCancelSignal: () => signal });
}
