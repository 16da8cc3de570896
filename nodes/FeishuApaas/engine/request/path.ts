import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TransportContext } from '../../transport/context';
import { shapeValue } from '../shape';
import type { FieldSpec, OperationSpec } from '../types';

/** A field's value, checked and shaped (the error names the field, and the item when given). */
export function fieldValue(ctx: TransportContext, field: FieldSpec, raw: unknown, itemIndex?: number): IDataObject[string] {
	return shapeValue(ctx, { displayName: field.displayName, name: field.param }, field.shape, raw, itemIndex) as IDataObject[string];
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
		const value = fieldValue(ctx, field, ctx.getNodeParameter(field.param, itemIndex, ''), itemIndex) as string;
		pathValues[field.api] = value;
		path = path.replace(placeholder, value);
	}
	return { path, pathValues };
}
