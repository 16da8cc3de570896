/**
 * Get Many of audit and data-change logs: the row's request, then the walk past Feishu's 10,000-row
 * cap (log-walk.ts) instead of plain offset pages, so Return All gets every entry of the range
 * exactly once, in time order.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { wantedCount } from '../../engine/paging';
import { buildRequest } from '../../engine/request/build-request';
import { send } from '../../engine/request/send';
import { invalid } from '../../engine/shape';
import type { OperationExecutor } from '../../engine/types';
import { LOG_PAGE_SIZE, walkLogs, type LogItem } from './log-walk';

function items(data: IDataObject): LogItem[] {
	return Array.isArray(data.items) ? (data.items as LogItem[]) : [];
}

function totalOf(data: IDataObject): number | undefined {
	const total = Number(data.total);
	return Number.isSafeInteger(total) ? total : undefined;
}

export const getAllLogs: OperationExecutor = async (ctx: IExecuteFunctions, spec, itemIndex) => {
	const request = buildRequest(ctx, spec, itemIndex);
	const query = request.query ?? {};
	const from = Number(query.from);
	const to = Number(query.to);
	if (from > to) throw invalid(ctx, { displayName: 'From', name: 'from' }, itemIndex, 'is later than "To"');
	// The walk needs every entry's id and time, whatever columns the user picked.
	if (Array.isArray(query.columns)) {
		const columns = query.columns as string[];
		query.columns = [...columns, ...['log_id', 'op_time'].filter((c) => !columns.includes(c))];
	}
	const order = query.sort_order === 'desc' ? 'desc' : 'asc';
	const wanted = wantedCount(ctx, itemIndex);
	const results: IDataObject[] = [];
	const pages = walkLogs({
		from,
		to,
		order,
		limit: Number.isFinite(wanted) ? wanted : undefined,
		pageSize: Math.min(LOG_PAGE_SIZE, Number.isFinite(wanted) ? wanted : LOG_PAGE_SIZE),
		fetch: async (page) => {
			const { data } = await send(ctx, request, itemIndex, request.body, {
				...query,
				from: String(page.from),
				to: String(page.to),
				offset: String(page.offset),
				page_size: String(page.pageSize),
				sort_by: 'op_time',
				sort_order: page.order,
			});
			return { items: items(data), total: totalOf(data) };
		},
		error: (message) => new NodeOperationError(ctx.getNode(), message, { itemIndex }),
	});
	for await (const page of pages) results.push(...(page as IDataObject[]));
	return results;
};
