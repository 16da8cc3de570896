import type { IDataObject } from 'n8n-workflow';

import type { PageTokenPagination } from '../types';
import type { FetchPage } from './page';

/**
 * Feishu's token pages: `page_token` from the previous page's `next_page_token`, while `has_more`.
 * Only one page is held at a time, so memory stays flat however many records there are.
 */
export async function* pageTokenPages(pagination: PageTokenPagination, wanted: number, fetch: FetchPage): AsyncGenerator<IDataObject[]> {
	let pageToken: string | undefined;
	for (let received = 0; received < wanted; ) {
		const size = Math.min(pagination.maxPageSize, wanted - received);
		const keys: IDataObject = { ...pagination.extraBody, page_size: pagination.pageSizeAsString ? String(size) : size };
		if (pageToken !== undefined) keys.page_token = pageToken;
		const { data, entries } = await fetch(keys);
		yield entries;
		received += entries.length;
		const next = data[pagination.nextTokenKey ?? 'next_page_token'];
		// has_more decides; a token that does not move on would loop forever.
		if (data.has_more !== true || typeof next !== 'string' || next === '' || next === pageToken) return;
		pageToken = next;
	}
}
