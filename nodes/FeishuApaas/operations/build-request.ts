import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { itemParameter } from '../run-cache';
import { InvalidValue } from '../validation/values';
import { TRANSPORT_DEFAULTS, TRANSPORT_SHAPES } from './transport-options';
import type { FieldSpec, OperationSpec } from './types';
import type { TransportSettings } from '../transport/request';

/** A request checked and shaped for one item, ready to send. */
export interface PreparedRequest {
	path: string;
	body: IDataObject;
	/** The path id, as sent (for the output item). */
	pathValue?: string;
	settings: TransportSettings;
}

function isUnset(raw: unknown): boolean {
	return raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
}

function invalid(ctx: IExecuteFunctions, field: { displayName: string; name: string }, itemIndex: number, reason: string) {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field.displayName}" (${field.name}) in item ${itemIndex}: it ${reason}`, {
		itemIndex,
		description: 'Nothing was sent to Feishu for this item.',
	});
}

function shapeField(ctx: IExecuteFunctions, field: FieldSpec, raw: unknown, itemIndex: number): IDataObject[string] {
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
	const body: IDataObject = {};

	for (const field of spec.fields) {
		if (field.required) {
			body[field.api] = shapeField(ctx, field, itemParameter(ctx, field.param, itemIndex, ''), itemIndex);
			continue;
		}
		const raw = options[field.param];
		// An added-but-empty optional field means "not set", as everywhere in n8n.
		if (isUnset(raw)) continue;
		const shaped = shapeField(ctx, field, raw, itemIndex);
		if (Array.isArray(shaped) && shaped.length === 0) continue;
		body[field.api] = shaped;
	}

	let path = spec.path;
	let pathValue: string | undefined;
	if (spec.pathField) {
		pathValue = shapeField(ctx, spec.pathField, itemParameter(ctx, spec.pathField.param, itemIndex, ''), itemIndex) as string;
		// The shape admits digits only, so the id cannot alter the path.
		path = path.replace(`{${spec.pathField.api}}`, pathValue);
	}

	return { path, body, pathValue, settings: transportSettings(ctx, itemIndex, options) };
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
