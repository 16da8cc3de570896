import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TransportContext } from '../../transport/context';
import type { FeishuApi, TransportSettings } from '../../transport/request';
import { invalid, isUnset } from '../shape';
import type { FieldSpec, HttpMethod, OperationSpec } from '../types';
import { apiOf, credentialTypeOf } from './api';
import { buildPath, fieldValue } from './path';
import { runSettings } from './settings';

/** A request checked and shaped for one item, ready to send. */
export interface PreparedRequest {
	method: HttpMethod;
	path: string;
	/** JSON body; absent for GET. */
	body?: IDataObject;
	query?: IDataObject;
	/** The path values, as sent, by their Feishu names (for the output item). */
	pathValues: IDataObject;
	settings: TransportSettings;
	api: FeishuApi;
	/** The n8n credential type the request authenticates with. */
	credentialType: string;
}

/** A field's value as read for one item, before its shape (undefined when not set). */
export type ReadField = (field: FieldSpec) => unknown;

/**
 * The longest value a query-string field may have, URL-encoded (a list: all its entries). ASSUMPTION:
 * Feishu documents no URL limit; HTTP servers and gateways refuse long ones (Node's 16 KB of headers,
 * nginx's 8 KB lines) with HTTP 414 or 431, so a longer value is refused here, naming its field.
 */
export const MAX_QUERY_VALUE_LENGTH = 2048;

function encodedLength(value: unknown): number {
	const entries = Array.isArray(value) ? value : [value];
	return entries.reduce<number>((sum, entry) => sum + encodeURIComponent(String(entry)).length, 0);
}

/**
 * Checks and shapes the values of `fields` into a JSON body and a query string. Throws before
 * anything is sent, naming the field (and the item, when given), so bad input never reaches Feishu.
 */
export function shapeFields(
	ctx: TransportContext,
	fields: readonly FieldSpec[],
	read: ReadField,
	itemIndex?: number,
): { body: IDataObject; query: IDataObject } {
	const body: IDataObject = {};
	const query: IDataObject = {};
	const set = new Set<string>();
	for (const field of fields) {
		const raw = read(field);
		// An added-but-empty optional field means "not set", as everywhere in n8n.
		if (isUnset(raw) && !field.required) continue;
		const shaped = fieldValue(ctx, field, raw, itemIndex);
		if (shaped === undefined || (Array.isArray(shaped) && shaped.length === 0 && !field.required)) continue;
		if (field.in === 'query' && encodedLength(shaped) > MAX_QUERY_VALUE_LENGTH) {
			const length = encodedLength(shaped);
			throw invalid(ctx, { displayName: field.displayName, name: field.param }, itemIndex, `is too long for a query string (${length} characters URL-encoded, at most ${MAX_QUERY_VALUE_LENGTH})`);
		}
		set.add(field.param);
		setPath(field.in === 'query' ? query : body, field.api, shaped);
	}
	for (const field of fields) {
		if (field.requiredUnless && !set.has(field.param) && !set.has(field.requiredUnless)) {
			const other = fields.find((f) => f.param === field.requiredUnless);
			throw invalid(ctx, { displayName: field.displayName, name: field.param }, itemIndex, `is required (or set ${other?.displayName ?? field.requiredUnless})`);
		}
	}
	return { body, query };
}

/** Reads, checks and shapes every parameter of `spec` for one item: the request, ready to send. */
export function buildRequest(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): PreparedRequest {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const method = spec.method ?? 'POST';
	// Required and top-level fields are parameters of their own; the others sit in Options.
	const read: ReadField = (field) => (field.required || field.topLevel ? ctx.getNodeParameter(field.param, itemIndex, '') : options[field.param]);
	const { body, query } = shapeFields(ctx, spec.fields, read, itemIndex);
	const { path, pathValues } = buildPath(ctx, spec, itemIndex);
	return {
		method,
		path,
		// A JSON body with every method but GET, `{}` when empty, as the official SDK sends. (The SDK
		// sends `{}` with GET too; n8n's request helper drops any GET body, and an empty one says nothing.)
		body: method === 'GET' ? undefined : body,
		query: Object.keys(query).length > 0 ? query : undefined,
		pathValues,
		settings: runSettings(ctx, itemIndex, options),
		api: apiOf(spec),
		credentialType: credentialTypeOf(spec),
	};
}

/** Sets `value` at a dotted key (`filter.quick_query`), creating the objects on the way. */
function setPath(target: IDataObject, dotted: string, value: IDataObject[string]): void {
	const keys = dotted.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
		node = node[key] as IDataObject;
	}
	node[keys[keys.length - 1]] = value;
}
