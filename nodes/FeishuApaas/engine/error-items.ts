import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * The JSON of an error item under Continue On Fail: the message plus whatever details the error has,
 * and the index of the item it stands for (set last: a batch error's details name its first item).
 */
export function errorJson(error: unknown, itemIndex: number): IDataObject {
	let json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	const details = (error as { errorResponse?: unknown }).errorResponse;
	// Spread, not Object.assign: a `__proto__` key in Feishu's details (a failed flow's data) stays an
	// ordinary own key instead of becoming the error item's prototype.
	if (details && typeof details === 'object') json = { ...json, ...(details as IDataObject) };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.description = description;
	json.item_index = itemIndex;
	return json;
}

/** One error item in place of input item `itemIndex`, paired with it. */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	return { json: errorJson(error, itemIndex), pairedItem: { item: itemIndex } };
}
