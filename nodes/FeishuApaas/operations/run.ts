import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemParameter } from '../run-cache';
import { callFeishu, type FeishuSuccess } from '../transport/request';
import { integerIn } from '../validation/values';
import { buildRequest, type PreparedRequest } from './build-request';
import { entriesOf, recordOf, rowsOf } from './output';
import type { OffsetPagination, OperationSpec, PageTokenPagination } from './types';

/** Runs one operation for one input item and returns the JSON of its output items, in order. */
export async function runOperation(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const request = buildRequest(ctx, spec, itemIndex);
	const { output, pagination } = spec;
	if (output.kind === 'list' && pagination) {
		const wanted = wantedCount(ctx, itemIndex);
		const page = (body: IDataObject) => sendPage(ctx, request, itemIndex, body, output);
		const pages = pagination.kind === 'offset' ? offsetPages(pagination, request, wanted, page) : tokenPages(pagination, request, wanted, page);
		const results: IDataObject[] = [];
		for await (const entries of pages) {
			for (const entry of entries) {
				if (results.length >= wanted) return results;
				results.push(entry);
			}
		}
		return results;
	}

	const { data, logId } = await send(ctx, request, itemIndex);
	switch (output.kind) {
		case 'list':
			return entriesOf(data, output);
		case 'record':
			return [recordOf(data, output.itemKey)];
		case 'rows':
			return rowsOf(data, output);
		default: {
			const result: IDataObject = { success: true, ...request.pathValues, ...data };
			if (logId) result.log_id = logId;
			return [result];
		}
	}
}

async function send(ctx: IExecuteFunctions, request: PreparedRequest, itemIndex: number, body = request.body): Promise<FeishuSuccess> {
	const { method, path, query, api, settings } = request;
	return await callFeishu(ctx, { method, path, body, query, itemIndex, api }, settings);
}

/** One page: Feishu's `data` and the entries parsed out of it. */
interface Page {
	data: IDataObject;
	entries: IDataObject[];
}

async function sendPage(
	ctx: IExecuteFunctions,
	request: PreparedRequest,
	itemIndex: number,
	body: IDataObject,
	output: ListOutput,
): Promise<Page> {
	const { data } = await send(ctx, request, itemIndex, body);
	return { data, entries: entriesOf(data, output) };
}

type ListOutput = Extract<OperationSpec['output'], { kind: 'list' }>;

/** Return All, or the item's Limit. */
function wantedCount(ctx: IExecuteFunctions, itemIndex: number): number {
	if (itemParameter(ctx, 'returnAll', itemIndex, false)) return Number.POSITIVE_INFINITY;
	return integerIn(1, Number.MAX_SAFE_INTEGER)(itemParameter(ctx, 'limit', itemIndex, 50));
}

/**
 * Feishu's offset pages (`limit` and `offset` as strings, `count` returned as a string): read until
 * a short page, `count`, or enough entries (the caller also stops as soon as it has enough).
 */
async function* offsetPages(
	pagination: OffsetPagination,
	request: PreparedRequest,
	wanted: number,
	page: (body: IDataObject) => Promise<Page>,
): AsyncGenerator<IDataObject[]> {
	for (let offset = 0; offset < wanted; ) {
		const pageSize = Math.min(pagination.maxPageSize, wanted - offset);
		const { data, entries } = await page({ ...request.body, limit: String(pageSize), offset: String(offset) });
		yield entries;
		offset += entries.length;
		const total = Number(data[pagination.countKey]);
		if (entries.length < pageSize || (Number.isFinite(total) && offset >= total)) return;
	}
}

/**
 * Feishu's token pages: `page_token` from the previous page's `next_page_token`, while `has_more`.
 * Only one page is held at a time, so memory stays flat however many records there are.
 */
async function* tokenPages(
	pagination: PageTokenPagination,
	request: PreparedRequest,
	wanted: number,
	page: (body: IDataObject) => Promise<Page>,
): AsyncGenerator<IDataObject[]> {
	let pageToken: string | undefined;
	for (let received = 0; received < wanted; ) {
		const size = Math.min(pagination.maxPageSize, wanted - received);
		const body: IDataObject = { ...request.body, ...pagination.extraBody, page_size: pagination.pageSizeAsString ? String(size) : size };
		if (pageToken !== undefined) body.page_token = pageToken;
		const { data, entries } = await page(body);
		yield entries;
		received += entries.length;
		const next = data.next_page_token;
		// has_more decides; a token that does not move on would loop forever.
		if (data.has_more !== true || typeof next !== 'string' || next === '' || next === pageToken) return;
		pageToken = next;
	}
}
