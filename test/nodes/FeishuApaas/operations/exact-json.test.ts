import { parseExactJson } from '../../../../nodes/FeishuApaas/engine/exact-json';

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
