/**
 * Exact JSON for Feishu's int64s. Record ids, lookup ids and bigint fields travel inside
 * Feishu's JSON-string fields (`item`, `items`, `rows`, `records`) as bare number literals
 * with all their digits, e.g. `{"_id":1790000000000000001}`: JSON.stringify cannot write a
 * BigInt and JSON.parse would round it, so the emulator reads and writes those strings here.
 */

export type ExactJson = null | boolean | number | bigint | string | ExactJson[] | { [key: string]: ExactJson };

export class JsonSyntaxError extends Error {}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * JSON.parse, except that an integer literal beyond Number.MAX_SAFE_INTEGER becomes a BigInt
 * (every digit kept). Throws JsonSyntaxError on malformed input.
 */
export function parseExact(text: string): ExactJson {
	if (exactWithJsonParse(text)) {
		try {
			return JSON.parse(text) as ExactJson;
		} catch {
			// Malformed: the parser below says where, in its own words.
		}
	}
	let i = 0;
	const fail = (what: string): never => {
		throw new JsonSyntaxError(`${what} at position ${i}`);
	};
	const ws = () => {
		while (i < text.length) {
			const c = text.charCodeAt(i);
			if (c === 32 || c === 9 || c === 10 || c === 13) i++;
			else break;
		}
	};
	const sticky = (re: RegExp): RegExpExecArray | null => {
		re.lastIndex = i;
		const m = re.exec(text);
		if (m) i = re.lastIndex;
		return m;
	};
	const literal = <T>(word: string, v: T): T => {
		if (!text.startsWith(word, i)) fail('unexpected token');
		i += word.length;
		return v;
	};
	const value = (depth: number): ExactJson => {
		if (depth > 500) fail('nesting too deep');
		ws();
		const c = text[i];
		if (c === '{') {
			i++;
			const obj: { [key: string]: ExactJson } = {};
			ws();
			if (text[i] === '}') {
				i++;
				return obj;
			}
			for (;;) {
				ws();
				const k = sticky(STRING);
				if (!k) return fail('expected a string key');
				const key = JSON.parse(k[0]) as string;
				ws();
				if (text[i++] !== ':') fail('expected ":"');
				const v = value(depth + 1);
				// defineProperty: a "__proto__" key stays a plain own property.
				Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
				ws();
				const sep = text[i++];
				if (sep === '}') return obj;
				if (sep !== ',') fail('expected "," or "}"');
			}
		}
		if (c === '[') {
			i++;
			const arr: ExactJson[] = [];
			ws();
			if (text[i] === ']') {
				i++;
				return arr;
			}
			for (;;) {
				arr.push(value(depth + 1));
				ws();
				const sep = text[i++];
				if (sep === ']') return arr;
				if (sep !== ',') fail('expected "," or "]"');
			}
		}
		if (c === '"') {
			const m = sticky(STRING);
			if (!m) return fail('bad string');
			return JSON.parse(m[0]) as string;
		}
		if (c === 't') return literal('true', true);
		if (c === 'f') return literal('false', false);
		if (c === 'n') return literal('null', null);
		const m = sticky(NUMBER);
		if (!m) return fail('unexpected token');
		const n = Number(m[0]);
		if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(m[0]);
		return n;
	};
	const result = value(0);
	ws();
	if (i !== text.length) fail('unexpected data after JSON');
	return result;
}

/**
 * Whether JSON.parse gives exactly what parseExact would: no run of 16 or more digits (so no integer
 * beyond Number.MAX_SAFE_INTEGER, which has 16) and too few brackets to nest beyond parseExact's depth
 * limit. A 500-record batch body is parsed natively then (the emulator's CPU per batch is Feishu's
 * latency in the bench, where it is not Feishu's); JSON.parse keeps a "__proto__" key as an own
 * property too.
 */
function exactWithJsonParse(text: string): boolean {
	if (/\d{16}/.test(text)) return false;
	let brackets = 0;
	for (let k = 0; k < text.length; k++) {
		const c = text.charCodeAt(k);
		if ((c === 123 || c === 91) && ++brackets > 500) return false;
	}
	return true;
}

/** parseExact, or undefined when the text is not JSON. */
export function tryParseExact(text: string): ExactJson | undefined {
	try {
		return parseExact(text);
	} catch {
		return undefined;
	}
}

/**
 * JSON.stringify for plain data, writing a BigInt as a bare number literal with all its
 * digits. `undefined` object members are left out; `undefined` array slots become null.
 */
export function stringifyExact(v: unknown): string {
	if (typeof v === 'bigint') return v.toString();
	if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
	if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : stringifyExact(x))).join(',')}]`;
	const parts: string[] = [];
	for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
		if (x !== undefined && typeof x !== 'function') parts.push(`${JSON.stringify(k)}:${stringifyExact(x)}`);
	}
	return `{${parts.join(',')}}`;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is { [key: string]: ExactJson } {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
