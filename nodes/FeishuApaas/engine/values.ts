/**
 * Shaping and checking of parameter values before anything is sent. Each function returns the value
 * in the form Feishu expects (strings for ids, arrays of strings for lists) or throws `InvalidValue`
 * with a reason; the caller adds the field and item index to the message.
 */

import { Int64, parseExactJson, stringifyExact } from './exact-json';

export class InvalidValue extends Error {
	override name = 'InvalidValue';
}

const DIGITS = /^[0-9]+$/;

/** The largest int64, Feishu's type for ids: 19 digits. */
const INT64_MAX = '9223372036854775807';

/** What n8n's date picker and Luxon's toISO() produce: a date, optionally a time and a zone. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value instanceof Int64) return value.digits;
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * An aPaaS id that goes into a URL path. Only digits are accepted, so nothing can change the path or
 * the query (`../x`, `1?a=b`, `1#`); a number from an expression is accepted only while it is a safe
 * integer, because larger ids have already lost digits in JavaScript (use the string form instead).
 */
export function digitsId(value: unknown): string {
	if (typeof value === 'number') {
		if (Number.isSafeInteger(value) && value >= 0) return String(value);
		throw new InvalidValue(
			`must be a whole number id; ${describe(value)} is not a safe integer (pass large ids as strings)`,
		);
	}
	if (typeof value !== 'string') throw new InvalidValue(`must be an id made of digits, got ${describe(value)}`);
	const trimmed = value.trim();
	if (trimmed === '') throw new InvalidValue('is required');
	if (!DIGITS.test(trimmed)) throw new InvalidValue(`must contain digits only, got ${describe(value)}`);
	// aPaaS ids are int64: more than 19 digits, or beyond the int64 maximum, is no id (and a 10,000-digit
	// path would only be refused further on, as HTTP 431).
	if (trimmed.length > INT64_MAX.length || (trimmed.length === INT64_MAX.length && trimmed > INT64_MAX)) {
		throw new InvalidValue(`must be an int64 id (at most ${INT64_MAX}), got ${describe(value)}`);
	}
	return trimmed;
}

/** A required free-text value (e.g. an opinion). Sent as entered; blank is refused. */
export function requiredText(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) {
		// A number beyond 2^53 has already lost digits: its text would be a different number.
		if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
			throw new InvalidValue(`is the number ${String(value)}, beyond 2^53: it has already lost digits in JavaScript; pass it as a string`);
		}
		return String(value);
	}
	if (typeof value !== 'string') throw new InvalidValue(`must be text, got ${describe(value)}`);
	if (value.trim() === '') throw new InvalidValue('is required');
	return value;
}

/** A kunlun user id (aPaaS user id, not an open_id): trimmed, non-empty, numbers only while safe. */
export function userId(value: unknown): string {
	if (typeof value === 'number') {
		if (Number.isSafeInteger(value) && value >= 0) return String(value);
		throw new InvalidValue(`${describe(value)} is not a safe integer (pass large user ids as strings)`);
	}
	if (typeof value !== 'string') throw new InvalidValue(`must be a user id, got ${describe(value)}`);
	const trimmed = value.trim();
	if (trimmed === '') throw new InvalidValue('is required');
	if (/[\s,]/.test(trimmed)) throw new InvalidValue(`must be a single user id, got ${describe(value)}`);
	return trimmed;
}

/**
 * A list entered the n8n way: a comma-separated string or an array from an expression. Entries are
 * trimmed, empty ones dropped, duplicates removed (first occurrence kept), and all sent as strings.
 */
export function stringList(value: unknown): string[] {
	let parts: unknown[];
	if (Array.isArray(value)) parts = value;
	else if (typeof value === 'string') parts = value.split(',');
	else if (typeof value === 'number') parts = [value];
	else if (value === undefined || value === null) parts = [];
	else throw new InvalidValue(`must be a comma-separated list or an array, got ${describe(value)}`);

	const seen = new Set<string>();
	for (const part of parts) {
		let entry: string;
		if (typeof part === 'string') entry = part.trim();
		else if (typeof part === 'number' && Number.isSafeInteger(part)) entry = String(part);
		else throw new InvalidValue(`has an entry that is not an id: ${describe(part)}`);
		if (entry !== '') seen.add(entry);
	}
	return [...seen];
}

/** A required list of kunlun user ids: each entry checked like `userId`, at least one. */
export function userIdList(value: unknown): string[] {
	const ids = stringList(value);
	if (ids.length === 0) throw new InvalidValue('needs at least one user id');
	const bad = ids.find((id) => /[\s,]/.test(id));
	if (bad !== undefined) throw new InvalidValue(`has an entry that is not a single user id: ${describe(bad)}`);
	return ids;
}

/** Optional free text (names, ids that are not digits-only such as chat ids): trimmed, not blank. */
export function text(value: unknown): string {
	if (typeof value !== 'string') throw new InvalidValue(`must be text, got ${describe(value)}`);
	const trimmed = value.trim();
	if (trimmed === '') throw new InvalidValue('must not be blank');
	return trimmed;
}

/** A point in time as Feishu's aPaaS wants it: milliseconds since the epoch, as a string. */
export function epochMillis(value: unknown): string {
	if (typeof value === 'number') {
		if (Number.isSafeInteger(value) && value >= 0) return String(value);
		throw new InvalidValue(`must be a date or milliseconds since 1970, got ${describe(value)}`);
	}
	if (value instanceof Date) return epochMillis(value.getTime());
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (DIGITS.test(trimmed)) return epochMillis(Number(trimmed));
		// ISO 8601 only: Date.parse alone also finds a "date" in free text such as "item 7".
		const parsed = ISO_DATE.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
		if (Number.isFinite(parsed)) return epochMillis(parsed);
	}
	if (typeof value === 'object' && value !== null && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		// Luxon DateTime, which n8n expressions such as {{ $now }} produce.
		return epochMillis((value as { toMillis: () => number }).toMillis());
	}
	throw new InvalidValue(`must be a date or milliseconds since 1970, got ${describe(value)}`);
}

/** One of a fixed set of values (options fields can still receive anything through an expression). */
export function oneOf(allowed: readonly string[]): (value: unknown) => string {
	return (value: unknown) => {
		if (typeof value === 'string' && allowed.includes(value)) return value;
		throw new InvalidValue(`must be one of ${allowed.join(', ')}, got ${describe(value)}`);
	};
}

/** A whole number within bounds (page sizes, limits, retry counts). */
export function integerIn(min: number, max: number): (value: unknown) => number {
	return (value: unknown) => {
		const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
		throw new InvalidValue(`must be a whole number from ${min} to ${max}, got ${describe(value)}`);
	};
}

/** aPaaS API names (namespaces, objects, fields, flows, functions): letters, digits and underscores. */
const API_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An aPaaS API name, e.g. a namespace (`package_abc__c`), an object (`customer`) or a field. Only API-name
 * characters are accepted, so a value that goes into a URL path cannot change it (`../`, `?`, `#`, `/`).
 * ASSUMPTION: Feishu documents no grammar; every API name seen in its docs and SDK examples fits this.
 */
export function apiName(value: unknown): string {
	if (typeof value !== 'string') throw new InvalidValue(`must be an API name, got ${describe(value)}`);
	const trimmed = value.trim();
	if (trimmed === '') throw new InvalidValue('is required');
	if (trimmed.length > 200 || !API_NAME.test(trimmed)) {
		throw new InvalidValue(`must be an API name (letters, digits and underscores), got ${describe(value)}`);
	}
	return trimmed;
}

/** A list of API names (e.g. the fields to select): comma-separated or an array, at least one. */
export function apiNameList(value: unknown): string[] {
	const names = stringList(value);
	if (names.length === 0) throw new InvalidValue('needs at least one API name');
	const bad = names.find((name) => !API_NAME.test(name));
	if (bad !== undefined) throw new InvalidValue(`has an entry that is not an API name: ${describe(bad)}`);
	return names;
}

const NOT_JSON = Symbol('not JSON');

/**
 * JSON text parsed int64-exact (integers beyond 2^53 become `Int64`, written back with all their
 * digits), or a value from an expression as it is; either way checked by `checkJsonValue`.
 */
function parsedJson(value: unknown): unknown {
	if (typeof value !== 'string') {
		checkJsonValue(value, { fromText: false });
		return value;
	}
	let parsed: unknown = NOT_JSON;
	try {
		parsed = parseExactJson(value, 'int64');
	} catch {
		// reported below, outside the catch
	}
	if (parsed === NOT_JSON) throw new InvalidValue(`must be valid JSON, got ${describe(value)}`);
	checkJsonValue(parsed, { fromText: true });
	return parsed;
}

/**
 * How deep a JSON value sent to Feishu may nest. Feishu's own structures (filters, records with
 * lookups, search objects) need a handful of levels; 100 leaves room and keeps every walk over the
 * value (ours, n8n's, JSON.stringify's) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Refuses what JSON cannot carry exactly, naming where it is: nesting deeper than MAX_JSON_DEPTH or a
 * value that contains itself (JSON.stringify would throw "Maximum call stack size exceeded" or
 * "circular structure" with no field named), NaN and ±Infinity (JSON.stringify writes `null`,
 * clearing the field), BigInt, and — for values that arrive as JavaScript numbers (an input item, an
 * expression), not from JSON text — numbers beyond 2^53, which have already lost digits.
 */
export function checkJsonValue(value: unknown, { fromText }: { fromText: boolean }): void {
	const ancestors: object[] = [];
	// The path to the value being looked at, pushed and popped (an error copies it; nothing else does).
	const path: string[] = [];
	const walk = (node: unknown): void => {
		if (typeof node === 'number') {
			if (!Number.isFinite(node)) {
				throw new InvalidValue(`has ${String(node)}${at(path)}, which JSON cannot carry (it would be sent as null)`);
			}
			if (!fromText && Math.abs(node) > Number.MAX_SAFE_INTEGER) {
				throw new InvalidValue(
					`has the number ${String(node)}${at(path)}, beyond 2^53: it has already lost digits in JavaScript; pass it as a string`,
				);
			}
			return;
		}
		if (typeof node === 'bigint') throw new InvalidValue(`has a BigInt${at(path)}; pass it as a string`);
		if (typeof node !== 'object' || node === null || node instanceof Int64) return;
		const proto = Object.getPrototypeOf(node) as unknown;
		if (!Array.isArray(node) && proto !== Object.prototype && proto !== null) return;
		if (ancestors.includes(node)) throw new InvalidValue(`contains itself${at(path)} (a circular structure), which JSON cannot carry`);
		if (ancestors.length >= MAX_JSON_DEPTH) throw new InvalidValue(`is nested more than ${MAX_JSON_DEPTH} levels deep${at(path)}`);
		ancestors.push(node);
		if (Array.isArray(node)) {
			node.forEach((inner, index) => {
				path.push(`[${index}]`);
				walk(inner);
				path.pop();
			});
		} else {
			for (const key of Object.keys(node)) {
				path.push(key);
				walk((node as Record<string, unknown>)[key]);
				path.pop();
			}
		}
		ancestors.pop();
	};
	walk(value);
}

/** ` at owner.address[2]` (the first levels of a long path only), or '' at the top. */
function at(path: string[]): string {
	if (path.length === 0) return '';
	const shown = path.slice(0, 6).map((part, i) => (part.startsWith('[') || i === 0 ? part : `.${part}`)).join('');
	return ` at ${shown.length > 120 ? `${shown.slice(0, 120)}…` : shown}${path.length > 6 ? '…' : ''}`;
}

/** A JSON object, given as an object (from an expression or a JSON parameter) or as JSON text. */
export function jsonObject(value: unknown): Record<string, unknown> {
	const parsed = parsedJson(value);
	// An Int64 (JSON text that is one big integer) is an object in JavaScript, not a JSON object.
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || parsed instanceof Int64) {
		throw new InvalidValue(`must be a JSON object, got ${describe(parsed)}`);
	}
	return parsed as Record<string, unknown>;
}

/**
 * The shapes of optional JSON parameters whose default is an empty `{}` / `[]` (valid JSON, so n8n's
 * editor shows no error mark on a fresh node): empty means "not set", and nothing is sent.
 */
export function jsonObjectUnlessEmpty(value: unknown): Record<string, unknown> | undefined {
	const parsed = jsonObject(value);
	return Object.keys(parsed).length === 0 ? undefined : parsed;
}

/** The same as a JSON string (int64 kept exact, as in jsonObjectString). */
export function jsonObjectStringUnlessEmpty(value: unknown): string | undefined {
	const parsed = jsonObjectUnlessEmpty(value);
	return parsed === undefined ? undefined : stringifyExact(parsed);
}

export function jsonArrayStringUnlessEmpty(value: unknown): string | undefined {
	const parsed = jsonArray(value);
	return parsed.length === 0 ? undefined : stringifyExact(parsed);
}

/** A JSON array, given as an array or as JSON text. */
export function jsonArray(value: unknown): unknown[] {
	const parsed = parsedJson(value);
	if (!Array.isArray(parsed)) throw new InvalidValue(`must be a JSON array, got ${describe(parsed)}`);
	return parsed;
}

/** Feishu fields typed as a JSON string holding an object (`named_args`, `params`); int64 kept exact. */
export function jsonObjectString(value: unknown): string {
	return stringifyExact(jsonObject(value));
}

/** Feishu fields typed as a JSON string holding an array (`args`); int64 kept exact. */
export function jsonArrayString(value: unknown): string {
	return stringifyExact(jsonArray(value));
}

/**
 * A sort order written the n8n way, `amount DESC, name` (ASC when no direction is given), turned into
 * Feishu's `order_by` list `[{field, direction}]`.
 */
export function orderByList(value: unknown): Array<{ field: string; direction: 'ASC' | 'DESC' }> {
	return stringList(value).map((entry) => {
		const [field, direction = 'ASC', ...rest] = entry.split(/\s+/);
		const upper = direction.toUpperCase();
		if (rest.length > 0 || (upper !== 'ASC' && upper !== 'DESC')) {
			throw new InvalidValue(`has an entry that is not "field ASC" or "field DESC": ${describe(entry)}`);
		}
		return { field: apiName(field), direction: upper };
	});
}

/**
 * The objects a search looks in: API names (comma-separated or an array), each becoming
 * `{api_name}`, or Feishu's own `search_objects` list as JSON (with search_fields, select, filter).
 */
export function searchObjects(value: unknown): unknown[] {
	const raw = typeof value === 'string' && value.trim().startsWith('[') ? jsonArray(value) : value;
	if (Array.isArray(raw) && raw.some((entry) => typeof entry === 'object' && entry !== null)) {
		for (const entry of raw) {
			if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
				throw new InvalidValue(`has an entry that is not a search object: ${describe(entry)}`);
			}
			apiName((entry as { api_name?: unknown }).api_name);
		}
		return raw;
	}
	return apiNameList(raw).map((name) => ({ api_name: name }));
}

/** A yes/no value (n8n's boolean parameter, or "true"/"false" from an expression). */
export function bool(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new InvalidValue(`must be true or false, got ${describe(value)}`);
}

/** An email address (checked only for the shape name@domain). */
export function email(value: unknown): string {
	const address = text(value);
	if (!/^[^\s@]+@[^\s@]+$/.test(address)) throw new InvalidValue(`must be an email address, got ${describe(value)}`);
	return address;
}
