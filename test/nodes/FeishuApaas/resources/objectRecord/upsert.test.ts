/**
 * Object Record → Create or Update through n8n's engine against the emulator: lookups and writes
 * counted, output paired and marked, failure paths with and without Continue On Fail.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_OBJECTS, type FeishuEmulator } from '../../../../../emulator';
import { errorDetails, objectRecord, requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const NS = SAMPLE_OBJECTS.namespace;
const upsert = (extra: INodeParameters = {}) => objectRecord('upsert', { matchFields: 'email', ...extra });

/** `count` existing customers with emails old0@x … */
function seedExisting(emulator: FeishuEmulator, count: number): void {
	emulator.seed({
		objects: {
			namespaces: [
				{
					namespace: NS,
					objects: [{ apiName: 'customer', records: Array.from({ length: count }, (_, k) => ({ name: `Old ${k}`, email: `old${k}@x`, amount: k })) }],
				},
			],
		},
	});
}

const byEmail = (emulator: FeishuEmulator) => new Map(emulator.records(NS, 'customer').map((r) => [r.email, r]));

describe('Object Record → Create or Update', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('1,200 items (600 existing, 600 new): 3 lookups, 6 writes, 1,200 paired items marked created / updated', async () => {
		seedExisting(emulator, 600);
		const before = byEmail(emulator);
		emulator.clearLog();
		// Existing and new alternate, so every group of 500 has both.
		const input = Array.from({ length: 1200 }, (_, i) =>
			i % 2 === 0 ? { name: `Updated ${i / 2}`, email: `old${i / 2}@x`, amount: 1000 + i } : { name: `New ${i}`, email: `new${i}@x`, amount: i },
		);
		const { items, error } = await runNode(emulator, { parameters: upsert(), items: input });
		expect(error).toBeUndefined();

		const lookups = requestsTo(emulator, '/records/batch_query');
		const updates = requestsTo(emulator, '/records/batch_update');
		const creates = requestsTo(emulator, '/records/batch_create');
		expect(lookups).toHaveLength(3);
		expect(updates.length + creates.length).toBe(6);
		// The three groups are in flight together: their requests may arrive in any order.
		const sizes = (requests: typeof updates) => requests.map((r) => JSON.parse((r.body as { records: string }).records).length).sort((a, b) => b - a);
		expect(sizes(updates)).toEqual([250, 250, 100]);
		expect(sizes(creates)).toEqual([250, 250, 100]);

		expect(items).toHaveLength(1200);
		expect(items.every((item, k) => (item.pairedItem as { item: number }).item === k)).toBe(true);
		expect(items.map((i) => i.json._upsert)).toEqual(input.map((_, i) => (i % 2 === 0 ? 'updated' : 'created')));
		expect(items[0].json).toEqual({ name: 'Updated 0', email: 'old0@x', amount: 1000, _id: before.get('old0@x')?._id, _upsert: 'updated' });
		expect(items[1].json).toMatchObject({ name: 'New 1', email: 'new1@x', _upsert: 'created', _id: expect.stringMatching(/^\d{19}$/) });

		const after = byEmail(emulator);
		expect(emulator.records(NS, 'customer')).toHaveLength(5 + 1200);
		expect(after.get('old599@x')).toMatchObject({ name: 'Updated 599', _id: before.get('old599@x')?._id });
		expect(after.get('new1199@x')?._id).toBe(items[1199].json._id);
	});

	it('groups of 500 are in flight together (Requests In Flight), output in input order; 1 sends one group after another', async () => {
		seedExisting(emulator, 3);
		emulator.configure({ latencyMs: 100 });
		const input = Array.from({ length: 1500 }, (_, i) => ({ name: `N ${i}`, email: i < 3 ? `old${i}@x` : `n${i}@x`, amount: i }));
		const lookupsOf = async (requestsInFlight?: number) => {
			emulator.clearLog();
			const options = requestsInFlight === undefined ? {} : { options: { requestsInFlight } };
			const { items, error } = await runNode(emulator, { parameters: upsert(options), items: input });
			expect(error).toBeUndefined();
			expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual(input.map((_, k) => k));
			expect(items.map((i) => i.json.email)).toEqual(input.map((i) => i.email));
			return requestsTo(emulator, '/records/batch_query').map((r) => r.at).sort((a, b) => a - b);
		};
		const together = await lookupsOf();
		expect(together).toHaveLength(3);
		expect(emulator.records(NS, 'customer').filter((r) => String(r.email).startsWith('n'))).toHaveLength(1497);
		// (The first may wait on the token mint; the other two leave at once.)
		expect(together[2] - together[1]).toBeLessThan(100);
		const oneByOne = await lookupsOf(1);
		// Each group's lookup waits for the group before it: its lookup and its writes, 100 ms each.
		expect(oneByOne[1] - oneByOne[0]).toBeGreaterThanOrEqual(200 - 10);
		expect(oneByOne[2] - oneByOne[1]).toBeGreaterThanOrEqual(200 - 10);
		// The second run found every record the first wrote: nothing twice.
		expect(emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('N '))).toHaveLength(1500);
	});

	it('the lookup is one isAnyOf condition on the match field with every key of the group', async () => {
		seedExisting(emulator, 2);
		emulator.clearLog();
		await runNode(emulator, { parameters: upsert(), items: [{ name: 'A', email: 'old1@x' }, { name: 'B', email: 'b@x' }] });
		const [lookup] = requestsTo(emulator, '/records/batch_query');
		const body = lookup.body as { select: string[]; filter: { conditions: Array<{ operator: string; right: { settings: string } }> } };
		expect(body.select).toEqual(['_id', 'email']);
		expect(body.filter.conditions.map((c) => [c.operator, JSON.parse(c.right.settings)])).toEqual([['isAnyOf', { data: ['old1@x', 'b@x'] }]]);
	});

	it('two match fields: a record counts only when both match', async () => {
		emulator.seed({ objects: { namespaces: [{ namespace: NS, objects: [{ apiName: 'customer', records: [{ name: 'x', email: 'e@x', amount: 1 }, { name: 'y', email: 'f@x', amount: 2 }] }] }] } });
		const { items } = await runNode(emulator, {
			parameters: upsert({ matchFields: 'email, amount' }),
			items: [
				{ name: 'match', email: 'e@x', amount: 1 },
				{ name: 'cross', email: 'e@x', amount: 2 },
			],
		});
		expect(items.map((i) => i.json._upsert)).toEqual(['updated', 'created']);
	});

	it('a later item with the same key is an error on it (Continue On Fail: in its place; the earlier one is written)', async () => {
		const input = [{ name: 'first', email: 'd@x' }, { name: 'other', email: 'o@x' }, { name: 'second', email: 'd@x' }];
		const { items, error } = await runNode(emulator, { parameters: upsert(), items: input, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json._upsert ?? 'error')).toEqual(['created', 'created', 'error']);
		expect(items[2].json.error).toBe('Item 2 has the same match key as item 0 (email = "d@x"): not written (the earlier item is)');
		expect(items[2].pairedItem).toEqual({ item: 2 });
		expect(byEmail(emulator).get('d@x')?.name).toBe('first');
	});

	it('without Continue On Fail a duplicate key fails the run before anything is sent', async () => {
		const input = [{ name: 'first', email: 'd@x' }, { name: 'second', email: 'd@x' }];
		const { error } = await runNode(emulator, { parameters: upsert(), items: input });
		expect(error?.message).toContain('Item 1 has the same match key as item 0');
		expect(requestsTo(emulator, '/records/')).toHaveLength(0);
	});

	it('an item without a value for a match field is an error on it; Match Fields with _id fails the run', async () => {
		const { items } = await runNode(emulator, { parameters: upsert(), items: [{ name: 'no email' }, { name: 'ok', email: 'k@x' }], continueOnFail: true });
		expect(items[0].json.error).toBe('Item 0 has no value for match field "email"');
		expect(items[1].json._upsert).toBe('created');
		// (An empty Match Fields never runs: n8n refuses a required parameter left empty.)
		const byId = await runNode(emulator, { parameters: upsert({ matchFields: '_id' }), items: [{ name: 'x', email: 'y' }] });
		expect(byId.error?.message).toBe('Invalid "Match Fields" (matchFields) in item 0: it cannot include _id (Update writes by record id)');
	});

	it('a lookup that fails: without Continue On Fail Feishu\'s error, nothing written; with it, one error item per item of the group', async () => {
		emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param is invalid', path: '/records/batch_query', times: 2 });
		const input = [{ name: 'a', email: 'a@x' }, { name: 'b', email: 'b@x' }];
		const stopped = await runNode(emulator, { parameters: upsert(), items: input });
		expect(stopped.error?.message).toBe('Feishu error 2320001: param is invalid');
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(0);

		const { items, error } = await runNode(emulator, { parameters: upsert(), items: input, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.pairedItem, i.json.code])).toEqual([
			[{ item: 0 }, 2320001],
			[{ item: 1 }, 2320001],
		]);
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(0);
	});

	it('a write batch that fails: the other batch is written; CoF on gives error items, off an error listing what was written', async () => {
		seedExisting(emulator, 1);
		const input = [{ name: 'u', email: 'old0@x' }, { name: 'c', email: 'c@x' }];
		emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param is invalid', path: '/records/batch_create', times: 1 });
		const { error } = await runNode(emulator, { parameters: upsert(), items: input });
		expect(error?.message).toBe('1 of 2 records failed: Feishu error 2320001: param is invalid');
		expect(errorDetails(error).written_ids).toEqual([byEmail(emulator).get('old0@x')?._id]);
		expect(String((error as { description?: string }).description)).toContain('1 record was created or updated in this run');

		emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param is invalid', path: '/records/batch_create', times: 1 });
		const { items } = await runNode(emulator, { parameters: upsert(), items: input, continueOnFail: true });
		expect(items.map((i) => i.json._upsert ?? i.json.code)).toEqual(['updated', 2320001]);
		expect(byEmail(emulator).get('c@x')).toBeUndefined();
	});

	it('a record Feishu refuses is an error on its own item; a create with no answer is not sent again', async () => {
		const { items } = await runNode(emulator, { parameters: upsert(), items: [{ email: 'noname@x' }, { name: 'ok', email: 'ok@x' }], continueOnFail: true });
		expect(items[0].json).toMatchObject({ sub_code: 'required_field_missing', item_index: 0 });
		expect(items[1].json._upsert).toBe('created');

		emulator.clearLog();
		emulator.addFault({ kind: 'reset', path: '/records/batch_create' });
		await runNode(emulator, { parameters: upsert({ options: { maxRetries: 3 } }), items: [{ name: 'z', email: 'z@x' }] });
		expect(requestsTo(emulator, '/records/batch_create')).toHaveLength(1);
	});

	it('a key two records share is an error on the item, nothing written for it', async () => {
		emulator.seed({ objects: { namespaces: [{ namespace: NS, objects: [{ apiName: 'customer', records: [{ name: 'one', email: 'twin@x' }, { name: 'two', email: 'twin@x' }] }] }] } });
		const { items } = await runNode(emulator, { parameters: upsert(), items: [{ name: 'which?', email: 'twin@x' }], continueOnFail: true });
		expect(String(items[0].json.error)).toMatch(/^2 records have this item's match key \(ids \d+, \d+\): not written$/);
		expect(emulator.records(NS, 'customer').filter((r) => r.email === 'twin@x').map((r) => r.name)).toEqual(['one', 'two']);
	});
});
