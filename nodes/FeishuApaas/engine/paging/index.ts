import { NodeApiError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { entriesOf } from '../output';
import type { PreparedRequest } from '../request/build-request';
import { send } from '../request/send';
import type { ListOutput, Pagination } from '../types';
import { shapeValue } from '../shape';
import { integerIn } from '../values';
import { offsetPages } from './offset';
import { pageTokenPages } from './page-token';

const LIMIT = { displayName: 'Limit', name: 'limit' };

/** Return All, or the item's Limit. */
export function wantedCount(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('returnAll', itemIndex, false)) return Number.POSITIVE_INFINITY;
	// Checked like every parameter, naming it: an expression can give Limit anything.
	return shapeValue(ctx, LIMIT, integerIn(1, Number.MAX_SAFE_INTEGER), ctx.getNodeParameter('limit', itemIndex, 50), itemIndex);
}

/**
 * Every entry of a paged list up to `wanted`, page after page with the pager of its kind. The paging
 * keys go where the API reads them: the body, or the query string (GET lists: n8n drops GET bodies).
 */
export async function pagedEntries(
	ctx: IExecuteFunctions,
	request: PreparedRequest,
	itemIndex: number,
	pagination: Pagination,
	output: ListOutput,
	wanted: number,
): Promise<IDataObject[]> {
	const fetch = async (keys: IDataObject) => {
		const { data } =
			pagination.in === 'query'
				? await send(ctx, request, itemIndex, request.body, { ...request.query, ...keys })
				: await send(ctx, request, itemIndex, { ...request.body, ...keys });
		return { data, entries: entriesOf(data, output) };
	};
	const loop = (message: string) => pagingLoop(ctx, message, itemIndex);
	const pages = pagination.kind === 'offset' ? offsetPages(pagination, wanted, fetch) : pageTokenPages(pagination, wanted, fetch, loop);
	const results: IDataObject[] = [];
	for await (const { entries } of pages) {
		for (const entry of entries) {
			if (results.length >= wanted) return results;
			results.push(entry);
		}
	}
	return results;
}

/** The item's error for a page-token walk that would never end. */
function pagingLoop(ctx: IExecuteFunctions, message: string, itemIndex: number): NodeApiError {
	const description = 'The answers Feishu gave are not a list that ends; nothing was written, and no entries are output for this item.';
	const error = new NodeApiError(ctx.getNode(), { msg: message, item_index: itemIndex }, { message, description, itemIndex });
	error.message = message;
	return error;
}
