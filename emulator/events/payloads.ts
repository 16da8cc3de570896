/**
 * The bodies Feishu pushes: the URL check and events in the v1 and v2 envelopes
 * (open.feishu.cn: Event subscription → "Event structure v1 / v2").
 */
import { randomBytes, randomUUID } from 'node:crypto';

export type Schema = 'v1' | 'v2';

export interface PushEvent {
	/** Event id (v2 `header.event_id`, v1 `uuid`); generated when absent. */
	eventId?: string;
	eventType: string;
	/** Milliseconds; default now. */
	createTime?: number;
	event: Record<string, unknown>;
}

export interface AppIdentity {
	appId: string;
	tenantKey: string;
	verificationToken: string;
}

export function newEventId(): string {
	// Feishu's event ids are 32 hex characters.
	return randomBytes(16).toString('hex');
}

export function challengeBody(app: AppIdentity, token = app.verificationToken): Record<string, unknown> {
	return { challenge: randomUUID(), token, type: 'url_verification' };
}

export function eventBody(app: AppIdentity, e: Required<Pick<PushEvent, 'eventId'>> & PushEvent, schema: Schema, token = app.verificationToken): Record<string, unknown> {
	const createTime = e.createTime ?? Date.now();
	if (schema === 'v2') {
		return {
			schema: '2.0',
			header: {
				event_id: e.eventId,
				event_type: e.eventType,
				create_time: String(createTime),
				token,
				app_id: app.appId,
				tenant_key: app.tenantKey,
			},
			event: e.event,
		};
	}
	// ASSUMPTION: v1 `ts` is seconds with a fraction, as in Feishu's v1 samples ("1502199207.7171419").
	return {
		ts: (createTime / 1000).toFixed(7),
		uuid: e.eventId,
		token,
		type: 'event_callback',
		event: { type: e.eventType, app_id: app.appId, tenant_key: app.tenantKey, ...e.event },
	};
}
