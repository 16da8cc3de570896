import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FeishuApi, TransportSettings } from '../../transport/request';
import { itemParameter, nodeOfRun, runCache } from '../../transport/run-cache';
import { stringifyExact } from '../exact-json';
import { invalid, isUnset } from '../shape';
import type { FieldContext, HttpMethod, OperationSpec } from '../types';
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

/**
 * Reads, checks and shapes every parameter of `spec` for one item. Throws before anything is sent,
 * naming the field and the item, so bad input never reaches Feishu.
 */
export function buildRequest(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): PreparedRequest {
	const options = itemParameter<IDataObject>(ctx, 'options', itemIndex, {});
	const method = spec.method ?? 'POST';
	const body: IDataObject = {};
	const query: IDataObject = {};
	const values = new Map<string, unknown>();

	for (const field of spec.fields) {
		// Required and top-level fields are parameters of their own; the others sit in Options.
		const raw = field.required || field.topLevel ? itemParameter(ctx, field.param, itemIndex, '') : options[field.param];
		// An added-but-empty optional field means "not set", as everywhere in n8n.
		let shaped: unknown;
		if (!isUnset(raw) || field.required) shaped = fieldValue(ctx, field, raw, itemIndex);
		else if (field.fallback) shaped = field.fallback(fieldContext(ctx, itemIndex));
		if (shaped === undefined || (Array.isArray(shaped) && shaped.length === 0 && !field.required)) continue;
		values.set(field.param, shaped);
		setPath(field.in === 'query' ? query : body, field.api, shaped as IDataObject[string]);
	}
	for (const field of spec.fields) {
		if (field.requiredUnless && !values.has(field.param) && !values.has(field.requiredUnless)) {
			const other = spec.fields.find((f) => f.param === field.requiredUnless);
			throw invalid(ctx, { displayName: field.displayName, name: field.param }, itemIndex, `is required (or set ${other?.displayName ?? field.requiredUnless})`);
		}
	}
	for (const key of spec.jsonStringKeys ?? []) {
		if (body[key] !== undefined && typeof body[key] !== 'string') body[key] = stringifyExact(body[key]);
	}

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

/** The execution, node and item a fallback value may be derived from. */
function fieldContext(ctx: IExecuteFunctions, itemIndex: number): FieldContext {
	const cache = runCache(ctx);
	// Engine runs without an execution id (none here) still get one stable id for the whole run.
	cache.executionId ??= ctx.getExecutionId() || `run${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
	return { executionId: cache.executionId, nodeId: nodeOfRun(ctx).id, itemIndex };
}
