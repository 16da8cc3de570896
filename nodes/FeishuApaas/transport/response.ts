import type { IDataObject } from 'n8n-workflow';

import { INVALID_TOKEN_CODES, RATE_LIMIT_CODE, type FeishuErrorInfo } from './errors';
import { parseExactJson } from './exact-json';

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

/**
 * The envelope of an answer. The transport asks n8n for the body as text, so it is parsed here with
 * int64s beyond 2^53 kept exact (as decimal strings): Feishu sends user ids as bare JSON numbers
 * (seats, apps), which n8n's own JSON parsing would round before the node saw them.
 */
export function parseBody(body: unknown): IDataObject | undefined {
	if (typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body)) return body as IDataObject;
	if (typeof body === 'string') {
		try {
			const parsed: unknown = parseExactJson(body);
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as IDataObject;
		} catch {
			return undefined;
		}
	}
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	return undefined;
}

/** A short, tag-free excerpt of a non-JSON body (an HTML error page from a proxy or gateway). */
function excerpt(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	return plain.length > 160 ? `${plain.slice(0, 160)}…` : plain;
}

export function judge(exchange: Exchange): Verdict {
	const { statusCode, headers } = exchange;
	const body = parseBody(exchange.body);
	const errorObject = (body?.error ?? {}) as IDataObject;
	const logId = headerValue(headers, 'x-tt-logid') ?? (typeof errorObject.log_id === 'string' ? errorObject.log_id : undefined);

	const redirect = redirectMessage(statusCode, headers);
	if (redirect !== undefined) return { kind: 'failed', info: { msg: redirect, logId, httpStatus: statusCode } };
	if (!body || typeof body.code !== 'number') {
		const contentType = headerValue(headers, 'content-type') ?? 'unknown content type';
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
		return { kind: 'ok', data: (body.data ?? {}) as IDataObject, logId };
	}
	const info: FeishuErrorInfo = {
		code,
		msg: typeof body.msg === 'string' ? body.msg : '',
		logId,
		troubleshooter: typeof errorObject.troubleshooter === 'string' ? errorObject.troubleshooter : undefined,
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
