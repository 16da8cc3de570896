import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { runRecordWrites } from './batch-runner';
import { errorItem } from './error-items';
import { runSettings } from './request/settings';
import { runOperation } from './run-operation';
import { staggeredStarts } from './staggered-starts';
import type { OperationSpec } from './types';

/** Runs one item; throws on failure (the caller decides between Continue On Fail and stopping). */
async function runItem(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<INodeExecutionData[]> {
	const results = await runOperation(ctx, spec, itemIndex);
	return results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * Runs the selected operation for every input item, up to Concurrency at a time, batch after batch.
 * Each item's outputs land in its own slot, so output order and pairing are those of the input,
 * whatever finishes first. With Continue On Fail a failing item becomes one error item in its place;
 * without it, no new item starts after a failure and the failure of the lowest item is thrown.
 */
export async function scheduleItems(this: IExecuteFunctions, spec: OperationSpec): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	if (itemCount === 0) return [[]];
	// Rows that share requests across items (upsert) run all items at once.
	if (spec.executeAll) return [await spec.executeAll(this, spec)];
	// Record writes go out many items per request, so they have a runner of their own.
	if (spec.batch) return [await runRecordWrites(this, spec, spec.batch)];
	// Concurrency and batch size shape the whole run, so they come from the first item.
	const { concurrency, batchSize } = runSettings(this, 0);
	const slots: INodeExecutionData[][] = new Array(itemCount);
	const failures = new Map<number, unknown>();
	const size = batchSize > 0 ? batchSize : Math.max(itemCount, 1);
	// With one worker nothing starts at the same moment, so nothing needs spacing. Measured on an idle
	// machine (bench part 3, c = 20): 0.77 of the raw loop's speed without it, 0.96 with it.
	const nextStart = concurrency > 1 ? staggeredStarts() : async () => undefined;

	for (let batchStart = 0; batchStart < itemCount && failures.size === 0; batchStart += size) {
		const batchEnd = Math.min(batchStart + size, itemCount);
		let next = batchStart;
		const worker = async () => {
			while (next < batchEnd && failures.size === 0) {
				await nextStart();
				if (next >= batchEnd || failures.size > 0) break;
				const itemIndex = next++;
				try {
					slots[itemIndex] = await runItem(this, spec, itemIndex);
				} catch (error) {
					if (this.continueOnFail()) slots[itemIndex] = [errorItem(error, itemIndex)];
					else failures.set(itemIndex, error);
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, batchEnd - batchStart) }, worker));
	}

	if (failures.size > 0) {
		const itemIndex = Math.min(...failures.keys());
		const error = failures.get(itemIndex);
		// Both constructors hand back an error of their own class unchanged, keeping its details.
		if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	return [slots.flat()];
}
