import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { findOperation } from './operations/table';
import { runOperation } from './operations/run';

/** The JSON of an error item under Continue On Fail: the message plus whatever details the error has. */
function errorJson(error: unknown, itemIndex: number): IDataObject {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error), item_index: itemIndex };
	const details = (error as { errorResponse?: unknown }).errorResponse;
	if (details && typeof details === 'object') Object.assign(json, details);
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.description = description;
	return json;
}

/**
 * Runs the selected operation for every input item, in order. Each output item is paired with its
 * input item; with Continue On Fail a failing item becomes one error item in its place.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const spec = findOperation(resource, operation);
			if (!spec) {
				throw new NodeOperationError(this.getNode(), `Unsupported operation "${operation}" for resource "${resource}"`, {
					itemIndex,
				});
			}
			const results = await runOperation(this, spec, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: errorJson(error, itemIndex), pairedItem: { item: itemIndex } });
				continue;
			}
			// Both constructors hand back an error of their own class unchanged, keeping its details.
			if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [output];
}
