/**
 * Object → Execute OQL and Search through n8n's engine against the emulator: rows keyed by columns
 * whatever shape Feishu sends them in, exact int64, page-token paging, Feishu's errors.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_OBJECTS, type FeishuEmulator } from '../../../../../emulator';
import { errorDetails, requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const NS = SAMPLE_OBJECTS.namespace;
const C = SAMPLE_OBJECTS.customers;

const oql = (query: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'object', operation: 'oqlQuery', namespace: NS, query, ...extra });
const search = (searchText: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'object',
	operation: 'search',
	namespace: NS,
	searchText,
	returnAll: true,
	...extra,
});

describe('Object → Execute OQL', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const expected = [
		{ _id: C.acme, name: 'Acme Ltd', big_number: SAMPLE_OBJECTS.bigNumber },
		{ _id: C.beta, name: 'Beta Corp', big_number: '1234567890123456789' },
	];

	it.each(['arrays', 'objects'] as const)('outputs one item per row keyed by the columns when Feishu sends rows as %s, int64 exact', async (shape) => {
		emulator.configure({ oqlRowsAs: shape });
		const { items, error } = await runNode(emulator, {
			parameters: oql('SELECT _id, name, big_number FROM customer WHERE amount >= $1 ORDER BY amount DESC', { options: { args: '[300]' } }),
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(expected);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(requestsTo(emulator, '/objects/oql_query')[0].body).toEqual({
			query: 'SELECT _id, name, big_number FROM customer WHERE amount >= $1 ORDER BY amount DESC',
			args: '[300]',
		});
	});

	it('sends named arguments as Feishu\'s JSON string, from an object or JSON text', async () => {
		const { items } = await runNode(emulator, {
			parameters: oql('SELECT _id FROM customer WHERE name = $name', { options: { namedArgs: '={{ { name: $json.who } }}' } }),
			items: [{ who: 'Beta Corp' }],
		});
		expect(requestsTo(emulator, 'oql_query')[0].body).toMatchObject({ named_args: '{"name":"Beta Corp"}' });
		expect(items.map((i) => i.json)).toEqual([{ _id: C.beta }]);
	});

	it('runs once per input item, each item\'s rows paired with it', async () => {
		const { items } = await runNode(emulator, {
			parameters: oql('={{ "SELECT _id FROM customer WHERE name = \'" + $json.name + "\'" }}'),
			items: [{ name: 'Gamma GmbH' }, { name: 'Nobody' }, { name: 'Acme Ltd' }],
		});
		expect(items.map((i) => [i.json._id, i.pairedItem])).toEqual([
			[C.gamma, { item: 0 }],
			[C.acme, { item: 2 }],
		]);
	});

	it('surfaces Feishu\'s error for a bad statement with code and log id; Continue On Fail keeps the item', async () => {
		const { error } = await runNode(emulator, { parameters: oql('SELEKT nothing') });
		expect(error?.message).toMatch(/^Feishu error 2320001: /);
		expect(errorDetails(error)).toMatchObject({ code: 2320001, log_id: expect.any(String), item_index: 0 });

		const { items } = await runNode(emulator, { parameters: oql('SELEKT nothing'), items: [{}, {}], continueOnFail: true });
		expect(items.map((i) => [i.json.item_index, i.pairedItem])).toEqual([
			[0, { item: 0 }],
			[1, { item: 1 }],
		]);
	});

	it('refuses arguments that are not a JSON array and a bad namespace before sending anything', async () => {
		const args = await runNode(emulator, { parameters: oql('SELECT _id FROM customer', { options: { args: '{"a":1}' } }) });
		expect(args.error?.message).toBe('Invalid "Arguments (JSON Array)" (args) in item 0: it must be a JSON array, got an object');
		const ns = await runNode(emulator, { parameters: oql('SELECT _id FROM customer', { namespace: 'demo_app/../x' }) });
		expect(ns.error?.message).toMatch(/^Invalid "Namespace" \(namespace\) in item 0: it must be an API name/);
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
	});
});

describe('Object → Search', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('outputs one item per record found, int64 exact', async () => {
		const { items, error } = await runNode(emulator, { parameters: search('acme', { options: { searchObjects: 'customer' } }) });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ _id: C.acme, name: 'Acme Ltd', _objectApiName: 'customer' }]);
		expect(requestsTo(emulator, '/objects/search')[0].body).toMatchObject({ q: 'acme', search_objects: [{ api_name: 'customer' }], page_size: '2000' });
	});

	it('walks page tokens to the end with Return All, and stops at the Limit', async () => {
		emulator.seed({ objects: { generate: [{ namespace: NS, objectApiName: 'customer', count: 2500 }] } });
		const all = await runNode(emulator, { parameters: search('', { searchText: '={{ "e" }}', options: { searchObjects: 'customer' } }) });
		const pages = requestsTo(emulator, '/objects/search');
		expect(pages.length).toBe(2);
		expect((pages[1].body as Record<string, unknown>).page_token).toEqual(expect.any(String));
		const ids = all.items.map((i) => i.json._id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBeGreaterThan(2000);

		emulator.clearLog();
		const some = await runNode(emulator, { parameters: search('e', { returnAll: false, limit: 3, options: { searchObjects: 'customer' } }) });
		expect(some.items).toHaveLength(3);
		expect(requestsTo(emulator, '/objects/search').map((r) => (r.body as Record<string, unknown>).page_size)).toEqual(['3']);
	});

	it('takes Feishu\'s search_objects JSON to choose fields per object', async () => {
		const searchObjects = JSON.stringify([{ api_name: 'order', search_fields: ['title'], select: ['_id', 'title', 'customer'] }]);
		const { items } = await runNode(emulator, { parameters: search('A-2', { options: { searchObjects } }) });
		expect(items.map((i) => i.json)).toEqual([
			{ _id: SAMPLE_OBJECTS.orders.a2, title: 'Order A-2', customer: { _id: C.acme }, _objectApiName: 'order' },
		]);
	});
});
