import { SAMPLE_OBJECTS } from '../../../emulator';
import { expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { api, parseIds } from '../../helpers/emulator/objects';

const C = SAMPLE_OBJECTS.customers;
const O = SAMPLE_OBJECTS.orders;
type Hit = Record<string, unknown> & { _id: string; _objectApiName: string };

describe('objects/search', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const search = (body: Record<string, unknown>) => api(em(), token, 'POST', 'search', body);
	const hits = async (body: Record<string, unknown>) => {
		const r = await search(body);
		expect(r.json.code).toBe(0);
		return parseIds<Hit[]>(r.json.data.records);
	};

	it('matches q case-insensitively over the text fields of the named object; records carry _id, name, _objectApiName', async () => {
		const r = await search({ q: 'CORP', search_objects: [{ api_name: 'customer' }] });
		expect(r.status).toBe(200);
		expect(r.json.code).toBe(0);
		expect(r.json.data.records).toBe('[{"_id":1790000000000000002,"name":"Beta Corp","_objectApiName":"customer"}]');
		expect(r.json.data.has_more).toBe(false);
		expect(r.json.data.next_page_token).toBe('');
		expect(r.json.data.objects.map((o) => o.object.api_name)).toEqual(['customer']);
		expect(r.json.data.objects[0].fields.map((f) => [f.api_name, f.type])).toContainEqual(['big_number', 'bigint']);
	});

	it('searches every object of the namespace when search_objects is absent (email matches too)', async () => {
		const found = await hits({ q: 'a' });
		expect(found.filter((h) => h._objectApiName === 'customer').map((h) => h._id)).toEqual([C.acme, C.beta, C.gamma, C.delta]);
		expect(found.filter((h) => h._objectApiName === 'order').map((h) => h._id)).toEqual([O.a1, O.a2]);
		// order has no `name` field: just _id
		expect(found.find((h) => h._objectApiName === 'order')).toEqual({ _id: O.a1, _objectApiName: 'order' });
		expect(await hits({ q: 'EXAMPLE' })).toHaveLength(3);
	});

	it('search_fields limits where q matches; select picks the fields (int64s as bare numbers)', async () => {
		expect(await hits({ q: 'example', search_objects: [{ api_name: 'customer', search_fields: ['name'] }] })).toEqual([]);
		const r = await search({ q: 'acme', search_objects: [{ api_name: 'customer', search_fields: ['email'], select: ['big_number', 'owner'] }] });
		expect(r.json.data.records).toBe(
			'[{"_id":1790000000000000001,"big_number":9007199254740993,"owner":{"_id":1800000000000000001},"_objectApiName":"customer"}]',
		);
	});

	it('no q matches every record; order_by and filter apply per object', async () => {
		expect(await hits({ search_objects: [{ api_name: 'order' }] })).toHaveLength(3);
		const ordered = await hits({ search_objects: [{ api_name: 'order', select: ['total'], order_by: { field: 'total', order_type: 'desc' } }] });
		expect(ordered.map((h) => h.total)).toEqual([250, 99.9, 15]);
		const filtered = await hits({
			search_objects: [
				{
					api_name: 'customer',
					filter: {
						conditions: [
							{
								index: '1',
								left: { type: 'metadataVariable', settings: '{"fieldPath":[{"fieldApiName":"active","objectApiName":"customer"}]}' },
								right: { type: 'constant', settings: '{"data":false}' },
								operator: 'equals',
							},
						],
					},
				},
			],
		});
		expect(filtered.map((h) => h._id)).toEqual([C.gamma, C.epsilon]);
	});

	it('pages with page_size (a string) and page tokens to the end', async () => {
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'order', count: 120 }] } });
		const seen: string[] = [];
		let page_token: string | undefined;
		let pages = 0;
		for (;;) {
			const r = await search({ q: 'title', search_objects: [{ api_name: 'order' }], page_size: '50', page_token });
			pages++;
			seen.push(...parseIds<Hit[]>(r.json.data.records).map((h) => h._id));
			if (!r.json.data.has_more) break;
			page_token = r.json.data.next_page_token;
		}
		expect(pages).toBe(3);
		expect(seen).toHaveLength(120);
		expect(new Set(seen).size).toBe(120);
	});

	it('default page size is 50', async () => {
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'customer', count: 60 }] } });
		const r = await search({ search_objects: [{ api_name: 'customer' }] });
		expect(parseIds<Hit[]>(r.json.data.records)).toHaveLength(50);
		expect(r.json.data.has_more).toBe(true);
	});

	it.each([
		['unknown object', { search_objects: [{ api_name: 'ghost' }] }, 'unknown object "ghost"'],
		['search_fields not text', { search_objects: [{ api_name: 'customer', search_fields: ['amount'] }] }, 'not a text field'],
		['unknown search field', { search_objects: [{ api_name: 'customer', search_fields: ['nope'] }] }, 'unknown field "nope"'],
		['unknown select field', { search_objects: [{ api_name: 'customer', select: ['nope'] }] }, 'unknown field "nope"'],
		['page_size a number', { page_size: 50 }, 'page_size'],
		['page_size 2001', { page_size: '2001' }, 'page_size must be 1..2000'],
		['page_size 0', { page_size: '0' }, 'page_size'],
		['bad page_token', { page_token: 'xyz' }, 'page_token'],
		['bad metadata', { metadata: 'Everything' }, 'metadata'],
		['q not a string', { q: 5 }, 'q must be a string'],
		['search_objects not an array', { search_objects: { api_name: 'customer' } }, 'search_objects'],
	])('%s -> 2320001', async (_n, body, msg) => {
		const r = await search(body);
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain(msg);
	});

	it('page_size "2000" and metadata Label / SearchLayout are accepted', async () => {
		expect((await search({ page_size: '2000', metadata: 'Label' })).json.code).toBe(0);
		expect((await search({ metadata: 'SearchLayout' })).json.code).toBe(0);
	});

	it('a page token from another search -> 2320001', async () => {
		em().seed({ objects: { generate: [{ namespace: 'demo_app', objectApiName: 'order', count: 10 }] } });
		const r = await search({ search_objects: [{ api_name: 'order' }], page_size: '5' });
		const other = await search({ q: 'x', search_objects: [{ api_name: 'order' }], page_size: '5', page_token: r.json.data.next_page_token });
		expectFeishuError(other, 400, 2320001);
	});

	it('unknown namespace -> 2320001', async () => {
		expectFeishuError(await api(em(), token, 'POST', 'search', { q: 'a' }, 'nope'), 400, 2320001);
	});
});
