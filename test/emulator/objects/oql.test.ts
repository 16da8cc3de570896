import { FeishuEmulator, SAMPLE_OBJECTS } from '../../../emulator';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { api, parseIds } from '../../helpers/emulator/objects';

const C = SAMPLE_OBJECTS.customers;

describe('objects/oql_query', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const oql = (query: string, extra: Record<string, unknown> = {}) => api(em(), token, 'POST', 'oql_query', { query, ...extra });
	const rows = async (query: string, extra: Record<string, unknown> = {}) => {
		const r = await oql(query, extra);
		expect(r.json.code).toBe(0);
		return parseIds<unknown[][]>(r.json.data.rows);
	};

	it('answers columns and rows (arrays in column order by default), int64s as bare numbers', async () => {
		const r = await oql('SELECT _id, name, big_number, owner FROM customer WHERE amount >= 300');
		expect(r.status).toBe(200);
		expect(r.json).toEqual({
			code: 0,
			msg: 'success',
			data: {
				columns: ['_id', 'name', 'big_number', 'owner'],
				rows:
					'[[1790000000000000001,"Acme Ltd",9007199254740993,{"_id":1800000000000000001}],' +
					'[1790000000000000002,"Beta Corp",1234567890123456789,{"_id":1800000000000000001}]]',
			},
		});
	});

	it('rows as objects keyed by column with the oqlRowsAs knob (in-process and over HTTP)', async () => {
		em().configure({ oqlRowsAs: 'objects' });
		const r = await oql('SELECT name, _id FROM customer WHERE name = \'Beta Corp\'');
		expect(r.json.data.columns).toEqual(['name', '_id']);
		expect(r.json.data.rows).toBe('[{"name":"Beta Corp","_id":1790000000000000002}]');
		const knob = await call(em(), '/__emulator/knobs', { body: { oqlRowsAs: 'arrays' } });
		expect(knob.status).toBe(200);
		expect((await oql('SELECT name FROM customer LIMIT 1')).json.data.rows).toBe('[["Acme Ltd"]]');
		const bad = await call(em(), '/__emulator/knobs', { body: { oqlRowsAs: 'maps' } });
		expect(bad.status).toBe(400);
		expect(() => em().configure({ oqlRowsAs: 'x' as 'arrays' })).toThrow('oqlRowsAs');
	});

	it('the start option sets the row shape, and reset() goes back to it', async () => {
		const objects = await FeishuEmulator.start({ seed: { preset: 'sample' }, oqlRowsAs: 'objects' });
		try {
			const t = await getToken(objects);
			objects.configure({ oqlRowsAs: 'arrays' });
			objects.reset();
			const r = await api(objects, t, 'POST', 'oql_query', { query: 'SELECT name FROM customer LIMIT 1' });
			expect(r.json.code).toBe(99991663); // reset() invalidated the token
			const r2 = await api(objects, await getToken(objects), 'POST', 'oql_query', { query: 'SELECT name FROM customer LIMIT 1' });
			expect(r2.json.data.rows).toBe('[{"name":"Acme Ltd"}]');
		} finally {
			await objects.stop();
		}
	});

	it('WHERE with AND, every operator, strings with quotes, booleans', async () => {
		expect(await rows('select name from customer where active = true and amount > 100')).toEqual([['Acme Ltd'], ['Beta Corp']]);
		expect(await rows('SELECT name FROM customer WHERE amount < 100')).toEqual([['Gamma GmbH'], ['epsilon studio']]);
		expect(await rows('SELECT name FROM customer WHERE amount <= 100 AND amount != 0')).toEqual([['Gamma GmbH'], ['Delta 有限公司']]);
		expect(await rows('SELECT name FROM customer WHERE amount <> 0 AND active = false')).toEqual([['Gamma GmbH']]);
		expect(await rows('SELECT name FROM customer WHERE email IS NULL')).toEqual([['Gamma GmbH'], ['epsilon studio']]);
		expect(await rows('SELECT name FROM customer WHERE email IS NOT NULL AND amount >= 300')).toEqual([['Acme Ltd'], ['Beta Corp']]);
		await api(em(), token, 'POST', 'customer/records', { record: JSON.stringify({ name: "O'Brien" }) });
		expect(await rows("SELECT name FROM customer WHERE name = 'O''Brien'")).toEqual([["O'Brien"]]);
	});

	it('an int64 literal and a lookup id compare exactly', async () => {
		expect(await rows('SELECT name FROM customer WHERE big_number = 9007199254740993')).toEqual([['Acme Ltd']]);
		expect(await rows('SELECT name FROM customer WHERE big_number = 9007199254740992')).toEqual([]);
		expect(await rows(`SELECT title FROM order WHERE customer = ${C.acme}`)).toEqual([['Order A-1'], ['Order A-2']]);
		expect(await rows(`SELECT title FROM order WHERE _id > ${SAMPLE_OBJECTS.orders.a1}`)).toEqual([['Order A-2'], ['Order B-1']]);
	});

	it('positional $1 and named $name arguments (JSON strings, int64 exact)', async () => {
		expect(
			await rows('SELECT name FROM customer WHERE amount >= $1 AND active = $2', { args: '[100, true]' }),
		).toEqual([['Acme Ltd'], ['Beta Corp'], ['Delta 有限公司']]);
		expect(
			await rows('SELECT name FROM customer WHERE big_number = $big', { named_args: '{"big":9007199254740993}' }),
		).toEqual([['Acme Ltd']]);
		expect(await rows('SELECT name FROM customer WHERE _id = $id', { named_args: JSON.stringify({ id: C.delta }) })).toEqual([
			['Delta 有限公司'],
		]);
	});

	it('ORDER BY, LIMIT and OFFSET page through the rows', async () => {
		expect(await rows('SELECT amount FROM customer ORDER BY amount DESC')).toEqual([[1200.5], [300], [100], [50], [0]]);
		expect(await rows('SELECT amount FROM customer ORDER BY amount ASC LIMIT 2 OFFSET 1')).toEqual([[50], [100]]);
		expect(await rows('SELECT name FROM customer ORDER BY active DESC, name LIMIT 3')).toEqual([['Acme Ltd'], ['Beta Corp'], ['Delta 有限公司']]);
		const all: unknown[][] = [];
		for (let offset = 0; ; offset += 2) {
			const page = await rows(`SELECT _id FROM customer LIMIT 2 OFFSET ${offset};`);
			all.push(...page);
			if (page.length < 2) break;
		}
		expect(all.map((r) => r[0])).toEqual([C.acme, C.beta, C.gamma, C.delta, C.epsilon]);
	});

	it.each([
		['not OQL', 'DROP TABLE customer', 'expected SELECT'],
		['SELECT *', 'SELECT * FROM customer', 'SELECT * is not supported'],
		['COUNT(*)', 'SELECT COUNT(*) FROM customer', 'functions'],
		['unknown object', 'SELECT name FROM supplier', 'unknown object "supplier"'],
		['unknown column', 'SELECT name, colour FROM customer', 'unknown field "colour"'],
		['unknown WHERE field', 'SELECT name FROM customer WHERE colour = 1', 'unknown field "colour"'],
		['OR', 'SELECT name FROM customer WHERE amount = 1 OR amount = 2', 'OR is not supported'],
		['missing FROM', 'SELECT name customer', 'expected FROM'],
		['missing value', 'SELECT name FROM customer WHERE amount >', 'expected a value'],
		['bad operator', 'SELECT name FROM customer WHERE amount LIKE 1', 'comparison operator'],
		['trailing junk', 'SELECT name FROM customer LIMIT 1 garbage', 'expected end of query'],
		['negative LIMIT', 'SELECT name FROM customer LIMIT -1', 'non-negative integer after LIMIT'],
		['unterminated string', "SELECT name FROM customer WHERE name = 'x", 'unexpected character'],
		['missing positional arg', 'SELECT name FROM customer WHERE amount = $2', 'no argument for $2'],
		['missing named arg', 'SELECT name FROM customer WHERE amount = $x', 'no named argument for $x'],
	])('bad OQL (%s) -> 2320001 naming the problem', async (_n, query, msg) => {
		const r = await oql(query, { args: '[1]' });
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain(msg);
	});

	it.each([
		['no query', {}, 'query'],
		['empty query', { query: ' ' }, 'query'],
		['args not a JSON array string', { query: 'SELECT name FROM customer', args: '{"a":1}' }, 'args'],
		['named_args not a JSON object string', { query: 'SELECT name FROM customer', named_args: '[1]' }, 'named_args'],
	])('%s -> 2320001', async (_n, body, msg) => {
		const r = await api(em(), token, 'POST', 'oql_query', body);
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain(msg);
	});

	it('unknown namespace -> 2320001', async () => {
		const r = await api(em(), token, 'POST', 'oql_query', { query: 'SELECT name FROM customer' }, 'nope');
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain('unknown namespace "nope"');
	});
});
