/** Reading, comparing and projecting stored record values (shared by batch_query, OQL, search). */
import type { ObjectTable } from './store';
import type { StoredRecord, StoredValue } from './schema';

/** A value that can be compared: what a field holds, with lookups reduced to their id. */
export type Scalar = string | number | bigint | boolean | null;

/** A readable failure in a query (filter, order, OQL); answered as 2320001 with this text. */
export class QueryError extends Error {}

/** `_id` or a field of the object; throws QueryError for anything else. */
export function checkFieldName(table: ObjectTable, name: unknown, what: string): string {
	if (typeof name !== 'string' || (name !== '_id' && !table.fields.has(name))) {
		throw new QueryError(`${what}: unknown field ${JSON.stringify(name)} in object "${table.apiName}"`);
	}
	return name;
}

export function fieldType(table: ObjectTable, name: string): string {
	return name === '_id' ? 'id' : (table.fields.get(name)?.type ?? 'unknown');
}

/** The raw stored value of `_id` or a field (undefined when unset). */
export function rawValue(rec: StoredRecord, name: string): StoredValue | undefined {
	return name === '_id' ? rec.id : rec.values[name];
}

/** The comparable value: lookups by their id, unset as null; multiSelect is not a scalar. */
export function scalarValue(rec: StoredRecord, name: string): Scalar | string[] {
	const v = rawValue(rec, name);
	if (v === undefined || v === null) return null;
	if (Array.isArray(v)) return v;
	if (typeof v === 'object') return v._id;
	return v;
}

/**
 * ASSUMPTION (Feishu does not document how it sorts unset values or mixed types):
 * total order for sorting: null first (so last in DESC), then booleans, numbers (number and bigint compared
 * exactly together), strings (by UTF-16 code units).
 */
export function compareScalars(a: Scalar, b: Scalar): number {
	const rank = (v: Scalar) =>
		v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' || typeof v === 'bigint' ? 2 : 3;
	const ra = rank(a);
	const rb = rank(b);
	if (ra !== rb) return ra - rb;
	if (a === null || b === null) return 0;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether two values are of a kind that can be compared with < and > (both numeric, or both strings, ...). */
export function comparable(a: Scalar, b: Scalar): boolean {
	if (a === null || b === null) return false;
	const numeric = (v: Scalar) => typeof v === 'number' || typeof v === 'bigint';
	return (numeric(a) && numeric(b)) || typeof a === typeof b;
}

/**
 * Brings a constant from a filter or OQL to the field's kind: for ids, lookups and bigint
 * fields a decimal string counts as the number it spells (ASSUMPTION: clients that keep
 * int64s exact send them as strings).
 */
export function constantFor(type: string, v: unknown): Scalar | string[] {
	if ((type === 'id' || type === 'lookup' || type === 'bigint') && typeof v === 'string' && /^-?\d{1,19}$/.test(v)) {
		return BigInt(v);
	}
	if (type === 'lookup' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
		return constantFor(type, (v as Record<string, unknown>)._id);
	}
	if (v === undefined) return null;
	if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
	if (typeof v === 'object' && v !== null) throw new QueryError(`unsupported constant ${JSON.stringify(v)}`);
	return v as Scalar;
}

/** A projected value as it goes into a JSON string (BigInts stay BigInts for stringifyExact). */
export function outputValue(rec: StoredRecord, name: string): unknown {
	const v = rawValue(rec, name);
	if (v === undefined) return null;
	if (Array.isArray(v)) return [...v];
	return v;
}

/**
 * A record reduced to the selected fields, `_id` first. ASSUMPTION: `_id` is always
 * included; a selected field with no value is null; no select = every field of the schema.
 */
export function project(table: ObjectTable, rec: StoredRecord, select: readonly string[] | null): Record<string, unknown> {
	const out: Record<string, unknown> = { _id: rec.id };
	const names = select && select.length > 0 ? select : table.fieldList.map((f) => f.apiName);
	for (const name of names) if (name !== '_id') out[name] = outputValue(rec, name);
	return out;
}
