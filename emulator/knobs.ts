/**
 * The test knobs: one-shot faults, the per-app-per-API rate-limit window, and the emulator clock.
 * Latency is just a number read by the server; it needs no machinery here.
 */

/** Which requests a fault applies to, and how many times. */
export interface FaultTarget {
	/** Only requests whose path contains this substring; default every (non-control) request. */
	path?: string;
	/** How many matching requests it applies to; default 1. */
	times?: number;
}

export type Fault = FaultTarget &
	(
		| { kind: 'status'; status: number }
		| { kind: 'reset' }
		| { kind: 'hang' }
		| { kind: 'html' }
		| { kind: 'redirect'; location: string; status?: number }
		| { kind: 'invalidToken' }
		| { kind: 'feishuError'; code: number; msg: string; status?: number }
		/** The request is processed as usual, then its answer is lost (the connection drops). */
		| { kind: 'loseAnswer' }
		/**
		 * TEST FAULT, not Feishu behaviour: the request is processed as usual, then its answer is
		 * written `bytes` (default 1) at a time every `intervalMs` (default 250), a slow-loris server.
		 */
		| { kind: 'drip'; intervalMs?: number; bytes?: number }
		/**
		 * TEST FAULT, not Feishu behaviour: a page-token list answered with an empty page that says
		 * `has_more: true`; its `next_page_token` is `tokens[n % tokens.length]` on the n-th use
		 * (default: a fresh token every time). `items` and `records` are both empty JSON arrays, so
		 * it fits batch_query and search alike.
		 */
		| { kind: 'emptyPages'; tokens?: string[] }
		/**
		 * TEST FAULT, not Feishu behaviour: an answer with one field far larger than Feishu sends:
		 * `msg` (an error, HTTP 400, with a msg of `size` characters), `data` (code 0 whose `data`
		 * is a string of `size` characters) or `body` (code 0 whose data pads the body to `size` bytes).
		 */
		| { kind: 'oversized'; field: 'msg' | 'data' | 'body'; size: number }
		/**
		 * TEST FAULT, not Feishu behaviour: exactly this body (sent as given, byte for byte), with
		 * this status (default 200) and content type (default JSON): hostile shapes such as a
		 * `__proto__` key, or 200 KB of `<` in an HTML page.
		 */
		| { kind: 'answer'; body: string; status?: number; contentType?: string }
	);

const FAULT_KINDS = new Set([
	'status',
	'reset',
	'hang',
	'html',
	'redirect',
	'invalidToken',
	'feishuError',
	'loseAnswer',
	'drip',
	'emptyPages',
	'oversized',
	'answer',
]);
const OVERSIZED_FIELDS = new Set(['msg', 'data', 'body']);

/** Validates a fault that arrived over HTTP (or from untyped JS); throws a readable message. */
export function parseFault(input: unknown): Fault {
	if (typeof input !== 'object' || input === null) throw new Error('fault must be an object');
	const f = input as Record<string, unknown>;
	if (typeof f.kind !== 'string' || !FAULT_KINDS.has(f.kind)) {
		throw new Error(`fault.kind must be one of ${[...FAULT_KINDS].join(', ')}`);
	}
	if (f.path !== undefined && typeof f.path !== 'string') throw new Error('fault.path must be a string');
	if (f.times !== undefined && !(Number.isInteger(f.times) && (f.times as number) > 0)) {
		throw new Error('fault.times must be a positive integer');
	}
	if (f.kind === 'status' && !Number.isInteger(f.status)) throw new Error('fault.status must be an integer');
	if (f.kind === 'redirect' && typeof f.location !== 'string') throw new Error('redirect needs a string location');
	if (f.kind === 'feishuError' && (!Number.isInteger(f.code) || typeof f.msg !== 'string')) {
		throw new Error('feishuError needs integer code and string msg');
	}
	if (f.kind === 'drip') {
		for (const key of ['intervalMs', 'bytes'] as const) {
			if (f[key] !== undefined && !(Number.isInteger(f[key]) && (f[key] as number) > 0)) throw new Error(`drip.${key} must be a positive integer`);
		}
	}
	if (f.kind === 'emptyPages' && f.tokens !== undefined) {
		if (!Array.isArray(f.tokens) || f.tokens.length === 0 || !f.tokens.every((t) => typeof t === 'string' && t !== '')) {
			throw new Error('emptyPages.tokens must be a non-empty list of non-empty strings');
		}
	}
	if (f.kind === 'oversized' && (!OVERSIZED_FIELDS.has(f.field as string) || !(Number.isInteger(f.size) && (f.size as number) > 0))) {
		throw new Error('oversized needs field msg, data or body and a positive integer size');
	}
	if (f.kind === 'answer') {
		if (typeof f.body !== 'string') throw new Error('answer needs a string body');
		if (f.status !== undefined && !Number.isInteger(f.status)) throw new Error('answer.status must be an integer');
		if (f.contentType !== undefined && typeof f.contentType !== 'string') throw new Error('answer.contentType must be a string');
	}
	return { ...(f as unknown as Fault) };
}

/** FIFO of faults; each matching request consumes one use of the first fault that matches it. */
export class FaultQueue {
	private queue: Array<{ fault: Fault; left: number }> = [];

	add(fault: Fault): void {
		this.queue.push({ fault, left: fault.times ?? 1 });
	}

	take(path: string): Fault | undefined {
		const i = this.queue.findIndex((q) => q.fault.path === undefined || path.includes(q.fault.path));
		if (i < 0) return undefined;
		const entry = this.queue[i];
		if (--entry.left <= 0) this.queue.splice(i, 1);
		return entry.fault;
	}

	pending(): Array<Fault & { remaining: number }> {
		return this.queue.map((q) => ({ ...q.fault, remaining: q.left }));
	}

	clear(): void {
		this.queue = [];
	}
}

export interface RateLimit {
	limit: number;
	windowMs: number;
	/**
	 * Only APIs whose rate key (method + route template, see routing.ts rateKey()) contains this substring, or whose route API name is
	 * exactly this (e.g. 'workspace.tables.get'), are limited, e.g. "records/batch_create" or
	 * "/cancel"; the others pass unlimited and get no rate headers.
	 * Default: every API (each on its own window).
	 */
	api?: string;
}

/** History of one window of one app and API, kept so tests can check none served more than `limit`. */
export interface RateWindow {
	appId: string;
	/** The API the window counts: its rate key, method + route template (routing.ts rateKey()). */
	api: string;
	start: number;
	served: number;
	rejected: number;
}

export interface RateDecision {
	allowed: boolean;
	headers: Record<string, string>;
}

/**
 * Fixed windows per app and API (Feishu: "per app, per tenant, per API"). ASSUMPTION: Feishu
 * does not document its algorithm; a fixed window that opens on the first request of the app
 * to that API is the simplest one that honours `limit per windowMs`. A 429 does not count as
 * served, so a rejected burst cannot lock a client out longer.
 */
export class RateLimiter {
	private config: RateLimit | null = null;
	private readonly open = new Map<string, RateWindow>();
	readonly windows: RateWindow[] = [];

	get limit(): RateLimit | null {
		return this.config;
	}

	/** Changing the limit starts afresh (the history is kept). */
	set(config: RateLimit | null): void {
		if (config && !(config.limit > 0 && config.windowMs > 0)) {
			throw new Error('rateLimit needs positive limit and windowMs');
		}
		if (config && config.api !== undefined && (typeof config.api !== 'string' || config.api === '')) {
			throw new Error('rateLimit.api must be a non-empty string');
		}
		this.config = config ? { limit: config.limit, windowMs: config.windowMs } : null;
		if (this.config && config?.api !== undefined) this.config.api = config.api;
		this.open.clear();
	}

	/** Whether the configured limit applies to `api` (a rate key) or the route's API name `name`. */
	private applies(api: string, name?: string): RateLimit | null {
		const cfg = this.config;
		return cfg && (cfg.api === undefined || api.includes(cfg.api) || name === cfg.api) ? cfg : null;
	}

	/** Counts one request of `appId` to `api` (when allowed) and returns the headers to send. */
	admit(appId: string, api: string, now: number, name?: string): RateDecision {
		const cfg = this.applies(api, name);
		if (!cfg) return { allowed: true, headers: {} };
		const key = `${appId}\n${api}`;
		let w = this.open.get(key);
		if (!w || now >= w.start + cfg.windowMs) {
			w = { appId, api, start: now, served: 0, rejected: 0 };
			this.open.set(key, w);
			this.windows.push(w);
		}
		const allowed = w.served < cfg.limit;
		if (allowed) w.served++;
		else w.rejected++;
		return { allowed, headers: this.headers(w.start + cfg.windowMs - now) };
	}

	/**
	 * Headers for an API response whose app is unknown (bad or missing token).
	 * ASSUMPTION: those report the full window as the reset time.
	 */
	headersWithoutApp(api: string, name?: string): Record<string, string> {
		const cfg = this.applies(api, name);
		return cfg ? this.headers(cfg.windowMs) : {};
	}

	maxServedInWindow(): number {
		return this.windows.reduce((m, w) => Math.max(m, w.served), 0);
	}

	clearHistory(): void {
		this.windows.length = 0;
		this.open.clear();
	}

	private headers(msLeft: number): Record<string, string> {
		return {
			'x-ogw-ratelimit-limit': String(this.config?.limit ?? 0),
			'x-ogw-ratelimit-reset': String(Math.max(1, Math.ceil(msLeft / 1000))),
		};
	}
}

/** Real time plus an offset tests can advance, so token expiry can be tested without waiting. */
export class Clock {
	private offsetMs = 0;

	now(): number {
		return Date.now() + this.offsetMs;
	}

	advance(ms: number): void {
		this.offsetMs += ms;
	}

	reset(): void {
		this.offsetMs = 0;
	}
}
