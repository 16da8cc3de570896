/** Data Record through n8n's engine with a user token: every operation and its failure paths. */
import type { FeishuEmulator } from '../../../../../emulator';
import { parseExact } from '../../../../../emulator';
import { runUserNode, userCredentialStore } from '../../../../helpers/data-platform';
import { SHOP, WS } from '../../../../helpers/emulator/workspaces';
import { useEmulator } from '../../../../helpers/feishu';

const table = { __rl: true, mode: 'list', value: 'orders' };
const records = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'dataRecord', operation, workspaceId: WS, tableName: table, ...extra });
const sent = (em: FeishuEmulator, method?: string) =>
	em.requests.filter((r) => r.path.includes('/tables/orders/records') && (method === undefined || r.method === method));
const filterOf = (query: string) => new URLSearchParams(query).get('filter');

describe('dataRecord', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { workspaces: [SHOP] }, userApiRateLimit: null });

	it('getAll: rows with int64 exact, a structured filter, columns and sort; pages of ≤ 500 by page_token', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(
			helper,
			records('getAll', {
				returnAll: true,
				filterType: 'manual',
				matchType: 'allFilters',
				filters: { conditions: [{ keyName: 'qty', condition: 'gte', keyValue: '1' }] },
				options: { select: 'id, sku, qty', order: 'qty.desc' },
			}),
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json)).toEqual([
			{ id: '1790000000000000003', sku: 'C-3', qty: 7 },
			{ id: '1790000000000000001', sku: 'A-1', qty: 3 },
			{ id: '1790000000000000002', sku: 'B-2', qty: 1 },
		]);
		const [request] = sent(emulator, 'GET');
		expect(Object.fromEntries(new URLSearchParams(request.query))).toEqual({ select: 'id,sku,qty', order: 'qty.desc', filter: 'qty=gte.1', page_size: '500' });
	});

	it('getAll with Limit pages by page_token and stops at the limit', async () => {
		await runUserNode(await userCredentialStore(emulator), records('create'), { items: Array.from({ length: 30 }, (_, i) => ({ sku: `P-${i}` })) });
		emulator.clearLog();
		const run = await runUserNode(await userCredentialStore(emulator), records('getAll', { returnAll: false, limit: 20 }));
		expect(run.items).toHaveLength(20);
		expect(sent(emulator, 'GET')).toHaveLength(1);
	});

	it('a filter value full of PostgREST metacharacters matches only itself (all and any)', async () => {
		const helper = await userCredentialStore(emulator);
		const meta = 'a,b.c:(d)"e';
		await runUserNode(helper, records('create'), { items: [{ sku: 'M-1', customer: 'x&paid=is.true' }, { sku: 'M-2', customer: 'x' }] });
		for (const matchType of ['allFilters', 'anyFilter']) {
			for (const value of [meta, 'x&paid=is.true', '100%+1', 'o\'r\\"']) {
				const run = await runUserNode(helper, records('getAll', {
					returnAll: true,
					filterType: 'manual',
					matchType,
					filters: { conditions: [{ keyName: 'customer', condition: 'eq', keyValue: value }] },
					options: { select: 'customer' },
				}));
				expect(run.error).toBeUndefined();
				const expected = value === meta ? [meta] : value === 'x&paid=is.true' ? [value] : [];
				expect(run.items.map((i) => i.json.customer)).toEqual(expected);
			}
		}
	});

	it('create: 1,200 rows in 3 requests, one output item per input item with its _id, in order', async () => {
		const helper = await userCredentialStore(emulator);
		const items = Array.from({ length: 1200 }, (_, i) => ({ sku: `S-${i}`, qty: i + 1 }));
		const run = await runUserNode(helper, records('create'), { items });
		expect(run.error).toBeUndefined();
		expect(sent(emulator, 'POST')).toHaveLength(3);
		// In flight together: the log may hold them in any order.
		expect(sent(emulator, 'POST').map((r) => (JSON.parse((r.body as { records: string }).records) as unknown[]).length).sort((a, b) => b - a)).toEqual([500, 500, 200]);
		expect(run.items).toHaveLength(1200);
		const stored = emulator.workspaceRecords(WS, 'orders');
		run.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.sku).toBe(`S-${i}`);
			expect(stored.find((r) => r._id === item.json._id)?.sku).toBe(`S-${i}`);
		});
	});

	it('create keeps a 19-digit int8 given as a string exact', async () => {
		const run = await runUserNode(await userCredentialStore(emulator), records('create'), { items: [{ id: '1790000000000000999', sku: 'BIG' }] });
		expect(run.error).toBeUndefined();
		expect(emulator.workspaceRecords(WS, 'orders').find((r) => r.sku === 'BIG')?.id).toBe(1790000000000000999n);
	});

	it('create: a refused request fails exactly its items (Continue On Fail: error items in place); without it, the error names what was written', async () => {
		const helper = await userCredentialStore(emulator);
		const items = [{ sku: 'OK-1' }, { sku: 'OK-2' }, { sku: 'A-1' }, { sku: 'OK-3' }];
		const cof = await runUserNode(helper, { ...records('create'), options: { rowsPerRequest: 2 } }, { items, continueOnFail: true });
		expect(cof.items.map((i) => [i.pairedItem, i.json.error === undefined])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
			[{ item: 2 }, false],
			[{ item: 3 }, false],
		]);
		// One request in flight, so that the one after the failure is never sent.
		const again = await runUserNode(helper, { ...records('create'), options: { rowsPerRequest: 2, requestsInFlight: 1 } }, { items: [{ sku: 'N-1' }, { sku: 'N-2' }, { sku: 'A-1' }, { sku: 'N-3' }, { sku: 'N-4' }] });
		expect(again.error?.message).toMatch(/2320001/);
		const description = String((again.error as { description?: string }).description);
		expect(description).toMatch(/2 rows were created in this run/);
		expect(description).toMatch(/Failed: items 2–3\./);
		// Feishu's part (log id, HTTP status) ends with a full stop before "Failed:".
		expect(description).toMatch(/\. Failed: items 2–3\./);
		expect(description).toMatch(/1 item was not sent \(item 4\)/);
	});

	it('create: a request whose answer was lost is not sent again', async () => {
		const helper = await userCredentialStore(emulator);
		emulator.addFault({ kind: 'loseAnswer', path: '/tables/orders/records' });
		const run = await runUserNode(helper, records('create'), { items: [{ sku: 'L-1' }] });
		expect(run.error?.message).toBeDefined();
		expect(String((run.error as { description?: string }).description)).toMatch(/not sent again/);
		expect(sent(emulator, 'POST')).toHaveLength(1);
		expect(emulator.workspaceRecords(WS, 'orders').filter((r) => r.sku === 'L-1')).toHaveLength(1);
	});

	it('a bad item is refused before anything is sent', async () => {
		const helper = await userCredentialStore(emulator);
		emulator.clearLog();
		const run = await runUserNode(helper, records('create'), { items: [{ sku: 'X' }, {}] });
		expect(run.error?.message).toMatch(/item 1 has no column values/);
		expect(sent(emulator)).toHaveLength(0);
	});

	it('a number JSON cannot carry (NaN, Infinity, beyond 2^53) is an error on its item naming Columns; the others are written', async () => {
		// Before: NaN and Infinity went out as null, 2^60 rounded to 1152921504606847000.
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(helper, records('create'), {
			rawItems: [{ sku: 'N-1', qty: Number.NaN }, { sku: 'N-2', qty: 2 }, { sku: 'N-3', qty: 2 ** 60 }, { sku: 'N-4', qty: Number.POSITIVE_INFINITY }],
			continueOnFail: true,
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(String(run.items[0].json.error)).toBe('Invalid "Columns" (columns) in item 0: it has NaN at qty, which JSON cannot carry (it would be sent as null)');
		expect(String(run.items[2].json.error)).toMatch(/^Invalid "Columns" \(columns\) in item 2: it has the number 1152921504606847000 at qty, beyond 2\^53/);
		expect(String(run.items[3].json.error)).toMatch(/^Invalid "Columns" \(columns\) in item 3: it has Infinity at qty/);
		expect(run.items[1].json._id).toEqual(expect.any(String));
		const posts = sent(emulator, 'POST');
		expect(posts).toHaveLength(1);
		expect(String(posts[0].rawBody)).toBe(JSON.stringify({ records: JSON.stringify([{ sku: 'N-2', qty: 2 }]) }));
	});

	it('upsert: matches on the chosen unique column, sends on_conflict and columns, groups rows by their columns', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(
			helper,
			records('upsert', { columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['sku'], schema: [] } }),
			{ items: [{ sku: 'A-1', qty: 9 }, { sku: 'U-1', qty: 2 }, { sku: 'B-2', customer: 'Bea' }] },
		);
		expect(run.error).toBeUndefined();
		const posts = sent(emulator, 'POST');
		expect(posts.map((r) => Object.fromEntries(new URLSearchParams(r.query)))).toEqual([
			{ columns: 'sku,qty', on_conflict: 'sku' },
			{ columns: 'sku,customer', on_conflict: 'sku' },
		]);
		const rows = emulator.workspaceRecords(WS, 'orders');
		expect(rows.find((r) => r.sku === 'A-1')).toMatchObject({ qty: 9, customer: 'Ann' });
		expect(rows.find((r) => r.sku === 'B-2')).toMatchObject({ customer: 'Bea' });
		expect(run.items.map((i) => i.json.sku)).toEqual(['A-1', 'U-1', 'B-2']);
		expect(run.items[0].json._id).toBe(rows.find((r) => r.sku === 'A-1')?._id);
	});

	it('update: by a structured filter, columns defined below; without a filter nothing is sent', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(helper, records('update', {
			filterType: 'manual',
			filters: { conditions: [{ keyName: 'paid', condition: 'is', keyValue: 'false' }] },
			columns: { mappingMode: 'defineBelow', value: { qty: 5 }, matchingColumns: [], schema: [] },
		}));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ filter: 'paid=is.false', updated: 2 });
		expect(emulator.workspaceRecords(WS, 'orders').map((r) => r.qty)).toEqual([3, 5, 5]);
		emulator.clearLog();
		const none = await runUserNode(helper, records('update', { filterType: 'none', columns: { mappingMode: 'defineBelow', value: { qty: 1 } } }));
		expect(none.error?.message).toMatch(/No filter \(item 0\).*All Rows/);
		expect(sent(emulator)).toHaveLength(0);
		const all = await runUserNode(helper, records('update', { allRows: true, columns: { mappingMode: 'defineBelow', value: { qty: 1 } } }));
		expect(all.items[0].json.updated).toBe(3);
	});

	it('updateMany: rows by _id, grouped by the columns they set; an unknown _id fails its item only (Continue On Fail)', async () => {
		const helper = await userCredentialStore(emulator);
		const ids = emulator.workspaceRecords(WS, 'orders').map((r) => r._id as string);
		const run = await runUserNode(helper, records('updateMany'), {
			items: [{ _id: ids[0], qty: 11 }, { _id: ids[1], customer: 'Zed' }, { _id: ids[2], qty: 12 }, { _id: 'nope', qty: 1 }],
			continueOnFail: true,
		});
		const batches = sent(emulator, 'PATCH');
		expect(batches.map((r) => (JSON.parse((r.body as { records: string }).records) as Array<Record<string, unknown>>).map((x) => x._id))).toEqual([
			[ids[0], ids[2], 'nope'],
			[ids[1]],
		]);
		expect(run.items.map((i) => i.json.success ?? i.json.error !== undefined)).toEqual([true, true, true, true]);
		expect(run.items[3].json.error).toMatch(/no row with _id nope/);
		expect(emulator.workspaceRecords(WS, 'orders').map((r) => [r.qty, r.customer])).toEqual([[11, 'Ann'], [1, 'Zed'], [12, 'a,b.c:(d)"e']]);
	});

	it('updateMany: a refused request fails exactly its (not consecutive) items, named as they are; the rest is not sent', async () => {
		const helper = await userCredentialStore(emulator);
		const ids = emulator.workspaceRecords(WS, 'orders').map((r) => r._id as string);
		// Items 0 and 2 set qty (one request, sent first), item 1 sets customer (a second request).
		const items = [{ _id: ids[0], qty: 21 }, { _id: ids[1], customer: 'Yan' }, { _id: ids[2], qty: 22 }];
		emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param invalid', path: '/records_batch_update' });
		// One request in flight, so that the second request is never sent.
		const run = await runUserNode(helper, records('updateMany', { options: { requestsInFlight: 1 } }), { items });
		const description = String((run.error as { description?: string }).description);
		expect(description).toMatch(/Failed: items 0, 2\./);
		expect(description).toMatch(/No row was updated\./);
		expect(description).toMatch(/1 item was not sent \(item 1\)/);
		expect(emulator.requests.filter((r) => r.path.endsWith('/records_batch_update'))).toHaveLength(1);
		// With Continue On Fail the refused request's items are error items in place, the other request goes through.
		emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param invalid', path: '/records_batch_update' });
		const cof = await runUserNode(helper, records('updateMany'), { items, continueOnFail: true });
		expect(cof.items.map((i) => [i.pairedItem, i.json.success === true])).toEqual([
			[{ item: 0 }, false],
			[{ item: 1 }, true],
			[{ item: 2 }, false],
		]);
		expect(emulator.workspaceRecords(WS, 'orders').map((r) => [r.qty, r.customer])).toEqual([[3, 'Ann'], [1, 'Yan'], [7, 'a,b.c:(d)"e']]);
	});

	it('delete: by a raw PostgREST filter; All Rows deletes everything; no filter is refused', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(helper, records('delete', { filterType: 'string', filterString: 'sku=in.("A-1","B-2")' }));
		expect(run.error).toBeUndefined();
		expect(emulator.workspaceRecords(WS, 'orders').map((r) => r.sku)).toEqual(['C-3']);
		expect(filterOf(sent(emulator, 'DELETE')[0].query)).toBe('sku=in.("A-1","B-2")');
		const none = await runUserNode(helper, records('delete', { filterType: 'manual', filters: {} }));
		expect(none.error?.message).toMatch(/No filter/);
		await runUserNode(helper, records('delete', { allRows: true }));
		expect(emulator.workspaceRecords(WS, 'orders')).toEqual([]);
	});

	it('items is parsed exactly from the answer (19 digits) on getAll', async () => {
		const helper = await userCredentialStore(emulator);
		const run = await runUserNode(helper, records('getAll', { returnAll: true, options: { select: 'id' } }));
		const raw = parseExact(String(JSON.stringify(run.items.map((i) => i.json))));
		expect(raw).toEqual([{ id: '1790000000000000001' }, { id: '1790000000000000002' }, { id: '1790000000000000003' }]);
	});
});
