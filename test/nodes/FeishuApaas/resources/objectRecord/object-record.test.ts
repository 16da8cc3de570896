/**
 * Object Record through n8n's engine against the emulator's object store: batching, per-record
 * failures with and without Continue On Fail, no re-sent creates, exact int64 ids, page-token paging.
 */
import { SAMPLE_OBJECTS, type FeishuEmulator } from '../../../../../emulator';
import { runExample } from '../../../../helpers/examples';
import { errorDetails, objectRecord, requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const NS = SAMPLE_OBJECTS.namespace;
const C = SAMPLE_OBJECTS.customers;

const records = objectRecord;

const customers = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ name: `Customer ${from + i}`, amount: from + i }));

describe('Object Record → Create', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('creates one record per item in one batch_create request; outputs the fields sent plus the exact _id, paired', async () => {
		const { items, error } = await runNode(emulator, { parameters: records('create'), items: customers(3) });
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, '/records')).toHaveLength(1);
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
		expect(items.map((i) => i.json)).toEqual([
			{ name: 'Customer 0', amount: 0, _id: SAMPLE_OBJECTS.nextId },
			{ name: 'Customer 1', amount: 1, _id: '1790000000000000010' },
			{ name: 'Customer 2', amount: 2, _id: '1790000000000000011' },
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const stored = emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('Customer '));
		expect(stored.map((r) => r._id)).toEqual([SAMPLE_OBJECTS.nextId, '1790000000000000010', '1790000000000000011']);
	});

	it('creates 1,200 records in 3 requests (500 + 500 + 200), in input order', async () => {
		const { items, error } = await runNode(emulator, { parameters: records('create'), items: customers(1200) });
		expect(error).toBeUndefined();
		const batches = requestsTo(emulator, '/records/batch_create');
		expect(batches).toHaveLength(3);
		expect(batches.map((r) => JSON.parse((r.body as { records: string }).records).length)).toEqual([500, 500, 200]);
		expect(items).toHaveLength(1200);
		expect(items.map((i) => i.json.name)).toEqual(customers(1200).map((c) => c.name));
		expect(items.every((i, k) => (i.pairedItem as { item: number }).item === k)).toBe(true);
		expect(new Set(items.map((i) => i.json._id)).size).toBe(1200);
		expect(emulator.records(NS, 'customer')).toHaveLength(5 + 1200);
	});

	it('sends Records Per Request records per request, and 1 through the single-record endpoint', async () => {
		await runNode(emulator, { parameters: records('create', { options: { recordsPerRequest: 2 } }), items: customers(5) });
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(3);

		emulator.clearLog();
		const { items } = await runNode(emulator, { parameters: records('create', { options: { recordsPerRequest: 1 } }), items: customers(2, 10) });
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(0);
		const singles = requestsTo(emulator, '/objects/customer/records');
		expect(singles.map((r) => [r.method, r.body])).toEqual([
			['POST', { record: '{"name":"Customer 10","amount":10}' }],
			['POST', { record: '{"name":"Customer 11","amount":11}' }],
		]);
		expect(items.map((i) => i.json._id)).toEqual(['1790000000000000014', '1790000000000000015']);
	});

	it('with Continue On Fail, a record Feishu refuses is exactly one error item in its place; the others are created', async () => {
		const input = [{ name: 'Good 0' }, { amount: 5 }, { name: 'Good 2' }];
		const { items, error } = await runNode(emulator, { parameters: records('create'), items: input, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ name: 'Good 0', _id: expect.stringMatching(/^\d{19}$/) });
		expect(items[2].json).toMatchObject({ name: 'Good 2', _id: expect.stringMatching(/^\d{19}$/) });
		expect(items[1].json).toMatchObject({
			error: expect.stringContaining('Feishu refused the record (2320001)'),
			code: '2320001',
			sub_code: 'required_field_missing',
			fields: ['name'],
			item_index: 1,
			log_id: expect.any(String),
		});
		expect(items[1].json._id).toBeUndefined();
		expect(emulator.records(NS, 'customer').map((r) => r.name)).toEqual(expect.arrayContaining(['Good 0', 'Good 2']));
	});

	it('without Continue On Fail, fails naming every failed item and listing the ids created in the same run', async () => {
		const input = [{ name: 'Good 0' }, { amount: 1 }, { name: 'Good 2' }, { nickname: 'x', name: 'Bad 3' }];
		const { error } = await runNode(emulator, { parameters: records('create'), items: input });
		expect(error?.message).toMatch(/^2 of 4 records failed: Feishu refused the record \(2320001\): .*\(and 1 other reason\)$/);
		expect(String((error as { description?: string }).description)).toMatch(/^Failed — item 1: .*name.*; item 3: .*nickname/);
		const created = emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('Good'));
		expect(created).toHaveLength(2);
		const details = errorDetails(error);
		expect(details.written_ids).toEqual(created.map((r) => r._id));
		expect((details.failed_items as Array<Record<string, unknown>>).map((f) => [f.item_index, f.sub_code])).toEqual([
			[1, 'required_field_missing'],
			[3, 'unknown_field'],
		]);
		expect(String((error as { description?: string }).description)).toContain(`2 records were created in this run (ids: ${created[0]._id}, ${created[1]._id})`);
	});

	it('500 failed records make one short message; the description names each failed item once, in ranges', async () => {
		const input = [...Array.from({ length: 500 }, (_, k) => ({ amount: k })), { name: 'Good' }];
		const { error } = await runNode(emulator, { parameters: records('create'), items: input });
		const description = String((error as { description?: string }).description);
		expect(error?.message).toBe('500 of 501 records failed: Feishu refused the record (2320001): required field "name" is missing');
		expect(description).toMatch(/^Failed — items 0–499: Feishu refused the record \(2320001\): required field "name" is missing\. /);
		expect(description.length).toBeLessThan(600);
		expect(description.match(/required field/g)).toHaveLength(1);
		expect((errorDetails(error).failed_items as unknown[]).length).toBe(500);
	});

	it('without Continue On Fail, stops after a failing batch and says which items were not sent (one batch at a time; in flight: engine/batches-in-flight.test.ts)', async () => {
		const input = [{ name: 'A' }, { amount: 1 }, { name: 'C' }, { name: 'D' }, { name: 'E' }];
		const { error } = await runNode(emulator, { parameters: records('create', { options: { recordsPerRequest: 2, requestsInFlight: 1 } }), items: input });
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
		expect(errorDetails(error).not_sent_items).toEqual([2, 3, 4]);
		expect(String((error as { description?: string }).description)).toContain('3 items were not sent after the failure (items 2–4)');
	});

	it('never re-sends a batch of creates that got no answer (it may have been written); says so', async () => {
		emulator.addFault({ kind: 'reset', path: '/records/batch_create' });
		const { error } = await runNode(emulator, { parameters: records('create', { options: { maxRetries: 3 } }), items: customers(3) });
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
		expect(String((error as { description?: string }).description)).toMatch(/may have written this .* not sent again/);

		emulator.clearLog();
		emulator.addFault({ kind: 'status', status: 503, path: '/records/batch_create' });
		const { items } = await runNode(emulator, { parameters: records('create', { options: { maxRetries: 3 } }), items: customers(2), continueOnFail: true });
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
		expect(items.map((i) => [i.pairedItem, i.json.item_index])).toEqual([
			[{ item: 0 }, 0],
			[{ item: 1 }, 1],
		]);
		expect(items.every((i) => String(i.json.description).includes('not sent again'))).toBe(true);
	});

	it('a batch of creates whose answer was lost after Feishu wrote it exists once, not twice', async () => {
		emulator.addFault({ kind: 'loseAnswer', path: '/records/batch_create' });
		const { error } = await runNode(emulator, { parameters: records('create', { options: { maxRetries: 3 } }), items: customers(3) });
		expect(error).toBeDefined();
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
		expect(emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('Customer '))).toHaveLength(3);
	});

	it('does re-send a batch Feishu refused before writing (rate limit), and creates each record once', async () => {
		emulator.addFault({ kind: 'feishuError', code: 99991400, msg: 'request trigger frequency limit', status: 429, path: '/records/batch_create' });
		const { items, error } = await runNode(emulator, { parameters: records('create'), items: customers(2) });
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(2);
		expect(items).toHaveLength(2);
		expect(emulator.records(NS, 'customer')).toHaveLength(7);
	});

	it('takes the fields from Record Fields (JSON) with Define Below, and leaves out Input Fields to Ignore', async () => {
		const { items } = await runNode(emulator, {
			parameters: records('create', { dataMode: 'defineBelow', recordFields: '={{ JSON.stringify({ name: $json.company, amount: $json.n * 2 }) }}' }),
			items: [{ company: 'Zeta', n: 21 }],
		});
		expect(items[0].json).toEqual({ name: 'Zeta', amount: 42, _id: SAMPLE_OBJECTS.nextId });

		emulator.clearLog();
		await runNode(emulator, { parameters: records('create', { options: { ignoreFields: 'row, sheet' } }), items: [{ name: 'Eta', row: 2, sheet: 'A' }] });
		expect(JSON.parse((requestsTo(emulator, 'batch_create')[0].body as { records: string }).records)).toEqual([{ name: 'Eta' }]);
	});

	it('refuses bad input before sending anything: the field and item are named', async () => {
		const bad = await runNode(emulator, {
			parameters: records('create', { dataMode: 'defineBelow', recordFields: '={{ $json.fields }}' }),
			items: [{ fields: '{"name":"ok"}' }, { fields: '{not json' }],
		});
		expect(bad.error?.message).toBe('Invalid "Record Fields (JSON)" (recordFields) in item 1: it must be valid JSON, got "{not json"');
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);

		const path = await runNode(emulator, { parameters: records('create', { objectApiName: '={{ $json.object }}' }), items: [{ object: '../users', name: 'x' }] });
		expect(path.error?.message).toMatch(/^Invalid "Object API Name" \(objectApiName\) in item 0: it must be an API name/);
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);

		const { items } = await runNode(emulator, { parameters: records('create'), items: [{ name: 'ok' }, {}], continueOnFail: true });
		expect(items[1].json).toMatchObject({ error: 'Invalid "Fields Source" (dataMode) in item 1: it has no fields to write', item_index: 1 });
		expect(items[0].json).toMatchObject({ name: 'ok', _id: SAMPLE_OBJECTS.nextId });
	});

	it('never sends an _id of the input item on create (Feishu assigns it)', async () => {
		await runNode(emulator, { parameters: records('create'), items: [{ _id: C.acme, name: 'Copy of Acme' }] });
		expect(JSON.parse((requestsTo(emulator, 'batch_create')[0].body as { records: string }).records)).toEqual([{ name: 'Copy of Acme' }]);
	});
});

describe('Object Record → Update and Delete', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('updates one record per item through batch_update, the _id an exact int64 from Record ID', async () => {
		const { items, error } = await runNode(emulator, {
			parameters: records('update', { recordId: '={{ $json.id }}', options: { ignoreFields: 'id' } }),
			items: [
				{ id: C.acme, amount: 1 },
				{ id: C.beta, amount: 2 },
			],
		});
		expect(error).toBeUndefined();
		const sent = requestsTo(emulator, '/records/batch_update');
		expect(sent).toHaveLength(1);
		expect((sent[0].body as { records: string }).records).toBe(`[{"_id":${C.acme},"amount":1},{"_id":${C.beta},"amount":2}]`);
		expect(items.map((i) => i.json)).toEqual([
			{ _id: C.acme, success: true },
			{ _id: C.beta, success: true },
		]);
		const byId = new Map(emulator.records(NS, 'customer').map((r) => [r._id, r]));
		expect(byId.get(C.acme)?.amount).toBe(1);
		expect(byId.get(C.beta)?.amount).toBe(2);
	});

	it('updates through the single-record endpoint with Records Per Request = 1', async () => {
		await runNode(emulator, { parameters: records('update', { recordId: C.gamma, options: { recordsPerRequest: 1 } }), items: [{ amount: 7 }] });
		const [patch] = requestsTo(emulator, `/records/${C.gamma}`);
		expect([patch.method, patch.body]).toEqual(['PATCH', { record: '{"amount":7}' }]);
		expect(emulator.records(NS, 'customer').find((r) => r._id === C.gamma)?.amount).toBe(7);
	});

	it('deletes through batch_delete; an unknown id is an error item in its place under Continue On Fail', async () => {
		const { items } = await runNode(emulator, {
			parameters: records('delete', { recordId: '={{ $json.id }}' }),
			items: [{ id: C.delta }, { id: '1790000000000009999' }, { id: C.epsilon }],
			continueOnFail: true,
		});
		expect(requestsTo(emulator, '/records/batch_delete')).toHaveLength(1);
		expect(requestsTo(emulator, '/records/batch_delete')[0].body).toEqual({ ids: [C.delta, '1790000000000009999', C.epsilon] });
		expect(items[0].json).toEqual({ _id: C.delta, success: true });
		expect(items[1].json).toMatchObject({ item_index: 1, sub_code: 'record_not_found' });
		expect(items[2].json).toEqual({ _id: C.epsilon, success: true });
		expect(emulator.records(NS, 'customer').map((r) => r._id)).toEqual([C.acme, C.beta, C.gamma]);
	});

	it('refuses a Record ID that is not digits, naming field and item, and sends nothing', async () => {
		const { error } = await runNode(emulator, { parameters: records('delete', { recordId: '={{ $json.id }}' }), items: [{ id: C.acme }, { id: '12/../3' }] });
		expect(error?.message).toBe('Invalid "Record ID" (recordId) in item 1: it must contain digits only, got "12/../3"');
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
		expect(emulator.records(NS, 'customer')).toHaveLength(5);
	});

	it('deletes through the single-record endpoint with Records Per Request = 1', async () => {
		const { items } = await runNode(emulator, { parameters: records('delete', { recordId: C.gamma, options: { recordsPerRequest: 1 } }) });
		expect(requestsTo(emulator, `/records/${C.gamma}`).map((r) => r.method)).toEqual(['DELETE']);
		expect(items[0].json).toEqual({ _id: C.gamma, success: true });
		expect(emulator.records(NS, 'customer').map((r) => r._id)).not.toContain(C.gamma);
	});
});

describe('Object Record → Get and Get Many', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('gets one record with every int64 exact (_id, lookup, big number beyond 2^53)', async () => {
		const { items, error } = await runNode(emulator, { parameters: records('get', { recordId: C.acme }) });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			_id: C.acme,
			name: 'Acme Ltd',
			big_number: SAMPLE_OBJECTS.bigNumber,
			owner: { _id: SAMPLE_OBJECTS.owner },
		});
	});

	it('surfaces Feishu\'s error for an unknown record, with code and log id', async () => {
		const { error } = await runNode(emulator, { parameters: records('get', { recordId: '1790000000000009999' }) });
		expect(error?.message).toMatch(/^Feishu error 2320001: /);
		expect(errorDetails(error)).toMatchObject({ code: 2320001, log_id: expect.any(String) });
	});

	it('walks page tokens with Return All: 1,205 records in 3 requests of 500, ids exact and distinct', async () => {
		emulator.seed({ objects: { generate: [{ namespace: NS, objectApiName: 'customer', count: 1200 }] } });
		const { items, error } = await runNode(emulator, { parameters: records('getAll', { select: '_id, name, big_number', returnAll: true }) });
		expect(error).toBeUndefined();
		const pages = requestsTo(emulator, '/records/batch_query');
		expect(pages).toHaveLength(3);
		expect(pages.map((r) => (r.body as Record<string, unknown>).page_token)).toEqual([undefined, expect.any(String), expect.any(String)]);
		expect(pages.every((r) => (r.body as Record<string, unknown>).use_page_token === true)).toBe(true);
		expect(items).toHaveLength(1205);
		expect(items.map((i) => i.json._id)).toEqual(emulator.records(NS, 'customer').map((r) => r._id));
		expect(items[0].json).toEqual({ _id: C.acme, name: 'Acme Ltd', big_number: SAMPLE_OBJECTS.bigNumber });
	});

	it('with a Limit asks for no more than needed, and sorts and filters as asked', async () => {
		const { items } = await runNode(emulator, { parameters: records('getAll', { select: '_id, name, amount', returnAll: false, limit: 2, options: { orderBy: 'amount DESC' } }) });
		expect(requestsTo(emulator, 'batch_query').map((r) => (r.body as Record<string, unknown>).page_size)).toEqual([2]);
		expect(items.map((i) => i.json.name)).toEqual(['Acme Ltd', 'Beta Corp']);

		const filter = {
			conditions: [
				{
					index: '1',
					left: { type: 'metadataVariable', settings: JSON.stringify({ fieldPath: [{ fieldApiName: 'amount', objectApiName: 'customer' }] }) },
					right: { type: 'constant', settings: JSON.stringify({ data: 100 }) },
					operator: 'greaterThan',
				},
			],
			logic_expression: '1',
		};
		const filtered = await runNode(emulator, { parameters: records('getAll', { select: '_id, name', returnAll: true, options: { filter: JSON.stringify(filter) } }) });
		expect(filtered.items.map((i) => i.json.name)).toEqual(['Acme Ltd', 'Beta Corp']);
	});

	it('requires Fields to Return for Get Many and sends nothing without it', async () => {
		// An empty required parameter is refused by n8n itself; an expression that yields nothing reaches the node.
		const { error } = await runNode(emulator, { parameters: records('getAll', { select: '={{ "" }}', returnAll: true }) });
		expect(error?.message).toBe('Invalid "Fields to Return" (select) in item 0: it needs at least one API name');
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
	});
});

describe('the shipped example (examples/sync-records.workflow.json)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('reads big customers with OQL, creates one follow-up order each in one batch (lookup ids exact), reads the orders back with Get Many', async () => {
		const { result } = await runExample('sync-records.workflow.json', emulator);
		expect(result.workflowError).toBeUndefined();
		expect(result.output('Big Customers').map((i) => i.json._id)).toEqual([C.acme, C.beta]);
		const created = result.output('Create Follow-up Orders');
		expect(created.map((i) => i.json)).toEqual([
			{ title: 'Follow-up: Acme Ltd', customer: { _id: C.acme }, total: 1200.5, _id: SAMPLE_OBJECTS.nextId },
			{ title: 'Follow-up: Beta Corp', customer: { _id: C.beta }, total: 300, _id: '1790000000000000010' },
		]);
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
		const orders = result.output('Orders Now');
		expect(orders).toHaveLength(5);
		expect(orders.slice(3).map((i) => i.json)).toEqual([
			{ _id: SAMPLE_OBJECTS.nextId, title: 'Follow-up: Acme Ltd', customer: { _id: C.acme }, total: 1200.5 },
			{ _id: '1790000000000000010', title: 'Follow-up: Beta Corp', customer: { _id: C.beta }, total: 300 },
		]);
	});
});
