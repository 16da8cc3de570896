import { SAMPLE_OBJECTS } from '../../../emulator';
import { expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { api, parseIds } from '../../helpers/emulator/objects';

const { acme, beta, gamma } = SAMPLE_OBJECTS.customers;
const NEXT = SAMPLE_OBJECTS.nextId;

describe('object records: create, patch, delete, query', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const find = (id: string) => em().records('demo_app', 'customer').find((r) => r._id === id);

	describe('POST :object/records (create)', () => {
		it('creates a record and answers its 19-digit id as a string', async () => {
			const r = await api(em(), token, 'POST', 'customer/records', {
				record: JSON.stringify({ name: 'New Co', amount: 7, tags: ['a'], active: true, owner: { _id: '1800000000000000002' } }),
			});
			expect(r.status).toBe(200);
			expect(r.json).toEqual({ code: 0, msg: 'success', data: { id: NEXT } });
			expect(find(NEXT)).toEqual({
				_id: NEXT,
				name: 'New Co',
				amount: 7,
				tags: ['a'],
				active: true,
				owner: { _id: '1800000000000000002' },
			});
		});

		it('gives sequential ids', async () => {
			const ids = [];
			for (const name of ['a', 'b']) {
				ids.push((await api(em(), token, 'POST', 'customer/records', { record: JSON.stringify({ name }) })).json.data.id);
			}
			expect(ids).toEqual([NEXT, (BigInt(NEXT) + 1n).toString()]);
		});

		it('keeps every digit of a bare 19-digit bigint and lookup id in the record string', async () => {
			const record = '{"name":"Big","big_number":1234567890123456789,"owner":{"_id":1800000000000000003}}';
			const r = await api(em(), token, 'POST', 'customer/records', { record });
			expect(r.json.code).toBe(0);
			expect(find(r.json.data.id)).toMatchObject({ big_number: '1234567890123456789', owner: { _id: '1800000000000000003' } });
		});

		it('accepts bigint values and lookup ids as decimal strings, and a bare lookup id', async () => {
			const r = await api(em(), token, 'POST', 'order/records', {
				record: JSON.stringify({ title: 'T', customer: beta }),
			});
			expect(r.json.code).toBe(0);
			expect(em().records('demo_app', 'order').find((o) => o._id === r.json.data.id)).toEqual({
				_id: r.json.data.id,
				title: 'T',
				customer: { _id: beta },
			});
		});

		it.each([
			['missing required field', { amount: 1 }, 'required field "name" is missing'],
			['unknown field', { name: 'x', colour: 'red' }, 'unknown field "colour"'],
			['wrong type (number as string)', { name: 'x', amount: '5' }, 'field "amount" must be a number'],
			['wrong type (text as number)', { name: 5 }, 'field "name" must be a string'],
			['wrong type (boolean)', { name: 'x', active: 'yes' }, 'field "active" must be a boolean'],
			['wrong type (multiSelect)', { name: 'x', tags: 'vip' }, 'field "tags" must be an array'],
			['bigint beyond int64', { name: 'x', big_number: '99999999999999999999' }, 'field "big_number" must be an int64'],
			['_id given', { name: 'x', _id: '1790000000000000099' }, 'field "_id" is read-only'],
			['required field null', { name: null }, 'required field "name" is missing'],
		])('%s -> 400 2320001 naming the field, nothing created', async (_n, record, msg) => {
			const r = await api(em(), token, 'POST', 'customer/records', { record: JSON.stringify(record) });
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain('param is invalid: ');
			expect(r.json.msg).toContain(msg);
			expect(em().records('demo_app', 'customer')).toHaveLength(5);
		});

		it('lookup to a record that does not exist -> 2320001', async () => {
			const r = await api(em(), token, 'POST', 'order/records', {
				record: JSON.stringify({ title: 'T', customer: { _id: '1790000000000000999' } }),
			});
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain('field "customer": no customer record with _id 1790000000000000999');
		});

		it.each([
			['record not a string', { record: { name: 'x' } }],
			['record not JSON', { record: '{name:' }],
			['record a JSON array', { record: '[{"name":"x"}]' }],
			['no record', {}],
		])('%s -> 400 2320001', async (_n, body) => {
			const r = await api(em(), token, 'POST', 'customer/records', body);
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain('record must be a JSON string of an object');
		});

		it('unknown namespace or object -> 2320001 naming it', async () => {
			const ns = await api(em(), token, 'POST', 'customer/records', { record: '{"name":"x"}' }, 'no_such_app');
			expectFeishuError(ns, 400, 2320001);
			expect(ns.json.msg).toContain('unknown namespace "no_such_app"');
			const obj = await api(em(), token, 'POST', 'supplier/records', { record: '{"name":"x"}' });
			expectFeishuError(obj, 400, 2320001);
			expect(obj.json.msg).toContain('unknown object "supplier"');
		});

		it('a body that is not JSON -> 2320001', async () => {
			const r = await api(em(), token, 'POST', 'customer/records');
			expectFeishuError(r, 400, 2320001, 'param is invalid');
		});

		it('needs a tenant token', async () => {
			const r = await api(em(), '', 'POST', 'customer/records', { record: '{"name":"x"}' });
			expect(r.json.code).toBe(99991663);
			expect(em().records('demo_app', 'customer')).toHaveLength(5);
		});
	});

	describe('PATCH :object/records/:id', () => {
		it('changes only the fields given; null clears an optional field', async () => {
			const r = await api(em(), token, 'PATCH', `customer/records/${acme}`, {
				record: JSON.stringify({ amount: 1, email: null, big_number: '9223372036854775807' }),
			});
			expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
			const rec = find(acme);
			expect(rec).toMatchObject({ name: 'Acme Ltd', amount: 1, big_number: '9223372036854775807' });
			expect(rec).not.toHaveProperty('email');
		});

		it('tolerates the same _id in the body, refuses another one', async () => {
			expect((await api(em(), token, 'PATCH', `customer/records/${acme}`, { record: `{"_id":${acme},"amount":2}` })).json.code).toBe(0);
			const other = await api(em(), token, 'PATCH', `customer/records/${acme}`, { record: `{"_id":${beta},"amount":3}` });
			expectFeishuError(other, 400, 2320001);
			expect(find(acme)?.amount).toBe(2);
		});

		it.each([
			['unknown field', { nope: 1 }, 'unknown field "nope"'],
			['wrong type', { amount: 'lots' }, 'field "amount" must be a number'],
			['clearing a required field', { name: null }, 'required field "name" is missing'],
		])('%s -> 2320001 naming the field, nothing changed', async (_n, record, msg) => {
			const r = await api(em(), token, 'PATCH', `customer/records/${acme}`, { record: JSON.stringify(record) });
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain(msg);
			expect(find(acme)).toMatchObject({ name: 'Acme Ltd', amount: 1200.5 });
		});

		it.each([['1790000000000000999'], ['abc'], ['12345678901234567890']])('id %s -> 2320001', async (id) => {
			const r = await api(em(), token, 'PATCH', `customer/records/${id}`, { record: '{"amount":1}' });
			expectFeishuError(r, 400, 2320001);
		});

		it('an order id is not a customer id', async () => {
			const r = await api(em(), token, 'PATCH', `customer/records/${SAMPLE_OBJECTS.orders.a1}`, { record: '{"amount":1}' });
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain(`no customer record with _id ${SAMPLE_OBJECTS.orders.a1}`);
		});
	});

	describe('DELETE :object/records/:id', () => {
		it('deletes (no body needed); a second delete -> 2320001', async () => {
			const r = await api(em(), token, 'DELETE', `customer/records/${gamma}`);
			expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
			expect(find(gamma)).toBeUndefined();
			expect(em().records('demo_app', 'customer')).toHaveLength(4);
			expectFeishuError(await api(em(), token, 'DELETE', `customer/records/${gamma}`), 400, 2320001);
		});

		it('unknown object -> 2320001', async () => {
			expectFeishuError(await api(em(), token, 'DELETE', `nothing/records/${gamma}`), 400, 2320001);
		});
	});

	describe('POST :object/records/:id/query', () => {
		it('answers every field as a JSON string with int64s as bare numbers', async () => {
			const r = await api(em(), token, 'POST', `customer/records/${acme}/query`, {});
			expect(r.json.code).toBe(0);
			expect(r.json.data.item).toBe(
				'{"_id":1790000000000000001,"name":"Acme Ltd","email":"sales@acme.example","amount":1200.5,' +
					'"big_number":9007199254740993,"owner":{"_id":1800000000000000001},"tags":["vip","wholesale"],"active":true}',
			);
			// What a client with plain JSON.parse gets: digits lost.
			expect(String((JSON.parse(r.json.data.item) as { big_number: number }).big_number)).not.toBe('9007199254740993');
			expect(parseIds<Record<string, unknown>>(r.json.data.item).big_number).toBe('9007199254740993');
		});

		it('no body at all works like an empty select; unset fields are null', async () => {
			const r = await api(em(), token, 'POST', `customer/records/${gamma}/query`);
			expect(parseIds(r.json.data.item)).toEqual({
				_id: gamma,
				name: 'Gamma GmbH',
				email: null,
				amount: 50,
				big_number: null,
				owner: null,
				tags: [],
				active: false,
			});
		});

		it('select limits the fields (_id always first)', async () => {
			const r = await api(em(), token, 'POST', `customer/records/${beta}/query`, { select: ['amount', 'name'] });
			expect(r.json.data.item).toBe('{"_id":1790000000000000002,"amount":300,"name":"Beta Corp"}');
		});

		it('lookup ids are bare numbers too', async () => {
			const r = await api(em(), token, 'POST', `order/records/${SAMPLE_OBJECTS.orders.b1}/query`, { select: ['customer'] });
			expect(r.json.data.item).toBe(`{"_id":${SAMPLE_OBJECTS.orders.b1},"customer":{"_id":${beta}}}`);
		});

		it.each([
			['unknown id', '1790000000000000999', {}],
			['non-numeric id', 'x1', {}],
			['unknown select field', acme, { select: ['nope'] }],
			['select not an array', acme, { select: 'name' }],
		])('%s -> 2320001', async (_n, id, body) => {
			expectFeishuError(await api(em(), token, 'POST', `customer/records/${id}/query`, body), 400, 2320001);
		});
	});

	it('a wrong method on a known path is a 404', async () => {
		const r = await api(em(), token, 'GET', 'customer/records');
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ code: 404, msg: '404 page not found' });
	});
});
