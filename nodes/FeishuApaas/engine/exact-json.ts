/**
 * Feishu returns records, rows and search hits as JSON *strings* whose numbers are int64: `_id`s,
 * lookups and big-number fields beyond 2^53, which `JSON.parse` silently rounds. Node 20 has no
 * JSON.parse source access, so integer literals that are not safe integers are quoted before parsing
 * and come out as exact decimal strings; every other value parses as JSON.parse would parse it.
 */
export function parseExactJson(text: string): unknown {
	return JSON.parse(quoteUnsafeIntegers(text));
}

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** Digits, sign, decimal point and exponent: every character a JSON number literal can hold. */
function inNumber(code: number): boolean {
	return isDigit(code) || code === 46 || code === 101 || code === 69 || code === 43 || code === MINUS;
}

const UNSAFE_CANDIDATE = /\d{16}/;
const INTEGER = /^-?\d+$/;

function quoteUnsafeIntegers(text: string): string {
	// 2^53 has 16 digits: text without such a run has no integer to protect.
	if (!UNSAFE_CANDIDATE.test(text)) return text;
	const parts: string[] = [];
	let copied = 0;
	let i = 0;
	while (i < text.length) {
		const code = text.charCodeAt(i);
		if (code === QUOTE) {
			// Skip the string, escapes included: digits inside strings are never touched.
			i++;
			while (i < text.length) {
				const inner = text.charCodeAt(i);
				if (inner === BACKSLASH) i += 2;
				else {
					i++;
					if (inner === QUOTE) break;
				}
			}
			continue;
		}
		if (code === MINUS || isDigit(code)) {
			const start = i;
			while (i < text.length && inNumber(text.charCodeAt(i))) i++;
			const literal = text.slice(start, i);
			if (literal.length >= 16 && INTEGER.test(literal) && !Number.isSafeInteger(Number(literal))) {
				parts.push(text.slice(copied, start), '"', literal, '"');
				copied = i;
			}
			continue;
		}
		i++;
	}
	if (copied === 0) return text;
	parts.push(text.slice(copied));
	return parts.join('');
}

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
