import type { IDataObject } from 'n8n-workflow';

import { parseJsonField } from '../../engine/output';
import { buildRequest } from '../../engine/request/build-request';
import { send } from '../../engine/request/send';
import type { OperationExecutor } from '../../engine/types';

/**
 * A function's JSON `result` as items: an object is the item, an array one item per entry (objects
 * as they are, other values under `result`), a scalar `{result: value}`; nothing, no item.
 */
export function resultItems(data: IDataObject): IDataObject[] {
	const parsed = parseJsonField(data.result, 'result');
	if (parsed === undefined) return [];
	const wrap = (value: unknown): IDataObject =>
		typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : { result: value as IDataObject[string] };
	return Array.isArray(parsed) ? parsed.map(wrap) : [wrap(parsed)];
}

/** Invoke: the function's result, parsed with int64 kept exact. */
export const invokeFunction: OperationExecutor = async (ctx, spec, itemIndex) => {
	const { data } = await send(ctx, buildRequest(ctx, spec, itemIndex), itemIndex);
	return resultItems(data);
};
