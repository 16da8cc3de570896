/**
 * Feishu's int64s beyond 2^53, which `JSON.parse` silently rounds: bare numbers in the envelope
 * itself (`user_id` of seats, `creator`/`owner`/`app_roles_info` of apps) and inside the JSON
 * *strings* that carry records, rows and search hits (`_id`s, lookups, big-number fields). Node 20 has
 * no JSON.parse source access, so integer literals that are not safe integers are quoted before
 * parsing and come out as exact decimal strings; every other value parses as JSON.parse would parse it.
 * The transport parses every answer with it; the engine builds its int64-keeping mode on the same scan.
 */
export function parseExactJson(text: string): unknown {
	return JSON.parse(quoteUnsafeIntegers(text, (literal) => `"${literal}"`));
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

/**
 * A bare number literal starts the text or follows `:`, `[` or `,` (and maybe whitespace); 2^53 has 16
 * digits. Text without such a run has no integer to protect, which is the common case: ids inside
 * strings (`"task_id":"7100000000000000001"`) do not match, so most answers take JSON.parse directly.
 */
const UNSAFE_CANDIDATE = /(?:^|[:[,])\s*-?\d{16}/;
const INTEGER = /^-?\d+$/;

export function quoteUnsafeIntegers(text: string, quote: (literal: string) => string): string {
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
				parts.push(text.slice(copied, start), quote(literal));
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
