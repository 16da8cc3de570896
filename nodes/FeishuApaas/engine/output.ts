import type { IDataObject } from 'n8n-workflow';

import { InvalidValue } from './values';
import { parseExactJson } from './exact-json';
import type { PreparedRequest } from './request/build-request';
import type { AcknowledgeOutput, ListOutput } from './types';

/** Feishu's JSON-string fields parsed with int64 kept exact; a field that is not JSON is an error. */
export function parseJsonField(value: unknown, key: string): unknown {
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
export function entriesOf(data: IDataObject, output: ListOutput): IDataObject[] {
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
 * The one item of an acknowledged action: `success`, the path values sent, Feishu's `data` (the JSON
 * strings under `parse` parsed), the body keys under `echo` as sent, and Feishu's log id.
 */
export function acknowledgement(request: PreparedRequest, data: IDataObject, logId: string | undefined, output: AcknowledgeOutput, body = request.body): IDataObject {
	const result: IDataObject = { success: true, ...request.pathValues, ...parsedKeys(data, output.parse) };
	for (const key of output.echo ?? []) if (body?.[key] !== undefined) result[key] = body[key];
	if (logId) result.log_id = logId;
	return result;
}
