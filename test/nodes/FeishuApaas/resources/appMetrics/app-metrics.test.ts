/** App Metrics → Query through n8n's engine with a user credential. */
import { adminRequests, useAdminTenant } from '../../../../helpers/admin';

describe('App Metrics: Query (user token)', () => {
	const tenant = useAdminTenant();

	it('one item per app, its data JSON string parsed', async () => {
		const { items, error } = await tenant.run({ resource: 'appMetrics', operation: 'query', namespaces: 'demo_app, package_abc__c', date: '2026-11-30' });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{ namespace: 'demo_app', data: { active_users: 12, page_views: 340, storage_bytes: 5_368_709_120, api_calls: 1_200 } },
			{ namespace: 'package_abc__c', data: { active_users: 3, page_views: 41, storage_bytes: 1_048_576, api_calls: 17 } },
		]);
		expect(adminRequests(tenant.emulator(), '/tenant_app_metrics/query')[0].body).toEqual({ namespaces: ['demo_app', 'package_abc__c'], date: '2026-11-30' });
	});

	it('a date-time counts by its UTC date; a non-date fails before sending', async () => {
		const ok = await tenant.run({ resource: 'appMetrics', operation: 'query', namespaces: 'demo_app', date: '2026-11-30T08:00:00.000Z' });
		expect(ok.items[0].json.data).toMatchObject({ active_users: 12 });
		const bad = await tenant.run({ resource: 'appMetrics', operation: 'query', namespaces: 'demo_app', date: '30.11.2026' });
		expect(bad.error?.message).toMatch(/"Date" \(date\)/);
		expect(adminRequests(tenant.emulator(), '/tenant_app_metrics/query')).toHaveLength(1);
	});
});
