import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemParameter } from '../run-cache';
import { callFeishu } from '../transport/request';
import { integerIn } from '../validation/values';
import { buildRequest, type PreparedRequest } from './build-request';
import type { OffsetPagination, OperationSpec } from './types';

/** Runs one operation for one input item and returns the JSON of its output items, in order. */
export async function runOperation(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const request = buildRequest(ctx, spec, itemIndex);
	const { output } = spec;
	if (output.kind === 'list' && spec.pagination) {
		return await collectPages(ctx, spec.pagination, output.itemsKey, request, itemIndex);
	}

	const { data, logId } = await callFeishu(ctx, { path: request.path, body: request.body, itemIndex }, request.settings);
	if (output.kind === 'list') return entriesOf(data, output.itemsKey);
	const result: IDataObject = { success: true };
	if (spec.pathField && request.pathValue !== undefined) result[spec.pathField.api] = request.pathValue;
	Object.assign(result, data);
	if (logId) result.log_id = logId;
	return [result];
}

/**
 * Walks Feishu's offset pages (`limit` and `offset` as strings, `count` returned as a string). Return
 * All reads until a short page or `count`; Limit stops as soon as enough entries arrived.
 */
async function collectPages(
	ctx: IExecuteFunctions,
	pagination: OffsetPagination,
	itemsKey: string,
	request: PreparedRequest,
	itemIndex: number,
): Promise<IDataObject[]> {
	const returnAll = itemParameter(ctx, 'returnAll', itemIndex, false);
	const wanted = returnAll
		? Number.POSITIVE_INFINITY
		: integerIn(1, Number.MAX_SAFE_INTEGER)(itemParameter(ctx, 'limit', itemIndex, 50));
	const results: IDataObject[] = [];
	let offset = 0;
	while (results.length < wanted) {
		const pageSize = Math.min(pagination.maxPageSize, wanted - results.length);
		const body = { ...request.body, limit: String(pageSize), offset: String(offset) };
		const { data } = await callFeishu(ctx, { path: request.path, body, itemIndex }, request.settings);
		const page = entriesOf(data, itemsKey);
		for (const entry of page) {
			if (results.length >= wanted) break;
			results.push(entry);
		}
		offset += page.length;
		const total = Number(data[pagination.countKey]);
		if (page.length < pageSize || (Number.isFinite(total) && offset >= total)) break;
	}
	return results;
}

/** The entries of a list in Feishu's `data`; a missing list means none. */
function entriesOf(data: IDataObject, itemsKey: string): IDataObject[] {
	const entries = data[itemsKey];
	return Array.isArray(entries) ? (entries as IDataObject[]) : [];
}
