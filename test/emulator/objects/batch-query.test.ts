import { SAMPLE_OBJECTS } from '../../../emulator';
import { expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { api, parseIds } from '../../helpers/emulator/objects';

const C = SAMPLE_OBJECTS.customers;
const ALL = [C.acme, C.beta, C.gamma, C.delta, C.epsilon];

type Row = Record<string, unknown> & { _id: string };

const field = (name: string, object = 'customer') => ({
	type: 'metadataVariable',
	settings: JSON.stringify({ fieldPath: [{ fieldApiName: name, objectApiName: object }] }),
});
const constant = (data: unknown) => ({ type: 'constant', settings: JSON.stringify({ data }) });
const cond = (index: string, name: string, operator: string, data?: unknown) => ({
	index,
	left: field(name),
	...(data === undefined ? {} : { right: constant(data) }),
	operator,
});

describe('object records: batch_query', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const query = (body: Record<string, unknown>, object = 'customer') => api(em(), token, 'POST', `${object}/records/batch_query`, body);
	const ids = async (body: Record<string, unknown>) => {
		const r = await query({ select: ['name'], ...body });
		expect(r.json.code).toBe(0);
		return parseIds<Row[]>(r.json.data.items).map((x) => x._id);
	};

	it('answers the selected fields of every record by _id, ids as bare numbers in the items string', async () => {
		const r = await query({ select: ['name', 'big_number', 'owner'] });
		expect(r.json.code).toBe(0);
		expect(r.json.data.has_more).toBe(false);
		expect(r.json.data.next_page_token).toBe('');
		expect(r.json.data).not.toHaveProperty('total');
		expect(r.json.data.items.startsWith(
			'[{"_id":1790000000000000001,"name":"Acme Ltd","big_number":9007199254740993,"owner":{"_id":1800000000000000001}},' +
				'{"_id":1790000000000000002,"name":"Beta Corp","big_number":1234567890123456789,',
		)).toBe(true);
		expect(parseIds<Row[]>(r.json.data.items).map((x) => x._id)).toEqual(ALL);
	});

	it('need_total_count adds total (of all matches, not the page)', async () => {
		const r = await query({ select: ['name'], page_size: 2, need_total_count: true });
		expect(r.json.data.total).toBe(5);
		expect(r.json.data.has_more).toBe(true);
		const f = await query({ select: ['name'], page_size: 1, need_total_count: true, filter: { conditions: [cond('1', 'active', 'equals', true)] } });
		expect(f.json.data.total).toBe(3);
	});

	it('walks every page with page tokens (use_page_token, no token = first page)', async () => {
		const seen: string[] = [];
		let token_: string | undefined;
		let pages = 0;
		for (;;) {
			const r = await query({ select: ['name'], page_size: 2, use_page_token: true, ...(token_ ? { page_token: token_ } : {}) });
			pages++;
			seen.push(...parseIds<Row[]>(r.json.data.items).map((x) => x._id));
			if (!r.json.data.has_more) {
				expect(r.json.data.next_page_token).toBe('');
				break;
			}
			expect(typeof r.json.data.next_page_token).toBe('string');
			expect(r.json.data.next_page_token).not.toBe('');
			token_ = r.json.data.next_page_token;
		}
		expect(pages).toBe(3);
		expect(seen).toEqual(ALL);
	});

	it('pages a generated object of 2,000 records to the end, 500 per page by default', async () => {
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'customer', count: 1995 }] } });
		let pageToken = '';
		const seen = new Set<string>();
		let pages = 0;
		do {
			const r = await query({ select: ['name'], use_page_token: true, page_token: pageToken });
			const rows = parseIds<Row[]>(r.json.data.items);
			expect(rows.length).toBeLessThanOrEqual(500);
			for (const row of rows) seen.add(row._id);
			pageToken = r.json.data.next_page_token;
			pages++;
		} while (pageToken);
		expect(pages).toBe(4);
		expect(seen.size).toBe(2000);
	});

	it('a page token survives deletes and inserts (continues after the last record served)', async () => {
		const first = await query({ select: ['name'], page_size: 2, use_page_token: true });
		await api(em(), token, 'DELETE', 'customer/records/batch_delete', { ids: [C.beta, C.gamma] });
		const next = await query({ select: ['name'], page_size: 2, use_page_token: true, page_token: first.json.data.next_page_token });
		expect(parseIds<Row[]>(next.json.data.items).map((x) => x._id)).toEqual([C.delta, C.epsilon]);
	});

	it('offset paging without tokens', async () => {
		expect(await ids({ page_size: 2, offset: 2 })).toEqual([C.gamma, C.delta]);
		expect(await ids({ offset: 5 })).toEqual([]);
		const filtered = await ids({ offset: 1, filter: { conditions: [cond('1', 'active', 'equals', true)] } });
		expect(filtered).toEqual([C.beta, C.delta]);
	});

	it('order_by: DESC, several keys, nulls first ascending; paging follows the order', async () => {
		expect(await ids({ order_by: [{ field: 'amount', direction: 'DESC' }] })).toEqual([C.acme, C.beta, C.delta, C.gamma, C.epsilon]);
		expect(await ids({ order_by: [{ field: 'big_number', direction: 'ASC' }] })).toEqual([C.gamma, C.delta, C.epsilon, C.acme, C.beta]);
		expect(
			await ids({ order_by: [{ field: 'active', direction: 'DESC' }, { field: 'name', direction: 'ASC' }] }),
		).toEqual([C.acme, C.beta, C.delta, C.gamma, C.epsilon]);
		const order_by = [{ field: 'amount', direction: 'ASC' }];
		const p1 = await query({ select: ['amount'], order_by, page_size: 3, use_page_token: true });
		const p2 = await query({ select: ['amount'], order_by, page_size: 3, use_page_token: true, page_token: p1.json.data.next_page_token });
		expect([...parseIds<Row[]>(p1.json.data.items), ...parseIds<Row[]>(p2.json.data.items)].map((x) => x.amount)).toEqual([
			0, 50, 100, 300, 1200.5,
		]);
	});

	describe('filter', () => {
		it.each([
			['equals', cond('1', 'name', 'equals', 'Beta Corp'), [C.beta]],
			['notEquals', cond('1', 'active', 'notEquals', true), [C.gamma, C.epsilon]],
			['greaterThan', cond('1', 'amount', 'greaterThan', 100), [C.acme, C.beta]],
			['greaterThanOrEquals', cond('1', 'amount', 'greaterThanOrEquals', 100), [C.acme, C.beta, C.delta]],
			['lessThan', cond('1', 'amount', 'lessThan', 50), [C.epsilon]],
			['lessThanOrEquals', cond('1', 'amount', 'lessThanOrEquals', 50), [C.gamma, C.epsilon]],
			['contains (text)', cond('1', 'email', 'contains', 'example'), [C.acme, C.beta, C.delta]],
			['contains (multiSelect)', cond('1', 'tags', 'contains', 'vip'), [C.acme]],
			['isEmpty', cond('1', 'email', 'isEmpty'), [C.gamma, C.epsilon]],
			['isNotEmpty', cond('1', 'big_number', 'isNotEmpty'), [C.acme, C.beta, C.epsilon]],
			['isAnyOf (text)', cond('1', 'name', 'isAnyOf', ['Beta Corp', 'Nobody', 'Acme Ltd']), [C.acme, C.beta]],
			['isAnyOf (numbers)', cond('1', 'amount', 'isAnyOf', [0, 100, 7]), [C.delta, C.epsilon]],
			['isAnyOf (_id as int64 strings)', cond('1', '_id', 'isAnyOf', [C.delta, C.beta]), [C.beta, C.delta]],
			['equals on a bigint beyond 2^53 (string constant)', cond('1', 'big_number', 'equals', '9007199254740993'), [C.acme]],
			['equals on _id', cond('1', '_id', 'equals', C.delta), [C.delta]],
			['equals on a lookup id', cond('1', 'owner', 'equals', SAMPLE_OBJECTS.owner), [C.acme, C.beta]],
		])('%s', async (_n, c, expected) => {
			expect(await ids({ filter: { conditions: [c], logic_expression: '1' } })).toEqual(expected);
		});

		it('a bigint constant written as a bare 19-digit number in settings stays exact', async () => {
			const c = {
				index: '1',
				left: field('big_number'),
				right: { type: 'constant', settings: '{"data":9007199254740993}' },
				operator: 'equals',
			};
			expect(await ids({ filter: { conditions: [c] } })).toEqual([C.acme]);
		});

		it('logic_expression: AND, OR, parentheses; default AND of all', async () => {
			const conditions = [
				cond('1', 'active', 'equals', true),
				cond('2', 'amount', 'greaterThan', 200),
				cond('3', 'name', 'contains', 'epsilon'),
			];
			expect(await ids({ filter: { conditions, logic_expression: '1 AND 2' } })).toEqual([C.acme, C.beta]);
			expect(await ids({ filter: { conditions, logic_expression: '2 OR 3' } })).toEqual([C.acme, C.beta, C.epsilon]);
			expect(await ids({ filter: { conditions, logic_expression: '(1 AND 2) OR 3' } })).toEqual([C.acme, C.beta, C.epsilon]);
			expect(await ids({ filter: { conditions, logic_expression: '1 AND (2 OR 3)' } })).toEqual([C.acme, C.beta]);
			expect(await ids({ filter: { conditions: conditions.slice(0, 2) } })).toEqual([C.acme, C.beta]);
		});

		it('pages a filtered query with tokens', async () => {
			const filter = { conditions: [cond('1', 'amount', 'greaterThanOrEquals', 50)] };
			const p1 = await query({ select: ['name'], filter, page_size: 2, use_page_token: true });
			expect(p1.json.data.has_more).toBe(true);
			const p2 = await query({ select: ['name'], filter, page_size: 2, use_page_token: true, page_token: p1.json.data.next_page_token });
			expect(p2.json.data.has_more).toBe(false);
			expect([...parseIds<Row[]>(p1.json.data.items), ...parseIds<Row[]>(p2.json.data.items)].map((x) => x._id)).toEqual([
				C.acme,
				C.beta,
				C.gamma,
				C.delta,
			]);
		});

		it.each([
			['unknown operator', { conditions: [{ ...cond('1', 'amount', 'equals', 1), operator: 'like' }] }, 'unsupported operator'],
			['unknown field', { conditions: [cond('1', 'nope', 'equals', 1)] }, 'unknown field "nope"'],
			['other object in fieldPath', { conditions: [{ ...cond('1', 'amount', 'equals', 1), left: field('amount', 'order') }] }, 'is not "customer"'],
			['left not metadataVariable', { conditions: [{ ...cond('1', 'amount', 'equals', 1), left: constant(1) }] }, 'metadataVariable'],
			['right missing', { conditions: [{ index: '1', left: field('amount'), operator: 'equals' }] }, 'constant'],
			['settings not JSON', { conditions: [{ ...cond('1', 'amount', 'equals', 1), right: { type: 'constant', settings: '{' } }] }, 'settings'],
			['two-step fieldPath', { conditions: [{ ...cond('1', 'amount', 'equals', 1), left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"owner"},{"fieldApiName":"name"}]}' } }] }, 'exactly one field'],
			['bad logic_expression', { conditions: [cond('1', 'amount', 'equals', 1)], logic_expression: '1 XOR 1' }, 'logic_expression'],
			['logic_expression with an unknown index', { conditions: [cond('1', 'amount', 'equals', 1)], logic_expression: '1 AND 2' }, 'no condition with index 2'],
			['conditions not an array', { conditions: {} }, 'conditions'],
			['more than 10 conditions (documented maximum)', { conditions: Array.from({ length: 11 }, (_, n) => cond(String(n + 1), 'amount', 'equals', n)) }, 'at most 10'],
			['isAnyOf with a single value', { conditions: [cond('1', 'amount', 'isAnyOf', 5)] }, 'needs "data" to be a list'],
			['the old guessed names are not operators', { conditions: [cond('1', 'email', 'isNull')] }, 'unsupported operator'],
		])('unsupported filter: %s -> 2320001', async (_n, filter, msg) => {
			const r = await query({ select: ['name'], filter });
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain(msg);
		});
	});

	it.each([
		['no select', {}, 'select is required'],
		['empty select', { select: [] }, 'select'],
		['unknown select field', { select: ['nope'] }, 'unknown field "nope"'],
		['page_size 501', { select: ['name'], page_size: 501 }, 'page_size'],
		['page_size 0', { select: ['name'], page_size: 0 }, 'page_size'],
		['negative offset', { select: ['name'], offset: -1 }, 'offset'],
		['order_by direction lower-case', { select: ['name'], order_by: [{ field: 'name', direction: 'asc' }] }, 'direction'],
		['order_by unknown field', { select: ['name'], order_by: [{ field: 'x', direction: 'ASC' }] }, 'unknown field "x"'],
		['order_by multiSelect', { select: ['name'], order_by: [{ field: 'tags', direction: 'ASC' }] }, 'multiSelect'],
		['garbage page_token', { select: ['name'], use_page_token: true, page_token: '!!' }, 'page_token'],
		['use_page_token not a boolean', { select: ['name'], use_page_token: 'yes' }, 'use_page_token'],
		['group_by', { select: ['name'], group_by: [{ field: 'active' }] }, 'group_by'],
	])('%s -> 2320001', async (_n, body, msg) => {
		const r = await query(body);
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain(msg);
	});

	it('a page token issued for another order or object -> 2320001', async () => {
		const p1 = await query({ select: ['name'], page_size: 1, use_page_token: true });
		const t = p1.json.data.next_page_token;
		const otherOrder = await query({ select: ['name'], page_size: 1, use_page_token: true, page_token: t, order_by: [{ field: 'name', direction: 'ASC' }] });
		expectFeishuError(otherOrder, 400, 2320001);
		const otherObject = await query({ select: ['title'], use_page_token: true, page_token: t }, 'order');
		expectFeishuError(otherObject, 400, 2320001);
	});

	it('unknown object -> 2320001', async () => {
		expectFeishuError(await query({ select: ['name'] }, 'ghost'), 400, 2320001);
	});
});
