/**
 * The filter builder through n8n's engine against the emulator: the rows compile into Feishu's
 * criterion and exactly the matching records come back.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_OBJECTS, type FeishuEmulator } from '../../../../../emulator';
import { objectRecord, requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const C = SAMPLE_OBJECTS.customers;

const getMany = (conditions: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
	objectRecord('getAll', { select: 'name, amount', returnAll: true, filters: { conditions } as INodeParameters, ...(extra as INodeParameters) });

describe('Object Record → Get Many with Filters', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('two conditions (all must match) return exactly the matching records, in one request', async () => {
		const { items, error } = await runNode(emulator, {
			parameters: getMany([
				{ keyName: 'amount', condition: 'gt', keyValue: '100' },
				{ keyName: 'active', condition: 'eq', keyValue: 'true' },
			]),
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json._id)).toEqual([C.acme, C.beta]);
		const [request] = requestsTo(emulator, '/records/batch_query');
		expect((request.body as { filter: unknown }).filter).toEqual({
			conditions: [
				{
					index: '1',
					left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"amount","objectApiName":"customer"}]}' },
					right: { type: 'constant', settings: '{"data":100}' },
					operator: 'greaterThan',
				},
				{
					index: '2',
					left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"active","objectApiName":"customer"}]}' },
					right: { type: 'constant', settings: '{"data":true}' },
					operator: 'equals',
				},
			],
			logic_expression: '1 AND 2',
		});
	});

	it('Any Filter: either condition; Is Empty needs no value', async () => {
		const { items, error } = await runNode(emulator, {
			parameters: getMany(
				[
					{ keyName: 'amount', condition: 'lt', keyValue: '60' },
					{ keyName: 'email', condition: 'isEmpty' },
				],
				{ matchType: 'anyFilter' },
			),
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json._id)).toEqual([C.gamma, C.epsilon]);
	});

	it('a lookup compared by record id (int64, exact), and _id ≥ a 19-digit id', async () => {
		const owner = await runNode(emulator, {
			parameters: getMany([{ keyName: 'owner', condition: 'eq', keyValue: SAMPLE_OBJECTS.owner, valueType: 'lookup' }]),
		});
		expect(owner.items.map((i) => i.json._id)).toEqual([C.acme, C.beta]);
		const byId = await runNode(emulator, { parameters: getMany([{ keyName: '_id', condition: 'gte', keyValue: C.delta }]) });
		expect(byId.items.map((i) => i.json._id)).toEqual([C.delta, C.epsilon]);
	});

	it('text contains, case-sensitive as Feishu compares', async () => {
		const { items } = await runNode(emulator, { parameters: getMany([{ keyName: 'email', condition: 'contains', keyValue: 'example' }]) });
		expect(items.map((i) => i.json._id)).toEqual([C.acme, C.beta, C.delta]);
	});

	it('the raw Filter (JSON) option still works, and an empty one ({}, the default) sends no filter', async () => {
		const raw = {
			conditions: [
				{
					index: '1',
					left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"amount"}]}' },
					right: { type: 'constant', settings: '{"data":300}' },
					operator: 'equals',
				},
			],
		};
		const { items } = await runNode(emulator, { parameters: objectRecord('getAll', { select: 'name', returnAll: true, options: { filter: JSON.stringify(raw) } }) });
		expect(items.map((i) => i.json._id)).toEqual([C.beta]);

		emulator.clearLog();
		const all = await runNode(emulator, { parameters: objectRecord('getAll', { select: 'name', returnAll: true, options: { filter: '{}' } }) });
		expect(all.items).toHaveLength(5);
		expect(requestsTo(emulator, '/records/batch_query')[0].body).not.toHaveProperty('filter');
	});

	it('Filters and Filter (JSON) both set: an error naming both, nothing sent', async () => {
		const { error } = await runNode(emulator, {
			parameters: getMany([{ keyName: 'amount', condition: 'gt', keyValue: '1' }], { options: { filter: '{"conditions":[]}' } }),
		});
		expect(error?.message).toBe(
			'Invalid "Filters" (filters) in item 0: it is set together with Options → Filter (JSON) (filter): use one of the two — the builder, or Feishu\'s raw filter object',
		);
		expect(requestsTo(emulator, '/records/batch_query')).toHaveLength(0);
	});

	it.each([
		[[{ keyName: 'amount', condition: 'gt', keyValue: 'lots', valueType: 'number' }], 'has a bad condition 1: Field Value must be a number'],
		[[{ keyName: '', condition: 'eq', keyValue: 'x' }], 'has a bad condition 1: Field Name is required'],
		[Array.from({ length: 11 }, () => ({ keyName: 'amount', condition: 'eq', keyValue: '1' })), 'has 11 conditions; at most 10 are accepted'],
	])('a bad row is an error naming Filters, the row and the item; nothing sent (%#)', async (conditions, reason) => {
		const { error } = await runNode(emulator, { parameters: getMany(conditions) });
		expect(error?.message).toContain(`Invalid "Filters" (filters) in item 0: it ${reason}`);
		expect(requestsTo(emulator, '/records/batch_query')).toHaveLength(0);
	});
});
