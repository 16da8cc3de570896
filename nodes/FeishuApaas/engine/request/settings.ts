import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TransportSettings } from '../../transport/context';
import { RUN_DEFAULTS, RUN_SHAPES } from '../run-options';
import { isUnset, shapeValue } from '../shape';

/** The transport's settings plus the item scheduling, which only the item scheduler reads. */
export interface RunSettings extends TransportSettings {
	concurrency: number;
	batchSize: number;
}

/** The request settings of an item's Options collection, checked, with the UI's defaults for the rest. */
export function runSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject,
): RunSettings {
	const settings: RunSettings = { ...RUN_DEFAULTS };
	for (const [name, shape] of Object.entries(RUN_SHAPES)) {
		const raw = options[name];
		if (isUnset(raw)) continue;
		settings[name as keyof RunSettings] = shapeValue(ctx, { displayName: `Options → ${name}`, name }, shape, raw, itemIndex);
	}
	return settings;
}
