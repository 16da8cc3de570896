/** What the nine task-action routes share: opening the request, field checks, answering. */
import { ERRORS, sendError, sendSuccess, type Exchange } from '../envelope';
import type { OpResult } from './task-ops';
import { jsonObjectBody, nonEmptyString } from '../body';

export interface TaskCall {
	taskId: string;
	body: Record<string, unknown>;
	/** Answers 400 2320001 "param is invalid". */
	fail: () => void;
}

/**
 * The JSON object body, then the task id from the path (digits only; ASSUMPTION: a
 * non-numeric id is a parameter error, like an unknown one). The gateway has checked the
 * token and the rate limit. Answers the error itself and returns null when the request must
 * stop here.
 */
export function openTaskCall(ex: Exchange, taskId: string, methodId: string): TaskCall | null {
	const body = jsonObjectBody(ex, methodId);
	if (!body) return null;
	const fail = () => sendError(ex, ERRORS.paramInvalid, methodId);
	if (!/^\d+$/.test(taskId)) {
		fail();
		return null;
	}
	return { taskId, body, fail };
}

/**
 * An optional string field. ASSUMPTION: only an absent field is "not given"; null or a
 * non-string is 2320001.
 */
export function optionalString(v: unknown): v is string | undefined {
	return v === undefined || typeof v === 'string';
}

/**
 * A list of user ids: undefined when absent, null when invalid (not an array, or an entry
 * that is not a non-empty string), else the ids without duplicates, in order.
 */
export function idList(v: unknown): string[] | undefined | null {
	if (v === undefined) return undefined;
	if (!Array.isArray(v) || !v.every(nonEmptyString)) return null;
	return [...new Set(v as string[])];
}

/** Answers an operation's result: success envelope with `data`, or 2320001 / 2320003. */
export function answer<T>(
	ex: Exchange,
	methodId: string,
	result: OpResult<T>,
	data: (value: T) => Record<string, unknown> = () => ({}),
): void {
	if (result.ok) return sendSuccess(ex, data(result.value));
	sendError(ex, result.error === 'forbidden' ? ERRORS.noTaskPermission : ERRORS.paramInvalid, methodId);
}
