import { readConditions } from '../../../../../nodes/FeishuApaas/engine/conditions';
import {
	anyOfCondition,
	compileCriterion,
	typedValue,
	VALUE_TYPE_VALUES,
} from '../../../../../nodes/FeishuApaas/resources/shared/criterion';

const rows = (...conditions: Array<Record<string, unknown>>) => readConditions({ conditions }, Infinity, VALUE_TYPE_VALUES);
const one = (keyValue: unknown, valueType = 'auto') => rows({ keyName: 'f', condition: 'eq', keyValue, valueType })[0];

describe("the filter builder compiled into Feishu's criterion", () => {
	it('two rows ANDed: fieldPath and data as JSON strings, indices 1 and 2', () => {
		const criterion = compileCriterion(
			'customer',
			rows({ keyName: 'amount', condition: 'gte', keyValue: '100' }, { keyName: 'city', condition: 'eq', keyValue: 'Beijing' }),
			'allFilters',
		);
		expect(criterion).toEqual({
			conditions: [
				{
					index: '1',
					left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"amount","objectApiName":"customer"}]}' },
					right: { type: 'constant', settings: '{"data":100}' },
					operator: 'greaterThanOrEquals',
				},
				{
					index: '2',
					left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"city","objectApiName":"customer"}]}' },
					right: { type: 'constant', settings: '{"data":"Beijing"}' },
					operator: 'equals',
				},
			],
			logic_expression: '1 AND 2',
		});
	});

	it('anyFilter ORs the rows; isEmpty has no right side', () => {
		const criterion = compileCriterion(
			'customer',
			rows({ keyName: 'email', condition: 'isEmpty' }, { keyName: 'name', condition: 'contains', keyValue: 'Acme' }),
			'anyFilter',
		);
		expect(criterion?.logic_expression).toBe('1 OR 2');
		expect(criterion?.conditions[0]).not.toHaveProperty('right');
		expect(criterion?.conditions[0].operator).toBe('isEmpty');
		expect(criterion?.conditions[1].operator).toBe('contains');
	});

	it('each condition maps to its Feishu operator', () => {
		const ops = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'isEmpty', 'isNotEmpty'];
		const criterion = compileCriterion('o', rows(...ops.map((condition) => ({ keyName: 'f', condition, keyValue: 'x' }))), 'allFilters');
		expect(criterion?.conditions.map((c) => c.operator)).toEqual([
			'equals',
			'notEquals',
			'greaterThan',
			'greaterThanOrEquals',
			'lessThan',
			'lessThanOrEquals',
			'contains',
			'isEmpty',
			'isNotEmpty',
		]);
	});

	it('no rows: no filter', () => {
		expect(compileCriterion('o', [], 'allFilters')).toBeUndefined();
	});

	it('more than 10 rows (Feishu maximum) is refused before sending', () => {
		const many = rows(...Array.from({ length: 11 }, () => ({ keyName: 'f', condition: 'eq', keyValue: 'x' })));
		expect(() => compileCriterion('o', many, 'allFilters')).toThrow('at most 10');
	});

	describe('values typed by the kind of field', () => {
		it.each([
			['auto: a plain number', '100', 'auto', 100],
			['auto: a decimal', '-12.5', 'auto', -12.5],
			['auto: leading zeros stay text', '007', 'auto', '007'],
			['auto: a 19-digit id stays exact text', '1790000000000000001', 'auto', '1790000000000000001'],
			['auto: true', 'true', 'auto', true],
			['auto: text', 'Beijing', 'auto', 'Beijing'],
			['auto: a number from an expression', 5, 'auto', 5],
			['text keeps digits as text', '100', 'text', '100'],
			['number', ' 42 ', 'number', 42],
			['boolean', 'false', 'boolean', false],
			['date-time ISO with Z', '2026-12-01T09:00:00Z', 'dateTime', Date.UTC(2026, 11, 1, 9)],
			['date-time with offset', '2026-12-01T17:00:00+08:00', 'dateTime', Date.UTC(2026, 11, 1, 9)],
			['date-time milliseconds', '1764579600000', 'dateTime', 1764579600000],
			['lookup id as int64 string', '1800000000000000001', 'lookup', '1800000000000000001'],
			['lookup id from a safe number', 12, 'lookup', '12'],
		])('%s', (_n, keyValue, valueType, expected) => {
			expect(typedValue(one(keyValue, valueType))).toEqual(expected);
		});

		it.each([
			['number', 'abc', 'must be a number'],
			['boolean', 'yes', 'must be true or false'],
			['dateTime', '2026-12-01T09:00:00', 'must be an ISO 8601 date-time with a zone'],
			['lookup', '12a', 'must be a record id'],
			['lookup', 2 ** 60, 'must be a record id'],
		])('%s refuses %j, naming the row and Field Value', (valueType, keyValue, message) => {
			expect(() => typedValue(one(keyValue, valueType))).toThrow(`Filters → condition 1 → Field Value ${message}`);
		});

		it('the exact digits of an int64 reach the settings string', () => {
			const c = compileCriterion('o', rows({ keyName: 'owner', condition: 'eq', keyValue: '1800000000000000001', valueType: 'lookup' }), 'allFilters');
			expect(c?.conditions[0].right?.settings).toBe('{"data":"1800000000000000001"}');
		});
	});

	it('isAnyOf takes all the values in one condition', () => {
		expect(anyOfCondition('customer', 'email', ['a@x', 'b@x'], 1)).toEqual({
			index: '1',
			left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"email","objectApiName":"customer"}]}' },
			right: { type: 'constant', settings: '{"data":["a@x","b@x"]}' },
			operator: 'isAnyOf',
		});
	});
});
