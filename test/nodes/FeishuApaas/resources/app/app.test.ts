/** App → Get Many through n8n's engine with a user credential, against the emulator. */
import { ADMIN_USER, PLAIN_USER } from '../../../../../emulator';
import { adminRequests, useAdminTenant } from '../../../../helpers/admin';
import { runUserNode, userCredentialStore } from '../../../../helpers/data-platform';
import { errorDetails } from '../../../../helpers/feishu';

describe('App: Get Many (user token)', () => {
	const tenant = useAdminTenant();

	it('lists the tenant\'s apps with creator, owner and role members as exact 19-digit strings', async () => {
		const { items, error } = await tenant.run({ resource: 'app', operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.namespace)).toEqual(['demo_app', 'package_abc__c', 'hr_portal']);
		expect(items[1].json).toMatchObject({
			creator: PLAIN_USER,
			owner: ADMIN_USER,
			status: 'enabled',
			app_roles_info: { admins: [ADMIN_USER, PLAIN_USER], test_users: [PLAIN_USER] },
		});
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		const [request] = adminRequests(tenant.emulator(), '/apps');
		expect(request.params.get('page_size')).toBe('50');
		expect(request.headers.authorization).toMatch(/^Bearer u-/);
	});

	it('stops at the Limit, paging by page_token', async () => {
		const { items } = await tenant.run({ resource: 'app', operation: 'getAll', returnAll: false, limit: 2 });
		expect(items.map((i) => i.json.namespace)).toEqual(['demo_app', 'package_abc__c']);
		expect(adminRequests(tenant.emulator(), '/apps').map((r) => r.params.get('page_size'))).toEqual(['2']);
	});

	it('surfaces Feishu\'s error when the user revoked the app, as an error item with Continue On Fail', async () => {
		const helper = await userCredentialStore(tenant.emulator());
		tenant.emulator().revokeUserTokens();
		const { items, error } = await runUserNode(helper, { resource: 'app', operation: 'getAll', returnAll: true }, { items: [{}, {}], continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(String(items[0].json.error)).toMatch(/needs to be reconnected/);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const failed = await runUserNode(helper, { resource: 'app', operation: 'getAll', returnAll: true });
		expect(failed.error?.message).toMatch(/needs to be reconnected/);
		expect(errorDetails(failed.error)).not.toHaveProperty('access_token');
	});
});
