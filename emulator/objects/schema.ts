/**
 * Object schemas of the emulator's aPaaS application data, and how a field value that
 * arrived in a record JSON string is checked and stored.
 *
 * Stored values: text/date → string, number → number, bigint → bigint, boolean → boolean,
 * lookup → {_id: bigint}, multiSelect → string[]; an unset field is absent (or null).
 */
import type { ExactJson } from './json-int64';

export type FieldType = 'text' | 'number' | 'bigint' | 'boolean' | 'lookup' | 'multiSelect' | 'date';

export const FIELD_TYPES: readonly FieldType[] = ['text', 'number', 'bigint', 'boolean', 'lookup', 'multiSelect', 'date'];

export interface FieldSchema {
	apiName: string;
	type: FieldType;
	required?: boolean;
	/**
	 * For a lookup: the object (same namespace) whose record ids it must hold. Without it any
	 * id is accepted (e.g. a lookup to users, which the emulator does not model).
	 */
	lookupObject?: string;
	/** Display name (search metadata); default the apiName. */
	label?: string;
}

/** One object of a namespace, with optional records. */
export interface ObjectDefinitionSeed {
	apiName: string;
	label?: string;
	/** Replaces the object's schema when given; required when the object is new. */
	fields?: FieldSchema[];
	/**
	 * Records to add (or replace, by `_id`). `_id` may be a decimal string, a BigInt or a safe
	 * integer; without one the record gets a fresh id. Values as in a record JSON string
	 * (lookup `{_id}` or a bare id, bigint as string/BigInt/number). Invalid records throw.
	 */
	records?: Array<Record<string, unknown>>;
}

export interface NamespaceSeed {
	namespace: string;
	objects: ObjectDefinitionSeed[];
}

/** What the `objects` key of seed() (and `POST /__emulator/seed`) takes, besides `generate` (seed.ts). */
export interface ObjectSeed {
	namespaces: NamespaceSeed[];
}

export interface LookupValue {
	_id: bigint;
}

export type StoredValue = string | number | bigint | boolean | LookupValue | string[] | null;

export interface StoredRecord {
	id: bigint;
	values: Record<string, StoredValue>;
}

/** One per-record error, shaped as the SDK types `items[].errors[]`. */
export interface RecordError {
	code: string;
	message: string;
	sub_code?: string;
	fields?: string[];
}

/**
 * ASSUMPTION: Feishu does not document the codes inside `items[].errors[]` (the SDK types
 * `code` as a string). The emulator uses the documented aPaaS validation code "2320001"
 * (param is invalid) as a string, and tells the cases apart by `sub_code` (names of our own).
 */
export const RECORD_ERROR_CODE = '2320001';
export type RecordErrorKind =
	| 'required_field_missing'
	| 'unknown_field'
	| 'invalid_field_value'
	| 'readonly_field'
	| 'lookup_not_found'
	| 'missing_id'
	| 'invalid_id'
	| 'record_not_found'
	| 'invalid_record';

export function recordError(subCode: RecordErrorKind, message: string, field?: string): RecordError {
	const e: RecordError = { code: RECORD_ERROR_CODE, message, sub_code: subCode };
	if (field !== undefined) e.fields = [field];
	return e;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * A record id from a JSON value: a positive integer as a number (safe only), a BigInt, or a
 * decimal string. ASSUMPTION: Feishu's ids are positive int64s and both forms are accepted.
 */
export function parseRecordId(raw: unknown): bigint | null {
	let id: bigint;
	if (typeof raw === 'bigint') id = raw;
	else if (typeof raw === 'number' && Number.isSafeInteger(raw)) id = BigInt(raw);
	else if (typeof raw === 'string' && /^\d{1,19}$/.test(raw)) id = BigInt(raw);
	else return null;
	return id > 0n && id <= INT64_MAX ? id : null;
}

/** Decimal string of an id, or of a stored value's id (for the in-process API). */
export function idString(id: bigint): string {
	return id.toString();
}

export type Coerced = { ok: true; value: StoredValue } | { ok: false; error: RecordError };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(s: string): boolean {
	const m = DATE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Checks one incoming field value against its schema.
 * ASSUMPTIONS (Feishu documents none of the value shapes): `null` clears an optional field
 * (and is refused for a required one); number takes a JSON number (a
 * 19-digit literal becomes the nearest double); bigint takes an integer as JSON number or
 * decimal string within int64; lookup takes `{"_id": id}` or a bare id (number or string);
 * multiSelect takes an array of option api names (strings); date takes "YYYY-MM-DD".
 */
export function coerceValue(field: FieldSchema, raw: ExactJson | undefined): Coerced {
	const bad = (expected: string): Coerced => ({
		ok: false,
		error: recordError('invalid_field_value', `field "${field.apiName}" must be ${expected}`, field.apiName),
	});
	if (raw === null || raw === undefined) {
		if (field.required) {
			return {
				ok: false,
				error: recordError('required_field_missing', `required field "${field.apiName}" is missing`, field.apiName),
			};
		}
		return { ok: true, value: null };
	}
	switch (field.type) {
		case 'text':
			return typeof raw === 'string' ? { ok: true, value: raw } : bad('a string (text)');
		case 'number':
			if (typeof raw === 'bigint') return { ok: true, value: Number(raw) };
			return typeof raw === 'number' ? { ok: true, value: raw } : bad('a number');
		case 'bigint': {
			let v: bigint | null = null;
			if (typeof raw === 'bigint') v = raw;
			else if (typeof raw === 'number' && Number.isSafeInteger(raw)) v = BigInt(raw);
			else if (typeof raw === 'string' && /^-?\d{1,19}$/.test(raw)) v = BigInt(raw);
			if (v === null || v > INT64_MAX || v < INT64_MIN) return bad('an int64 integer (number or decimal string)');
			return { ok: true, value: v };
		}
		case 'boolean':
			return typeof raw === 'boolean' ? { ok: true, value: raw } : bad('a boolean');
		case 'lookup': {
			const id = parseRecordId(typeof raw === 'object' && !Array.isArray(raw) ? raw._id : raw);
			return id === null ? bad('a record id or {"_id": id}') : { ok: true, value: { _id: id } };
		}
		case 'multiSelect':
			return Array.isArray(raw) && raw.every((x) => typeof x === 'string')
				? { ok: true, value: [...(raw as string[])] }
				: bad('an array of option api names (strings)');
		case 'date':
			return typeof raw === 'string' && isValidDate(raw) ? { ok: true, value: raw } : bad('a date "YYYY-MM-DD"');
	}
}

/** Validates a schema that arrived in a seed; throws a readable message. */
export function checkFields(objectApiName: string, fields: unknown): FieldSchema[] {
	if (!Array.isArray(fields)) throw new Error(`object ${objectApiName}: fields must be an array`);
	const seen = new Set<string>();
	return fields.map((f: unknown) => {
		const field = f as FieldSchema;
		if (typeof f !== 'object' || f === null || typeof field.apiName !== 'string' || !API_NAME.test(field.apiName)) {
			throw new Error(`object ${objectApiName}: every field needs an apiName (letters, digits, _)`);
		}
		if (field.apiName === '_id' || seen.has(field.apiName)) {
			throw new Error(`object ${objectApiName}: field ${field.apiName} is reserved or repeated`);
		}
		if (!FIELD_TYPES.includes(field.type)) {
			throw new Error(`object ${objectApiName}: field ${field.apiName} has unknown type ${String(field.type)}`);
		}
		seen.add(field.apiName);
		return { ...field };
	});
}

/** ASSUMPTION: aPaaS API names are letters, digits and underscores, starting with a letter or _. */
export const API_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
