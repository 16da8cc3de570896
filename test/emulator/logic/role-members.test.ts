import { MAX_MEMBERS_PER_CALL, SAMPLE_LOGIC, SAMPLE_USERS } from '../../../emulator';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { appPath, logicApi } from '../../helpers/emulator/logic';

const { zhang, li, wang } = SAMPLE_USERS;
const SALES = SAMPLE_LOGIC.roles.salesManager;

describe('role members', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const get = (role: string, qs = '', namespace?: string) => logicApi(em(), token, 'GET', `roles/${role}/member${qs}`, undefined, namespace);
	const change = (role: string, action: 'create' | 'remove', body: unknown, namespace?: string) =>
		logicApi(em(), token, 'POST', `roles/${role}/member/batch_${action}_authorization`, body, namespace);

	describe('GET roles/:role_api_name/member', () => {
		it('answers the members, without display infos by default', async () => {
			const r = await get('sales_manager');
			expect(r.status).toBe(200);
			expect(r.json).toEqual({
				code: 0,
				msg: 'success',
				data: {
					role_member: {
						role_api_id: SALES.apiId,
						role_api_name: 'sales_manager',
						users: [zhang],
						departments: ['od-sales'],
						type: 'custom',
						updated_by: zhang,
						updated_at: 1_767_225_600_000 + 86_400_000,
					},
				},
			});
			expect((await get('sales_manager', '?need_display_name=false')).json.data.role_member).not.toHaveProperty('user_display_infos');
		});

		it('need_display_name=true adds user and department names', async () => {
			const m = (await get('sales_manager', '?need_display_name=true')).json.data.role_member;
			expect(m.user_display_infos).toEqual([{ id: zhang, name: '张三 Zhang San' }]);
			expect(m.department_display_infos).toEqual([{ id: 'od-sales', name: '销售部 Sales' }]);
		});

		it('use_api_id=true looks the role up by its api id', async () => {
			const r = await get(SALES.apiId, '?use_api_id=true&need_display_name=true');
			expect(r.json.data.role_member).toMatchObject({ role_api_name: 'sales_manager', role_api_id: SALES.apiId, users: [zhang] });
			// ... and then the api name is not an id.
			expectFeishuError(await get('sales_manager', '?use_api_id=true'), 400, 2320001);
			// Without it, the api id is not a name.
			expectFeishuError(await get(SALES.apiId, '?use_api_id=false'), 400, 2320001);
		});

		it('an empty role answers empty lists', async () => {
			const m = (await get('auditor', '?need_display_name=true')).json.data.role_member;
			expect(m).toMatchObject({ role_api_name: 'auditor', users: [], departments: [], user_display_infos: [], department_display_infos: [] });
		});

		it.each([
			['unknown role', 'nope', '', undefined, 'unknown role "nope"'],
			['unknown role api id', '1790000000000199999', '?use_api_id=true', undefined, 'unknown role api id "1790000000000199999"'],
			['unknown namespace', 'sales_manager', '', 'no_such_app', 'unknown namespace "no_such_app"'],
			['need_display_name not a boolean', 'sales_manager', '?need_display_name=yes', undefined, 'need_display_name must be true or false'],
			['use_api_id not a boolean', 'sales_manager', '?use_api_id=1', undefined, 'use_api_id must be true or false'],
		])('%s -> 400 2320001', async (_n, role, qs, namespace, msg) => {
			const r = await get(role, qs, namespace);
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain(msg);
		});
	});

	describe('batch_create_authorization / batch_remove_authorization', () => {
		it('adds users and departments (a present member is fine), answering data {}', async () => {
			const before = em().now();
			const r = await change('sales_manager', 'create', { user_ids: [li, zhang, li], department_ids: ['od-finance'] });
			expect(r.status).toBe(200);
			expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
			expect(em().roleMembers('demo_app', 'sales_manager')).toEqual({ users: [zhang, li], departments: ['od-sales', 'od-finance'] });
			const m = (await get('sales_manager')).json.data.role_member;
			expect(m.users).toEqual([zhang, li]);
			expect(m.updated_by).toBe('cli_test_app');
			expect(m.updated_at).toBeGreaterThanOrEqual(before);
			expect(m.updated_at).toBeLessThanOrEqual(em().now());
		});

		it('adds only departments, or only users', async () => {
			expect((await change('auditor', 'create', { department_ids: ['od-x'] })).json.code).toBe(0);
			expect((await change('auditor', 'create', { user_ids: [wang] })).json.code).toBe(0);
			expect(em().roleMembers('demo_app', 'auditor')).toEqual({ users: [wang], departments: ['od-x'] });
			// An unknown department shows its id as its name.
			expect((await get('auditor', '?need_display_name=true')).json.data.role_member.department_display_infos).toEqual([{ id: 'od-x', name: 'od-x' }]);
		});

		it('removes users and departments; removing a non-member (or unknown id) is fine', async () => {
			const r = await change('sales_manager', 'remove', { user_ids: [zhang, wang, '1700000000000099'], department_ids: ['od-sales', 'od-none'] });
			expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
			expect(em().roleMembers('demo_app', 'sales_manager')).toEqual({ users: [], departments: [] });
		});

		it(`accepts exactly ${MAX_MEMBERS_PER_CALL} ids, refuses ${MAX_MEMBERS_PER_CALL + 1} (nothing changed)`, async () => {
			expect(MAX_MEMBERS_PER_CALL).toBe(100);
			const ids = (n: number) => Array.from({ length: n }, (_, i) => `od-${i}`);
			expect((await change('auditor', 'create', { department_ids: ids(100) })).json.code).toBe(0);
			expect(em().roleMembers('demo_app', 'auditor').departments).toHaveLength(100);
			for (const [action, body] of [
				['create', { department_ids: ids(101) }],
				['remove', { department_ids: ids(101) }],
				['create', { user_ids: Array.from({ length: 101 }, () => zhang) }],
				['remove', { user_ids: Array.from({ length: 101 }, () => zhang) }],
			] as const) {
				const r = await change('auditor', action, body);
				expectFeishuError(r, 400, 2320001);
				expect(r.json.msg).toContain('at most 100 per request');
			}
			expect(em().roleMembers('demo_app', 'auditor')).toEqual({ users: [], departments: ids(100) });
		});

		it.each([
			['create', 'unknown user', 'sales_manager', { user_ids: [li, '1700000000000099'] }, undefined, 'user_ids: 1700000000000099 is not a user'],
			['create', 'both lists empty', 'sales_manager', { user_ids: [], department_ids: [] }, undefined, 'must name at least one member'],
			['create', 'no lists', 'sales_manager', {}, undefined, 'must name at least one member'],
			['remove', 'no lists', 'sales_manager', {}, undefined, 'must name at least one member'],
			['create', 'user_ids not strings', 'sales_manager', { user_ids: [1] }, undefined, 'user_ids must be an array of strings'],
			['create', 'department_ids not an array', 'sales_manager', { department_ids: 'od-x' }, undefined, 'department_ids must be an array of strings'],
			['create', 'an empty id', 'sales_manager', { user_ids: [''] }, undefined, 'user_ids has an empty id'],
			['create', 'unknown role', 'nope', { user_ids: [li] }, undefined, 'unknown role "nope"'],
			['remove', 'unknown role', 'nope', { user_ids: [li] }, undefined, 'unknown role "nope"'],
			['create', 'unknown namespace', 'sales_manager', { user_ids: [li] }, 'no_such_app', 'unknown namespace'],
		] as const)('%s: %s -> 400 2320001, nothing changed', async (action, _n, role, body, namespace, msg) => {
			const r = await change(role, action, body, namespace);
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain(msg);
			expect(em().roleMembers('demo_app', 'sales_manager')).toEqual({ users: [zhang], departments: ['od-sales'] });
		});

		it('reset() restores the seeded members', async () => {
			await change('sales_manager', 'create', { user_ids: [wang] });
			em().reset();
			expect(em().roleMembers('demo_app', 'sales_manager')).toEqual({ users: [zhang], departments: ['od-sales'] });
		});

		it('roleMembers() throws for an unknown role; wrong methods are 404', async () => {
			expect(() => em().roleMembers('demo_app', 'nope')).toThrow('unknown role demo_app/nope');
			expect((await call(em(), appPath('roles/sales_manager/member'), { method: 'POST', token, body: {} })).status).toBe(404);
			expect((await call(em(), appPath('roles/sales_manager/member/batch_create_authorization'), { method: 'GET', token })).status).toBe(404);
		});
	});
});
