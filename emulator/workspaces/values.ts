/**
 * Column types of the data platform and how a value is checked against one.
 * ASSUMPTION: Feishu reports `data_type` with Postgres type names (the data platform is Postgres);
 * the ones below are those the emulator knows. int8 values are kept as BigInt beyond 2^53, so a
 * 19-digit id survives every round trip.
 */
import type { ExactJson } from '../objects/json-int64';

export type DataType =
	| 'text'
	| 'varchar'
	| 'uuid'
	| 'int4'
	| 'int8'
	| 'float8'
	| 'numeric'
	| 'bool'
	| 'date'
	| 'timestamptz'
	| 'jsonb';

export const DATA_TYPES: ReadonlySet<string> = new Set([
	'text',
	'varchar',
	'uuid',
	'int4',
	'int8',
	'float8',
	'numeric',
	'bool',
	'date',
	'timestamptz',
	'jsonb',
]);

export interface Column {
	name: string;
	description: string;
	data_type: DataType;
	is_primary_key: boolean;
	is_unique: boolean;
	is_auto_increment: boolean;
	is_array: boolean;
	is_allow_null: boolean;
	/** As Feishu reports it: a string ('' = none). */
	default_value: string;
}

export class ValueError extends Error {}

const INT4_MAX = 2147483647;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function int8(v: ExactJson, column: string): ExactJson {
	let big: bigint;
	if (typeof v === 'bigint') big = v;
	else if (typeof v === 'number' && Number.isInteger(v)) {
		if (!Number.isSafeInteger(v)) throw new ValueError(`column "${column}": integer ${v} lost precision (send it exactly)`);
		big = BigInt(v);
	} else if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) big = BigInt(v.trim());
	else throw new ValueError(`column "${column}": invalid input syntax for type bigint: ${JSON.stringify(v)}`);
	if (big < INT8_MIN || big > INT8_MAX) throw new ValueError(`column "${column}": value out of range for type bigint`);
	return Number.isSafeInteger(Number(big)) && BigInt(Number(big)) === big ? Number(big) : big;
}

function scalar(type: DataType, v: ExactJson, column: string): ExactJson {
	switch (type) {
		case 'int8':
			return int8(v, column);
		case 'int4': {
			const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
			if (typeof n !== 'number' || !Number.isInteger(n) || Math.abs(n) > INT4_MAX) {
				throw new ValueError(`column "${column}": invalid input syntax for type integer: ${JSON.stringify(v)}`);
			}
			return n;
		}
		case 'float8':
		case 'numeric': {
			const n = typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
			if (typeof n === 'bigint') return n;
			if (typeof n !== 'number' || !Number.isFinite(n)) {
				throw new ValueError(`column "${column}": invalid input syntax for type ${type}: ${JSON.stringify(v)}`);
			}
			return n;
		}
		case 'bool':
			if (typeof v === 'boolean') return v;
			if (v === 'true' || v === 'false') return v === 'true';
			throw new ValueError(`column "${column}": invalid input syntax for type boolean: ${JSON.stringify(v)}`);
		case 'jsonb':
			return v;
		case 'date':
			if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
			throw new ValueError(`column "${column}": invalid input syntax for type date: ${JSON.stringify(v)}`);
		case 'timestamptz':
			if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return v;
			throw new ValueError(`column "${column}": invalid input syntax for type timestamp: ${JSON.stringify(v)}`);
		default:
			if (typeof v === 'string') return v;
			throw new ValueError(`column "${column}": expected a string for type ${type}, got ${JSON.stringify(v)}`);
	}
}

/** The value to store for `v` in `column` (null passes here; not-null is checked by the table). */
export function coerce(column: Column, v: ExactJson): ExactJson {
	if (v === null) return null;
	if (column.is_array) {
		if (!Array.isArray(v)) throw new ValueError(`column "${column.name}": expected an array`);
		return v.map((x) => (x === null ? null : scalar(column.data_type, x, column.name)));
	}
	return scalar(column.data_type, v, column.name);
}

/** A value read from text (a PostgREST filter value, a default) for comparisons with `column`. */
export function fromText(column: Column | undefined, text: string): ExactJson {
	if (!column) return text;
	try {
		if (column.data_type === 'jsonb') return text;
		return scalar(column.data_type, text, column.name);
	} catch {
		return text;
	}
}

/** Compares two stored values: numbers and BigInts numerically, the rest as strings. */
export function compare(a: ExactJson, b: ExactJson): number {
	const num = (x: ExactJson) => typeof x === 'number' || typeof x === 'bigint';
	if (num(a) && num(b)) {
		if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
		const fa = typeof a === 'bigint' ? a : Number.isInteger(a) ? BigInt(a as number) : null;
		const fb = typeof b === 'bigint' ? b : Number.isInteger(b) ? BigInt(b as number) : null;
		if (fa !== null && fb !== null) return fa < fb ? -1 : fa > fb ? 1 : 0;
		return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
	}
	if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
	const sa = typeof a === 'string' ? a : JSON.stringify(a);
	const sb = typeof b === 'string' ? b : JSON.stringify(b);
	return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Same value (numbers and BigInts by value). */
export function sameValue(a: ExactJson, b: ExactJson): boolean {
	if (a === null || b === null) return a === b;
	return compare(a, b) === 0;
}
