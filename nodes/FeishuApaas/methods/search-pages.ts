/**
 * A list search over a Feishu list that takes no search text (apps, tables, enums): the pickers filter
 * each page themselves. n8n's editor (1.123 and 2.x, its resource locator dropdown) fetches the next page
 * by itself only while there is no search text; with one, only when the list is scrolled to its end, which
 * a list of a few matches cannot be. So without a search one Feishu page answers one call (the editor asks
 * for more), and with one the pages are read on, up to MAX_SEARCH_PAGES, and every match comes at once.
 */
import type { INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

/** Pages one search reads at most (1,000 apps, 2,000 tables or enums); past them the token is answered. */
export const MAX_SEARCH_PAGES = 20;

export interface SearchPage {
	/** This page's entries that match the search. */
	results: INodeListSearchItems[];
	/** Feishu's token of the next page; undefined (or '') on the last. */
	next: string | undefined;
}

export async function searchPages(
	filter: string | undefined,
	paginationToken: string | undefined,
	page: (token: string | undefined) => Promise<SearchPage>,
): Promise<INodeListSearchResult> {
	const searching = (filter?.trim() ?? '') !== '';
	const results: INodeListSearchItems[] = [];
	let token = paginationToken;
	for (let read = 1; ; read++) {
		const { results: found, next } = await page(token);
		results.push(...found);
		// An empty token is no token: read again, it would be the first page.
		token = next === '' ? undefined : next;
		if (!searching || token === undefined || read >= MAX_SEARCH_PAGES) return { results, paginationToken: token };
	}
}
