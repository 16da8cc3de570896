/**
 * Exact JSON parsing lives in the transport, which parses every Feishu answer with it (ids in the
 * envelope itself, e.g. `user_id` of seats and `creator` of apps, are bare int64 numbers); the
 * engine uses the same parser for the JSON strings inside answers.
 */
export { parseExactJson } from '../transport/exact-json';

/** An int64 to be written into a JSON string as a bare number with all its digits. */
export class Int64 {
	constructor(readonly digits: string) {}
}

const INT64_MARK = /"__feishu_int64_(-?\d+)__"/g;

/**
 * JSON.stringify, except that `Int64` values are written as bare number literals (Feishu types ids
 * inside its JSON strings as int64; a JavaScript number would lose digits, a string changes the type).
 */
export function stringifyExact(value: unknown): string {
	let marked = false;
	const json = JSON.stringify(value, (_key, v: unknown) => {
		if (v instanceof Int64) {
			marked = true;
			return `__feishu_int64_${v.digits}__`;
		}
		return v;
	});
	return marked ? json.replace(INT64_MARK, '$1') : json;
}
