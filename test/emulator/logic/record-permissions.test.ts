import { MAX_MEMBERS_PER_CALL, SAMPLE_USERS } from '../../../emulator';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { appPath, logicApi } from '../../helpers/emulator/logic';

const { zhang, li, wang } = SAMPLE_USERS;

describe('record_permissions/:record_permission_api_name/member', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const change = (perm: string, action: 'create' | 'remove', body: unknown, namespace?: string) =>
		logicApi(em(), token, 'POST', `record_permissions/${perm}/member/batch_${action}_authorization`, body, namespace);
	const members = () => em().recordPermissionMembers('demo_app', 'vip_customers');

	it('starts empty; batch_create adds users (a present one is fine), answering data {}', async () => {
		expect(members()).toEqual([]);
		const r = await change('vip_customers', 'create', { user_ids: [li, zhang] });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
		expect((await change('vip_customers', 'create', { user_ids: [zhang, wang] })).json.code).toBe(0);
		expect(members()).toEqual([li, zhang, wang]);
	});

	it('batch_remove removes users; removing a non-member is fine', async () => {
		await change('vip_customers', 'create', { user_ids: [li, zhang] });
		const r = await change('vip_customers', 'remove', { user_ids: [li, wang, '1700000000000099'] });
		expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
		expect(members()).toEqual([zhang]);
	});

	it(`accepts ${MAX_MEMBERS_PER_CALL} user ids, refuses ${MAX_MEMBERS_PER_CALL + 1} (nothing changed)`, async () => {
		const many = (n: number) => Array.from({ length: n }, (_, i) => [zhang, li, wang][i % 3]);
		expect((await change('vip_customers', 'create', { user_ids: many(100) })).json.code).toBe(0);
		expect(members()).toEqual([zhang, li, wang]);
		for (const action of ['create', 'remove'] as const) {
			const r = await change('vip_customers', action, { user_ids: many(101) });
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain('user_ids has 101 entries; at most 100 per request');
		}
		expect(members()).toEqual([zhang, li, wang]);
	});

	it.each([
		['create', 'unknown user', 'vip_customers', { user_ids: [li, '1700000000000099'] }, undefined, 'user_ids: 1700000000000099 is not a user'],
		['create', 'no user_ids', 'vip_customers', {}, undefined, 'user_ids must name at least one user'],
		['remove', 'empty user_ids', 'vip_customers', { user_ids: [] }, undefined, 'user_ids must name at least one user'],
		['create', 'user_ids not strings', 'vip_customers', { user_ids: [1700000000000001] }, undefined, 'user_ids must be an array of strings'],
		['create', 'unknown record permission', 'nope', { user_ids: [li] }, undefined, 'unknown record permission "nope"'],
		['remove', 'unknown record permission', 'nope', { user_ids: [li] }, undefined, 'unknown record permission "nope"'],
		['create', 'unknown namespace', 'vip_customers', { user_ids: [li] }, 'no_such_app', 'unknown namespace "no_such_app"'],
	] as const)('%s: %s -> 400 2320001, nothing changed', async (action, _n, perm, body, namespace, msg) => {
		const r = await change(perm, action, body, namespace);
		expectFeishuError(r, 400, 2320001);
		expect(r.json.msg).toContain(msg);
		expect(members()).toEqual([]);
	});

	it('recordPermissionMembers() throws for an unknown one; reset() restores; GET is 404; no token is 99991661', async () => {
		expect(() => em().recordPermissionMembers('demo_app', 'nope')).toThrow('unknown record permission demo_app/nope');
		await change('vip_customers', 'create', { user_ids: [li] });
		em().reset();
		expect(members()).toEqual([]);
		token = await getToken(em());
		const path = appPath('record_permissions/vip_customers/member/batch_create_authorization');
		expect((await call(em(), path, { method: 'GET', token })).status).toBe(404);
		expectFeishuError((await call(em(), path, { body: { user_ids: [li] } })) as never, 400, 99991661);
		expect(members()).toEqual([]);
	});
});
