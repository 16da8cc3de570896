import { NodeApiError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { cutText } from '../transport/errors';
import { entriesOf, jsonItems, parsedKeys, recordOf, rowsOf } from './output';
import { pagedEntries, wantedCount } from './paging';
import { buildRequest } from './request/build-request';
import { send } from './request/send';
import { sendSplit } from './split-lists';
import type { OperationSpec } from './types';

/** Runs one operation for one input item and returns the JSON of its output items, in order. */
export async function runOperation(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	return await (spec.execute ?? runRow)(ctx, spec, itemIndex);
}

/** The engine's executor: the row's request, its pages, its output. */
export async function runRow(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const request = buildRequest(ctx, spec, itemIndex);
	const { output, pagination } = spec;
	if (output.kind === 'list' && pagination) {
		return await pagedEntries(ctx, request, itemIndex, pagination, output, wantedCount(ctx, itemIndex));
	}

	const { data, logId } = spec.splitLists ? await sendSplit(ctx, spec.splitLists, request, itemIndex) : await send(ctx, request, itemIndex);
	const failure = spec.failure?.(data);
	if (failure !== undefined) {
		const details = parsedKeys(data, output.kind === 'acknowledge' ? output.parse : undefined);
		throw reportedFailure(ctx, failure, details, itemIndex, logId);
	}
	switch (output.kind) {
		case 'list':
			return entriesOf(data, output);
		case 'record':
			return [recordOf(data, output.itemKey, output.json)];
		case 'rows':
			return rowsOf(data, output);
		case 'json':
			return jsonItems(data, output.key);
		default: {
			const result: IDataObject = { success: true, ...request.pathValues, ...parsedKeys(data, output.parse) };
			for (const key of output.echo ?? []) if (request.body?.[key] !== undefined) result[key] = request.body[key];
			if (logId) result.log_id = logId;
			return [result];
		}
	}
}

/** A failure Feishu reported inside a successful answer (`code: 0`), as an error with Feishu's words. */
export function reportedFailure(ctx: IExecuteFunctions, message: string, data: IDataObject, itemIndex: number, logId?: string): NodeApiError {
	const details: JsonObject = { ...(data as JsonObject), item_index: itemIndex };
	if (logId) details.log_id = logId;
	// Feishu's words (a flow's error_msg) cut to a sane length: a 50 MB one would be a 50 MB message.
	const cut = cutText(message);
	const error = new NodeApiError(ctx.getNode(), details, { message: cut, itemIndex });
	error.message = cut;
	return error;
}
