import type { IDataObject } from 'n8n-workflow';

import { cutText, INVALID_TOKEN_CODES, RATE_LIMIT_CODE, type FeishuErrorInfo } from './errors';

/** One HTTP exchange as n8n's helper returns it with `returnFullResponse`. */
export interface Exchange {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** What an exchange means for the caller. */
export type Verdict =
	| { kind: 'ok'; data: IDataObject; logId?: string }
	| { kind: 'invalidToken'; info: FeishuErrorInfo }
	| { kind: 'rateLimited'; info: FeishuErrorInfo; waitMs: number }
	| { kind: 'transient'; info: FeishuErrorInfo }
	| { kind: 'failed'; info: FeishuErrorInfo };

/** Longest wait honoured from `x-ogw-ratelimit-reset`; Feishu's windows are per minute. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

function parseBody(body: unknown): IDataObject | undefined {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string') {
		try {
			const parsed: unknown = JSON.parse(body);
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as IDataObject;
		} catch {
			return undefined;
		}
	}
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	return undefined;
}

/**
 * Largest answer body accepted, in bytes. Feishu's largest answers (a page of 500 records, 2,000
 * search hits) are a few MB; 64 MB leaves room for big text fields and refuses what would only turn
 * into an output item that no workflow can use. n8n's helpers offer no download cap, so this is
 * checked on the Content-Length Feishu declares (and on a text body's length); the Timeout deadline
 * bounds how long any download takes.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** How much of a non-JSON body the excerpt looks at: an HTML error page says what it is early on. */
const EXCERPT_PREFIX_CHARS = 4096;

/**
 * A short, tag-free excerpt of a non-JSON body (an HTML error page from a proxy or gateway), in one
 * pass over a bounded prefix: time linear in that prefix, whatever the body (a regular expression over
 * the whole body, e.g. `/<[^>]*>/g` on 200 KB of `<`, takes quadratic time and froze the process).
 */
function excerpt(body: unknown): string {
	const text = Buffer.isBuffer(body)
		? body.subarray(0, EXCERPT_PREFIX_CHARS * 4).toString('utf8').slice(0, EXCERPT_PREFIX_CHARS)
		: typeof body === 'string'
			? body.slice(0, EXCERPT_PREFIX_CHARS)
			: '';
	let plain = '';
	let space = false;
	for (let i = 0; i < text.length && plain.length <= 160; i++) {
		let char = text[i];
		if (char === '<') {
			const close = text.indexOf('>', i + 1);
			// An unclosed `<` is text; a tag is one space, as before.
			if (close >= 0) {
				i = close;
				char = ' ';
			}
		}
		if (/\s/.test(char)) {
			space = plain.length > 0;
			continue;
		}
		if (space) plain += ' ';
		space = false;
		plain += char;
	}
	return plain.length > 160 ? `${plain.slice(0, 160)}…` : plain;
}

/** The size of an answer body, when known without reading it: Content-Length, or a text body's length. */
function bodyBytes(exchange: Exchange): number | undefined {
	const declared = Number(headerValue(exchange.headers, 'content-length'));
	if (Number.isFinite(declared) && declared > 0) return declared;
	if (typeof exchange.body === 'string') return exchange.body.length;
	if (Buffer.isBuffer(exchange.body)) return exchange.body.length;
	return undefined;
}

function megabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What a `data` that is no object is, in a few words (never the value itself: it may be huge). */
function kindOf(value: unknown): string {
	if (Array.isArray(value)) return `a list of ${value.length} entries`;
	if (typeof value === 'string') return `a string of ${value.length} characters`;
	return typeof value;
}

export function judge(exchange: Exchange): Verdict {
	const { statusCode, headers } = exchange;
	const size = bodyBytes(exchange);
	if (size !== undefined && size > MAX_BODY_BYTES) {
		// Before the body is looked at: parsing or copying it is what must not happen.
		const msg = `Feishu answered HTTP ${statusCode} with a body of ${megabytes(size)}, more than the ${megabytes(MAX_BODY_BYTES)} this node accepts`;
		const logId = headerValue(headers, 'x-tt-logid');
		return { kind: 'failed', info: { msg, logId: logId === undefined ? undefined : cutText(logId, 200), httpStatus: statusCode } };
	}
	const body = parseBody(exchange.body);
	const errorObject = (body?.error ?? {}) as IDataObject;
	const rawLogId = headerValue(headers, 'x-tt-logid') ?? (typeof errorObject.log_id === 'string' ? errorObject.log_id : undefined);
	const logId = rawLogId === undefined ? undefined : cutText(rawLogId, 200);

	const redirect = redirectMessage(statusCode, headers);
	if (redirect !== undefined) return { kind: 'failed', info: { msg: redirect, logId, httpStatus: statusCode } };
	if (!body || typeof body.code !== 'number') {
		const contentType = cutText(headerValue(headers, 'content-type') ?? 'unknown content type', 200);
		const text = excerpt(exchange.body);
		const info: FeishuErrorInfo = {
			msg: `Feishu answered HTTP ${statusCode} with a body that is not a Feishu JSON envelope (${contentType})${text ? `: "${text}"` : ''}`,
			logId,
			httpStatus: statusCode,
		};
		if (statusCode === 429) return { kind: 'rateLimited', info, waitMs: resetWait(headers) };
		return statusCode >= 500 ? { kind: 'transient', info } : { kind: 'failed', info };
	}

	const code = body.code;
	if (code === 0 && statusCode < 400) {
		const data = body.data ?? {};
		// Every aPaaS answer's data is an object; anything else (an 8 MB string would become an output
		// item with a key per character) is an error that says what came.
		if (typeof data !== 'object' || Array.isArray(data)) {
			return {
				kind: 'failed',
				info: { msg: `Feishu answered code 0 with a "data" that is not an object (${kindOf(data)})`, logId, httpStatus: statusCode },
			};
		}
		return { kind: 'ok', data: data as IDataObject, logId };
	}
	const info: FeishuErrorInfo = {
		code,
		msg: typeof body.msg === 'string' ? cutText(body.msg) : '',
		logId,
		troubleshooter: typeof errorObject.troubleshooter === 'string' ? cutText(errorObject.troubleshooter) : undefined,
		httpStatus: statusCode,
	};
	if (INVALID_TOKEN_CODES.has(code)) return { kind: 'invalidToken', info };
	if (statusCode === 429 || code === RATE_LIMIT_CODE) return { kind: 'rateLimited', info, waitMs: resetWait(headers) };
	if (statusCode >= 500) return { kind: 'transient', info };
	return { kind: 'failed', info };
}

/**
 * The error message for a redirect (HTTP 3xx), undefined for any other status. Feishu's APIs answer
 * directly; a redirect comes from something in between (a proxy, a wrong Base URL). It is not
 * followed, since that would send the token (or, for a mint, the app secret) on to wherever it
 * points; the message names only the target's origin.
 */
export function redirectMessage(statusCode: number, headers: Record<string, unknown>): string | undefined {
	if (statusCode < 300 || statusCode >= 400) return undefined;
	const location = headerValue(headers, 'location');
	const origin = location !== undefined && URL.canParse(location) ? new URL(location).origin : undefined;
	return (
		`Feishu answered HTTP ${statusCode}, a redirect${origin ? ` to ${origin}` : ''}, which is not followed: ` +
		'check the Domain and Base URL of the Feishu aPaaS credential'
	);
}

/** How long Feishu asks us to wait (`x-ogw-ratelimit-reset`, seconds), capped; 1 s when it does not say. */
export function resetWait(headers: Record<string, unknown>): number {
	const seconds = Number(headerValue(headers, 'x-ogw-ratelimit-reset'));
	const ms = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
	return Math.min(ms, MAX_RATE_LIMIT_WAIT_MS);
}

/** One response header as a string (the first value of a repeated one), looked up as given or lower-cased. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}
