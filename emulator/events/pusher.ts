/**
 * The emulator as Feishu's event pusher: it POSTs a challenge or events to the app's one request
 * URL with Feishu's headers, retries a delivery that is not answered 200, and, as test faults, can
 * duplicate deliveries and forge them (bad signature, wrong token, stale timestamp, a body that does
 * not decrypt).
 *
 * Feishu's retry schedule is 15 s, 5 min, 1 h, 6 h (4 retries); the default here is that schedule
 * divided by 1000, and every subscription may set its own.
 */
import { randomBytes } from 'node:crypto';

import { encryptBody, signBody } from './crypto';
import { challengeBody, eventBody, newEventId, type AppIdentity, type PushEvent, type Schema } from './payloads';

export const FEISHU_RETRY_SCHEDULE_MS = [15_000, 300_000, 3_600_000, 21_600_000];
export const DEFAULT_RETRY_SCHEDULE_MS = FEISHU_RETRY_SCHEDULE_MS.map((ms) => ms / 1000);
/** ASSUMPTION: Feishu waits 3 s for an answer (its documented deadline) before counting a delivery as failed. */
export const ANSWER_TIMEOUT_MS = 3000;

export interface Subscription extends AppIdentity {
	/** The request URL pasted into the developer console. */
	url: string;
	/** Empty = no Encrypt Key: plain, unsigned bodies. */
	encryptKey: string;
	/** Envelope of pushed events. */
	schema: Schema;
	retryScheduleMs: number[];
	/** How long Feishu waits for an answer before counting the attempt as failed; default ANSWER_TIMEOUT_MS. */
	answerTimeoutMs: number;
}

/** Test faults: what an attacker or a broken network would send. Forged deliveries are never retried. */
export type Forgery = 'signature' | 'token' | 'staleTimestamp' | 'undecryptable';

export interface PushOptions {
	schema?: Schema;
	/** Extra deliveries of the same event (at-least-once), each `duplicateSpacingMs` after the previous. */
	duplicates?: number;
	duplicateSpacingMs?: number;
	forge?: Forgery;
	/**
	 * Test fault: the answers to the first N attempts of each copy are "lost" (the receiver handled
	 * the request, Feishu never saw the 200), so Feishu retries what was already received.
	 */
	loseAnswers?: number;
}

export interface DeliveryRecord {
	eventId: string;
	kind: 'challenge' | 'event';
	/** 0 = the first attempt; retries count up. */
	attempt: number;
	/** Which copy (0 = the original, 1… = the duplicates). */
	copy: number;
	forged?: Forgery;
	/** HTTP status, or 0 when the request failed (refused connection, timeout). */
	status: number;
	/** The answer was received but treated as lost (test fault `loseAnswers`). */
	lost?: boolean;
	answer: string;
	at: number;
	/** How long the answer took, ms. */
	ms: number;
}

export interface RecordChange {
	workspace: string;
	app?: string;
	table: string;
	type: 'INSERT' | 'UPDATE' | 'DELETE';
	/** ASSUMPTION: Feishu does not document its shape; the data platform's store passes the user's open id. */
	operator?: string | Record<string, unknown>;
	/** A JSON string (sent as is, int64 digits kept) or an object (bigint values written with every digit); null/undefined = null. */
	before?: string | Record<string, unknown> | null;
	after?: string | Record<string, unknown> | null;
}

export const RECORD_CHANGE_EVENT = 'apaas.workspace.record_change_v1';

const DEFAULTS: Omit<Subscription, 'url'> = {
	appId: 'cli_test_app',
	tenantKey: 'tenant_test',
	verificationToken: '',
	encryptKey: '',
	schema: 'v2',
	retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
	answerTimeoutMs: ANSWER_TIMEOUT_MS,
};

function jsonString(value: RecordChange['before']): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') return value;
	return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `__int64_${v}__` : v)).replace(/"__int64_(-?\d+)__"/g, '$1');
}

export class EventPusher {
	private subscription: Subscription | undefined;
	private readonly log: DeliveryRecord[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlight = new Set<Promise<void>>();
	private stopped = false;

	subscribe(settings: Partial<Subscription> & { url: string }): Subscription {
		this.subscription = { ...DEFAULTS, ...settings };
		return { ...this.subscription };
	}

	unsubscribe(): void {
		this.subscription = undefined;
	}

	get current(): Subscription | undefined {
		return this.subscription && { ...this.subscription };
	}

	deliveries(): DeliveryRecord[] {
		return this.log.map((r) => ({ ...r }));
	}

	/** Pending deliveries and retries (a retry waiting for its time counts). */
	get pending(): number {
		return this.timers.size + this.inFlight.size;
	}

	/** Resolves once nothing is pending (or `ms` passed). */
	async idle(ms = 60_000): Promise<boolean> {
		const until = Date.now() + ms;
		while (this.pending > 0) {
			if (Date.now() > until) return false;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		return true;
	}

	/** Sends the URL check now (no retry: the console shows the failure instead) and returns the answer. */
	async challenge(options: { encrypt?: boolean; token?: string } = {}): Promise<{ status: number; body: unknown; challenge: string }> {
		const sub = this.requireSubscription();
		const body = challengeBody(sub, options.token);
		const encrypt = options.encrypt ?? sub.encryptKey !== '';
		const raw = encrypt ? JSON.stringify({ encrypt: encryptBody(sub.encryptKey, JSON.stringify(body)) }) : JSON.stringify(body);
		const result = await this.post(sub, raw, encrypt ? sub.encryptKey : '', undefined);
		this.log.push({ eventId: '', kind: 'challenge', attempt: 0, copy: 0, status: result.status, answer: result.text, at: Date.now(), ms: result.ms });
		let parsed: unknown = result.text;
		try {
			parsed = JSON.parse(result.text);
		} catch {
			// not JSON: returned as text
		}
		return { status: result.status, body: parsed, challenge: String(body.challenge) };
	}

	/** Queues the events for delivery (returns their ids at once; deliveries run in the background). */
	push(events: PushEvent[], options: PushOptions = {}): string[] {
		const sub = this.requireSubscription();
		const ids: string[] = [];
		for (const e of events) {
			const full = { ...e, eventId: e.eventId ?? newEventId(), createTime: e.createTime ?? Date.now() };
			ids.push(full.eventId);
			const copies = 1 + (options.duplicates ?? 0);
			for (let copy = 0; copy < copies; copy++) {
				this.schedule(copy * (options.duplicateSpacingMs ?? 0), () => this.deliver(sub, full, options, copy, 0));
			}
		}
		return ids;
	}

	/** The data platform's hook: a row changed in a workspace table → `record_change_v1` to the subscribed URL. */
	publishRecordChange(change: RecordChange, options: PushOptions = {}): string | undefined {
		if (!this.subscription) return undefined;
		const event: Record<string, unknown> = {
			workspace: change.workspace,
			app: change.app ?? this.subscription.appId,
			table: change.table,
			type: change.type,
			operator: change.operator ?? { user_id: '1700000000000001' },
			before: jsonString(change.before),
			after: jsonString(change.after),
		};
		return this.push([{ eventType: RECORD_CHANGE_EVENT, event }], options)[0];
	}

	reset(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.log.length = 0;
		this.subscription = undefined;
	}

	async stop(): Promise<void> {
		this.stopped = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		await Promise.allSettled([...this.inFlight]);
	}

	private requireSubscription(): Subscription {
		if (!this.subscription) throw new Error('no subscription: POST /__emulator/events/subscription {url, verificationToken, encryptKey?} first');
		return this.subscription;
	}

	private schedule(ms: number, run: () => Promise<void>): void {
		if (this.stopped) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			const p = run().finally(() => this.inFlight.delete(p));
			this.inFlight.add(p);
		}, ms);
		this.timers.add(timer);
	}

	private async deliver(sub: Subscription, e: PushEvent & { eventId: string }, options: PushOptions, copy: number, attempt: number): Promise<void> {
		const forge = options.forge;
		const schema = options.schema ?? sub.schema;
		const token = forge === 'token' ? `forged-${randomBytes(4).toString('hex')}` : sub.verificationToken;
		const plain = JSON.stringify(eventBody(sub, e, schema, token));
		let raw = plain;
		if (sub.encryptKey !== '') {
			const key = forge === 'undecryptable' ? `${sub.encryptKey}-not-it` : sub.encryptKey;
			raw = JSON.stringify({ encrypt: encryptBody(key, plain) });
		}
		const result = await this.post(sub, raw, sub.encryptKey, forge);
		const lost = attempt < (options.loseAnswers ?? 0);
		this.log.push({
			eventId: e.eventId,
			kind: 'event',
			attempt,
			copy,
			status: result.status,
			answer: result.text,
			at: Date.now(),
			ms: result.ms,
			...(forge ? { forged: forge } : {}),
			...(lost ? { lost } : {}),
		});
		if ((result.status === 200 && !lost) || forge) return;
		const delay = sub.retryScheduleMs[attempt];
		if (delay !== undefined) this.schedule(delay, () => this.deliver(sub, e, options, copy, attempt + 1));
	}

	private async post(sub: Subscription, raw: string, encryptKey: string, forge: Forgery | undefined): Promise<{ status: number; text: string; ms: number }> {
		// ASSUMPTION: Unix seconds, a fresh timestamp and nonce per attempt.
		const seconds = Math.floor(Date.now() / 1000) - (forge === 'staleTimestamp' ? 600 : 0);
		const timestamp = String(seconds);
		const nonce = randomBytes(8).toString('hex');
		const headers: Record<string, string> = {
			'Content-Type': 'application/json; charset=utf-8',
			'User-Agent': 'Feishu-Emulator-Event-Pusher',
			'X-Request-Id': randomBytes(8).toString('hex'),
		};
		// The signature is sent when the app has an Encrypt Key (it is its secret).
		if (encryptKey !== '') {
			headers['X-Lark-Request-Timestamp'] = timestamp;
			headers['X-Lark-Request-Nonce'] = nonce;
			headers['X-Lark-Signature'] = forge === 'signature' ? randomBytes(32).toString('hex') : signBody(timestamp, nonce, encryptKey, raw);
		}
		const started = Date.now();
		try {
			const response = await fetch(sub.url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(sub.answerTimeoutMs) });
			const text = (await response.text()).slice(0, 2000);
			return { status: response.status, text, ms: Date.now() - started };
		} catch (e) {
			return { status: 0, text: e instanceof Error ? e.message : String(e), ms: Date.now() - started };
		}
	}
}
