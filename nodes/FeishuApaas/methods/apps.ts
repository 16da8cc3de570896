/**
 * The namespace picker under the user credential: n8n's list search over the tenant's apps, one
 * Feishu page (Get Many Apps) per call of the editor, filtered by the search text.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { apiOf, credentialTypeOf } from '../engine/request/api';
import { RUN_DEFAULTS } from '../engine/run-options';
import { findOperation } from '../resources';
import { APPS_PAGE_SIZE } from '../resources/app';
import { callFeishu } from '../transport/request';
import { searchPages } from './search-pages';

const APPS = (() => {
	const spec = findOperation('app', 'getAll');
	if (!spec) throw new Error('catalog: app/getAll is missing');
	return spec;
})();

/** An app's name in the editor's language preference: English, then Chinese, then any. */
function appName(app: IDataObject): string | undefined {
	const names = Array.isArray(app.name) ? (app.name as Array<{ language_code?: string; text?: string }>) : [];
	const pick = (code: string) => names.find((n) => n.language_code?.toLowerCase().startsWith(code))?.text;
	return pick('en') ?? pick('zh') ?? names.find((n) => n.text)?.text;
}

/** Every name of the app, in any language: a search finds an app shown in English by its Chinese name too. */
function allNames(app: IDataObject): string[] {
	const names = Array.isArray(app.name) ? (app.name as Array<{ text?: unknown }>) : [];
	return names.map((n) => (typeof n.text === 'string' ? n.text : '')).filter((text) => text !== '');
}

export async function searchApps(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const needle = filter?.trim().toLowerCase() ?? '';
	// Feishu's apps list takes no search text: each page is filtered here (see search-pages.ts).
	return await searchPages(filter, paginationToken, async (token) => {
		const query: IDataObject = { page_size: String(APPS_PAGE_SIZE) };
		if (token) query.page_token = token;
		const { data } = await callFeishu(
			this,
			{ method: 'GET', path: APPS.path, query, itemIndex: 0, api: apiOf(APPS), credentialType: credentialTypeOf(APPS) },
			{ ...RUN_DEFAULTS, maxRetries: 1 },
		);
		const apps = Array.isArray(data.items) ? (data.items as IDataObject[]) : [];
		const results: INodeListSearchItems[] = [];
		for (const app of apps) {
			const namespace = typeof app.namespace === 'string' ? app.namespace : undefined;
			if (!namespace) continue;
			const name = appName(app);
			const label = name ? `${name} (${namespace})` : namespace;
			if (needle && ![label, ...allNames(app)].some((text) => text.toLowerCase().includes(needle))) continue;
			results.push({ name: label, value: namespace });
		}
		return { results, next: data.has_more === true && typeof data.page_token === 'string' ? data.page_token : undefined };
	});
}
