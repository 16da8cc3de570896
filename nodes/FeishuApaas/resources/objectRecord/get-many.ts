import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { pagedEntries, wantedCount } from '../../engine/paging';
import { buildRequest } from '../../engine/request/build-request';
import type { ListOutput, OperationSpec } from '../../engine/types';
import { bothFiltersError, builtCriterion, rawFilterSet } from '../shared/filter-builder';

/**
 * Get Many (records/batch_query) with the filter builder: the row's request as the engine builds it,
 * its `filter` compiled from Filters when the builder has rows, then the engine's page-token pager.
 */
export async function getManyRecords(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const request = buildRequest(ctx, spec, itemIndex);
	const objectApiName = String(request.pathValues.object_api_name);
	const criterion = builtCriterion(ctx, itemIndex, objectApiName);
	if (criterion) {
		if (rawFilterSet(ctx, itemIndex)) throw bothFiltersError(ctx, itemIndex);
		request.body = { ...request.body, filter: criterion as unknown as IDataObject };
	}
	return await pagedEntries(ctx, request, itemIndex, spec.pagination!, spec.output as ListOutput, wantedCount(ctx, itemIndex));
}
