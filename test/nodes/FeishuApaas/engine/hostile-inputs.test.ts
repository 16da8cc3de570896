/**
 * Issue 16, the input side, through n8n's engine against the emulator: records that cannot be
 * written (too deep, circular), int64 kept exact in every JSON-string parameter, numbers JavaScript
 * has already rounded or that JSON cannot carry (NaN, ±Infinity), ids beyond int64, a filter nested
 * too deep, and page-token walks that would never end. Each case failed before the fix (see the
 * comment on each).
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_LOGIC, SAMPLE_OBJECTS, SAMPLE_USERS, type FeishuEmulator } from '../../../../emulator';
import { apiRequests, errorDetails, objectRecord, requestsTo, runNode, useEmulator } from '../../../helpers/feishu';

const NS = SAMPLE_OBJECTS.namespace;
const C = SAMPLE_OBJECTS.customers;

/** `{ a: { a: … { a: 'leaf' } } }`, `depth` objects deep. */
function nested(depth: number): Record<string, unknown> {
	let value: Record<string, unknown> = { a: 'leaf' };
	for (let i = 1; i < depth; i++) value = { a: value };
	return value;
}

/** The same, as JSON text (built as text: no recursion involved). */
function nestedJson(depth: number): string {
	return `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
}

const createTwoPerRequest = (extra: INodeParameters = {}) => objectRecord('create', { options: { recordsPerRequest: 2 }, ...extra });

describe('(1) a record that cannot be serialised', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const deep = () => [{ name: 'ok1' }, { name: 'ok2' }, { name: 'deep', owner: nested(10_000) }];

	// Before: ok1 and ok2 were created, then a bare "Maximum call stack size exceeded" naming nothing.
	it('10,000 levels of nesting: an error naming the field and item, and nothing is sent', async () => {
		const { items, error } = await runNode(emulator, { parameters: createTwoPerRequest(), rawItems: deep() });
		expect(items).toEqual([]);
		expect(error?.message).toMatch(/^Invalid "Fields Source" \(dataMode\) in item 2: it is nested more than 100 levels deep at owner/);
		expect(apiRequests(emulator)).toHaveLength(0);
		expect(emulator.records(NS, 'customer').map((r) => r.name)).not.toContain('ok1');
	});

	// Before: with Continue On Fail the inputs passed through with neither _id nor error.
	it('with Continue On Fail: the two good records are created, the deep one is an error on its own item', async () => {
		const { items, error } = await runNode(emulator, { parameters: createTwoPerRequest(), rawItems: deep(), continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ name: 'ok1', _id: SAMPLE_OBJECTS.nextId });
		expect(items[1].json).toMatchObject({ name: 'ok2', _id: expect.stringMatching(/^\d{19}$/) });
		expect(items[2].json).toMatchObject({ item_index: 2, error: expect.stringContaining('nested more than 100 levels deep') });
		// One request, with exactly the two good records.
		const sent = requestsTo(emulator, '/records/batch_create');
		expect(sent).toHaveLength(1);
		expect(JSON.parse((sent[0].body as { records: string }).records)).toEqual([{ name: 'ok1' }, { name: 'ok2' }]);
	});

	// Before: JSON.stringify threw "Converting circular structure to JSON" outside the batch's handling.
	it('a circular record is an error on its own item; the others are written', async () => {
		const circular: Record<string, unknown> = { name: 'loop' };
		circular.self = circular;
		const { items } = await runNode(emulator, {
			parameters: createTwoPerRequest(),
			rawItems: [{ name: 'ok1' }, circular, { name: 'ok3' }],
			continueOnFail: true,
		});
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json).toMatchObject({ item_index: 1, error: expect.stringMatching(/item 1: it contains itself at self/) });
		expect([items[0].json._id, items[2].json._id]).toEqual([expect.stringMatching(/^\d{19}$/), expect.stringMatching(/^\d{19}$/)]);
		expect(requestsTo(emulator, '/records/batch_create').map((r) => JSON.parse((r.body as { records: string }).records))).toEqual([
			[{ name: 'ok1' }, { name: 'ok3' }],
		]);
	});
});

describe('(2) int64 kept exact in JSON-string parameters, and numbers JavaScript already rounded', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	// Before: args went out as [1790000000000000000] and 0 rows came back without an error.
	it('OQL args [1790000000000000001] find Acme; the args go out with all their digits', async () => {
		const { items, error } = await runNode(emulator, {
			parameters: { resource: 'object', operation: 'oqlQuery', namespace: NS, query: 'SELECT _id, name FROM customer WHERE _id = $1', options: { args: `[${C.acme}]` } },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ _id: C.acme, name: 'Acme Ltd' }]);
		expect((requestsTo(emulator, 'oql_query')[0].body as { args: string }).args).toBe(`[${C.acme}]`);
	});

	it('OQL named args keep their digits too', async () => {
		const { items } = await runNode(emulator, {
			parameters: {
				resource: 'object',
				operation: 'oqlQuery',
				namespace: NS,
				query: 'SELECT name FROM customer WHERE _id = $id',
				options: { namedArgs: `{"id": ${C.beta}}` },
			},
		});
		expect(items.map((i) => i.json.name)).toEqual(['Beta Corp']);
		expect((requestsTo(emulator, 'oql_query')[0].body as { named_args: string }).named_args).toBe(`{"id":${C.beta}}`);
	});

	// Before: stored as 1234567890123456800 and reported as success.
	it('Define Below {"big_number":1234567890123456789} is stored and output exactly', async () => {
		const { items, error } = await runNode(emulator, {
			parameters: objectRecord('create', { dataMode: 'defineBelow', recordFields: '{"name": "Big", "big_number": 1234567890123456789}' }),
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ name: 'Big', big_number: '1234567890123456789', _id: SAMPLE_OBJECTS.nextId });
		const stored = emulator.records(NS, 'customer').find((r) => r.name === 'Big');
		expect(stored?.big_number).toBe('1234567890123456789');
	});

	it.each([
		['flow', { resource: 'flow', operation: 'execute', namespace: SAMPLE_LOGIC.namespace, flowId: 'approve_order', operatorUserId: SAMPLE_USERS.zhang }, '/flows/'],
		['function', { resource: 'function', operation: 'invoke', namespace: SAMPLE_LOGIC.namespace, functionApiName: 'echo' }, '/functions/'],
	])('%s params keep their digits', async (_label, parameters, path) => {
		const { error } = await runNode(emulator, { parameters: { ...parameters, params: '{"order_id": 1790000000000000006, "n": 1.5}' } as INodeParameters });
		expect(error).toBeUndefined();
		expect((requestsTo(emulator, path)[0].body as { params: string }).params).toBe('{"order_id":1790000000000000006,"n":1.5}');
	});

	it('a filter and search objects keep their digits in the body sent', async () => {
		const filter = `{"conditions":[{"index":"1","left":{"type":"metadataVariable","settings":"{\\"fieldPath\\":[{\\"fieldApiName\\":\\"_id\\",\\"objectApiName\\":\\"customer\\"}]}"},"right":{"type":"constant","settings":"{\\"data\\":${C.acme}}"},"operator":"equals","tag":${C.acme}}],"logic_expression":"1"}`;
		await runNode(emulator, { parameters: objectRecord('getAll', { select: '_id', returnAll: true, options: { filter } }) });
		expect(requestsTo(emulator, 'batch_query')[0].rawBody).toContain(`"tag":${C.acme}`);
		const searchObjects = `[{"api_name":"customer","marker":${C.beta}}]`;
		await runNode(emulator, { parameters: { resource: 'object', operation: 'search', namespace: NS, searchText: 'acme', returnAll: true, options: { searchObjects } } });
		expect(requestsTo(emulator, '/objects/search')[0].rawBody).toContain(`"marker":${C.beta}`);
	});

	// Before: written without a word, with the digits JavaScript had already lost.
	it('an input number beyond 2^53 is refused, naming the field and item; as a string it is written', async () => {
		const { items } = await runNode(emulator, {
			parameters: objectRecord('create'),
			rawItems: [{ name: 'rounded', big_number: 12345678901234567890 }, { name: 'exact', big_number: '12345678901234567' }],
			continueOnFail: true,
		});
		expect(items[0].json).toMatchObject({ item_index: 0 });
		expect(String(items[0].json.error)).toMatch(/^Invalid "Fields Source" \(dataMode\) in item 0: it has the number 12345678901234567000 at big_number, beyond 2\^53/);
		expect(items[1].json).toMatchObject({ name: 'exact', _id: SAMPLE_OBJECTS.nextId });
		expect(emulator.records(NS, 'customer').find((r) => r.name === 'exact')?.big_number).toBe('12345678901234567');
		expect(emulator.records(NS, 'customer').some((r) => r.name === 'rounded')).toBe(false);
	});

	it('a number beyond 2^53 from an expression in a JSON parameter is refused too', async () => {
		const { error } = await runNode(emulator, {
			parameters: { resource: 'function', operation: 'invoke', namespace: SAMPLE_LOGIC.namespace, functionApiName: 'echo', params: '={{ { id: 2 ** 60 } }}' },
		});
		expect(error?.message).toMatch(/^Invalid "Parameters \(JSON\)" \(params\) in item 0: it has the number 1152921504606847000 at id, beyond 2\^53/);
		expect(apiRequests(emulator)).toHaveLength(0);
	});
});

describe('(6) NaN and ±Infinity are refused, naming the field', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	// Before: sent as null, which cleared the field, and reported success.
	it.each([
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['-Infinity', Number.NEGATIVE_INFINITY],
	])('Update {amount: %s} is an item error and the record keeps its amount', async (label, amount) => {
		const before = emulator.records(NS, 'customer').find((r) => r._id === C.acme)?.amount;
		const { items, error } = await runNode(emulator, {
			parameters: objectRecord('update', { recordId: '={{ $json.id }}', options: { ignoreFields: 'id' } }),
			rawItems: [{ id: C.acme, amount }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ item_index: 0 });
		expect(String(items[0].json.error)).toBe(
			`Invalid "Fields Source" (dataMode) in item 0: it has ${label} at amount, which JSON cannot carry (it would be sent as null)`,
		);
		expect(apiRequests(emulator)).toHaveLength(0);
		expect(emulator.records(NS, 'customer').find((r) => r._id === C.acme)?.amount).toBe(before);
	});

	it('1e400 in JSON text (Infinity once parsed) is refused in a JSON parameter', async () => {
		const { error } = await runNode(emulator, {
			parameters: { resource: 'object', operation: 'oqlQuery', namespace: NS, query: 'SELECT _id FROM customer WHERE amount > $1', options: { args: '[1e400]' } },
		});
		expect(error?.message).toBe('Invalid "Arguments (JSON Array)" (args) in item 0: it has Infinity at [0], which JSON cannot carry (it would be sent as null)');
		expect(apiRequests(emulator)).toHaveLength(0);
	});
});

describe('(7) digit-only ids are bounded by int64', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	// Before: a 10,000-digit id went out in a 10,046-character path; ids above the int64 maximum were sent.
	it.each([
		['10,000 digits', '7'.repeat(10_000)],
		['20 digits', '17900000000000000001'],
		['int64 maximum + 1', '9223372036854775808'],
	])('%s: refused before sending', async (_label, id) => {
		const { error } = await runNode(emulator, { parameters: objectRecord('get', { recordId: id }) });
		expect(error?.message).toMatch(/^Invalid "Record ID" \(recordId\) in item 0: it must be an int64 id \(at most 9223372036854775807\), got "\d{1,40}…?"$/);
		expect(apiRequests(emulator)).toHaveLength(0);
	});

	it('the int64 maximum itself is an id (Feishu answers for it)', async () => {
		const { error } = await runNode(emulator, { parameters: objectRecord('get', { recordId: '9223372036854775807' }) });
		expect(error?.message).not.toMatch(/Invalid "Record ID"/);
		expect(requestsTo(emulator, '/records/9223372036854775807/query')).toHaveLength(1);
	});

	it('Record ID of a batch update is bounded the same way', async () => {
		const { items } = await runNode(emulator, {
			parameters: objectRecord('update', { recordId: '={{ $json.id }}', options: { ignoreFields: 'id' } }),
			items: [{ id: '9'.repeat(19), name: 'x' }],
			continueOnFail: true,
		});
		expect(String(items[0].json.error)).toContain('Invalid "Record ID" (recordId) in item 0: it must be an int64 id');
		expect(apiRequests(emulator)).toHaveLength(0);
	});
});

describe('(9) a filter nested too deep', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	// Before: "Maximum call stack size exceeded", naming no field.
	it('10,000 levels: an error naming Filter (JSON) and the item; nothing sent', async () => {
		const { error } = await runNode(emulator, {
			parameters: objectRecord('getAll', { select: '_id', returnAll: true, options: { filter: nestedJson(10_000) } }),
		});
		expect(error?.message).toMatch(/^Invalid "Filter \(JSON\)" \(filter\) in item 0: it is nested more than 100 levels deep at a\.a\.a/);
		expect(apiRequests(emulator)).toHaveLength(0);
	});

	it('100 levels are still accepted (sent to Feishu)', async () => {
		await runNode(emulator, { parameters: objectRecord('getAll', { select: '_id', returnAll: true, options: { filter: nestedJson(99) } }) });
		expect(requestsTo(emulator, 'batch_query')).toHaveLength(1);
	});
});

describe('(5) page-token walks that would never end', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const getAll = (extra: INodeParameters = {}) => objectRecord('getAll', { select: '_id', returnAll: true, ...extra });

	// Before: tokens alternating A/B with empty pages sent 27,615 requests in 15 s and never finished.
	it('a token that comes back (A, B, A) stops the walk with a clear error', async () => {
		emulator.addFault({ kind: 'emptyPages', tokens: ['A', 'B'], times: 50, path: '/batch_query' });
		const { error } = await runNode(emulator, { parameters: getAll() });
		expect(error?.message).toBe('Feishu returned page token "A" a second time (page 3): paging would never end, so it stopped');
		expect(errorDetails(error)).toMatchObject({ item_index: 0 });
		expect(requestsTo(emulator, '/batch_query').map((r) => (r.body as { page_token?: string }).page_token)).toEqual([undefined, 'A', 'B']);
	});

	it('three tokens cycling (search) stop each item with its own error under Continue On Fail', async () => {
		emulator.addFault({ kind: 'emptyPages', tokens: ['X', 'Y', 'Z'], times: 50, path: '/objects/search' });
		const { items } = await runNode(emulator, {
			parameters: { resource: 'object', operation: 'search', namespace: NS, searchText: 'e', returnAll: true },
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json).toMatchObject({ item_index: 0, error: 'Feishu returned page token "X" a second time (page 4): paging would never end, so it stopped' });
		// The fault had 50 uses: the second item ran into it too, after 4 pages.
		expect(items[1].json).toMatchObject({ item_index: 1, error: expect.stringContaining('a second time') });
		expect(requestsTo(emulator, '/objects/search')).toHaveLength(8);
	});

	// Before: fresh tokens with empty pages and has_more never ended.
	it('more than 3 empty pages in a row with has_more stop the walk', async () => {
		emulator.addFault({ kind: 'emptyPages', times: 50, path: '/batch_query' });
		const { error } = await runNode(emulator, { parameters: getAll() });
		expect(error?.message).toBe('Feishu returned 4 empty pages in a row that each said has_more (page 4): paging stopped');
		expect(requestsTo(emulator, '/batch_query')).toHaveLength(4);
	});

	it('up to 3 empty pages in a row are read through (the walk goes on to the real pages)', async () => {
		emulator.addFault({ kind: 'emptyPages', times: 3, path: '/batch_query' });
		const { error } = await runNode(emulator, { parameters: getAll() });
		// The fourth request is sent, with the fault's last token, which the emulator never issued:
		// Feishu's own refusal, not the node's paging guard.
		expect(requestsTo(emulator, '/batch_query')).toHaveLength(4);
		expect(error?.message).toMatch(/^Feishu error 2320001: .*page_token is invalid/);
	});
});
