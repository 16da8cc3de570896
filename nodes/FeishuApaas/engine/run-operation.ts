import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { acknowledgement, entriesOf, recordOf } from './output';
import { pagedEntries, wantedCount } from './paging';
import { buildRequest } from './request/build-request';
import { send } from './request/send';
import type { OperationSpec } from './types';

/** Runs one operation for one input item and returns the JSON of its output items, in order. */
export async function runOperation(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	return await (spec.execute ?? runRow)(ctx, spec, itemIndex);
}

/** The engine's executor: the row's request, its pages, its output. */
export async function runRow(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const { output, pagination } = spec;
	if (!output) throw new Error(`${spec.resource}/${spec.operation}: a row without its own execute needs an output`);
	const request = buildRequest(ctx, spec, itemIndex);
	if (output.kind === 'list' && pagination) {
		return await pagedEntries(ctx, request, itemIndex, pagination, output, wantedCount(ctx, itemIndex));
	}
	const { data, logId } = await send(ctx, request, itemIndex);
	switch (output.kind) {
		case 'list':
			return entriesOf(data, output);
		case 'record':
			return [recordOf(data, output.itemKey, output.json)];
		default:
			return [acknowledgement(request, data, logId, output)];
	}
}
