import { FeishuEmulator, parseExact, SAMPLE_OBJECTS, stringifyExact } from '../../../emulator';
import { call, getToken, useEmulator } from '../../helpers/emulator/http';
import { api, parseIds } from '../../helpers/emulator/objects';

const C = SAMPLE_OBJECTS.customers;

describe('exact int64 JSON (parseExact / stringifyExact)', () => {
	it('keeps every digit of integers beyond 2^53 and round-trips them as bare numbers', () => {
		const text = '{"_id":1790000000000000001,"n":[9007199254740993,-9223372036854775808,12,1.5e3],"s":"9007199254740993"}';
		const v = parseExact(text) as { _id: bigint; n: unknown[]; s: string };
		expect(v._id).toBe(1790000000000000001n);
		expect(v.n).toEqual([9007199254740993n, -9223372036854775808n, 12, 1500]);
		expect(v.s).toBe('9007199254740993');
		expect(stringifyExact(v)).toBe(
			'{"_id":1790000000000000001,"n":[9007199254740993,-9223372036854775808,12,1500],"s":"9007199254740993"}',
		);
	});

	it('parses what JSON.parse parses (escapes, nesting, whitespace) and rejects what it rejects', () => {
		const samples = ['{"a":"\\u00e9\\n\\"","b":[true,false,null,{}],"c":-0.25}', ' [ 1 , [ ] ] ', '"x"', '0'];
		for (const s of samples) expect(parseExact(s)).toEqual(JSON.parse(s));
		for (const bad of ['', '{', '[1,]', '{"a":1,}', '01', 'tru', '"\\x"', '1 2', "{'a':1}"]) {
			expect(() => parseExact(bad)).toThrow();
			expect(() => JSON.parse(bad)).toThrow();
		}
	});

	it('leaves out undefined members and keeps "__proto__" as a plain key', () => {
		expect(stringifyExact({ a: undefined, b: [undefined, 1n] })).toBe('{"b":[null,1]}');
		const v = parseExact('{"__proto__":{"x":1}}') as Record<string, unknown>;
		expect(Object.keys(v)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});
});

describe('object store: in-process and control API', () => {
	const em = useEmulator();

	it('records() hands out deep copies by ascending _id, int64s as decimal strings', () => {
		const list = em().records('demo_app', 'customer');
		expect(list.map((r) => r._id)).toEqual([C.acme, C.beta, C.gamma, C.delta, C.epsilon]);
		expect(list[0]).toEqual({
			_id: C.acme,
			name: 'Acme Ltd',
			email: 'sales@acme.example',
			amount: 1200.5,
			big_number: '9007199254740993',
			owner: { _id: SAMPLE_OBJECTS.owner },
			tags: ['vip', 'wholesale'],
			active: true,
		});
		(list[0].tags as string[]).push('mutated');
		expect(em().records('demo_app', 'customer')[0].tags).toEqual(['vip', 'wholesale']);
		expect(() => em().records('demo_app', 'supplier')).toThrow('unknown object demo_app/supplier');
	});

	it('seed({objects}) defines new namespaces/objects and records (ids as strings, BigInts or bare numbers)', async () => {
		em().seed({ objects: {
			namespaces: [
				{
					namespace: 'crm',
					objects: [
						{
							apiName: 'lead',
							fields: [
								{ apiName: 'title', type: 'text', required: true },
								{ apiName: 'score', type: 'bigint' },
								{ apiName: 'due', type: 'date' },
							],
							records: [
								{ _id: '1999999999999999999', title: 'L1', score: 9223372036854775807n, due: '2026-02-28' },
								{ title: 'L2' },
							],
						},
					],
				},
			],
		} });
		// A record without _id gets the next id after the highest one seen so far.
		expect(em().records('crm', 'lead')).toEqual([
			{ _id: '1999999999999999999', title: 'L1', score: '9223372036854775807', due: '2026-02-28' },
			{ _id: '2000000000000000000', title: 'L2' },
		]);
		const token = await getToken(em());
		const r = await api(em(), token, 'POST', 'lead/records', { record: '{"title":"L3","due":"2026-02-30"}' }, 'crm');
		expect(r.json.msg).toContain('field "due" must be a date');
		const ok = await api(em(), token, 'POST', 'lead/records', { record: '{"title":"L3"}' }, 'crm');
		expect(ok.json.data.id).toBe('2000000000000000001');
	});

	it('seed({objects}) throws a readable error for an invalid record or schema', () => {
		const seed = (records: Array<Record<string, unknown>>, type = 'text') => () =>
			em().seed({ objects: {
				namespaces: [{ namespace: 'x', objects: [{ apiName: 'o', fields: [{ apiName: 'a', type: type as 'text', required: true }], records }] }],
			} });
		expect(seed([{ b: 1 }])).toThrow('unknown field "b"');
		expect(seed([{}])).toThrow('required field "a" is missing');
		expect(seed([{ _id: 'abc', a: 'x' }])).toThrow('bad _id');
		expect(seed([], 'money')).toThrow('unknown type money');
		expect(() => em().seed({ objects: { namespaces: [{ namespace: 'x', objects: [{ apiName: 'new_one' }] }] } })).toThrow('needs fields');
	});

	it('seed({objects: {generate}}) makes 100,000 records fast, with required fields filled and lookups to existing records', () => {
		const started = Date.now();
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'customer', count: 100_000 }] } });
		expect(Date.now() - started).toBeLessThan(2000);
		const list = em().records('demo_app', 'customer');
		expect(list).toHaveLength(100_005);
		expect(list[5]).toEqual({ _id: SAMPLE_OBJECTS.nextId, name: `name ${SAMPLE_OBJECTS.nextId}` });
		em().seed({ objects: {
			namespaces: [{ namespace: 'demo_app', objects: [{ apiName: 'line', fields: [{ apiName: 'order', type: 'lookup', lookupObject: 'order', required: true }] }] }],
		} });
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'line', count: 3 }] } });
		const orders = Object.values(SAMPLE_OBJECTS.orders) as string[];
		for (const l of em().records('demo_app', 'line')) expect(orders).toContain((l.order as { _id: string })._id);
		expect(() => em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'nope', count: 1 }] } })).toThrow('unknown object');
	});

	it('reset() re-seeds the sample objects', async () => {
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'customer', count: 10 }] } });
		em().seed({ objects: { namespaces: [{ namespace: 'other', objects: [{ apiName: 'o', fields: [] }] }] } });
		em().reset();
		expect(em().records('demo_app', 'customer')).toHaveLength(5);
		expect(() => em().records('other', 'o')).toThrow();
		const token = await getToken(em());
		const r = await api(em(), token, 'POST', 'customer/records', { record: '{"name":"n"}' });
		expect(r.json.data.id).toBe(SAMPLE_OBJECTS.nextId);
	});

	it('an emulator without seed has no namespaces (unknown namespace -> 2320001)', async () => {
		const bare = await FeishuEmulator.start();
		try {
			const r = await api(bare, await getToken(bare), 'POST', 'customer/records', { record: '{"name":"n"}' });
			expect(r.json.code).toBe(2320001);
		} finally {
			await bare.stop();
		}
	});

	it('GET /__emulator/state has per-object counts and schemas; GET /__emulator/records the records', async () => {
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'order', count: 2 }] } });
		const state = await call(em(), '/__emulator/state', { method: 'GET' });
		const objects = (state.json as unknown as { objects: Record<string, Record<string, { count: number; fields: Array<{ apiName: string }> }>> }).objects;
		expect(objects.demo_app.customer.count).toBe(5);
		expect(objects.demo_app.order.count).toBe(5);
		expect(objects.demo_app.customer.fields.map((f) => f.apiName)).toEqual(['name', 'email', 'amount', 'big_number', 'owner', 'tags', 'active']);
		const recs = await call(em(), '/__emulator/records?namespace=demo_app&object=customer', { method: 'GET' });
		expect(recs.status).toBe(200);
		const body = recs.json as unknown as { ok: boolean; records: Array<Record<string, unknown>> };
		expect(body.records).toEqual(em().records('demo_app', 'customer'));
		expect(body.records[0].big_number).toBe('9007199254740993');
		const missing = await call(em(), '/__emulator/records?namespace=demo_app&object=nope', { method: 'GET' });
		expect(missing.status).toBe(400);
	});

	it('POST /__emulator/seed {objects} keeps bare 19-digit ids exact; {objects:{generate}} generates', async () => {
		const raw =
			'{"objects":{"namespaces":[{"namespace":"demo_app","objects":[{"apiName":"customer",' +
			'"records":[{"_id":1790000000000000777,"name":"Exact","big_number":9007199254740995}]}]}]}}';
		const r = await call(em(), '/__emulator/seed', { raw, headers: { 'Content-Type': 'application/json' } });
		expect(r.status).toBe(200);
		expect(em().records('demo_app', 'customer').at(-1)).toEqual({ _id: '1790000000000000777', name: 'Exact', big_number: '9007199254740995' });
		const g = await call(em(), '/__emulator/seed', { body: { objects: { generate: [{ namespace: 'demo_app', objectApiName: 'order', count: 4 }] } } });
		expect(g.status).toBe(200);
		expect(em().records('demo_app', 'order')).toHaveLength(7);
		const token = await getToken(em());
		const q = await api(em(), token, 'POST', 'customer/records/1790000000000000777/query', { select: ['big_number'] });
		expect(q.json.data.item).toBe('{"_id":1790000000000000777,"big_number":9007199254740995}');
		expect(parseIds(q.json.data.item)).toEqual({ _id: '1790000000000000777', big_number: '9007199254740995' });
		const bad = await call(em(), '/__emulator/seed', { body: { objects: { generate: [{ namespace: 'demo_app', objectApiName: 'zzz', count: 1 }] } } });
		expect(bad.status).toBe(400);
	});

	it('seed option {objects} is loaded at start and on reset', async () => {
		const custom = await FeishuEmulator.start({
			seed: { objects: { namespaces: [{ namespace: 'ns1', objects: [{ apiName: 'thing', fields: [{ apiName: 'name', type: 'text' }], records: [{ name: 'one' }] }] }] } },
		});
		try {
			expect(custom.records('ns1', 'thing')).toEqual([{ _id: SAMPLE_OBJECTS.customers.acme, name: 'one' }]);
			custom.seed({ objects: { generate: [{ namespace: 'ns1', objectApiName: 'thing', count: 2 }] } });
			custom.reset();
			expect(custom.records('ns1', 'thing')).toHaveLength(1);
		} finally {
			await custom.stop();
		}
	});
});
