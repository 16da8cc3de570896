import type { IDataObject } from 'n8n-workflow';

/** One page: Feishu's `data` and the entries parsed out of it. */
export interface Page {
	data: IDataObject;
	entries: IDataObject[];
}

/** Fetches one page given its paging keys (the caller puts them in the body or the query string). */
export type FetchPage = (pagingKeys: IDataObject) => Promise<Page>;
