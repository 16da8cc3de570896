/**
 * The namespace picker under the user credential (searchApps, methods/apps.ts) through n8n-core's
 * LoadOptionsContext, the way n8n's server calls it when the editor opens the list: the tenant's apps
 * from Get Many Apps (a user token), shown as "Name (namespace)", valued by namespace; the editor's
 * search; paging by Feishu's page_token; and the node's and the trigger's lists being the same method.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ADMIN_USER, DEFAULT_APP, type AdminApp, type FeishuEmulator } from '../../../../emulator';
import { connectedCredential } from '../../../helpers/data-platform';
import { MAX_SEARCH_PAGES } from '../../../../nodes/FeishuApaas/methods/search-pages';
import { listSearch } from '../../../helpers/harness/load-options';
import { NODE_TYPE, useEmulator } from '../../../helpers/feishu';

const TRIGGER_TYPE = 'n8n-nodes-feishu-apaas.feishuApaasTrigger';
/** The editor's parameters of Audit Log / Get Many with the list still empty. */
const AUDIT_LOG: INodeParameters = {
	authentication: 'userToken',
	resource: 'auditLog',
	operation: 'getAll',
	namespace: { __rl: true, mode: 'list', value: '' },
};

/** The sample tenant's apps, oldest first, as the list shows them. */
const SAMPLE = [
	{ name: 'Demo App (demo_app)', value: 'demo_app' },
	{ name: 'Purchasing (package_abc__c)', value: 'package_abc__c' },
	{ name: 'HR Portal (hr_portal)', value: 'hr_portal' },
];

const app = (namespace: string, i: number, name: AdminApp['name'] = [{ language_code: 'en_us', text: `App ${i}` }]): AdminApp => ({
	namespace,
	name,
	status: 'enabled',
	created_at: 1_800_000_000_000 + i,
	creator: ADMIN_USER,
	owner: ADMIN_USER,
	app_roles_info: { admins: [ADMIN_USER], developers: [], test_users: [], data_admins: [] },
});

describe('App picker (searchApps through n8n-core\'s LoadOptionsContext)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const search = async (options: { filter?: string; paginationToken?: string; nodeType?: string; parameters?: INodeParameters; credential?: Record<string, unknown> } = {}) =>
		await listSearch('searchApps', {
			nodeType: options.nodeType ?? NODE_TYPE,
			parameters: options.parameters ?? AUDIT_LOG,
			path: 'parameters.namespace',
			credential: { type: 'feishuApaasOAuth2Api', data: (options.credential ?? (await connectedCredential(emulator))) as never },
			filter: options.filter,
			paginationToken: options.paginationToken,
		});
	const appRequests = () => emulator.requests.filter((r) => r.path === '/open-apis/apaas/v1/apps');
	const failure = async (options: Parameters<typeof search>[0] = {}) => await search(options).then(() => undefined, (e: Error & { description?: string }) => e);

	it('lists the tenant\'s apps as "Name (namespace)", valued by namespace, with one GET of 50 and the user token', async () => {
		const { result } = await search();
		expect(result).toEqual({ results: SAMPLE, paginationToken: undefined });
		expect(appRequests().map((r) => [r.method, r.query])).toEqual([['GET', 'page_size=50']]);
		expect(appRequests()[0].headers.authorization).toMatch(/^Bearer u-/);
	});

	it('the trigger\'s New Audit Log Event lists the same apps', async () => {
		const { result } = await search({
			nodeType: TRIGGER_TYPE,
			parameters: { authentication: 'userToken', event: 'newAuditLogEvent', namespace: { __rl: true, mode: 'list', value: '' } },
		});
		expect(result.results).toEqual(SAMPLE);
	});

	it('names an app in English, else in Chinese, else any language, else by its namespace alone', async () => {
		emulator.seed({
			admin: {
				apps: [
					app('zh_only', 1, [{ language_code: 'zh_cn', text: '仅中文' }]),
					app('ja_only', 2, [{ language_code: 'ja_jp', text: '日本語のみ' }]),
					app('no_name', 3, []),
					app('both', 4, [
						{ language_code: 'zh_cn', text: '双语' },
						{ language_code: 'en_US', text: 'Bilingual' },
					]),
				],
			},
		});
		const { result } = await search();
		expect(result.results.slice(3)).toEqual([
			{ name: '仅中文 (zh_only)', value: 'zh_only' },
			{ name: '日本語のみ (ja_only)', value: 'ja_only' },
			{ name: 'no_name', value: 'no_name' },
			{ name: 'Bilingual (both)', value: 'both' },
		]);
	});

	it.each([
		['part of a name, any case', 'purch', ['package_abc__c']],
		['part of a namespace', 'hr_', ['hr_portal']],
		['text in several apps', 'a', ['demo_app', 'package_abc__c', 'hr_portal']],
		['surrounding spaces', '  Demo  ', ['demo_app']],
		['the Chinese name of an app shown in English', '采购', ['package_abc__c']],
		['text nothing matches', 'no_such_app', []],
	])('searches by %s', async (_label, filter, values) => {
		const { result } = await search({ filter });
		expect(result.results.map((r) => r.value)).toEqual(values);
		expect(result.paginationToken).toBeUndefined();
		// Feishu's apps list takes no search: the editor's text filters what it answers.
		expect(appRequests().map((r) => r.query)).toEqual(['page_size=50']);
	});

	it('pages by Feishu\'s page_token: 120 apps in three calls of 50, the editor passing the token back', async () => {
		const many = Array.from({ length: 117 }, (_, i) => app(`app_${String(i).padStart(3, '0')}`, i));
		emulator.seed({ admin: { apps: many } });
		const seen: string[] = [];
		const tokens: Array<string | undefined> = [];
		let token: string | undefined;
		do {
			const { result } = await search({ paginationToken: token });
			seen.push(...result.results.map((r) => String(r.value)));
			token = result.paginationToken as string | undefined;
			tokens.push(token);
		} while (token !== undefined && tokens.length < 5);
		expect(seen).toEqual([...SAMPLE.map((a) => a.value), ...many.map((a) => a.namespace)]);
		expect(tokens).toHaveLength(3);
		expect(tokens[2]).toBeUndefined();
		const sent = appRequests().map((r) => new URLSearchParams(r.query));
		expect(sent.map((q) => q.get('page_size'))).toEqual(['50', '50', '50']);
		expect(sent.map((q) => q.get('page_token'))).toEqual([null, tokens[0], tokens[1]]);
	});

	it('a search finds the apps on every page at once: the editor loads no next page for a search', async () => {
		// n8n's editor (1.123 and 2.40, ResourceLocatorDropdown) fetches the next page by itself only
		// without a search text; with one, only when the list is scrolled to its end, which a list of a
		// few matches cannot be. So the matches on later pages must come in the first answer.
		const many = Array.from({ length: 117 }, (_, i) => app(`app_${String(i).padStart(3, '0')}`, i, [{ language_code: 'en_us', text: i % 40 === 39 ? `Target ${i}` : `App ${i}` }]));
		emulator.seed({ admin: { apps: many } });
		const { result } = await search({ filter: 'target' });
		expect(result).toEqual({
			results: [39, 79].map((i) => ({ name: `Target ${i} (app_0${i})`, value: `app_0${i}` })),
			paginationToken: undefined,
		});
		expect(appRequests()).toHaveLength(3);
	});

	it(`a search reads at most ${MAX_SEARCH_PAGES} pages, then answers the token; the editor's next call goes on from it`, async () => {
		const count = MAX_SEARCH_PAGES * 50 + 7;
		emulator.seed({ admin: { apps: Array.from({ length: count }, (_, i) => app(`bulk_${i}`, 1000 + i)) } });
		// The first 20 pages hold the 3 sample apps and bulk_0…bulk_996; the 21st bulk_997…bulk_1006.
		const first = await search({ filter: 'bulk_100' });
		expect(first.result.results).toEqual([{ name: 'App 1100 (bulk_100)', value: 'bulk_100' }]);
		expect(first.result.paginationToken).toEqual(expect.any(String));
		expect(appRequests()).toHaveLength(MAX_SEARCH_PAGES);
		const rest = await search({ filter: 'bulk_100', paginationToken: first.result.paginationToken as string });
		expect(rest.result.results.map((r) => r.value)).toEqual(Array.from({ length: 7 }, (_, k) => `bulk_100${k}`));
		expect(rest.result.paginationToken).toBeUndefined();
		expect(appRequests()).toHaveLength(MAX_SEARCH_PAGES + 1);
	});

	it('a page that says has_more with an empty page_token ends the list (never the first page again)', async () => {
		emulator.addFault({ kind: 'answer', path: '/apps', body: JSON.stringify({ code: 0, msg: 'success', data: { items: [], has_more: true, page_token: '' } }) });
		const { result } = await search({ filter: 'demo' });
		expect(result).toEqual({ results: [], paginationToken: undefined });
		expect(appRequests()).toHaveLength(1);
	});

	it('an expired access token: refreshed once, the rotated pair stored with the credential, the list answered', async () => {
		const credential = await connectedCredential(emulator);
		emulator.expireUserAccessTokens();
		const { result, helper } = await search({ credential });
		expect(result.results).toEqual(SAMPLE);
		expect(emulator.oauthStats).toMatchObject({ refreshes: 1, refusedRefreshes: 0 });
		const stored = (helper.stored('list-search-credential')?.oauthTokenData ?? {}) as Record<string, unknown>;
		expect(stored.refresh_token).not.toBe((credential.oauthTokenData as Record<string, unknown>).refresh_token);
	});

	it('the apps and their bare 19-digit ids are read without loss, and the list carries none of them', async () => {
		// The creator, owner and role members come as bare int64 numbers beyond 2^53; the list offers
		// namespaces only, so nothing of them can be rounded on the way to the editor.
		const { result } = await search();
		expect(JSON.stringify(result)).not.toMatch(/\d{16,}/);
		expect(appRequests()).toHaveLength(1);
	});

	it('a revoked user token: a clear error to reconnect, without the tokens or the app secret', async () => {
		const credential = await connectedCredential(emulator);
		emulator.revokeUserTokens();
		const error = await failure({ credential });
		expect(error?.message).toMatch(/needs to be reconnected/);
		const shown = `${error?.message} ${error?.description ?? ''} ${JSON.stringify(error)}`;
		const tokens = credential.oauthTokenData as { access_token: string; refresh_token: string };
		for (const secret of [tokens.access_token, tokens.refresh_token, DEFAULT_APP.appSecret]) expect(shown).not.toContain(secret);
	});

	it('Feishu\'s error answer: its code and message, without the token', async () => {
		emulator.addFault({ kind: 'feishuError', code: 2320005, msg: 'insufficient permissions', status: 403, path: '/apps' });
		const credential = await connectedCredential(emulator);
		const error = await failure({ credential });
		expect(error?.message).toContain('2320005');
		expect(error?.message).toContain('insufficient permissions');
		const shown = `${error?.message} ${error?.description ?? ''} ${JSON.stringify(error)}`;
		expect(shown).not.toContain((credential.oauthTokenData as { access_token: string }).access_token);
		expect(shown).not.toContain(DEFAULT_APP.appSecret);
	});
});

describe('App picker: a tenant without apps', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: {} });

	it('an empty list, no token', async () => {
		const { result } = await listSearch('searchApps', {
			nodeType: NODE_TYPE,
			parameters: AUDIT_LOG,
			path: 'parameters.namespace',
			credential: { type: 'feishuApaasOAuth2Api', data: (await connectedCredential(emulator)) as never },
		});
		expect(result).toEqual({ results: [], paginationToken: undefined });
		expect(emulator.requests.filter((r) => r.path === '/open-apis/apaas/v1/apps')).toHaveLength(1);
	});
});
