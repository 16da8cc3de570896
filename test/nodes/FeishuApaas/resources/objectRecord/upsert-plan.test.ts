import { planUpsert, resolveGroup } from '../../../../../nodes/FeishuApaas/resources/objectRecord/upsert-plan';

const items = (n: number, from = 0) => Array.from({ length: n }, (_, k) => ({ itemIndex: from + k, fields: { email: `u${from + k}@x`, name: `U${from + k}` } }));

describe('upsert plan', () => {
	it('1,200 items: three groups (500, 500, 200), one isAnyOf lookup each with every key', () => {
		const plan = planUpsert('customer', items(1200), ['email']);
		expect(plan.rejected).toEqual([]);
		expect(plan.groups.map((g) => g.items.length)).toEqual([500, 500, 200]);
		const [first] = plan.groups;
		expect(first.select).toEqual(['_id', 'email']);
		expect(first.filter.logic_expression).toBe('1');
		expect(first.filter.conditions).toHaveLength(1);
		expect(first.filter.conditions[0].operator).toBe('isAnyOf');
		expect(JSON.parse(first.filter.conditions[0].right!.settings).data).toHaveLength(500);
		expect(JSON.parse(first.filter.conditions[0].left.settings)).toEqual({ fieldPath: [{ fieldApiName: 'email', objectApiName: 'customer' }] });
	});

	it('several match fields: one condition per field, ANDed, distinct values each', () => {
		const plan = planUpsert(
			'order',
			[
				{ itemIndex: 0, fields: { shop: 'A', no: 1 } },
				{ itemIndex: 1, fields: { shop: 'A', no: 2 } },
				{ itemIndex: 2, fields: { shop: 'B', no: 1 } },
			],
			['shop', 'no'],
		);
		const [group] = plan.groups;
		expect(group.filter.logic_expression).toBe('1 AND 2');
		expect(group.filter.conditions.map((c) => JSON.parse(c.right!.settings).data)).toEqual([['A', 'B'], [1, 2]]);
	});

	it('a later item with the same key is an error, the earlier one is written', () => {
		const plan = planUpsert(
			'customer',
			[
				{ itemIndex: 0, fields: { email: 'a@x' } },
				{ itemIndex: 1, fields: { email: 'b@x' } },
				{ itemIndex: 2, fields: { email: 'a@x', name: 'again' } },
			],
			['email'],
		);
		expect(plan.groups[0].items.map((i) => i.itemIndex)).toEqual([0, 1]);
		expect(plan.rejected).toEqual([{ itemIndex: 2, message: expect.stringContaining('same match key as item 0 (email = "a@x")') }]);
	});

	it('100 and "100" are the same key', () => {
		const plan = planUpsert('o', [{ itemIndex: 0, fields: { code: 100 } }, { itemIndex: 1, fields: { code: '100' } }], ['code']);
		expect(plan.rejected.map((r) => r.itemIndex)).toEqual([1]);
	});

	it.each([
		[{ name: 'x' }, 'has no value for match field "email"'],
		[{ email: '  ' }, 'has no value for match field "email"'],
		[{ email: ['a'] }, 'must be text, a number, a boolean or a lookup'],
	])('an item without a usable key is an error on it: %j', (fields, message) => {
		const plan = planUpsert('o', [{ itemIndex: 3, fields }], ['email']);
		expect(plan.rejected).toEqual([{ itemIndex: 3, message: expect.stringContaining(message) }]);
		expect(plan.groups).toEqual([]);
	});

	it('refuses _id, no fields, and more than 10 fields', () => {
		expect(() => planUpsert('o', [], [])).toThrow('is required');
		expect(() => planUpsert('o', [], ['_id'])).toThrow('cannot include _id');
		expect(() => planUpsert('o', [], Array.from({ length: 11 }, (_, n) => `f${n}`))).toThrow('more than 10 fields');
	});

	it('resolves found records: one → update, none → create, several → ambiguous; cross-product extras ignored', () => {
		const plan = planUpsert(
			'order',
			[
				{ itemIndex: 0, fields: { shop: 'A', no: 1 } },
				{ itemIndex: 1, fields: { shop: 'A', no: 2 } },
				{ itemIndex: 2, fields: { shop: 'B', no: 2 } },
			],
			['shop', 'no'],
		);
		const found = [
			{ _id: '1790000000000000001', shop: 'A', no: 1 },
			{ _id: '1790000000000000002', shop: 'B', no: 1 }, // matches the lookup's cross product only
			{ _id: '1790000000000000003', shop: 'B', no: 2 },
			{ _id: '1790000000000000004', shop: 'B', no: 2 },
		];
		const r = resolveGroup(plan.groups[0], found, ['shop', 'no']);
		expect(r.updates.map((u) => [u.item.itemIndex, u.id])).toEqual([[0, '1790000000000000001']]);
		expect(r.creates.map((c) => c.itemIndex)).toEqual([1]);
		expect(r.ambiguous.map((a) => [a.item.itemIndex, a.ids])).toEqual([[2, ['1790000000000000003', '1790000000000000004']]]);
	});

	it('a lookup key matches a lookup field by its id', () => {
		const plan = planUpsert('o', [{ itemIndex: 0, fields: { owner: { _id: '1800000000000000001' } } }], ['owner']);
		const r = resolveGroup(plan.groups[0], [{ _id: '5', owner: { _id: '1800000000000000001' } }], ['owner']);
		expect(r.updates.map((u) => u.id)).toEqual(['5']);
	});
});
