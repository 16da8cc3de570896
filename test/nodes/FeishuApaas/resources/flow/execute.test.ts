/**
 * Flow → Execute through n8n's engine against the emulator: the operator JSON string with an exact int64 _id,
 * idempotent runs across a lost answer, a flow that ran and failed, checks before sending; and the shipped example.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_EMAILS, SAMPLE_LOGIC, SAMPLE_USERS, type FeishuEmulator } from '../../../../../emulator';
import { runExample } from '../../../../helpers/examples';
import { errorDetails, requestsTo, runNode, useEmulator } from '../../../../helpers/feishu';

const NS = SAMPLE_LOGIC.namespace;
const ZHANG = SAMPLE_USERS.zhang;
const LI = SAMPLE_USERS.li;

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
