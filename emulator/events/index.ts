/**
 * The events domain: control endpoints that make the emulator push events like Feishu (routes
 * below), and `EventPusher.publishRecordChange`, which the data platform's table store calls on
 * INSERT / UPDATE / DELETE so that "rows created through the emulator → event → workflow" runs offline.
 *
 *   POST   /__emulator/events/subscription  Subscription (url, verificationToken, encryptKey?, appId?,
 *                                           tenantKey?, schema? 'v1'|'v2', retryScheduleMs?, answerTimeoutMs?) → {subscription}
 *   DELETE /__emulator/events/subscription  nothing is pushed any more
 *   POST   /__emulator/events/challenge     {encrypt?, token?} → {status, body, challenge}
 *   POST   /__emulator/events/push          {events: PushEvent[]} | {count, eventType?, event?}, plus PushOptions
 *                                           (schema?, duplicates?, duplicateSpacingMs?, forge?, loseAnswers?) → {eventIds}
 *   POST   /__emulator/events/record-change RecordChange & PushOptions → {eventId}
 *   GET    /__emulator/events/deliveries    {deliveries, pending}
 */
import { sendJson, type Exchange } from '../envelope';
import type { RouteContext } from '../context';
import type { PushEvent, Schema } from './payloads';
import type { Forgery, PushOptions, RecordChange } from './pusher';

export { EventPusher, RECORD_CHANGE_EVENT, DEFAULT_RETRY_SCHEDULE_MS, FEISHU_RETRY_SCHEDULE_MS } from './pusher';
export type { DeliveryRecord, Forgery, PushOptions, RecordChange, Subscription } from './pusher';
export type { PushEvent, Schema } from './payloads';

/** The routing contract's row (emulator/routing.ts on the emu branch); kept structurally identical. */
export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	path: string;
	api: string;
	token: 'tenant' | 'user' | 'none';
	handle(ctx: RouteContext, ex: Exchange, params: Record<string, string>): void | Promise<void>;
}

const PREFIX = '/__emulator/events';
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

/** Wraps a handler: a bad control body is a 400 naming the problem. */
function control(run: (ctx: RouteContext, b: Record<string, unknown>) => unknown): Route['handle'] {
	return async (ctx, ex) => {
		try {
			sendJson(ex, 200, { ok: true, ...(((await run(ctx, body(ex))) as object) ?? {}) });
		} catch (e) {
			sendJson(ex, 400, { ok: false, error: e instanceof Error ? e.message : String(e) });
		}
	};
}

export const ROUTES: Route[] = [
	{
		method: 'POST',
		path: `${PREFIX}/subscription`,
		api: 'emulator.events.subscribe',
		token: 'none',
		handle: control((ctx, b) => {
			if (typeof b.url !== 'string' || b.url === '') throw new Error('url is required');
			const subscription = ctx.events.subscribe(b as never);
			// The state is readable by any local process: the secrets are not echoed.
			return { subscription: { ...subscription, encryptKey: subscription.encryptKey ? '***' : '', verificationToken: '***' } };
		}),
	},
	{
		method: 'DELETE',
		path: `${PREFIX}/subscription`,
		api: 'emulator.events.unsubscribe',
		token: 'none',
		handle: control((ctx) => ctx.events.unsubscribe()),
	},
	{
		method: 'POST',
		path: `${PREFIX}/challenge`,
		api: 'emulator.events.challenge',
		token: 'none',
		handle: control(async (ctx, b) =>
			await ctx.events.challenge({
				encrypt: typeof b.encrypt === 'boolean' ? b.encrypt : undefined,
				token: typeof b.token === 'string' ? b.token : undefined,
			}),
		),
	},
	{
		method: 'POST',
		path: `${PREFIX}/push`,
		api: 'emulator.events.push',
		token: 'none',
		handle: control((ctx, b) => {
			let events: PushEvent[];
			if (Array.isArray(b.events)) events = b.events as PushEvent[];
			else {
				const count = Math.floor(Number(b.count ?? 1));
				if (!(count >= 1 && count <= 10_000)) throw new Error('count must be 1..10000');
				const eventType = typeof b.eventType === 'string' ? b.eventType : 'apaas.workspace.record_change_v1';
				const event = (b.event ?? {}) as Record<string, unknown>;
				events = Array.from({ length: count }, () => ({ eventType, event }));
			}
			return { eventIds: ctx.events.push(events, pushOptions(b)) };
		}),
	},
	{
		method: 'POST',
		path: `${PREFIX}/record-change`,
		api: 'emulator.events.recordChange',
		token: 'none',
		handle: control((ctx, b) => {
			const eventId = ctx.events.publishRecordChange(b as unknown as RecordChange, pushOptions(b));
			if (eventId === undefined) throw new Error('no subscription');
			return { eventId };
		}),
	},
	{
		method: 'GET',
		path: `${PREFIX}/deliveries`,
		api: 'emulator.events.deliveries',
		token: 'none',
		handle: control((ctx) => ({ deliveries: ctx.events.deliveries(), pending: ctx.events.pending })),
	},
];
