/** Seat → Get Assignments / Get Activities through n8n's engine with a user credential. */
import { ADMIN_USER, FeishuEmulator, PLAIN_USER, SAMPLE_DAY } from '../../../../../emulator';
import { runUserNode, userCredentialStore } from '../../../../helpers/data-platform';
import { adminRequests, useAdminTenant } from '../../../../helpers/admin';

describe('Seat (user token)', () => {
	const tenant = useAdminTenant();

	it('Get Assignments: user ids exact, Return All over pages paced at Feishu\'s 1 request per second', async () => {
		const seats = Array.from({ length: 230 }, (_, i) => ({ seat_type: 'per_user' as const, user_id: String(1790000000000001000n + BigInt(i)), status: 'in_use' as const }));
		tenant.emulator().seed({ admin: { seats } });
		const started = Date.now();
		const { items, error } = await tenant.run({ resource: 'seat', operation: 'getAssignments', seatType: 'per_user', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(232);
		expect(items[0].json).toEqual({ user_id: ADMIN_USER, status: 'in_use' });
		expect(items[231].json.user_id).toBe('1790000000000001229');
		const requests = adminRequests(tenant.emulator(), '/seat_assignments');
		expect(requests.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(tenant.emulator().adminMaxServed('seat_assignment.list')).toBe(1);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
	});

	it('Get Activities: last access per seat', async () => {
		const { items } = await tenant.run({ resource: 'seat', operation: 'getActivities', seatType: 'per_user_per_app', returnAll: true });
		expect(items.map((i) => i.json)).toEqual([
			{ user_id: ADMIN_USER, namespace: 'package_abc__c', status: 'in_use', active_time: SAMPLE_DAY },
			{ user_id: PLAIN_USER, namespace: 'package_abc__c', status: 'in_use', active_time: SAMPLE_DAY - 86_400_000 },
		]);
	});

	it('a user who is no system admin gets Feishu\'s 2320005', async () => {
		// A tenant without the sample: nobody is a system admin.
		const bare = await FeishuEmulator.start();
		try {
			const { error } = await runUserNode(await userCredentialStore(bare), { resource: 'seat', operation: 'getActivities', seatType: 'per_user', returnAll: true });
			expect(error?.message).toMatch(/^Feishu error 2320005/);
		} finally {
			await bare.stop();
		}
	});
});
