/**
 * The two pagers on their own (engine/paging/offset.ts, page-token.ts): which paging keys each page
 * asks with, and when they stop. Through n8n and the emulator they are covered by the Get Many,
 * Query, Search, Data Table and trigger tests.
 */
import type { IDataObject } from 'n8n-workflow';

import { offsetPages } from '../../../../../nodes/FeishuApaas/engine/paging/offset';
import { pageTokenPages } from '../../../../../nodes/FeishuApaas/engine/paging/page-token';
import type { Page } from '../../../../../nodes/FeishuApaas/engine/paging/page';

const loop = (message: string) => new Error(message);
const entries = (n: number, from = 0): IDataObject[] => Array.from({ length: n }, (_, k) => ({ n: from + k }));

async function collect(pages: AsyncGenerator<Page>): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	for await (const page of pages) out.push(...page.entries);
	return out;
}

describe('offsetPages', () => {
	it('asks limit/offset as strings (or numbers), and stops at the total', async () => {
		const asked: IDataObject[] = [];
		const fetch = async (keys: IDataObject): Promise<Page> => {
			asked.push(keys);
			const offset = Number(keys.offset);
			return { data: { count: '120' }, entries: entries(Math.min(50, 120 - offset), offset) };
		};
		expect(await collect(offsetPages({ kind: 'offset', countKey: 'count', maxPageSize: 50 }, Infinity, fetch))).toHaveLength(120);
		expect(asked).toEqual([
			{ limit: '50', offset: '0' },
			{ limit: '50', offset: '50' },
			{ limit: '50', offset: '100' },
		]);
		asked.length = 0;
		await collect(offsetPages({ kind: 'offset', countKey: 'count', maxPageSize: 50, numbers: true }, 60, fetch));
		expect(asked).toEqual([
			{ limit: 50, offset: 0 },
			{ limit: 10, offset: 50 },
		]);
	});

	it('stops after a short page even without a total', async () => {
		let calls = 0;
		const fetch = async (): Promise<Page> => ({ data: {}, entries: entries(++calls === 1 ? 50 : 3) });
		expect(await collect(offsetPages({ kind: 'offset', countKey: 'total', maxPageSize: 50 }, Infinity, fetch))).toHaveLength(53);
		expect(calls).toBe(2);
	});
});

describe('pageTokenPages', () => {
	it('passes each next token on, with the extra keys, until has_more is false', async () => {
		const asked: IDataObject[] = [];
		const fetch = async (keys: IDataObject): Promise<Page> => {
			asked.push(keys);
			const page = asked.length;
			return { data: { has_more: page < 3, next_page_token: `t${page}` }, entries: entries(2) };
		};
		const pagination = { kind: 'pageToken' as const, maxPageSize: 2, extraBody: { use_page_token: true } };
		expect(await collect(pageTokenPages(pagination, Infinity, fetch, loop))).toHaveLength(6);
		expect(asked).toEqual([
			{ use_page_token: true, page_size: 2 },
			{ use_page_token: true, page_size: 2, page_token: 't1' },
			{ use_page_token: true, page_size: 2, page_token: 't2' },
		]);
	});

	it('reads the token from nextTokenKey, and ends a walk that hands back a token it gave before with loop()', async () => {
		let calls = 0;
		const fetch = async (): Promise<Page> => ({ data: { has_more: true, page_token: 'same' }, entries: entries(1, calls++) });
		const pagination = { kind: 'pageToken' as const, maxPageSize: 10, pageSizeAsString: true, nextTokenKey: 'page_token' };
		await expect(collect(pageTokenPages(pagination, Infinity, fetch, loop))).rejects.toThrow('a second time');
		expect(calls).toBe(2);
	});
});
