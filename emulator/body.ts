/**
 * Readers of request bodies every domain shares (the token and rate-limit steps are the
 * gateway's, in routing.ts): a JSON object body, non-empty strings, Feishu's int64-ish integers.
 */
import { ERRORS, sendError, type Exchange } from './envelope';

/**
 * The JSON object body of an API request, or null (after answering 2320001) when the body
 * is not a JSON object. ASSUMPTION: the exact code Feishu uses for an unparsable body is not
 * documented; 2320001 "param is invalid" is the aPaaS validation error. The Content-Type is
 * not enforced (it is logged, so tests can check the client sends application/json).
 */
export function jsonObjectBody(ex: Exchange, methodId: string): Record<string, unknown> | null {
	try {
		const body: unknown = JSON.parse(ex.rawBody);
		if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
			return body as Record<string, unknown>;
		}
	} catch {
		// fall through to the error below
	}
	sendError(ex, ERRORS.paramInvalid, methodId);
	return null;
}

/** A required non-empty string field. */
export function nonEmptyString(v: unknown): v is string {
	return typeof v === 'string' && v.trim() !== '';
}

/**
 * An integer that may arrive as a JSON number or a numeric string (Feishu's int64 fields are
 * strings). Returns undefined when absent, NaN when present but not a non-negative integer.
 */
export function intField(v: unknown): number | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : NaN;
	if (typeof v === 'string' && /^\d+$/.test(v.trim())) {
		const n = Number(v.trim());
		return Number.isSafeInteger(n) ? n : NaN;
	}
	return NaN;
}
