/**
 * How the emulator answers: Feishu's response envelopes, log ids and the error table.
 * Every route answers through `sendJson`/`sendError` so that every response carries
 * `X-Tt-Logid` and lands in the request log with its status.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from './context';

/** One entry of the request log (what arrived, and the status we answered with). */
export interface RequestRecord {
	method: string;
	/** Path without the query string. */
	path: string;
	/** The query string without its `?` ('' when none). */
	query: string;
	/** Lower-cased header names, as Node delivers them. */
	headers: Record<string, string>;
	/** Parsed JSON when the body is JSON, otherwise the raw string ('' when empty). */
	body: unknown;
	/**
	 * The body exactly as it arrived (JSON.parse above rounds int64s): for tests that check digits.
	 * In-process only and not enumerable; the control API leaves it out (a mint's carries the app secret).
	 */
	rawBody?: string;
	/** HTTP status answered; 0 = never answered (socket reset, hang, or stop). */
	status: number;
	/** ms since epoch (emulator clock) when the request arrived. */
	at: number;
}

/** Everything a route needs about the request in flight. */
export interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	logId: string;
	method: string;
	path: string;
	rawBody: string;
	record: RequestRecord;
	/** Headers every response of this exchange must carry (e.g. rate-limit headers). */
	extraHeaders: Record<string, string>;
	/** Who the request authenticated as (set by the gateway for 'tenant' and 'user' routes). */
	caller?: Caller;
}

export interface ErrorSpec {
	status: number;
	code: number;
	msg: string;
}

/** Error codes the emulator can answer with. */
export const ERRORS = {
	// Token endpoint (flat body, no `error` object, like the rest of the auth/v3 response).
	tokenInvalidParam: { status: 400, code: 10003, msg: 'invalid param' },
	// ASSUMPTION: Feishu's docs list 10014 but not the HTTP status; we answer 400 like 10003.
	tokenSecretInvalid: { status: 400, code: 10014, msg: 'app secret invalid' },
	// Gateway auth errors: Feishu answers these with HTTP 400, not 401.
	missingToken: {
		status: 400,
		code: 99991661,
		msg: 'Missing access token for authorization. Please make a request with token attached.',
	},
	invalidToken: {
		status: 400,
		code: 99991663,
		msg: 'Invalid access token for authorization. Please make a request with token attached.',
	},
	rateLimited: { status: 429, code: 99991400, msg: 'request trigger frequency limit' },
	// Documented for the aPaaS cancel API; reused for every aPaaS validation failure.
	paramInvalid: { status: 400, code: 2320001, msg: 'param is invalid' },
	// ASSUMPTION: Feishu does not document the code for cancelling a non-running instance.
	statusNotAllowCancel: {
		status: 400,
		code: 2320002,
		msg: 'approval instance status does not allow cancel',
	},
	// ASSUMPTION: Feishu does not document the code (nor HTTP status) for acting on a task the
	// user is not an assignee of; a distinct made-up code so clients can tell it apart.
	noTaskPermission: { status: 400, code: 2320003, msg: 'no permission for this task' },
	// ASSUMPTION: Feishu's flow execute doc only says a repeated idempotent_key "will report an
	// error"; the code (2320010), msg and HTTP status are ours.
	idempotentKeyRepeated: { status: 400, code: 2320010, msg: 'idempotent_key is repeated' },
	// ASSUMPTION: Feishu does not document how a cloud function that throws is answered; code
	// 2320011 and msg are ours (the route appends ": <the function's error message>").
	functionFailed: { status: 400, code: 2320011, msg: 'function execution failed' },
	// ASSUMPTION: what Feishu's gateway answers for an unknown path (Go's default 404 text).
	notFound: { status: 404, code: 404, msg: '404 page not found' },
} as const satisfies Record<string, ErrorSpec>;

/**
 * ASSUMPTION: `method_id` in the troubleshooter link identifies the API in Feishu's
 * console; the real values are not documented, so these are stable made-up digits.
 */
export const METHOD_IDS = {
	gateway: '7000000000000000000',
	cancel: '7000000000000000001',
	query: '7000000000000000002',
	agree: '7000000000000000003',
	reject: '7000000000000000004',
	transfer: '7000000000000000005',
	add_assignee: '7000000000000000006',
	cc: '7000000000000000007',
	expediting: '7000000000000000008',
	rollback: '7000000000000000009',
	rollback_points: '7000000000000000010',
	chat_group: '7000000000000000011',
	record_create: '7000000000000000012',
	record_patch: '7000000000000000013',
	record_delete: '7000000000000000014',
	record_query: '7000000000000000015',
	records_batch_create: '7000000000000000016',
	records_batch_update: '7000000000000000017',
	records_batch_delete: '7000000000000000018',
	records_batch_query: '7000000000000000019',
	oql_query: '7000000000000000020',
	search: '7000000000000000021',
	flow_execute: '7000000000000000022',
	function_invoke: '7000000000000000023',
	env_var_get: '7000000000000000024',
	env_var_query: '7000000000000000025',
	role_member_get: '7000000000000000026',
	role_member_batch_create: '7000000000000000027',
	role_member_batch_remove: '7000000000000000028',
	record_permission_member_batch_create: '7000000000000000029',
	record_permission_member_batch_remove: '7000000000000000030',
} as const;

/**
 * A fresh log id shaped like Feishu's: 14-digit local timestamp + 16 upper-case hex chars
 * (30 chars), e.g. "20261126173000A1B2C3D4E5F6A7B8".
 */
export function newLogId(now: Date = new Date()): string {
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	const stamp =
		p(now.getFullYear(), 4) +
		p(now.getMonth() + 1) +
		p(now.getDate()) +
		p(now.getHours()) +
		p(now.getMinutes()) +
		p(now.getSeconds());
	return stamp + randomBytes(8).toString('hex').toUpperCase();
}

function writeHead(ex: Exchange, status: number, contentType: string): void {
	ex.record.status = status;
	ex.res.statusCode = status;
	ex.res.setHeader('Content-Type', contentType);
	ex.res.setHeader('X-Tt-Logid', ex.logId);
	for (const [name, value] of Object.entries(ex.extraHeaders)) ex.res.setHeader(name, value);
}

export function sendJson(ex: Exchange, status: number, body: unknown): void {
	writeHead(ex, status, 'application/json; charset=utf-8');
	ex.res.end(JSON.stringify(body));
}

export function sendText(ex: Exchange, status: number, contentType: string, body: string): void {
	writeHead(ex, status, contentType);
	ex.res.end(body);
}

/** `{code:0, msg:"success", data}` — the aPaaS success envelope. */
export function sendSuccess(ex: Exchange, data: Record<string, unknown>): void {
	sendJson(ex, 200, { code: 0, msg: 'success', data });
}

/** Feishu's API error envelope, with the `error.troubleshooter` link that embeds the log id. */
export function errorBody(
	spec: { code: number; msg: string },
	logId: string,
	methodId: string,
): Record<string, unknown> {
	return {
		code: spec.code,
		msg: spec.msg,
		error: {
			log_id: logId,
			troubleshooter:
				'排查建议查看(Troubleshooting suggestions): https://open.feishu.cn/search?from=openapi' +
				`&log_id=${logId}&code=${spec.code}&method_id=${methodId}`,
		},
	};
}

export function sendError(ex: Exchange, spec: ErrorSpec, methodId: string = METHOD_IDS.gateway): void {
	sendJson(ex, spec.status, errorBody(spec, ex.logId, methodId));
}

/** Flat `{code, msg}` without the `error` object: token endpoint and 404. */
export function sendFlatError(ex: Exchange, spec: ErrorSpec): void {
	sendJson(ex, spec.status, { code: spec.code, msg: spec.msg });
}
