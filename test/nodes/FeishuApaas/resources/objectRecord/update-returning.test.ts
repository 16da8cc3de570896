/** Object Record → Update with Options → Return Fields: the records as they are after the update. */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_OBJECTS, type FeishuEmulator } from '../../../../../emulator';
import { objectRecord, requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const C = SAMPLE_OBJECTS.customers;

describe('Object Record → Update, Return Fields', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const input = [
		{ id: C.acme, amount: 1 },
		{ id: C.beta, amount: 2 },
		{ id: C.gamma, amount: 3 },
	];
	const update = (options: Record<string, unknown>) =>
		objectRecord('update', { recordId: '={{ $json.id }}', dataMode: 'defineBelow', recordFields: '={{ JSON.stringify({ amount: $json.amount }) }}', options: options as INodeParameters });

	it('reads the updated records back in one batch_query and outputs them, paired', async () => {
		const { items, error } = await runNode(emulator, { parameters: update({ returnFields: 'name, amount' }), items: input });
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, '/records/batch_update')).toHaveLength(1);
		expect(requestsTo(emulator, '/records/batch_query')).toHaveLength(1);
		expect(items.map((i) => i.json)).toEqual([
			{ success: true, _id: C.acme, name: 'Acme Ltd', amount: 1 },
			{ success: true, _id: C.beta, name: 'Beta Corp', amount: 2 },
			{ success: true, _id: C.gamma, name: 'Gamma GmbH', amount: 3 },
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without the option: _id and success only, no read', async () => {
		const { items } = await runNode(emulator, { parameters: update({}), items: input });
		expect(items[0].json).toEqual({ _id: C.acme, success: true });
		expect(requestsTo(emulator, '/records/batch_query')).toHaveLength(0);
	});

	it('a failed read-back says the records were updated (nothing re-sent)', async () => {
		emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param is invalid', path: '/records/batch_query' });
		const { error } = await runNode(emulator, { parameters: update({ returnFields: 'name' }), items: input });
		expect(error?.message).toBe('The records were updated, but reading them back failed: Feishu error 2320001: param is invalid');
		expect(requestsTo(emulator, '/records/batch_update')).toHaveLength(1);
		expect(emulator.records(SAMPLE_OBJECTS.namespace, 'customer').find((r) => r._id === C.acme)?.amount).toBe(1);
	});
});
