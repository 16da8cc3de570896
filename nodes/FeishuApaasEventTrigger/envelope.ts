/**
 * The two shapes Feishu pushes events in, plus the URL check:
 *   url_verification  `{challenge, token, type: "url_verification"}`
 *   v1                `{ts, uuid, token, type: "event_callback", event: {type, app_id, tenant_key, …}}`
 *   v2                `{schema: "2.0", header: {event_id, event_type, create_time, token, app_id, tenant_key}, event}`
 * (each may arrive inside `{"encrypt": …}`; crypto.ts opens that first).
 */
import type { IDataObject } from 'n8n-workflow';

export interface Challenge {
	kind: 'challenge';
	challenge: string;
	token: string;
}

export interface EventEnvelope {
	kind: 'event';
	schema: 'v1' | 'v2';
	token: string;
	header: {
		event_id: string;
		event_type: string;
		create_time: string;
		app_id: string;
		tenant_key: string;
	};
	event: IDataObject;
}

export type Envelope = Challenge | EventEnvelope;

const text = (value: unknown): string =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

const object = (value: unknown): IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : {};

/** The envelope of a (decrypted) body, or undefined when it is none of Feishu's shapes. */
export function readEnvelope(body: unknown): Envelope | undefined {
	const data = object(body);
	if (data.type === 'url_verification' && typeof data.challenge === 'string') {
		return { kind: 'challenge', challenge: data.challenge, token: text(data.token) };
	}
	if (data.schema === '2.0') {
		const header = object(data.header);
		const eventId = text(header.event_id);
		if (!eventId) return undefined;
		return {
			kind: 'event',
			schema: 'v2',
			token: text(header.token),
			header: {
				event_id: eventId,
				event_type: text(header.event_type),
				create_time: text(header.create_time),
				app_id: text(header.app_id),
				tenant_key: text(header.tenant_key),
			},
			event: object(data.event),
		};
	}
	if (typeof data.uuid === 'string' && data.uuid !== '') {
		const event = object(data.event);
		return {
			kind: 'event',
			schema: 'v1',
			token: text(data.token),
			header: {
				event_id: data.uuid,
				event_type: text(event.type),
				create_time: text(data.ts),
				app_id: text(event.app_id),
				tenant_key: text(event.tenant_key),
			},
			event,
		};
	}
	return undefined;
}
