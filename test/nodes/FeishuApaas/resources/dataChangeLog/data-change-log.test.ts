/** Data Change Log → Get Many and Get through n8n's engine with a user credential. */
import { SAMPLE_DAY } from '../../../../../emulator';
import { adminRequests, DAY_FROM, DAY_TO, NS_LOCATOR, useAdminTenant } from '../../../../helpers/admin';

describe('Data Change Log (user token)', () => {
	const tenant = useAdminTenant();

	it('Get Many lists the day\'s data changes; past the cap like audit logs', async () => {
		tenant.emulator().seed({ admin: { generate: [{ kind: 'dataChange', namespace: 'demo_app', count: 12_000, from: SAMPLE_DAY + 10_000, to: SAMPLE_DAY + 80_000_000, logType: '10000' }] } });
		const { items, error } = await tenant.run({ resource: 'dataChangeLog', operation: 'getAll', namespace: NS_LOCATOR, from: DAY_FROM, to: DAY_TO, logType: '10000', returnAll: true });
		expect(error).toBeUndefined();
		// The two sample entries are of type 20001, which 10000 (all) includes.
		expect(items).toHaveLength(12_002);
		expect(new Set(items.map((i) => i.json.log_id)).size).toBe(12_002);
		expect(items[0].json).toMatchObject({ log_id: '7405456257290600011', data_object: 'customer' });
		expect(adminRequests(tenant.emulator(), '/data_change_logs_list').every((r) => r.status === 200)).toBe(true);
	});

	it('Get reads one entry', async () => {
		const { items } = await tenant.run({ resource: 'dataChangeLog', operation: 'get', namespace: NS_LOCATOR, logId: '7405456257290600012' });
		expect(items[0].json).toMatchObject({ log_id: '7405456257290600012', op_info: { data_changes: ['email'] } });
	});
});
