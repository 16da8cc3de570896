/** Audit Log → Get Many and Get through n8n's engine with a user credential, against the emulator. */
import { ADMIN_USER, SAMPLE_DAY } from '../../../../../emulator';
import { adminRequests, DAY_FROM, DAY_TO, NS_LOCATOR, useAdminTenant } from '../../../../helpers/admin';
import { errorDetails } from '../../../../helpers/feishu';

const LIST = '/audit_log/audit_log_list';
const getAll = (extra: Record<string, unknown> = {}) => ({
	resource: 'auditLog',
	operation: 'getAll',
	namespace: NS_LOCATOR,
	from: DAY_FROM,
	to: DAY_TO,
	logType: '10000',
	returnAll: true,
	...extra,
});

describe('Audit Log (user token)', () => {
	const tenant = useAdminTenant();

	describe('Get Many', () => {
		it('returns the day\'s entries oldest first, with from/to sent as inclusive ms', async () => {
			const { items, error } = await tenant.run(getAll());
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.log_id)).toEqual(['7405456257290600001', '7405456257290600002', '7405456257290600003', '7405456257290600004']);
			expect(items[0].json).toMatchObject({ op_time: String(SAMPLE_DAY + 1_000), operator: { id: ADMIN_USER } });
			const [request] = adminRequests(tenant.emulator(), LIST);
			expect(request.params.get('from')).toBe(String(SAMPLE_DAY));
			expect(request.params.get('to')).toBe(String(SAMPLE_DAY + 86_399_999));
			expect(request.params.get('sort_order')).toBe('asc');
		});

		it('a day of 25,000 entries (equal timestamps included) comes back complete, unique and in time order', async () => {
			tenant.emulator().seed({ admin: { generate: [{ kind: 'audit', namespace: 'demo_app', count: 25_000, from: SAMPLE_DAY, to: SAMPLE_DAY + 86_399_999 }] } });
			const { items, error } = await tenant.run(getAll());
			expect(error).toBeUndefined();
			expect(items).toHaveLength(25_004);
			const ids = items.map((i) => i.json.log_id as string);
			expect(new Set(ids).size).toBe(25_004);
			const times = items.map((i) => Number(i.json.op_time));
			expect(times.every((t, i) => i === 0 || times[i - 1] <= t)).toBe(true);
			const requests = adminRequests(tenant.emulator(), LIST);
			// Never past Feishu's cap (the emulator would answer 2320001), and few requests beyond ⌈25,004 / 500⌉.
			expect(requests.every((r) => Number(r.params.get('offset')) + Number(r.params.get('page_size')) <= 10_000)).toBe(true);
			expect(requests.every((r) => r.status === 200)).toBe(true);
			expect(requests.length).toBeLessThanOrEqual(Math.ceil(25_004 / 500) + 4);
		});

		it('Limit, newest first, search, columns', async () => {
			const { items, error } = await tenant.run(getAll({ returnAll: false, limit: 2, options: { sortOrder: 'desc', quickQuery: '192.168', columns: 'op_type,status' } }));
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.log_id)).toEqual(['7405456257290600004']);
			expect(Object.keys(items[0].json).sort()).toEqual(['log_id', 'op_time', 'op_type', 'status']);
			const [request] = adminRequests(tenant.emulator(), LIST);
			expect(request.query).toContain('columns=op_type&columns=status&columns=log_id&columns=op_time');
			expect(request.params.get('sort_order')).toBe('desc');
			expect(request.params.get('page_size')).toBe('2');
		});

		it('bad input fails the item naming the field and the item, nothing sent; Continue On Fail keeps every item in order', async () => {
			const { items, error } = await tenant.run(getAll({ from: '={{ $json.from }}' }), {
				items: [{ from: DAY_FROM }, { from: 'yesterday' }, { from: '2026-12-01T00:00:00Z' }],
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			// Item 0: its four entries; items 1 and 2: one error item each, in order.
			expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }, { item: 0 }, { item: 1 }, { item: 2 }]);
			expect(String(items[4].json.error)).toMatch(/"From" \(from\).*item 1|item 1.*"From"/s);
			expect(String(items[5].json.error)).toMatch(/later than "To"/);
			expect(adminRequests(tenant.emulator(), LIST)).toHaveLength(1);
		});

		it('a query-string value over 2048 characters is an item error naming it, nothing sent (found by the property suite)', async () => {
			// Before: a 20,000-character value went out in the URL, and the server refused it (HTTP 431).
			const { items } = await tenant.run(getAll({ options: { quickQuery: '={{ $json.q }}' } }), {
				items: [{ q: '[['.repeat(1500) }, { q: 'x'.repeat(2048) }],
				continueOnFail: true,
			});
			expect(String(items[0].json.error)).toBe('Invalid "Search" (quickQuery) in item 0: it is too long for a query string (9000 characters URL-encoded, at most 2048)');
			const sent = adminRequests(tenant.emulator(), LIST);
			expect(sent).toHaveLength(1);
			expect(sent[0].params.get('quick_query')).toBe('x'.repeat(2048));
		});

		it('a From later than To is an item error naming From and the item (found by the property suite)', async () => {
			const { items } = await tenant.run(getAll({ from: '={{ $json.from }}' }), {
				items: [{ from: DAY_FROM }, { from: '2026-12-01T00:00:00Z' }],
				continueOnFail: true,
			});
			expect(String(items.at(-1)?.json.error)).toBe('Invalid "From" (from) in item 1: it is later than "To"');
			expect(items.at(-1)?.pairedItem).toEqual({ item: 1 });
		});

		it('an unknown app is Feishu\'s 2320001 with the item index', async () => {
			const { error } = await tenant.run(getAll({ namespace: { __rl: true, mode: 'name', value: 'nope' } }));
			expect(error?.message).toMatch(/^Feishu error 2320001/);
			expect(errorDetails(error)).toMatchObject({ code: 2320001, item_index: 0 });
		});
	});

	describe('Get', () => {
		it('reads one entry by log ID (the detail as the item)', async () => {
			const { items, error } = await tenant.run({ resource: 'auditLog', operation: 'get', namespace: NS_LOCATOR, logId: '7405456257290600004' });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({ log_id: '7405456257290600004', basic_info: { module: 'app_management' }, op_info: { status: 'failed' } });
			expect(adminRequests(tenant.emulator(), '/audit_log')[0].params.get('log_id')).toBe('7405456257290600004');
		});

		it('refuses a log ID that is not digits before sending', async () => {
			const { error } = await tenant.run({ resource: 'auditLog', operation: 'get', namespace: NS_LOCATOR, logId: '12;drop' });
			expect(error?.message).toMatch(/Log ID/);
			expect(adminRequests(tenant.emulator(), '/audit_log')).toHaveLength(0);
		});
	});
});
