import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { itemParameter, nodeOfRun, runCache } from '../run-cache';
import { InvalidValue } from '../validation/values';
import { TRANSPORT_DEFAULTS, TRANSPORT_SHAPES } from './transport-options';
import { stringifyExact } from './exact-json';
import type { FieldContext, FieldSpec, HttpMethod, OperationSpec } from './types';
import type { FeishuApi, TransportSettings } from '../transport/request';

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
}

/** The API of a row (or of its batch endpoint) as Feishu counts it for rate limits. */
export function apiOf(spec: OperationSpec, endpoint: { method?: HttpMethod; path: string } = spec): FeishuApi {
	return {
		key: `${endpoint.method ?? 'POST'} ${endpoint.path}`,
		limits: spec.rateLimits,
		retryUnanswered: spec.retryUnanswered,
		repeatedKeyCode: spec.repeatedKeyCode,
	};
}

function isUnset(raw: unknown): boolean {
	return raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
}

export function invalid(ctx: IExecuteFunctions, field: { displayName: string; name: string }, itemIndex: number, reason: string) {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field.displayName}" (${field.name}) in item ${itemIndex}: it ${reason}`, {
		itemIndex,
		description: 'Nothing was sent to Feishu for this item.',
	});
}

export function shapeField(ctx: IExecuteFunctions, field: FieldSpec, raw: unknown, itemIndex: number): IDataObject[string] {
	try {
		return field.shape(raw) as IDataObject[string];
	} catch (error) {
		const reason = error instanceof InvalidValue ? error.message : 'could not be read';
		throw invalid(ctx, { displayName: field.displayName, name: field.param }, itemIndex, reason);
	}
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
		if (!isUnset(raw) || field.required) shaped = shapeField(ctx, field, raw, itemIndex);
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
		settings: transportSettings(ctx, itemIndex, options),
		api: apiOf(spec),
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

/**
 * A path template with the item's path values filled in. Every path field's shape admits only
 * characters that cannot alter a path (digits, API-name characters), so nothing needs escaping.
 */
export function buildPath(
	ctx: IExecuteFunctions,
	spec: OperationSpec,
	itemIndex: number,
	template = spec.path,
): { path: string; pathValues: IDataObject } {
	let path = template;
	const pathValues: IDataObject = {};
	for (const field of spec.pathFields ?? []) {
		const placeholder = `{${field.api}}`;
		if (!template.includes(placeholder)) continue;
		const value = shapeField(ctx, field, itemParameter(ctx, field.param, itemIndex, ''), itemIndex) as string;
		pathValues[field.api] = value;
		path = path.replace(placeholder, value);
	}
	return { path, pathValues };
}

/** The request settings of an item's Options collection, checked, with the UI's defaults for the rest. */
export function transportSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options = itemParameter<IDataObject>(ctx, 'options', itemIndex, {}),
): TransportSettings {
	const settings: TransportSettings = { ...TRANSPORT_DEFAULTS };
	for (const [name, shape] of Object.entries(TRANSPORT_SHAPES)) {
		const raw = options[name];
		if (isUnset(raw)) continue;
		try {
			settings[name as keyof TransportSettings] = shape(raw);
		} catch (error) {
			const reason = error instanceof InvalidValue ? error.message : 'could not be read';
			throw invalid(ctx, { displayName: `Options → ${name}`, name }, itemIndex, reason);
		}
	}
	return settings;
}
