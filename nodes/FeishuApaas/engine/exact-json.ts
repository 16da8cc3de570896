import { quoteUnsafeIntegers } from '../transport/exact-json';

/**
 * Feishu returns records, rows and search hits as JSON *strings* whose numbers are int64: `_id`s,
 * lookups and big-number fields beyond 2^53, which `JSON.parse` silently rounds. Node 20 has no
 * JSON.parse source access, so integer literals that are not safe integers are quoted before parsing
 * and come out as exact decimal strings; every other value parses as JSON.parse would parse it.
 *
 * `unsafe: 'int64'` (for JSON the user typed, which goes back to Feishu) gives `Int64` values
 * instead, so `stringifyExact` writes them as the bare numbers they were, all digits kept.
 */
export function parseExactJson(text: string, unsafe: 'string' | 'int64' = 'string'): unknown {
	if (unsafe === 'string') return JSON.parse(quoteUnsafeIntegers(text, (literal) => `"${literal}"`));
	// A marker no user string can hold by accident: a NUL plus a fresh nonce, written as a JSON escape.
	const mark = `\\u0000int64:${nonce()}:`;
	const prefix = JSON.parse(`"${mark}"`) as string;
	let marked = false;
	const quoted = quoteUnsafeIntegers(text, (literal) => {
		marked = true;
		return `"${mark}${literal}"`;
	});
	if (!marked) return JSON.parse(quoted);
	return JSON.parse(quoted, (_key, value: unknown) =>
		typeof value === 'string' && value.startsWith(prefix) ? new Int64(value.slice(prefix.length)) : value,
	);
}

function nonce(): string {
	return Math.random().toString(36).slice(2, 10);
}

/** An int64 to be written into a JSON string as a bare number with all its digits. */
export class Int64 {
	constructor(readonly digits: string) {}
}

/**
 * JSON.stringify, except that `Int64` values are written as bare number literals (Feishu types ids
 * inside its JSON strings as int64; a JavaScript number would lose digits, a string changes the type).
 * The placeholder carries a fresh nonce, so a user's string that looks like one stays a string.
 */
export function stringifyExact(value: unknown): string {
	// The nonce only when an Int64 is met: a batch write stringifies 100,000 records, most without one.
	let tag: string | undefined;
	const json = JSON.stringify(value, (_key, v: unknown) => (v instanceof Int64 ? `${(tag ??= `__feishu_int64_${nonce()}_`)}${v.digits}__` : v));
	return tag !== undefined ? json.replace(new RegExp(`"${tag}(-?\\d+)__"`, 'g'), '$1') : json;
}

/** Whether `value` holds an `Int64` anywhere (a body that does must be written with stringifyExact). */
export function holdsInt64(value: unknown): boolean {
	if (value instanceof Int64) return true;
	if (Array.isArray(value)) return value.some(holdsInt64);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsInt64);
	return false;
}

/**
 * `value` with every `Int64` as its decimal string: how int64 values appear in the node's output
 * (the same as the int64s Feishu returns), so no class instance reaches n8n's items.
 */
export function int64AsStrings(value: unknown): unknown {
	if (value instanceof Int64) return value.digits;
	if (Array.isArray(value)) return value.map(int64AsStrings);
	if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value)) defineOwn(out, key, int64AsStrings(inner));
		return out;
	}
	return value;
}

/**
 * Sets `key` as an ordinary own property. Plain assignment with the key `__proto__` would replace the
 * object's prototype instead (the value lost, its fields inherited downstream); answer and input keys
 * named `__proto__`, `constructor` or `prototype` are kept as the ordinary own keys they were.
 */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
	else target[key] = value;
}
