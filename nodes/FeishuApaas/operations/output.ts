import type { IDataObject } from 'n8n-workflow';

import { InvalidValue } from '../validation/values';
import { parseExactJson } from './exact-json';
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

/** The one record in the JSON string `data[itemKey]`. */
export function recordOf(data: IDataObject, itemKey: string): IDataObject {
	const record = parseJsonField(data[itemKey], itemKey);
	return record === undefined ? {} : asObject(record);
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
		row.forEach((value, index) => {
			keyed[columns[index] ?? `column_${index + 1}`] = value as IDataObject[string];
		});
		return keyed;
	});
}
