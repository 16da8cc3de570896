/**
 * The structured filter compiles to PostgREST syntax that the emulator reads back as exactly the
 * conditions given, whatever the values hold (property-based over PostgREST's metacharacters).
 */
import fc from 'fast-check';

import { parseFilter } from '../../../../../emulator/workspaces/postgrest';
import { compileFilter, FilterInputError } from '../../../../../nodes/FeishuApaas/resources/shared/postgrest-filter';
import { enumName, tableName, viewName } from '../../../../../nodes/FeishuApaas/resources/shared/data-platform';
import { parseWorkspaceId } from '../../../../../nodes/FeishuApaas/resources/shared/workspace-id';

const META = ['&', '=', '%', '+', ',', '.', ':', '(', ')', '"', '\\', ' ', 'a', 'Z', '9', '中', '*', '?', '#'];
const value = fc.array(fc.constantFrom(...META), { maxLength: 12 }).map((cs) => cs.join(''));

/** What Feishu receives: the filter travels as one query parameter, URL-encoded once more. */
const throughQuery = (filter: string) => new URLSearchParams(new URLSearchParams({ filter }).toString()).get('filter') as string;

describe('compileFilter', () => {
	it('none and an empty list send no filter; string passes the raw filter through', () => {
		expect(compileFilter({ filterType: 'none' })).toBeUndefined();
		expect(compileFilter({ filterType: 'manual', conditions: [] })).toBeUndefined();
		expect(compileFilter({ filterType: 'string', filterString: '  age=gt.10  ' })).toBe('age=gt.10');
	});

	it('all filters: one percent-encoded pair per condition', () => {
		expect(
			compileFilter({
				filterType: 'manual',
				matchType: 'allFilters',
				conditions: [
					{ keyName: 'age', condition: 'gt', keyValue: 10 },
					{ keyName: 'name', condition: 'eq', keyValue: 'a&b=c' },
					{ keyName: 'deleted', condition: 'is', keyValue: 'NULL' },
					{ keyName: 'sku', condition: 'in', keyValue: 'x,y' },
				],
			}),
		).toBe('age=gt.10&name=eq.a%26b%3Dc&deleted=is.null&sku=in.(%22x%22%2C%22y%22)');
	});

	it('any filter: one or=() with quoted values', () => {
		expect(
			compileFilter({
				filterType: 'manual',
				matchType: 'anyFilter',
				conditions: [
					{ keyName: 'a', condition: 'eq', keyValue: 'x,y' },
					{ keyName: 'b', condition: 'is', keyValue: 'true' },
				],
			}),
		).toBe(`or=${encodeURIComponent('(a.eq."x,y",b.is.true)')}`);
	});

	it('a value full of PostgREST metacharacters arrives as exactly that one value (all / any / in)', () => {
		fc.assert(
			fc.property(value, value, fc.constantFrom('allFilters', 'anyFilter'), (v1, v2, matchType) => {
				const filter = compileFilter({
					filterType: 'manual',
					matchType: matchType as 'allFilters' | 'anyFilter',
					conditions: [
						{ keyName: 'name', condition: 'eq', keyValue: v1 },
						{ keyName: 'tag', condition: 'in', keyValue: [v1, v2] },
					],
				}) as string;
				const parsed = parseFilter(throughQuery(filter));
				const expected = [
					{ kind: 'cmp', column: 'name', op: 'eq', negate: false, value: v1 },
					{ kind: 'cmp', column: 'tag', op: 'in', negate: false, value: [v1, v2] },
				];
				if (matchType === 'allFilters') expect(parsed).toEqual(expected);
				else expect(parsed).toEqual([{ kind: 'group', logic: 'or', negate: false, items: expected }]);
			}),
			{ numRuns: 300 },
		);
	});

	it('refuses what cannot be compiled, naming the condition', () => {
		const bad = (row: object, matchType: 'allFilters' | 'anyFilter' = 'allFilters') => () =>
			compileFilter({ filterType: 'manual', matchType, conditions: [{ keyName: 'ok', condition: 'eq', keyValue: 1 }, row] });
		expect(bad({ keyName: '', condition: 'eq' })).toThrow(new FilterInputError('Filters → Conditions[1] → Field Name is empty'));
		expect(bad({ keyName: 'a&b', condition: 'eq' })).toThrow(/Conditions\[1\] → Field Name "a&b" is not a column name/);
		expect(bad({ keyName: 'a', condition: 'between' })).toThrow(/Condition "between" is not one of/);
		expect(bad({ keyName: 'a', condition: 'is', keyValue: 'maybe' })).toThrow(/null, true or false/);
		expect(bad({ keyName: 'a', condition: 'in', keyValue: '' })).toThrow(/at least one value/);
	});
});

describe('parseWorkspaceId', () => {
	it('takes the id or the data platform URL', () => {
		expect(parseWorkspaceId(' ws_abc-1 ')).toBe('ws_abc-1');
		expect(parseWorkspaceId('https://apaas.feishu.cn/suda/workspace/ws_abc/table/orders?x=1')).toBe('ws_abc');
		expect(parseWorkspaceId('https://apaas.feishu.cn/suda/workspace/ws_abc')).toBe('ws_abc');
		expect(parseWorkspaceId('https://apaas.feishu.cn/suda/home')).toBeInstanceOf(Error);
		expect(parseWorkspaceId('ws abc')).toBeInstanceOf(Error);
		expect(parseWorkspaceId('')).toBeInstanceOf(Error);
	});

	// Found by the property suite: these were accepted and sent (a 100,000-character id got HTTP 431).
	it('takes a number only while it is a safe whole id, and no id over 200 characters', () => {
		expect(parseWorkspaceId(12345)).toBe('12345');
		for (const number of [2 ** 53 + 2, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5]) {
			expect(parseWorkspaceId(number)).toBeInstanceOf(Error);
		}
		expect(parseWorkspaceId('w'.repeat(200))).toBe('w'.repeat(200));
		expect(parseWorkspaceId('w'.repeat(201))).toBeInstanceOf(Error);
		expect(parseWorkspaceId(`https://apaas.feishu.cn/suda/workspace/${'w'.repeat(201)}/table/x`)).toBeInstanceOf(Error);
	});
});

describe('table, view and enum names', () => {
	it('are identifiers of at most 200 characters', () => {
		for (const field of [tableName, viewName, enumName]) {
			expect(field.shape({ __rl: true, mode: 'name', value: 'a'.repeat(200) })).toBe('a'.repeat(200));
			expect(() => field.shape('a'.repeat(201))).toThrow(/at most 200 characters/);
			expect(() => field.shape('a/b')).toThrow(/name/);
		}
	});
});
