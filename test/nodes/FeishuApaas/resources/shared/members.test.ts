/**
 * Role Member and Record Permission Member (resources/shared/members.ts) through n8n's engine against the
 * emulator: capped member lists split into several requests, checks before sending.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_LOGIC, SAMPLE_USERS, type FeishuEmulator } from '../../../../../emulator';
import { requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const NS = SAMPLE_LOGIC.namespace;
const ZHANG = SAMPLE_USERS.zhang;
const LI = SAMPLE_USERS.li;
const WANG = SAMPLE_USERS.wang;

describe('Role Member and Record Permission Member', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));
	const role = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
		resource: 'roleMember',
		operation,
		namespace: NS,
		roleApiName: 'sales_manager',
		...extra,
	});

	it('gets the members of a role, with names on request (query string)', async () => {
		const { items } = await runNode(emulator, { parameters: role('get', { options: { needDisplayName: true } }) });
		expect(items[0].json).toMatchObject({ role_api_name: 'sales_manager', users: [ZHANG], departments: ['od-sales'], user_display_infos: [expect.objectContaining({ id: ZHANG })] });
		expect(requestsTo(emulator, '/roles/sales_manager/member')[0].query).toBe('need_display_name=true');
	});

	it('adds and removes users and departments, from a list or an expression returning an array', async () => {
		const added = await runNode(emulator, { parameters: role('add', { userIds: '={{ $json.users }}', departmentIds: 'od-finance' }), items: [{ users: [LI, WANG] }] });
		expect(added.items[0].json).toMatchObject({ success: true, role_api_name: 'sales_manager', user_ids: [LI, WANG], department_ids: ['od-finance'] });
		expect(emulator.roleMembers(NS, 'sales_manager')).toEqual({ users: [ZHANG, LI, WANG], departments: ['od-sales', 'od-finance'] });
		await runNode(emulator, { parameters: role('remove', { userIds: ZHANG, departmentIds: 'od-sales' }) });
		expect(emulator.roleMembers(NS, 'sales_manager')).toEqual({ users: [LI, WANG], departments: ['od-finance'] });
	});

	it('needs users or departments for a role, and checks them before sending', async () => {
		const { error } = await runNode(emulator, { parameters: role('add', { userIds: '={{ "" }}' }) });
		expect(error?.message).toBe('Invalid "User IDs" (userIds) in item 0: it is required (or set Department IDs)');
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
	});

	it('splits more ids than Feishu takes per call over several requests (100 each)', async () => {
		const many = Array.from({ length: 250 }, (_, i) => String(1700000000000100 + i));
		emulator.seed({ users: many.map((userId) => ({ userId, name: `U${userId}` })) });
		const { items, error } = await runNode(emulator, {
			parameters: { resource: 'recordPermissionMember', operation: 'add', namespace: NS, recordPermissionApiName: 'vip_customers', userIds: '={{ $json.ids }}' },
			items: [{ ids: many }],
		});
		expect(error).toBeUndefined();
		const sent = requestsTo(emulator, '/record_permissions/vip_customers/member/batch_create_authorization');
		expect(sent.map((r) => ((r.body as { user_ids: string[] }).user_ids).length)).toEqual([100, 100, 50]);
		expect(items).toHaveLength(1);
		expect(emulator.recordPermissionMembers(NS, 'vip_customers')).toHaveLength(250);

		await runNode(emulator, { parameters: { resource: 'recordPermissionMember', operation: 'remove', namespace: NS, recordPermissionApiName: 'vip_customers', userIds: many.slice(0, 10) } });
		expect(emulator.recordPermissionMembers(NS, 'vip_customers')).toHaveLength(240);
	});
});
