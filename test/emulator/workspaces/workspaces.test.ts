/** The data platform's routes: tables, records (PostgREST subset), upsert, batch update, views, enums, SQL, limits, events hook. */
import { FeishuEmulator, type RecordChange } from '../../../emulator';
import { useEmulator } from '../../helpers/emulator/http';
import { connect } from '../../helpers/emulator/oauth';
import { base, client, filter, items, SHOP, WS } from '../../helpers/emulator/workspaces';

describe('emulator data platform', () => {
	// Pacing has its own test; the others run unlimited so they can send more than 10 requests a second.
	const em = useEmulator({ seed: { workspaces: [SHOP] }, userApiRateLimit: null });
	const api = client(em);
	const records = `${base()}/tables/orders/records`;

	it('lists tables with their columns, system columns included', async () => {
		const r = await api('GET', `${base()}/tables`);
		expect(r.code).toBe(0);
		const [orders] = r.data.items as Array<{ name: string; columns: Array<Record<string, unknown>> }>;
		expect(orders.name).toBe('orders');
		expect(orders.columns.map((c) => c.name)).toEqual([
			'_id', '_created_at', '_created_by', '_updated_at', '_updated_by', 'id', 'sku', 'customer', 'qty', 'paid', 'tags',
		]);
		expect(orders.columns[5]).toEqual({
			name: 'id', description: '', data_type: 'int8', is_primary_key: true, is_unique: true,
			is_auto_increment: true, is_array: false, is_allow_null: false, default_value: '',
		});
		expect((await api('GET', `${base()}/tables/orders`)).data.name).toBe('orders');
		expect((await api('GET', `${base()}/tables/nope`)).code).toBe(2320001);
		expect((await api('GET', `${base('ws_other')}/tables`)).code).toBe(2320001);
	});

	it('reads records with select, filter, order and paging; items is a JSON string with 19-digit ids exact', async () => {
		const r = await api('GET', `${records}?select=id,sku&${filter('qty=gte.1&paid=is.false')}&order=qty.desc&page_size=1`);
		expect(r.code).toBe(0);
		expect(typeof r.data.items).toBe('string');
		expect(r.data.items).toBe('[{"id":1790000000000000003,"sku":"C-3"}]');
		expect(r.data).toMatchObject({ has_more: true, total: 2 });
		const next = await api('GET', `${records}?select=id,sku&${filter('qty=gte.1&paid=is.false')}&order=qty.desc&page_size=1&page_token=${r.data.page_token as string}`);
		expect(items(next)).toEqual([{ id: 1790000000000000002n, sku: 'B-2' }]);
		expect(next.data.has_more).toBe(false);
		expect((await api('GET', `${records}?page_size=501`)).code).toBe(2320001);
	});

	it('parses filters as the ASSUMPTION says: percent-decoded pairs, quoted values in or()/in(), + as space', async () => {
		const meta = 'a,b.c:(d)"e';
		const quoted = `"${meta.replace(/(["\\])/g, '\\$1')}"`;
		const q = async (f: string) => items(await api('GET', `${records}?select=sku&${filter(f)}`)).map((x) => x.sku);
		expect(await q(`customer=eq.${encodeURIComponent(meta)}`)).toEqual(['C-3']);
		expect(await q(`or=(customer.eq.${encodeURIComponent(quoted)},sku.eq.A-1)`)).toEqual(['A-1', 'C-3']);
		expect(await q(`customer=in.(${encodeURIComponent(quoted)},Bob)`)).toEqual(['B-2', 'C-3']);
		expect(await q('customer=eq.An+n')).toEqual([]);
		expect(await q('customer=like.A*')).toEqual(['A-1']);
		expect(await q('customer=ilike.*OB')).toEqual(['B-2']);
		expect(await q('and=(qty.gt.1,not.or(sku.eq.A-1,sku.eq.B-2))')).toEqual(['C-3']);
		expect(await q('qty=not.eq.1')).toEqual(['A-1', 'C-3']);
		// A value that smuggles "&paid=is.true" unencoded would be a second condition; encoded it is one value.
		expect(await q(`customer=eq.${encodeURIComponent('x&paid=is.true')}`)).toEqual([]);
		expect((await api('GET', `${records}?${filter('nope=eq.1')}`)).code).toBe(2320001);
		expect((await api('GET', `${records}?${filter('qty=between.1')}`)).code).toBe(2320001);
	});

	it('creates records with defaults, serials and system columns, and returns their _ids', async () => {
		const r = await api('POST', records, { records: JSON.stringify([{ sku: 'D-4', customer: 'Dan' }, { sku: 'E-5', qty: 2 }]) });
		expect(r.code).toBe(0);
		const ids = r.data.record_ids as string[];
		expect(ids).toHaveLength(2);
		const rows = em().workspaceRecords(WS, 'orders');
		const d = rows.find((x) => x._id === ids[0]) as Record<string, unknown>;
		expect(d).toMatchObject({ sku: 'D-4', qty: 1, paid: false, id: 1790000000000000004n, _created_by: 'ou_emulator_user' });
		expect(typeof d._created_at).toBe('string');
	});

	it('a create is all or nothing: a not-null, unique, type or unknown-column failure writes no row', async () => {
		const before = em().workspaceRecords(WS, 'orders').length;
		for (const bad of [[{ sku: 'F-6' }, { customer: 'no sku' }], [{ sku: 'A-1' }], [{ sku: 'G', qty: 'many' }], [{ sku: 'H', nope: 1 }]]) {
			const r = await api('POST', records, { records: JSON.stringify(bad) });
			expect(r.code).toBe(2320001);
		}
		expect(em().workspaceRecords(WS, 'orders')).toHaveLength(before);
	});

	it('unique keys hold within one request and across rows, on create, update by filter and batch update (nothing written)', async () => {
		const before = em().workspaceRecords(WS, 'orders');
		const ids = before.map((r) => r._id as string);
		const refused = [
			await api('POST', records, { records: JSON.stringify([{ sku: 'W-1' }, { sku: 'W-1' }]) }),
			await api('POST', records, { records: JSON.stringify([{ sku: 'W-2', id: 7 }, { sku: 'W-3', id: 7 }]) }),
			await api('PATCH', `${records}?${filter('paid=is.false')}`, { record: JSON.stringify({ sku: 'Z-9' }) }),
			await api('PATCH', `${records}_batch_update`, { records: JSON.stringify([{ _id: ids[0], sku: 'B-2' }]) }),
		];
		for (const r of refused) expect([r.code, r.msg]).toEqual([2320001, expect.stringMatching(/duplicate key value violates unique constraint on \((sku|id)\)/)]);
		expect(em().workspaceRecords(WS, 'orders')).toEqual(before);
		// A row may keep its own value (it is not its own duplicate), and a freed value can be taken in the same request.
		const own = await api('PATCH', `${records}_batch_update`, { records: JSON.stringify([{ _id: ids[0], sku: 'A-1' }]) });
		expect(own.code).toBe(0);
		const moved = await api('PATCH', `${records}_batch_update`, { records: JSON.stringify([{ _id: ids[0], sku: 'A-9' }, { _id: ids[1], sku: 'A-1' }]) });
		expect(moved.code).toBe(0);
		expect(em().workspaceRecords(WS, 'orders').map((r) => r.sku)).toEqual(['A-9', 'A-1', 'C-3']);
	});

	it('keeps 19-digit int8 values exact on the way in', async () => {
		const raw = '{"records":"[{\\"id\\":1790000000000000999,\\"sku\\":\\"Z\\"}]"}';
		const res = await fetch(em().url + records, {
			method: 'POST',
			headers: { Authorization: await authHeader(), 'Content-Type': 'application/json' },
			body: raw,
		});
		expect(((await res.json()) as { code: number }).code).toBe(0);
		expect(em().workspaceRecords(WS, 'orders').some((r) => r.id === 1790000000000000999n)).toBe(true);
	});

	async function authHeader(): Promise<string> {
		return `Bearer ${(await connect(em())).access_token as string}`;
	}

	it('upserts on on_conflict (a unique column) or on the primary key when only columns is given', async () => {
		const r = await api('POST', `${records}?on_conflict=sku&columns=sku,qty`, {
			records: JSON.stringify([{ sku: 'A-1', qty: 9, customer: 'ignored' }, { sku: 'N-1', qty: 4 }]),
		});
		expect(r.code).toBe(0);
		const rows = em().workspaceRecords(WS, 'orders');
		expect(rows.find((x) => x.sku === 'A-1')).toMatchObject({ qty: 9, customer: 'Ann' });
		expect(rows.find((x) => x.sku === 'N-1')).toMatchObject({ qty: 4, customer: null });
		const pk = await api('POST', `${records}?columns=id,qty`, { records: JSON.stringify([{ id: '1790000000000000002', qty: 5 }]) });
		expect(pk.code).toBe(0);
		expect(em().workspaceRecords(WS, 'orders').find((x) => x.sku === 'B-2')).toMatchObject({ qty: 5 });
		expect((await api('POST', `${records}?on_conflict=customer`, { records: JSON.stringify([{ sku: 'Q' }]) })).code).toBe(2320001);
	});

	it('updates by filter (required) and deletes by filter (required)', async () => {
		expect((await api('PATCH', records, { record: JSON.stringify({ qty: 2 }) })).code).toBe(2320001);
		const u = await api('PATCH', `${records}?${filter('paid=is.false')}`, { record: JSON.stringify({ qty: 2 }) });
		expect(u.code).toBe(0);
		expect(u.data.record_ids).toHaveLength(2);
		expect(em().workspaceRecords(WS, 'orders').map((r) => r.qty)).toEqual([3, 2, 2]);
		expect((await api('DELETE', records)).code).toBe(2320001);
		expect((await api('DELETE', `${records}?${filter('sku=eq.B-2')}`)).code).toBe(0);
		expect(em().workspaceRecords(WS, 'orders').map((r) => r.sku)).toEqual(['A-1', 'C-3']);
	});

	it('batch-updates by _id; every row must update the same fields; ≤ 500 rows', async () => {
		const ids = em().workspaceRecords(WS, 'orders').map((r) => r._id as string);
		const ok = await api('PATCH', `${records}_batch_update`, {
			records: JSON.stringify([{ _id: ids[0], qty: 10 }, { _id: ids[1], qty: 11 }, { _id: 'missing', qty: 1 }]),
		});
		expect(ok.code).toBe(0);
		expect(ok.data.record_ids).toEqual([ids[0], ids[1]]);
		const mixed = await api('PATCH', `${records}_batch_update`, {
			records: JSON.stringify([{ _id: ids[0], qty: 1 }, { _id: ids[1], customer: 'x' }]),
		});
		expect(mixed.code).toBe(2320001);
		const many = Array.from({ length: 501 }, (_, i) => ({ _id: `x${i}`, qty: 1 }));
		expect((await api('PATCH', `${records}_batch_update`, { records: JSON.stringify(many) })).code).toBe(2320001);
		const tooMany = Array.from({ length: 501 }, (_, i) => ({ sku: `S${i}` }));
		expect((await api('POST', records, { records: JSON.stringify(tooMany) })).code).toBe(2320001);
		const fiveHundred = Array.from({ length: 500 }, (_, i) => ({ sku: `S${i}` }));
		expect((await api('POST', records, { records: JSON.stringify(fiveHundred) })).code).toBe(0);
	});

	it('reads a view: its filter and columns apply, plus the request filter', async () => {
		const r = await api('GET', `${base()}/views/open_orders/records?${filter('qty=gt.1')}`);
		expect(r.code).toBe(0);
		expect(items(r)).toEqual([{ id: 1790000000000000003n, sku: 'C-3', qty: 7 }]);
		expect((await api('GET', `${base()}/views/open_orders/records?select=customer`)).code).toBe(2320001);
	});

	it('lists and gets enums', async () => {
		const list = await api('GET', `${base()}/enums`);
		expect(list.data.items).toEqual([
			{ name: 'order_status', description: 'Status', options: ['new', 'paid'], created_at: 1764547200000, created_by: { id: 'ou_1', name: 'Ann' } },
		]);
		expect((await api('GET', `${base()}/enums/order_status`)).data.created_at).toBe('1764547200000');
		expect((await api('GET', `${base()}/enums/none`)).code).toBe(2320001);
	});

	it('runs the SQL subset: SELECT answers a JSON string with exact int8, writes answer an empty result', async () => {
		const sel = await api('POST', `${base()}/sql_commands`, { sql: "SELECT id, sku FROM orders WHERE qty >= 3 AND sku <> 'zzz' ORDER BY id DESC LIMIT 5" });
		expect(sel.code).toBe(0);
		expect(sel.data.result).toBe('[{"id":1790000000000000003,"sku":"C-3"},{"id":1790000000000000001,"sku":"A-1"}]');
		const ins = await api('POST', `${base()}/sql_commands`, { sql: "INSERT INTO orders (id, sku) VALUES (1790000000000000100, 'it''s')" });
		expect(ins.data.result).toBe('');
		expect(em().workspaceRecords(WS, 'orders').find((r) => r.sku === "it's")).toMatchObject({ id: 1790000000000000100n });
		await api('POST', `${base()}/sql_commands`, { sql: "UPDATE orders SET qty = 8 WHERE sku IN ('A-1', 'B-2')" });
		await api('POST', `${base()}/sql_commands`, { sql: 'DELETE FROM orders WHERE customer IS NULL' });
		expect(em().workspaceRecords(WS, 'orders').map((r) => [r.sku, r.qty])).toEqual([['A-1', 8], ['B-2', 8], ['C-3', 7]]);
		expect((await api('POST', `${base()}/sql_commands`, { sql: 'DROP TABLE orders' })).code).toBe(2320001);
	});

	it('paces every API at 10 requests/s per app and API (429 beyond)', async () => {
		const fresh = await FeishuEmulator.start();
		expect(fresh.settings.userApiRateLimit).toEqual({ limit: 10, windowMs: 1000 });
		await fresh.stop();
		// The same limit over a long window, so a slow machine cannot spread the burst over two windows.
		em().configure({ userApiRateLimit: { limit: 10, windowMs: 60_000 } });
		const replies = await Promise.all(Array.from({ length: 11 }, () => api('GET', `${base()}/tables/orders`)));
		expect(replies.filter((r) => r.status === 429)).toHaveLength(1);
		expect(replies.find((r) => r.status === 429)?.code).toBe(99991400);
		// Another API has its own window.
		expect((await api('GET', `${base()}/enums`)).code).toBe(0);
	});

	it('reports every row change to onRecordChange listeners (after = changed fields only on UPDATE)', async () => {
		const changes: RecordChange[] = [];
		const off = em().onRecordChange((c) => changes.push(c));
		try {
			const created = await api('POST', records, { records: JSON.stringify([{ sku: 'EV-1' }]) });
			await api('PATCH', `${records}?${filter('sku=eq.EV-1')}`, { record: JSON.stringify({ qty: 5, customer: null }) });
			await api('DELETE', `${records}?${filter('sku=eq.EV-1')}`);
			expect(changes.map((c) => c.type)).toEqual(['INSERT', 'UPDATE', 'DELETE']);
			expect(changes[0]).toMatchObject({ workspace: WS, table: 'orders', before: null, after: { sku: 'EV-1', _id: (created.data.record_ids as string[])[0] } });
			expect(changes[1].after).toEqual({ qty: 5 });
			expect(changes[1].before).toMatchObject({ qty: 1, sku: 'EV-1' });
			expect(changes[2]).toMatchObject({ after: null, before: { qty: 5 } });
		} finally {
			off();
		}
	});
});
