import { holdsInt64, Int64, int64AsStrings, parseExactJson, stringifyExact } from '../../../../nodes/FeishuApaas/engine/exact-json';

describe('parseExactJson: Feishu JSON strings with int64 numbers', () => {
	it('keeps integers beyond 2^53 exact, as decimal strings', () => {
		const text = '{"_id":1790000000000000001,"owner":{"_id":9007199254740993},"neg":-9223372036854775807}';
		expect(JSON.parse(text)._id).toBe(1790000000000000000); // what plain JSON.parse makes of it
		expect(parseExactJson(text)).toEqual({
			_id: '1790000000000000001',
			owner: { _id: '9007199254740993' },
			neg: '-9223372036854775807',
		});
	});

	it('leaves safe integers, decimals, exponents and everything else as JSON.parse does', () => {
		const text = '[9007199254740991,-9007199254740991,1.5,12345678901234567.5,1e21,true,null,"x",{"a":[1,2]}]';
		expect(parseExactJson(text)).toEqual(JSON.parse(text));
	});

	it('never touches digits inside strings, escaped quotes included', () => {
		const text = '{"a":"1790000000000000001","b":"say \\"1790000000000000002\\" \\\\","c":1790000000000000003}';
		expect(parseExactJson(text)).toEqual({ a: '1790000000000000001', b: 'say "1790000000000000002" \\', c: '1790000000000000003' });
	});

	it('handles big numbers in arrays and at the very end of the text', () => {
		expect(parseExactJson('[1790000000000000001,1790000000000000002]')).toEqual(['1790000000000000001', '1790000000000000002']);
		expect(parseExactJson('1790000000000000001')).toBe('1790000000000000001');
	});

	it('still rejects text that is not JSON', () => {
		expect(() => parseExactJson('{"_id":1790000000000000001')).toThrow();
	});
});

describe("parseExactJson(text, 'int64') and stringifyExact: JSON the user typed, back to Feishu exactly", () => {
	it('gives Int64 values for integers beyond 2^53, written back as the bare numbers they were', () => {
		const text = '{"args":[1790000000000000001,-9223372036854775807,2,1.5],"s":"1790000000000000002"}';
		const parsed = parseExactJson(text, 'int64') as { args: unknown[]; s: string };
		expect(parsed.args[0]).toEqual(new Int64('1790000000000000001'));
		expect(parsed.args.slice(2)).toEqual([2, 1.5]);
		expect(parsed.s).toBe('1790000000000000002');
		expect(stringifyExact(parsed)).toBe('{"args":[1790000000000000001,-9223372036854775807,2,1.5],"s":"1790000000000000002"}');
	});

	it("a user's string that looks like the placeholder stays a string", () => {
		const value = { a: '__feishu_int64_1__', b: '\u0000int64:x:1', c: new Int64('9007199254740993') };
		expect(stringifyExact(value)).toBe('{"a":"__feishu_int64_1__","b":"\\u0000int64:x:1","c":9007199254740993}');
		expect(parseExactJson(stringifyExact(value), 'int64')).toEqual(value);
	});

	it('holdsInt64 and int64AsStrings find Int64 values at any depth; __proto__ stays an own key', () => {
		const value = parseExactJson('{"__proto__":{"x":1},"a":[{"b":1790000000000000001}]}', 'int64');
		expect(holdsInt64(value)).toBe(true);
		expect(holdsInt64({ a: [1, 'x', { b: null }] })).toBe(false);
		const plain = int64AsStrings(value) as Record<string, unknown>;
		expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
		expect(Object.keys(plain)).toEqual(['__proto__', 'a']);
		expect(plain.a).toEqual([{ b: '1790000000000000001' }]);
	});
});
