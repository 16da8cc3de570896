import type { IDataObject } from 'n8n-workflow';

import { cutText } from '../../transport/errors';
import type { PageTokenPagination } from '../types';
import type { FetchPage, Page } from './page';

/**
 * Feishu's token pages: `page_token` from the previous page's `next_page_token`, while `has_more`.
 * Only one page is held at a time, so memory stays flat however many records there are. A walk that
 * would never end stops with `loop(message)`, the item's error: a token seen before anywhere in the
 * walk (A, B, A, … — comparing with the previous token alone does not see it), or more than
 * MAX_EMPTY_PAGES empty pages in a row that each say `has_more`.
 */
export async function* pageTokenPages(
	pagination: PageTokenPagination,
	wanted: number,
	fetch: FetchPage,
	loop: (message: string) => Error,
): AsyncGenerator<Page> {
	let pageToken: string | undefined;
	// Every token of the walk: Feishu's tokens only move forward, so one seen before means a loop.
	const seen = new Set<string>();
	let emptyPages = 0;
	for (let received = 0, pages = 1; received < wanted; pages++) {
		const size = Math.min(pagination.maxPageSize, wanted - received);
		const keys: IDataObject = { ...pagination.extraBody, page_size: pagination.pageSizeAsString ? String(size) : size };
		if (pageToken !== undefined) keys.page_token = pageToken;
		const page = await fetch(keys);
		yield page;
		const { data, entries } = page;
		received += entries.length;
		const next = data[pagination.nextTokenKey ?? 'next_page_token'];
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
