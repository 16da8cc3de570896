import {
	ConditionError,
	conditionProperties,
	readConditions,
	readMatchType,
} from '../../../../nodes/FeishuApaas/engine/conditions';

describe('filter builder rows (shared by every filtering operation)', () => {
	it('reads rows in order, trimming names; isEmpty / isNotEmpty carry no value', () => {
		const rows = readConditions({
			conditions: [
				{ keyName: ' amount ', condition: 'gt', keyValue: '100' },
				{ keyName: 'email', condition: 'isEmpty', keyValue: 'ignored' },
			],
		});
		expect(rows).toEqual([
			{ row: 0, keyName: 'amount', condition: 'gt', keyValue: '100', valueType: 'auto' },
			{ row: 1, keyName: 'email', condition: 'isEmpty', valueType: 'auto' },
		]);
	});

	it('an empty builder is no rows', () => {
		expect(readConditions({})).toEqual([]);
		expect(readConditions(undefined)).toEqual([]);
	});

	it.each([
		[{ keyName: '' }, 'Filters → condition 1 → Field Name is required'],
		[{ keyName: 'a.b' }, 'Field Name must be a field API name'],
		[{ keyName: 'a', condition: 'like' }, 'Condition must be one of eq, neq'],
		[{ keyName: 'a', valueType: 'uuid' }, 'Value Type must be one of auto'],
	])('a bad row is an error naming the row and its parameter: %j', (row, message) => {
		expect(() => readConditions({ conditions: [{ keyName: 'ok', condition: 'eq', keyValue: 1 }, row] })).toThrow(
			expect.objectContaining({ name: 'ConditionError', row: 1 }),
		);
		try {
			readConditions({ conditions: [row] });
		} catch (error) {
			expect(error).toBeInstanceOf(ConditionError);
			expect((error as Error).message).toContain(message);
		}
	});

	it('more rows than the API accepts is an error about the builder', () => {
		const conditions = Array.from({ length: 11 }, () => ({ keyName: 'a', condition: 'eq', keyValue: 1 }));
		expect(() => readConditions({ conditions }, 10)).toThrow('Filters has 11 conditions; at most 10 are accepted');
	});

	it('match type: allFilters by default, anyFilter, nothing else', () => {
		expect(readMatchType(undefined)).toBe('allFilters');
		expect(readMatchType('anyFilter')).toBe('anyFilter');
		expect(() => readMatchType('some')).toThrow('Must Match');
	});

	it('the UI: matchType and filters.conditions of keyName, condition, keyValue (+ valueType when typed); the value hides for isEmpty', () => {
		const props = conditionProperties({
			displayOptions: { show: { operation: ['getAll'] } },
			keyNameHint: 'API name',
			keyValueHint: 'value',
			valueTypes: [{ name: 'Auto', value: 'auto' }],
		});
		expect(props.map((p) => p.name)).toEqual(['matchType', 'filters']);
		const values = (props[1].options as Array<{ name: string; values: Array<{ name: string; displayOptions?: unknown }> }>)[0];
		expect(values.name).toBe('conditions');
		expect(values.values.map((v) => v.name)).toEqual(['keyName', 'condition', 'keyValue', 'valueType']);
		expect(values.values[2].displayOptions).toEqual({ hide: { condition: ['isEmpty', 'isNotEmpty'] } });
	});
});
