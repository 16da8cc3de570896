/**
 * Flow, Function, Environment Variable, Role Member and Record Permission Member through n8n's
 * engine against the emulator: parsed outputs with exact int64, failures reported inside code 0,
 * idempotent flow runs across a lost answer, capped member lists split, checks before sending.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_EMAILS, SAMPLE_LOGIC, SAMPLE_USERS, type FeishuEmulator } from '../../../emulator';
import { runExample } from '../../support/examples';
import { errorDetails, requestsTo, runNode, useEmulator } from '../../support/feishu';

const NS = SAMPLE_LOGIC.namespace;
const ZHANG = SAMPLE_USERS.zhang;
const LI = SAMPLE_USERS.li;
const WANG = SAMPLE_USERS.wang;

const flow = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'flow',
	operation: 'execute',
	namespace: NS,
	flowId: 'approve_order',
	operatorUserId: ZHANG,
	params: '{"order_id": "1790000000000000006"}',
	...extra,
});

describe('Flow → Execute', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('runs the flow as the operator and outputs status, execution_id and parsed out_params, int64 exact', async () => {
		const { items, error } = await runNode(emulator, { parameters: flow() });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			success: true,
			status: 'end',
			execution_id: expect.stringMatching(/^\d+$/),
			out_params: { approved: true, order_id: '1790000000000000006', big: '1790000000000000001' },
			idempotent_key: expect.stringMatching(/^n8n-/),
		});
		const [sent] = requestsTo(emulator, '/flows/approve_order/execute');
		expect((sent.body as Record<string, unknown>).operator).toBe(`{"_id":${ZHANG}}`);
		expect(emulator.flowExecutions()).toEqual([expect.objectContaining({ flowApiName: 'approve_order', operatorUserId: ZHANG })]);
	});

	it('takes the operator by email instead, and refuses a run with neither before sending', async () => {
		await runNode(emulator, { parameters: flow({ operatorUserId: '', options: { operatorEmail: SAMPLE_EMAILS.li } }) });
		expect((requestsTo(emulator, '/execute')[0].body as Record<string, unknown>).operator).toBe(`{"email":"${SAMPLE_EMAILS.li}"}`);
		expect(emulator.flowExecutions()[0].operatorUserId).toBe(LI);

		emulator.clearLog();
		const { error } = await runNode(emulator, { parameters: flow({ operatorUserId: '' }) });
		expect(error?.message).toBe('Invalid "Operator User ID" (operatorUserId) in item 0: it is required (or set Operator Email)');
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
	});

	it('gives every item its own idempotent key, stable for the item of this execution; the user may set one', async () => {
		const { items } = await runNode(emulator, { parameters: flow(), items: [{}, {}] });
		const keys = items.map((i) => i.json.idempotent_key as string);
		expect(keys[0]).not.toBe(keys[1]);
		expect(keys.map((k) => k.replace(/-\d+$/, ''))).toEqual([keys[0].replace(/-0$/, ''), keys[0].replace(/-0$/, '')]);
		expect(keys[1].endsWith('-1')).toBe(true);

		emulator.clearLog();
		await runNode(emulator, { parameters: flow({ options: { idempotentKey: 'order-42' } }) });
		expect((requestsTo(emulator, '/execute')[0].body as Record<string, unknown>).idempotent_key).toBe('order-42');
	});

	it('never runs the flow twice when an answer is lost: the retry carries the same key, Feishu refuses it, the node says why', async () => {
		emulator.addFault({ kind: 'loseAnswer', path: '/flows/approve_order/execute' });
		const { error } = await runNode(emulator, { parameters: flow() });
		const sent = requestsTo(emulator, '/flows/approve_order/execute');
		expect(sent).toHaveLength(2);
		const [first, retry] = sent.map((r) => (r.body as Record<string, unknown>).idempotent_key);
		expect(retry).toBe(first);
		expect(emulator.flowExecutions()).toHaveLength(1);
		expect(error?.message).toBe('Feishu error 2320010: idempotent_key is repeated');
		expect(String((error as { description?: string }).description)).toContain('did not run a second time');
	});

	it('a repeated key of the user\'s own on a first attempt is just Feishu\'s error', async () => {
		await runNode(emulator, { parameters: flow({ options: { idempotentKey: 'once' } }) });
		const { error } = await runNode(emulator, { parameters: flow({ options: { idempotentKey: 'once' } }) });
		expect(error?.message).toBe('Feishu error 2320010: idempotent_key is repeated');
		expect(String((error as { description?: string }).description)).not.toContain('did not run a second time');
		expect(emulator.flowExecutions()).toHaveLength(1);
	});

	it('reports a flow that ran and failed as an item error with Feishu\'s words; Continue On Fail keeps it in place', async () => {
		const { error } = await runNode(emulator, { parameters: flow({ flowId: 'failing_flow' }) });
		expect(error?.message).toBe('The flow ran and failed (status failed, code k_flow_001): amount must be positive');
		expect(errorDetails(error)).toMatchObject({ status: 'failed', error_msg: 'amount must be positive', code: 'k_flow_001', item_index: 0 });

		const { items } = await runNode(emulator, { parameters: flow({ flowId: '={{ $json.flow }}' }), items: [{ flow: 'approve_order' }, { flow: 'failing_flow' }], continueOnFail: true });
		expect(items.map((i) => [i.pairedItem, i.json.status, i.json.error !== undefined])).toEqual([
			[{ item: 0 }, 'end', false],
			[{ item: 1 }, 'failed', true],
		]);
	});

	it('returns the execution_id at once when asynchronous', async () => {
		emulator.configure({ flowDelayMs: 60_000 });
		const { items, error } = await runNode(emulator, { parameters: flow({ flowId: 'slow_flow', options: { isAsync: true } }) });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'running', execution_id: expect.stringMatching(/^\d+$/) });
	});

	it('refuses a flow name that is not an API name before sending', async () => {
		const { error } = await runNode(emulator, { parameters: flow({ flowId: 'approve/../x' }) });
		expect(error?.message).toMatch(/^Invalid "Flow API Name" \(flowId\) in item 0: it must be an API name/);
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
	});
});

describe('Function → Invoke', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));
	const invoke = (functionApiName: string, extra: INodeParameters = {}): INodeParameters => ({
		resource: 'function',
		operation: 'invoke',
		namespace: NS,
		functionApiName,
		...extra,
	});

	it('outputs an object result as the item, int64 exact; params from an object or JSON text', async () => {
		const { items } = await runNode(emulator, { parameters: invoke('echo', { params: '={{ { id: $json.id, n: 2 } }}' }), items: [{ id: '1790000000000000001' }] });
		expect(items.map((i) => i.json)).toEqual([{ id: '1790000000000000001', n: 2 }]);
		expect(requestsTo(emulator, '/functions/echo/invoke')[0].body).toEqual({ params: '{"id":"1790000000000000001","n":2}' });
	});

	it('outputs a list as one item per entry and a single value under result', async () => {
		const list = await runNode(emulator, { parameters: invoke('list_ids') });
		expect(list.items.map((i) => i.json)).toEqual([{ result: '1790000000000000001' }, { result: '1790000000000000002' }]);
		expect(list.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		const count = await runNode(emulator, { parameters: invoke('count_customers') });
		expect(count.items.map((i) => i.json)).toEqual([{ result: 5 }]);
	});

	it('sends no params when none are given, and surfaces a function error', async () => {
		await runNode(emulator, { parameters: invoke('echo') });
		expect(requestsTo(emulator, '/functions/echo/invoke')[0].body).toEqual({});
		const { error } = await runNode(emulator, { parameters: invoke('throws') });
		expect(error?.message).toBe('Feishu error 2320011: function execution failed: boom');
	});

	it('refuses params that are not a JSON object before sending', async () => {
		const { error } = await runNode(emulator, { parameters: invoke('echo', { params: '[1,2]' }) });
		expect(error?.message).toBe('Invalid "Parameters (JSON)" (params) in item 0: it must be a JSON object, got a list');
		expect(requestsTo(emulator, '/apaas/')).toHaveLength(0);
	});
});

describe('Environment Variable → Get, Get Many', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('gets one variable (GET, no body)', async () => {
		const { items } = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'get', namespace: NS, environmentVariableApiName: 'api_base_url' } });
		expect(items.map((i) => i.json)).toEqual([expect.objectContaining({ api_name: 'api_base_url', value: 'https://erp.example.com/api' })]);
		expect(requestsTo(emulator, '/environment_variables/api_base_url').map((r) => [r.method, r.body])).toEqual([['GET', '']]);
	});

	it('lists every variable with Return All over numeric offset pages, and filters by Search', async () => {
		const all = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'getAll', namespace: NS, returnAll: true } });
		expect(all.items.map((i) => i.json.api_name)).toEqual([...SAMPLE_LOGIC.environmentVariables]);
		expect(requestsTo(emulator, '/environment_variables/query')[0].body).toEqual({ limit: 500, offset: 0 });

		emulator.clearLog();
		const some = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'getAll', namespace: NS, returnAll: false, limit: 3 } });
		expect(some.items).toHaveLength(3);

		const found = await runNode(emulator, { parameters: { resource: 'environmentVariable', operation: 'getAll', namespace: NS, returnAll: true, options: { quickQuery: 'email' } } });
		expect(found.items.map((i) => i.json.api_name)).toEqual(['support_email']);
		expect((requestsTo(emulator, '/environment_variables/query').pop()?.body as Record<string, unknown>).filter).toEqual({ quick_query: 'email' });
	});
});

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

describe('the shipped example (examples/query-and-execute-flow.workflow.json)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('runs the flow once per pending task, as Li, with the task\'s instance and task ids', async () => {
		const { result } = await runExample('query-and-execute-flow.workflow.json', emulator);
		expect(result.workflowError).toBeUndefined();
		const tasks = result.output('Query User Tasks');
		const runs = result.output('Execute Flow');
		expect(runs).toHaveLength(tasks.length);
		expect(tasks.length).toBeGreaterThan(0);
		expect(runs.map((r) => r.json.status)).toEqual(tasks.map(() => 'end'));
		expect(emulator.flowExecutions().map((e) => [e.operatorUserId, e.params])).toEqual(
			tasks.map((t) => [LI, { order_id: (t.json.workflow_instance as { id: string }).id, task_id: t.json.task_id }]),
		);
		expect(new Set(runs.map((r) => r.json.idempotent_key)).size).toBe(runs.length);
	});
});
