/**
 * What Feishu said about a failed call, reduced to the fields that are safe to show: Feishu's own code,
 * message and log id never contain the app secret or the tenant token, so they can go to the UI as-is.
 */
export interface FeishuErrorInfo {
	code?: number;
	msg: string;
	logId?: string;
	troubleshooter?: string;
	httpStatus?: number;
	/** Set when no answer came at all (connection failed or timed out): worth retrying. */
	network?: boolean;
}

/**
 * Raised by the credential's token mint (see `mintFailures` for how the transport gets it back from
 * behind n8n's wrapping). Its message carries Feishu's code and msg, never the request.
 */
export class FeishuTokenError extends Error {
	override name = 'FeishuTokenError';

	constructor(
		message: string,
		readonly info: FeishuErrorInfo,
	) {
		super(message);
	}
}

/** Token-related codes Feishu answers with (usually HTTP 400, not 401) when the bearer is unusable. */
export const INVALID_TOKEN_CODES: ReadonlySet<number> = new Set([99991661, 99991663, 99991664, 99991671]);

/** Feishu's gateway rate-limit code, sent with HTTP 429. */
export const RATE_LIMIT_CODE = 99991400;

/**
 * Longest Feishu text (msg, troubleshooter, a record's error message) put into an error as it is.
 * Feishu's messages are a sentence; a 50 MB `msg` would become a 50 MB error message in n8n's UI,
 * logs and execution data.
 */
export const MAX_MESSAGE_CHARS = 1000;

/** `text` cut to `max` characters, saying how much was left out. */
export function cutText(text: string, max = MAX_MESSAGE_CHARS): string {
	return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters cut)` : text;
}
