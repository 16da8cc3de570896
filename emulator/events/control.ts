/**
 * Control endpoints that make the emulator push events like Feishu (not Feishu APIs: Feishu serves no
 * endpoint here, it calls the app's request URL). Dispatched from the control API (control.ts) under
 * /__emulator/events/, so like every control endpoint they are never logged, delayed or faulted.
 *
 *   POST   /__emulator/events/subscription  Subscription (url, verificationToken, encryptKey?, appId?,
 *                                           tenantKey?, schema? 'v1'|'v2', retryScheduleMs?, answerTimeoutMs?)
 *                                           → {subscription} (secrets masked)
 *   DELETE /__emulator/events/subscription  nothing is pushed any more
 *   POST   /__emulator/events/challenge     {encrypt?, token?} → {status, body, challenge}
 *   POST   /__emulator/events/push          {events: PushEvent[]} | {count, eventType?, event?}, plus PushOptions
 *                                           (schema?, duplicates?, duplicateSpacingMs?, forge?, loseAnswers?) → {eventIds}
 *   POST   /__emulator/events/record-change RecordChange & PushOptions → {eventId}
 *   GET    /__emulator/events/deliveries    {deliveries, pending}
 */
import { sendJson, type Exchange } from '../envelope';
import type { PushEvent, Schema } from './payloads';
import type { EventPusher, Forgery, PushOptions, RecordChange } from './pusher';

export const EVENTS_CONTROL_PREFIX = '/__emulator/events/';
const SCHEMAS: readonly Schema[] = ['v1', 'v2'];
const FORGERIES: readonly Forgery[] = ['signature', 'token', 'staleTimestamp', 'undecryptable'];

function body(ex: Exchange): Record<string, unknown> {
	if (ex.rawBody.trim() === '') return {};
	const parsed: unknown = JSON.parse(ex.rawBody);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('body must be a JSON object');
	return parsed as Record<string, unknown>;
}

function pushOptions(b: Record<string, unknown>): PushOptions {
	const options: PushOptions = {};
	if (b.schema !== undefined) {
		if (!SCHEMAS.includes(b.schema as Schema)) throw new Error(`schema must be one of ${SCHEMAS.join(', ')}`);
		options.schema = b.schema as Schema;
	}
	if (b.forge !== undefined) {
		if (!FORGERIES.includes(b.forge as Forgery)) throw new Error(`forge must be one of ${FORGERIES.join(', ')}`);
		options.forge = b.forge as Forgery;
	}
	if (b.duplicates !== undefined) options.duplicates = Math.max(0, Math.floor(Number(b.duplicates)));
	if (b.loseAnswers !== undefined) options.loseAnswers = Math.max(0, Math.floor(Number(b.loseAnswers)));
	if (b.duplicateSpacingMs !== undefined) options.duplicateSpacingMs = Math.max(0, Number(b.duplicateSpacingMs));
	return options;
}

type Handler = (events: EventPusher, b: Record<string, unknown>) => unknown;

interface ControlRow {
	method: 'GET' | 'POST' | 'DELETE';
	/** After /__emulator/events/. */
	name: string;
	run: Handler;
}

const ROWS: ControlRow[] = [
	{
		method: 'POST',
		name: 'subscription',
		run: (events, b) => {
			if (typeof b.url !== 'string' || b.url === '') throw new Error('url is required');
			const subscription = events.subscribe(b as never);
			// The state is readable by any local process: the secrets are not echoed.
			return { subscription: { ...subscription, encryptKey: subscription.encryptKey ? '***' : '', verificationToken: '***' } };
		},
	},
	{
		method: 'DELETE',
		name: 'subscription',
		run: (events) => events.unsubscribe(),
	},
	{
		method: 'POST',
		name: 'challenge',
		run: async (events, b) =>
			await events.challenge({
				encrypt: typeof b.encrypt === 'boolean' ? b.encrypt : undefined,
				token: typeof b.token === 'string' ? b.token : undefined,
			}),
	},
	{
		method: 'POST',
		name: 'push',
		run: (events, b) => {
			let list: PushEvent[];
			if (Array.isArray(b.events)) list = b.events as PushEvent[];
			else {
				const count = Math.floor(Number(b.count ?? 1));
				if (!(count >= 1 && count <= 10_000)) throw new Error('count must be 1..10000');
				const eventType = typeof b.eventType === 'string' ? b.eventType : 'apaas.workspace.record_change_v1';
				const event = (b.event ?? {}) as Record<string, unknown>;
				list = Array.from({ length: count }, () => ({ eventType, event }));
			}
			return { eventIds: events.push(list, pushOptions(b)) };
		},
	},
	{
		method: 'POST',
		name: 'record-change',
		run: (events, b) => {
			const eventId = events.publishRecordChange(b as unknown as RecordChange, pushOptions(b));
			if (eventId === undefined) throw new Error('no subscription');
			return { eventId };
		},
	},
	{
		method: 'GET',
		name: 'deliveries',
		run: (events) => ({ deliveries: events.deliveries(), pending: events.pending }),
	},
];

/** Answers a control request under /__emulator/events/; false when `ex` is not one (the caller answers 404). */
export async function handleEventsControl(events: EventPusher, ex: Exchange): Promise<boolean> {
	const name = ex.path.slice(EVENTS_CONTROL_PREFIX.length);
	const row = ROWS.find((r) => r.name === name && r.method === ex.method);
	if (!row) return false;
	try {
		sendJson(ex, 200, { ok: true, ...(((await row.run(events, body(ex))) as object) ?? {}) });
	} catch (e) {
		sendJson(ex, 400, { ok: false, error: e instanceof Error ? e.message : String(e) });
	}
	return true;
}
