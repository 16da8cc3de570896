import { Int64 } from '../../../../nodes/FeishuApaas/engine/exact-json';
import {
	checkJsonValue,
	digitsId,
	epochMillis,
	integerIn,
	InvalidValue,
	jsonObject,
	MAX_JSON_DEPTH,
	oneOf,
	requiredText,
	stringList,
	userId,
} from '../../../../nodes/FeishuApaas/engine/values';

/** Calls `fn(value)` and returns the InvalidValue it throws (fails the test if it returns or throws something else). */
function refusal(fn: (value: unknown) => unknown, value: unknown): InvalidValue {
	let result: unknown;
	try {
		result = fn(value);
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidValue);
		return error as InvalidValue;
	}
	throw new Error(`expected ${String(value)} to be refused, got ${JSON.stringify(result)}`);
}

const JAN_1_2026 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

describe('InvalidValue', () => {
	it('is an Error named InvalidValue', () => {
		const error = new InvalidValue('is required');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('InvalidValue');
		expect(error.message).toBe('is required');
	});
});

describe('digitsId', () => {
	it.each([
		['123', '123'],
		['  123 ', '123'],
		['\t7100000000000000001\n', '7100000000000000001'],
		['0', '0'],
		['007', '007'],
		// 19-digit ids (beyond Number.MAX_SAFE_INTEGER) are kept exactly as strings.
		['9007199254740993', '9007199254740993'],
	])('accepts the string %j as %j', (input, expected) => {
		expect(digitsId(input)).toBe(expected);
	});

	it.each([
		[123, '123'],
		[0, '0'],
		[Number.MAX_SAFE_INTEGER, '9007199254740991'],
	])('accepts the safe integer %p as %j', (input, expected) => {
		expect(digitsId(input)).toBe(expected);
	});

	it.each([
		['', /is required/],
		['   ', /is required/],
		['../x', /digits only, got "\.\.\/x"/],
		['1?a=b', /digits only/],
		['1#', /digits only/],
		['1e21', /digits only/],
		['12 34', /digits only/],
		['-1', /digits only/],
		['1.5', /digits only/],
		['１２３', /digits only/], // full-width digits
		['12/../34', /digits only/],
		['%2e%2e', /digits only/],
	])('refuses the string %j', (input, reason) => {
		expect(refusal(digitsId, input).message).toMatch(reason);
	});

	it.each([
		[-1],
		[1.5],
		[2 ** 53],
		[1e21],
		[Number.NaN],
		[Number.POSITIVE_INFINITY],
	])('refuses the number %p (not a non-negative safe integer)', (input) => {
		expect(refusal(digitsId, input).message).toMatch(/safe integer/);
	});

	it.each([
		['null', null, /got null/],
		['undefined', undefined, /got undefined/],
		['an object', {}, /got an object/],
		['a list', [], /got a list/],
		['a one-element list', ['123'], /got a list/],
		['a boolean', true, /got true/],
	])('refuses %s', (_label, input, reason) => {
		expect(refusal(digitsId, input).message).toMatch(reason);
	});

	it.each([
		['20 digits', '1'.repeat(20)],
		['int64 maximum + 1', '9223372036854775808'],
		['19 nines', '9'.repeat(19)],
		['10,000 digits', '7'.repeat(10_000)],
	])('refuses %s: beyond int64', (_label, input) => {
		expect(refusal(digitsId, input).message).toMatch(/^must be an int64 id \(at most 9223372036854775807\), got "\d{1,40}…?"$/);
	});

	it('accepts the int64 maximum and 19 digits with leading zeros', () => {
		expect(digitsId('9223372036854775807')).toBe('9223372036854775807');
		expect(digitsId('0000000000000000001')).toBe('0000000000000000001');
	});

	it('shortens a long bad value in the message', () => {
		const message = refusal(digitsId, `1${'x'.repeat(100)}`).message;
		expect(message).toContain(`"1${'x'.repeat(39)}…"`);
		expect(message).not.toContain('x'.repeat(41));
	});
});

describe('userId', () => {
	it.each([
		['1700000000000001', '1700000000000001'],
		['  1700000000000001  ', '1700000000000001'],
		['ou_abc', 'ou_abc'],
		[1234, '1234'],
		[0, '0'],
	])('accepts %p as %j', (input, expected) => {
		expect(userId(input)).toBe(expected);
	});

	it.each([
		['', /is required/],
		['   ', /is required/],
		['a b', /single user id/],
		['a,b', /single user id/],
		['1, 2', /single user id/],
		['a\tb', /single user id/],
		[-1, /safe integer/],
		[1.5, /safe integer/],
		[2 ** 53, /safe integer/],
		[1e21, /safe integer/],
		[Number.NaN, /safe integer/],
		[null, /got null/],
		[undefined, /got undefined/],
		[{}, /got an object/],
		[['1'], /got a list/],
		[false, /got false/],
	])('refuses %p', (input, reason) => {
		expect(refusal(userId, input).message).toMatch(reason);
	});
});

describe('requiredText', () => {
	it('sends text as entered (not trimmed)', () => {
		expect(requiredText('No longer needed')).toBe('No longer needed');
		expect(requiredText('  padded  ')).toBe('  padded  ');
		expect(requiredText('撤销：不再需要')).toBe('撤销：不再需要');
	});

	it('accepts finite numbers as text', () => {
		expect(requiredText(42)).toBe('42');
		expect(requiredText(0)).toBe('0');
		expect(requiredText(-1.5)).toBe('-1.5');
	});

	it.each([
		['', /is required/],
		['   ', /is required/],
		['\n\t', /is required/],
		[Number.NaN, /must be text/],
		[Number.POSITIVE_INFINITY, /must be text/],
		[null, /must be text, got null/],
		[undefined, /must be text/],
		[{}, /got an object/],
		[['x'], /got a list/],
		[true, /must be text/],
	])('refuses %p', (input, reason) => {
		expect(refusal(requiredText, input).message).toMatch(reason);
	});
});

describe('stringList', () => {
	it('splits a comma-separated string, trims entries, drops empty ones and de-duplicates (first kept)', () => {
		expect(stringList(' b , a,,b , c ,a, ')).toEqual(['b', 'a', 'c']);
	});

	it('takes a single value without commas as a one-entry list', () => {
		expect(stringList('package_abc__c__leave_approval')).toEqual(['package_abc__c__leave_approval']);
	});

	it('takes an array from an expression, trimming and de-duplicating', () => {
		expect(stringList(['x', ' y ', 'x', '', '  ', 'y'])).toEqual(['x', 'y']);
	});

	it('turns safe-integer numbers into strings, alone or in arrays, and de-duplicates them against strings', () => {
		expect(stringList(5)).toEqual(['5']);
		expect(stringList([1, '1', 2, ' 2 ', 3])).toEqual(['1', '2', '3']);
	});

	it.each([[''], ['   '], [' , ,, '], [[]], [undefined], [null]])('gives an empty list for %p', (input) => {
		expect(stringList(input)).toEqual([]);
	});

	it.each([
		['an object', {}, /comma-separated list or an array, got an object/],
		['a boolean', true, /comma-separated list or an array, got true/],
		['an unsafe number', 2 ** 53, /not an id/],
		['a fraction', 1.5, /not an id/],
		['null in an array', ['a', null], /not an id: null/],
		['an object in an array', ['a', { id: 1 }], /not an id: an object/],
		['a nested array', [['a']], /not an id: a list/],
		['a fraction in an array', [1.5], /not an id: 1.5/],
		['NaN in an array', [Number.NaN], /not an id: NaN/],
		['a boolean in an array', [false], /not an id: false/],
	])('refuses %s', (_label, input, reason) => {
		expect(refusal(stringList, input).message).toMatch(reason);
	});
});

describe('epochMillis', () => {
	it.each([
		['an ISO date-time in UTC', '2026-01-01T00:00:00Z'],
		['an ISO date-time with milliseconds', '2026-01-01T00:00:00.000Z'],
		['an ISO date-time with an offset', '2026-01-01T08:00:00+08:00'],
		['an ISO date-time with spaces around it', '  2026-01-01T00:00:00Z  '],
		['milliseconds as a number', JAN_1_2026],
		['milliseconds as a digits string', String(JAN_1_2026)],
		['milliseconds as a padded digits string', ` ${JAN_1_2026} `],
		['a Date', new Date(JAN_1_2026)],
		['a Luxon-like DateTime ({ toMillis })', { toMillis: () => JAN_1_2026 }],
	])('turns %s into the millisecond string', (_label, input) => {
		expect(epochMillis(input)).toBe(String(JAN_1_2026));
	});

	it('accepts the epoch itself', () => {
		expect(epochMillis(0)).toBe('0');
		expect(epochMillis('1970-01-01T00:00:00Z')).toBe('0');
	});

	it('calls toMillis on the object it was given', () => {
		const dateTime = { toMillis: jest.fn(() => 1234) };
		expect(epochMillis(dateTime)).toBe('1234');
		expect(dateTime.toMillis).toHaveBeenCalledTimes(1);
	});

	it.each([
		['an empty string', ''],
		['spaces', '   '],
		['text', 'not a date'],
		['a relative word', 'tomorrow'],
		['a negative number', -1],
		['a fraction', 1.5],
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['an unsafe number', 2 ** 53],
		['digits beyond the safe range', '99999999999999999999'],
		['a date before 1970', '1969-12-31T00:00:00Z'],
		['an invalid Date', new Date('nope')],
		['a Date before 1970', new Date(-1000)],
		['null', null],
		['undefined', undefined],
		['an object', {}],
		['a list', [JAN_1_2026]],
		['a boolean', true],
		['a DateTime whose toMillis gives NaN (invalid Luxon DateTime)', { toMillis: () => Number.NaN }],
		['an object whose toMillis is not a function', { toMillis: 5 }],
	])('refuses %s', (_label, input) => {
		expect(refusal(epochMillis, input).message).toMatch(/must be a date or milliseconds since 1970/);
	});

	// Date.parse in V8 falls back to a lenient legacy parser that finds a "date" in almost any text
	// containing a number ("Cheese 12" → 2001-12-01 local time). Such values are not dates.
	it.each([['Cheese 12'], ['item 7'], ['hello 1'], ['1 2 3']])('refuses free text containing numbers: %j', (input) => {
		expect(refusal(epochMillis, input).message).toMatch(/must be a date or milliseconds since 1970/);
	});
});

describe('oneOf', () => {
	const state = oneOf(['pending', 'archived']);

	it('returns an allowed value unchanged', () => {
		expect(state('pending')).toBe('pending');
		expect(state('archived')).toBe('archived');
		expect(oneOf(['fromMe', 'assignMe', 'CCMe'])('CCMe')).toBe('CCMe');
	});

	it.each([['Pending'], [' pending'], ['pending '], [''], ['done'], [0], [null], [undefined], [['pending']], [{}]])(
		'refuses %p and lists the allowed values',
		(input) => {
			expect(refusal(state, input).message).toMatch(/^must be one of pending, archived, got /);
		},
	);

	it('does not accept inherited keys or prototype names', () => {
		expect(refusal(state, 'toString').message).toContain('"toString"');
		expect(refusal(state, 'length').message).toContain('"length"');
	});
});

describe('integerIn', () => {
	const retries = integerIn(0, 10);

	it.each([
		[0, 0],
		[10, 10],
		[3, 3],
		['5', 5],
		[' 7 ', 7],
	])('accepts %p as %p', (input, expected) => {
		expect(retries(input)).toBe(expected);
	});

	it.each([[-1], [11], [1.5], ['1.5'], [''], ['   '], ['abc'], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [undefined], [true], [[]], [{}]])(
		'refuses %p and names the bounds',
		(input) => {
			expect(refusal(retries, input).message).toMatch(/^must be a whole number from 0 to 10, got /);
		},
	);

	it('supports open upper bounds up to MAX_SAFE_INTEGER', () => {
		const limit = integerIn(1, Number.MAX_SAFE_INTEGER);
		expect(limit(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
		expect(() => limit(0)).toThrow(InvalidValue);
		expect(() => limit(Number.POSITIVE_INFINITY)).toThrow(InvalidValue);
	});

	it('applies its own bounds per instance', () => {
		const timeout = integerIn(100, 600_000);
		expect(timeout(100)).toBe(100);
		expect(timeout(600_000)).toBe(600_000);
		expect(() => timeout(99)).toThrow(/from 100 to 600000/);
		expect(() => timeout(600_001)).toThrow(/from 100 to 600000/);
	});
});

describe('checkJsonValue', () => {
	const check = (value: unknown, fromText = false) => () => checkJsonValue(value, { fromText });

	it('accepts plain JSON values, Int64 and non-plain objects (dates) as leaves', () => {
		expect(check({ a: [1, 'x', null, true, { b: 2 ** 53 - 1 }], d: new Date(0), i: new Int64('9007199254740993') })).not.toThrow();
	});

	it.each([
		[{ a: { b: Number.NaN } }, 'has NaN at a.b, which JSON cannot carry (it would be sent as null)'],
		[[1, [Number.POSITIVE_INFINITY]], 'has Infinity at [1][0], which JSON cannot carry (it would be sent as null)'],
		[{ n: 2 ** 53 + 2 }, 'has the number 9007199254740994 at n, beyond 2^53: it has already lost digits in JavaScript; pass it as a string'],
		[{ n: BigInt(1) }, 'has a BigInt at n; pass it as a string'],
	])('refuses %p', (value, message) => {
		expect(check(value)).toThrow(new InvalidValue(message));
	});

	it('lets numbers beyond 2^53 through when they come from JSON text (those came as Int64 or floats)', () => {
		expect(check({ n: 1e21 }, true)).not.toThrow();
		expect(check({ n: Number.NaN }, true)).toThrow(/NaN/);
	});

	it('refuses a value that contains itself, and nesting beyond MAX_JSON_DEPTH, naming where', () => {
		const loop: Record<string, unknown> = { list: [] };
		(loop.list as unknown[]).push(loop);
		expect(check(loop)).toThrow('contains itself at list[0] (a circular structure), which JSON cannot carry');
		let deep: unknown = 'leaf';
		for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = { a: deep };
		expect(check(deep)).not.toThrow();
		expect(check({ a: deep })).toThrow(/^is nested more than 100 levels deep at a\.a\.a\.a\.a\.a…$/);
	});

	it('a shared (not circular) value is fine', () => {
		const shared = { x: 1 };
		expect(check({ a: shared, b: [shared, shared] })).not.toThrow();
	});
});

describe('jsonObject', () => {
	it('refuses JSON text that is one big integer (an Int64 once parsed, not a JSON object)', () => {
		expect(() => jsonObject('9999999999999999999999999')).toThrow(new InvalidValue('must be a JSON object, got 9999999999999999999999999'));
	});
});
