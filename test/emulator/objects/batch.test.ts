import { RECORD_ERROR_CODE, SAMPLE_OBJECTS } from '../../../emulator';
import { expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { api, type BatchItemJson } from '../../helpers/emulator/objects';

const { acme, beta, gamma } = SAMPLE_OBJECTS.customers;
const NEXT = BigInt(SAMPLE_OBJECTS.nextId);
const id = (n: number) => (NEXT + BigInt(n)).toString();

describe('object records: batch_create, batch_update, batch_delete', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const customers = () => em().records('demo_app', 'customer');
	const items = (r: { json: { data: { items: unknown } } }) => r.json.data.items as BatchItemJson[];

	describe('POST :object/records/batch_create', () => {
		it('creates every record, one item per record in request order', async () => {
			const records = [{ name: 'A' }, { name: 'B', amount: 2 }, { name: 'C', big_number: 9007199254740993n.toString() }];
			const r = await api(em(), token, 'POST', 'customer/records/batch_create', { records: JSON.stringify(records) });
			expect(r.status).toBe(200);
			expect(r.json).toEqual({
				code: 0,
				msg: 'success',
				data: { items: [0, 1, 2].map((n) => ({ success: true, id: id(n) })) },
			});
			expect(customers().slice(-3).map((c) => [c._id, c.name])).toEqual([
				[id(0), 'A'],
				[id(1), 'B'],
				[id(2), 'C'],
			]);
		});

		it('a failing record gets its own errors (string code, sub_code, fields); the others are written', async () => {
			const records = '[{"name":"ok 1"},{"amount":5},{"name":"ok 2","colour":"red","active":"yes"},7,{"name":"ok 3"}]';
			const r = await api(em(), token, 'POST', 'customer/records/batch_create', { records });
			expect(r.json.code).toBe(0);
			expect(items(r)).toEqual([
				{ success: true, id: id(0) },
				{
					success: false,
					errors: [
						{
							code: RECORD_ERROR_CODE,
							message: 'required field "name" is missing',
							sub_code: 'required_field_missing',
							fields: ['name'],
						},
					],
				},
				{
					success: false,
					errors: [
						expect.objectContaining({ code: '2320001', sub_code: 'unknown_field', fields: ['colour'] }),
						expect.objectContaining({ code: '2320001', sub_code: 'invalid_field_value', fields: ['active'] }),
					],
				},
				{ success: false, errors: [expect.objectContaining({ code: '2320001', sub_code: 'invalid_record' })] },
				{ success: true, id: id(1) },
			]);
			expect(typeof items(r)[1].errors?.[0].code).toBe('string');
			expect(customers().map((c) => c.name)).toEqual([
				'Acme Ltd',
				'Beta Corp',
				'Gamma GmbH',
				'Delta 有限公司',
				'epsilon studio',
				'ok 1',
				'ok 3',
			]);
		});

		it('keeps 19-digit numbers of the records string exact', async () => {
			const records = `[{"name":"x","big_number":1234567890123456789,"owner":1800000000000000042}]`;
			const r = await api(em(), token, 'POST', 'customer/records/batch_create', { records });
			expect(items(r)[0].success).toBe(true);
			expect(customers().at(-1)).toMatchObject({ big_number: '1234567890123456789', owner: { _id: '1800000000000000042' } });
		});

		it('accepts exactly 500 records', async () => {
			const records = JSON.stringify(Array.from({ length: 500 }, (_, n) => ({ name: `r${n}` })));
			const r = await api(em(), token, 'POST', 'customer/records/batch_create', { records });
			expect(items(r)).toHaveLength(500);
			expect(customers()).toHaveLength(505);
		});

		it('501 records -> 2320001 for the whole request, nothing written', async () => {
			const records = JSON.stringify(Array.from({ length: 501 }, (_, n) => ({ name: `r${n}` })));
			const r = await api(em(), token, 'POST', 'customer/records/batch_create', { records });
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain('at most 500');
			expect(customers()).toHaveLength(5);
		});

		it.each([
			['records not a string', { records: [{ name: 'x' }] }],
			['records not JSON', { records: '[{' }],
			['records an object', { records: '{"name":"x"}' }],
			['records empty', { records: '[]' }],
			['no records', {}],
		])('%s -> 2320001', async (_n, body) => {
			expectFeishuError(await api(em(), token, 'POST', 'customer/records/batch_create', body), 400, 2320001);
			expect(customers()).toHaveLength(5);
		});

		it('unknown object -> 2320001', async () => {
			const r = await api(em(), token, 'POST', 'ghost/records/batch_create', { records: '[{"name":"x"}]' });
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain('unknown object "ghost"');
		});
	});

	describe('PATCH :object/records/batch_update', () => {
		it('updates by _id given as a bare 19-digit number or a string', async () => {
			const records = `[{"_id":${acme},"amount":1},{"_id":"${beta}","amount":2}]`;
			const r = await api(em(), token, 'PATCH', 'customer/records/batch_update', { records });
			expect(r.json).toEqual({
				code: 0,
				msg: 'success',
				data: { items: [{ success: true, id: acme }, { success: true, id: beta }] },
			});
			expect(customers().slice(0, 2).map((c) => c.amount)).toEqual([1, 2]);
		});

		it('per-record errors: missing _id, bad _id, unknown _id, invalid field; the others are written', async () => {
			const records = JSON.stringify([
				{ amount: 1 },
				{ _id: 'abc', amount: 1 },
				{ _id: '1790000000000000999', amount: 1 },
				{ _id: gamma, amount: 'x' },
				{ _id: gamma, amount: 51 },
			]);
			const r = await api(em(), token, 'PATCH', 'customer/records/batch_update', { records });
			const got = items(r);
			expect(got.map((i) => [i.success, i.id, i.errors?.map((e) => e.sub_code)])).toEqual([
				[false, undefined, ['missing_id']],
				[false, undefined, ['invalid_id']],
				[false, '1790000000000000999', ['record_not_found']],
				[false, gamma, ['invalid_field_value']],
				[true, gamma, undefined],
			]);
			expect(got[3].errors?.[0]).toEqual({
				code: '2320001',
				message: 'field "amount" must be a number',
				sub_code: 'invalid_field_value',
				fields: ['amount'],
			});
			expect(customers().find((c) => c._id === gamma)?.amount).toBe(51);
		});

		it('501 records -> 2320001, nothing written', async () => {
			const records = JSON.stringify(Array.from({ length: 501 }, () => ({ _id: acme, amount: 9 })));
			expectFeishuError(await api(em(), token, 'PATCH', 'customer/records/batch_update', { records }), 400, 2320001);
			expect(customers()[0].amount).toBe(1200.5);
		});

		it('records not a JSON string of an array -> 2320001', async () => {
			const r = await api(em(), token, 'PATCH', 'customer/records/batch_update', { records: `{"_id":${acme}}` });
			expectFeishuError(r, 400, 2320001);
		});
	});

	describe('DELETE :object/records/batch_delete (JSON body)', () => {
		it('deletes every id, one item per id in order; unknown and bad ids fail on their own', async () => {
			const r = await api(em(), token, 'DELETE', 'customer/records/batch_delete', {
				ids: [acme, '1790000000000000999', 'x', gamma, acme],
			});
			expect(r.json.code).toBe(0);
			expect(items(r).map((i) => [i.success, i.id, i.errors?.map((e) => [e.code, e.sub_code])])).toEqual([
				[true, acme, undefined],
				[false, '1790000000000000999', [['2320001', 'record_not_found']]],
				[false, 'x', [['2320001', 'invalid_id']]],
				[true, gamma, undefined],
				[false, acme, [['2320001', 'record_not_found']]],
			]);
			expect(customers().map((c) => c._id)).toEqual([beta, SAMPLE_OBJECTS.customers.delta, SAMPLE_OBJECTS.customers.epsilon]);
		});

		it.each([
			['501 ids', { ids: Array.from({ length: 501 }, () => acme) }],
			['no ids', {}],
			['empty ids', { ids: [] }],
			['numeric ids', { ids: [1790000000000000] }],
			['ids not an array', { ids: acme }],
		])('%s -> 2320001, nothing deleted', async (_n, body) => {
			expectFeishuError(await api(em(), token, 'DELETE', 'customer/records/batch_delete', body), 400, 2320001);
			expect(customers()).toHaveLength(5);
		});
	});

	it('batch paths answer only their own method (POST batch_update is a 404)', async () => {
		const r = await api(em(), token, 'POST', 'customer/records/batch_update', { records: '[]' });
		expect(r.status).toBe(404);
	});
});
