import { NodeApiError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { itemParameter } from '../run-cache';
import { cutText } from '../transport/errors';
import { callFeishu, type FeishuSuccess } from '../transport/request';
import { integerIn } from '../validation/values';
import { buildRequest, type PreparedRequest } from './build-request';
import { holdsInt64, stringifyExact } from './exact-json';
import { entriesOf, jsonItems, parsedKeys, recordOf, rowsOf } from './output';
import type { OffsetPagination, OperationSpec, PageTokenPagination } from './types';

/** Runs one operation for one input item and returns the JSON of its output items, in order. */
export async function runOperation(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const request = buildRequest(ctx, spec, itemIndex);
	const { output, pagination } = spec;
	if (output.kind === 'list' && pagination) {
		const wanted = wantedCount(ctx, itemIndex);
		const page = (body: IDataObject) => sendPage(ctx, request, itemIndex, body, output);
		const loop = (message: string) => pagingLoop(ctx, message, itemIndex);
		const pages =
			pagination.kind === 'offset' ? offsetPages(pagination, request, wanted, page) : tokenPages(pagination, request, wanted, page, loop);
		const results: IDataObject[] = [];
		for await (const entries of pages) {
			for (const entry of entries) {
				if (results.length >= wanted) return results;
				results.push(entry);
			}
		}
		return results;
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

/**
 * One item's request sent in as many requests as its capped lists need (each with up to `max` entries
 * of every key), one after another; the last answer is returned. Should a later request fail, the
 * error says what the earlier ones already did.
 */
async function sendSplit(
	ctx: IExecuteFunctions,
	split: NonNullable<OperationSpec['splitLists']>,
	request: PreparedRequest,
	itemIndex: number,
): Promise<FeishuSuccess> {
	const lists = split.keys.map((key) => (Array.isArray(request.body?.[key]) ? (request.body?.[key] as unknown[]) : []));
	const parts = Math.max(1, ...lists.map((list) => Math.ceil(list.length / split.max)));
	let last: FeishuSuccess | undefined;
	for (let part = 0; part < parts; part++) {
		const body: IDataObject = { ...request.body };
		split.keys.forEach((key, k) => {
			const chunk = lists[k].slice(part * split.max, (part + 1) * split.max);
			if (chunk.length > 0) body[key] = chunk as IDataObject[];
			else delete body[key];
		});
		try {
			last = await send(ctx, request, itemIndex, body);
		} catch (error) {
			if (part > 0 && error instanceof NodeApiError) {
				const done = `The first ${part} of ${parts} requests for this item (up to ${split.max} ids each) had already succeeded.`;
				error.description = [error.description, done].filter(Boolean).join(' — ');
			}
			// The transport's errors are NodeApiErrors already; the constructor hands them back unchanged.
			throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
		}
	}
	return last as FeishuSuccess;
}

/** A failure Feishu reported inside a successful answer (`code: 0`), as an error with Feishu's words. */
function reportedFailure(ctx: IExecuteFunctions, message: string, data: IDataObject, itemIndex: number, logId?: string): NodeApiError {
	const details: JsonObject = { ...(data as JsonObject), item_index: itemIndex };
	if (logId) details.log_id = logId;
	const cut = cutText(message);
	const error = new NodeApiError(ctx.getNode(), details, { message: cut, itemIndex });
	error.message = cut;
	return error;
}

async function send(ctx: IExecuteFunctions, request: PreparedRequest, itemIndex: number, body = request.body): Promise<FeishuSuccess> {
	const { method, path, query, api, settings } = request;
	// Int64s parsed from JSON the user typed are written back as the bare numbers they were.
	const bodyJson = body !== undefined && holdsInt64(body) ? stringifyExact(body) : undefined;
	return await callFeishu(ctx, { method, path, body, bodyJson, query, itemIndex, api }, settings);
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
		const asSent = (n: number) => (pagination.numbers ? n : String(n));
		const { data, entries } = await page({ ...request.body, limit: asSent(pageSize), offset: asSent(offset) });
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
	loop: (message: string) => Error,
): AsyncGenerator<IDataObject[]> {
	let pageToken: string | undefined;
	// Every token of the walk: Feishu's tokens only move forward, so one seen before means a loop
	// (A, B, A, … would never end; comparing with the previous token alone does not see it).
	const seen = new Set<string>();
	let emptyPages = 0;
	for (let received = 0, pages = 1; received < wanted; pages++) {
		const size = Math.min(pagination.maxPageSize, wanted - received);
		const body: IDataObject = { ...request.body, ...pagination.extraBody, page_size: pagination.pageSizeAsString ? String(size) : size };
		if (pageToken !== undefined) body.page_token = pageToken;
		const { data, entries } = await page(body);
		yield entries;
		received += entries.length;
		const next = data.next_page_token;
		if (data.has_more !== true || typeof next !== 'string' || next === '') return;
		if (next === pageToken || seen.has(next)) {
			throw loop(`Feishu returned page token "${cutText(next, 80)}" a second time (page ${pages}): paging would never end, so it stopped`);
		}
		emptyPages = entries.length === 0 ? emptyPages + 1 : 0;
		if (emptyPages > MAX_EMPTY_PAGES) {
			throw loop(`Feishu returned ${emptyPages} empty pages in a row that each said has_more (page ${pages}): paging stopped`);
		}
		if (pageToken !== undefined) seen.add(pageToken);
		pageToken = next;
	}
}

/**
 * Empty pages in a row tolerated while `has_more` stays true. Feishu may answer an empty page now and
 * then (records filtered out by permissions after the page was cut); more than a few in a row is a
 * walk that would not end.
 */
export const MAX_EMPTY_PAGES = 3;

/** The item's error for a page-token walk that would never end. */
function pagingLoop(ctx: IExecuteFunctions, message: string, itemIndex: number): NodeApiError {
	const description = 'The answers Feishu gave are not a list that ends; nothing was written, and no entries are output for this item.';
	const error = new NodeApiError(ctx.getNode(), { msg: message, item_index: itemIndex }, { message, description, itemIndex });
	error.message = message;
	return error;
}
