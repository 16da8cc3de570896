/** Object → Search with the filter builder: one criterion per searched object. */
import { SAMPLE_OBJECTS, type FeishuEmulator } from '../../../../../emulator';
import { requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const C = SAMPLE_OBJECTS.customers;
const search = (extra: Record<string, unknown>) => ({
	resource: 'object',
	operation: 'search',
	namespace: SAMPLE_OBJECTS.namespace,
	searchText: 'example',
	returnAll: true,
	...extra,
});

describe('Object → Search with Filters', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('filters the searched object: only matching hits come back', async () => {
		const { items, error } = await runNode(emulator, {
			parameters: search({
				options: { searchObjects: 'customer' },
				filters: { conditions: [{ keyName: 'amount', condition: 'gte', keyValue: '300' }] },
			}),
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json._id).sort()).toEqual([C.acme, C.beta].sort());
		const [request] = requestsTo(emulator, '/objects/search');
		const [entry] = (request.body as { search_objects: Array<{ api_name: string; filter: { conditions: Array<{ left: { settings: string } }> } }> }).search_objects;
		expect(entry.api_name).toBe('customer');
		expect(JSON.parse(entry.filter.conditions[0].left.settings)).toEqual({ fieldPath: [{ fieldApiName: 'amount', objectApiName: 'customer' }] });
	});

	it('Filters without Objects to Search is an error (Feishu filters named objects only)', async () => {
		const { error } = await runNode(emulator, { parameters: search({ filters: { conditions: [{ keyName: 'amount', condition: 'gt', keyValue: '1' }] } }) });
		expect(error?.message).toContain('Invalid "Filters" (filters) in item 0: it needs Options → Objects to Search');
		expect(requestsTo(emulator, '/objects/search')).toHaveLength(0);
	});
});
