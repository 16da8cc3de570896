/**
 * Reading rows (table records, view records): `select`, `order` and the compiled `filter` in the
 * query string, pages by `page_token`, `items` a JSON string parsed with int64 exact.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { pagedEntries, wantedCount } from '../../engine/paging';
import { buildRequest } from '../../engine/request/build-request';
import type { OperationSpec } from '../../engine/types';
import { filterOf } from '../shared/filter-parameters';

export async function readRows(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const request = buildRequest(ctx, spec, itemIndex);
	const filter = filterOf(ctx, itemIndex, false);
	if (filter !== undefined) request.query = { ...request.query, filter };
	if (spec.output?.kind !== 'list' || !spec.pagination) throw new Error(`${spec.resource}/${spec.operation}: readRows needs a paged list row`);
	return await pagedEntries(ctx, request, itemIndex, spec.pagination, spec.output, wantedCount(ctx, itemIndex));
}
