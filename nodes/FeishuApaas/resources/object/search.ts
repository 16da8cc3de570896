import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { pagedEntries, wantedCount } from '../../engine/paging';
import { buildRequest } from '../../engine/request/build-request';
import { invalid } from '../../engine/shape';
import type { ListOutput, OperationSpec } from '../../engine/types';
import { builtCriterion } from '../shared/filter-builder';

const FILTERS = { displayName: 'Filters', name: 'filters' };

/**
 * Search with the filter builder: Feishu filters per searched object (`search_objects[].filter`), so
 * the rows are compiled once per object named in Objects to Search, each with its own fieldPath.
 */
export async function searchRecords(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const request = buildRequest(ctx, spec, itemIndex);
	const objects = request.body?.search_objects as IDataObject[] | undefined;
	// The criterion of the first object tells whether the builder has rows at all.
	if (builtCriterion(ctx, itemIndex, 'any') !== undefined) {
		if (!objects || objects.length === 0) {
			throw invalid(ctx, FILTERS, itemIndex, 'needs Options → Objects to Search: Feishu filters the records of named objects only');
		}
		request.body = {
			...request.body,
			search_objects: objects.map((entry) => {
				if (entry.filter !== undefined) {
					throw invalid(ctx, FILTERS, itemIndex, `is set together with a filter in Objects to Search (object ${String(entry.api_name)}): use one of the two`);
				}
				return { ...entry, filter: builtCriterion(ctx, itemIndex, String(entry.api_name)) as unknown as IDataObject };
			}),
		};
	}
	return await pagedEntries(ctx, request, itemIndex, spec.pagination!, spec.output as ListOutput, wantedCount(ctx, itemIndex));
}
