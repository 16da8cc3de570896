/**
 * The events domain: the emulator as Feishu's event pusher (pusher.ts), driven by control endpoints
 * (control.ts), and fed by the data platform: server.ts turns every row change of a workspace table
 * into `apaas.workspace.record_change_v1` to the subscribed URL, so "rows created through the
 * emulator → event → workflow" runs offline.
 */
export { EventPusher, RECORD_CHANGE_EVENT, DEFAULT_RETRY_SCHEDULE_MS, FEISHU_RETRY_SCHEDULE_MS } from './pusher';
export type { DeliveryRecord, Forgery, PushOptions, RecordChange, Subscription } from './pusher';
export type { PushEvent, Schema } from './payloads';
export { EVENTS_CONTROL_PREFIX, handleEventsControl } from './control';
export { ROUTES } from './routes';
