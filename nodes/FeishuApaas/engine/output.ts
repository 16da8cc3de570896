import type { IDataObject } from 'n8n-workflow';

import { InvalidValue } from './values';
import { defineOwn, parseExactJson } from './exact-json';
import type { OutputShape } from './types';

/** Feishu's JSON-string fields parsed with int64 kept exact; a field that is not JSON is an error. */
function parseJsonField(value: unknown, key: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	const parsed = tryParse(value);
	if (parsed === NOT_JSON) throw new InvalidValue(`Feishu answered with a "${key}" that is not valid JSON`);
	return parsed;
}

const NOT_JSON = Symbol('not JSON');

function tryParse(text: string): unknown {
	try {
		return parseExactJson(text);
	} catch {
		return NOT_JSON;
	}
}

function asObject(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : { value: value as IDataObject[string] };
}

/** The entries of a list in Feishu's `data` (an array, or a JSON string of one); a missing list means none. */
export function entriesOf(data: IDataObject, output: Extract<OutputShape, { kind: 'list' }>): IDataObject[] {
	const raw = data[output.itemsKey];
	const entries = output.json ? parseJsonField(raw, output.itemsKey) : raw;
	return Array.isArray(entries) ? entries.map(asObject) : [];
}

/** The one record (or object) `data[itemKey]`, parsed from a JSON string when `json`. */
export function recordOf(data: IDataObject, itemKey: string, json = false): IDataObject {
	// An empty key: the answer's `data` is the record itself (the data platform's table get).
	if (itemKey === '') return asObject(data);
	const record = json ? parseJsonField(data[itemKey], itemKey) : data[itemKey];
	return record === undefined || record === null ? {} : asObject(record);
}

/** `data` with the JSON strings under `keys` parsed (int64 exact); an empty string stays as it is. */
export function parsedKeys(data: IDataObject, keys: string[] = []): IDataObject {
	const out: IDataObject = { ...data };
	for (const key of keys) {
		const parsed = parseJsonField(data[key], key);
		if (parsed !== undefined) out[key] = parsed as IDataObject[string];
	}
	return out;
}

/**
 * A JSON result (a function's `result`) as items: an object is the item, an array one item per entry
 * (objects as they are, other values under `key`), a scalar `{[key]: value}`; nothing, no item.
 */
export function jsonItems(data: IDataObject, key: string): IDataObject[] {
	const parsed = parseJsonField(data[key], key);
	if (parsed === undefined) return [];
	const wrap = (value: unknown): IDataObject =>
		typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : { [key]: value as IDataObject[string] };
	return Array.isArray(parsed) ? parsed.map(wrap) : [wrap(parsed)];
}

/**
 * OQL rows as objects keyed by the column names. Feishu does not say whether `rows` holds arrays
 * (values in column order) or objects, so both are taken; an object row is kept as it is.
 */
export function rowsOf(data: IDataObject, output: Extract<OutputShape, { kind: 'rows' }>): IDataObject[] {
	const columns = Array.isArray(data[output.columnsKey]) ? (data[output.columnsKey] as unknown[]).map(String) : [];
	const rows = parseJsonField(data[output.rowsKey], output.rowsKey);
	if (!Array.isArray(rows)) return [];
	return rows.map((row) => {
		if (!Array.isArray(row)) {
			return typeof row === 'object' && row !== null ? (row as IDataObject) : { [columns[0] ?? 'value']: row as IDataObject[string] };
		}
		const keyed: IDataObject = {};
		// A column named __proto__ is an ordinary key of the row, not the row's prototype.
		row.forEach((value, index) => defineOwn(keyed, columns[index] ?? `column_${index + 1}`, value));
		return keyed;
	});
}
