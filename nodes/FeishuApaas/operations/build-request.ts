import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { itemParameter } from '../run-cache';
import { InvalidValue } from '../validation/values';
import { TRANSPORT_DEFAULTS, TRANSPORT_SHAPES } from './transport-options';
import type { FieldSpec, HttpMethod, OperationSpec } from './types';
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

	for (const field of spec.fields) {
		const target = field.in === 'query' ? query : body;
		if (field.required) {
			target[field.api] = shapeField(ctx, field, itemParameter(ctx, field.param, itemIndex, ''), itemIndex);
			continue;
		}
		const raw = options[field.param];
		// An added-but-empty optional field means "not set", as everywhere in n8n.
		if (isUnset(raw)) continue;
		const shaped = shapeField(ctx, field, raw, itemIndex);
		if (Array.isArray(shaped) && shaped.length === 0) continue;
		target[field.api] = shaped;
	}

	const { path, pathValues } = buildPath(ctx, spec, itemIndex);
	return {
		method,
		path,
		// The official SDK sends a JSON body ({} when empty) with every method but GET.
		body: method === 'GET' ? undefined : body,
		query: Object.keys(query).length > 0 ? query : undefined,
		pathValues,
		settings: transportSettings(ctx, itemIndex, options),
		api: apiOf(spec),
	};
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
