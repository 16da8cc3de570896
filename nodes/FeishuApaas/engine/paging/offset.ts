import type { OffsetPagination } from '../types';
import type { FetchPage, Page } from './page';

/**
 * Feishu's offset pages (`limit` and `offset`, as strings or numbers as the API types them; the total
 * under `countKey`): read until a short page, the total, or `wanted` entries (the caller also stops as
 * soon as it has enough).
 */
export async function* offsetPages(pagination: OffsetPagination, wanted: number, fetch: FetchPage): AsyncGenerator<Page> {
	for (let offset = 0; offset < wanted; ) {
		const pageSize = Math.min(pagination.maxPageSize, wanted - offset);
		const asSent = (n: number) => (pagination.numbers ? n : String(n));
		const page = await fetch({ limit: asSent(pageSize), offset: asSent(offset) });
		yield page;
		const { data, entries } = page;
		offset += entries.length;
		const total = Number(data[pagination.countKey]);
		if (entries.length < pageSize || (Number.isFinite(total) && offset >= total)) return;
	}
}
