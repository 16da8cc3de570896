import type { FeishuEmulator } from '../../../../../emulator';
import { apiRequests, cancel, runNode, useEmulator } from '../../../../helpers/feishu';

const RUNNING = ['7100000000000000001', '7100000000000000002', '7100000000000000003'];

describe('Approval Instance → Cancel', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('cancels the instance with POST …/approval_instances/:id/cancel and {user_id, opinion}', async () => {
		const { items, error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ success: true, approval_instance_id: RUNNING[0] });
		expect(items[0].json.log_id).toEqual(expect.any(String));
		expect(items[0].pairedItem).toEqual({ item: 0 });

		const [request] = apiRequests(emulator);
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`/open-apis/apaas/v1/approval_instances/${RUNNING[0]}/cancel`);
		expect(request.headers.authorization).toMatch(/^Bearer t-/);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({ user_id: '1700000000000001', opinion: 'No longer needed' });
		expect(emulator.instance(RUNNING[0])?.status).toBe('cancelled');
	});

	it('maps the id by expression from the previous node, one request per item, in order', async () => {
		const { items, error } = await runNode(emulator, {
			items: RUNNING.map((id) => ({ workflow_instance: { id } })),
			parameters: cancel('={{ $json.workflow_instance.id }}'),
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.approval_instance_id)).toEqual(RUNNING);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(apiRequests(emulator).map((r) => r.path.split('/')[5])).toEqual(RUNNING);
		for (const id of RUNNING) expect(emulator.instance(id)?.status).toBe('cancelled');
	});

	it('accepts a number from an expression when it is a safe integer, and trims strings', async () => {
		const { items, error } = await runNode(emulator, {
			items: [{ id: 7100000000000001 }, { id: `  ${RUNNING[1]}  ` }],
			parameters: cancel('={{ $json.id }}'),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		// 7100000000000001 is a safe integer, so it is sent; Feishu does not know it (2320001).
		expect(items[0].json).toMatchObject({ code: 2320001 });
		expect(items[1].json).toMatchObject({ success: true, approval_instance_id: RUNNING[1] });
	});

	it.each([
		['empty', ''],
		['spaces', '   '],
		['a path', '../x'],
		['a query', '1?a=b'],
		['a fragment', '1#'],
		['an exponent', '1e21'],
		['a negative number', -5],
		['an unsafe number', 1e21],
		['a fraction', 1.5],
		['an object', { id: 1 }],
	])('refuses %s as Approval Instance ID, names field and item, and sends nothing', async (_label, bad) => {
		const { error } = await runNode(emulator, {
			items: [{ id: RUNNING[0] }, { id: bad }],
			parameters: cancel('={{ $json.id }}'),
		});
		expect(error?.message).toContain('"Approval Instance ID" (approvalInstanceId)');
		expect(error?.message).toContain('item 1');
		// Item 0 was valid and ran first; nothing was sent for item 1.
		expect(apiRequests(emulator)).toHaveLength(1);
	});

	it.each([
		['userId', 'User ID', { userId: '  ' }],
		['opinion', 'Opinion', { opinion: '={{ "  " }}' }],
		['userId', 'User ID', { userId: 'a, b' }],
		['userId', 'User ID', { userId: '={{ 1e21 }}' }],
	])('refuses a blank or malformed %s before sending', async (param, label, extra) => {
		const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0], extra) });
		expect(error?.message).toContain(`"${label}" (${param}) in item 0`);
		expect(emulator.requests).toHaveLength(0);
	});

	it('leaves a literally empty required parameter to n8n, which refuses to run the workflow', async () => {
		await expect(runNode(emulator, { parameters: cancel(RUNNING[0], { opinion: '' }) })).rejects.toThrow(
			/workflow has issues/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('with Continue On Fail turns each bad item into one paired error item and carries on', async () => {
		const { items, error } = await runNode(emulator, {
			items: [{ id: RUNNING[0] }, { id: '../etc' }, { id: RUNNING[0] }, { id: RUNNING[2] }],
			parameters: cancel('={{ $json.id }}'),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.success).toBe(true);
		expect(items[1].json.error).toContain('"Approval Instance ID" (approvalInstanceId) in item 1');
		// Cancelling the same instance twice: Feishu's error for an instance that is no longer running.
		expect(items[2].json).toMatchObject({ code: 2320002, http_status: 400, item_index: 2 });
		expect(items[2].json.error).toMatch(/^Feishu error 2320002: /);
		expect(items[2].json.log_id).toEqual(expect.any(String));
		expect(items[3].json.success).toBe(true);
		expect(apiRequests(emulator)).toHaveLength(3);
	});

	it('surfaces a Feishu error as NodeApiError with code, msg, log id, troubleshooter, status and item', async () => {
		const { error } = await runNode(emulator, { parameters: cancel('123') });
		expect(error?.message).toBe('Feishu error 2320001: param is invalid');
		const details = (error as unknown as { errorResponse: Record<string, unknown> }).errorResponse;
		expect(details).toMatchObject({ code: 2320001, msg: 'param is invalid', http_status: 400, item_index: 0 });
		expect(details.log_id).toEqual(expect.any(String));
		expect(details.troubleshooter).toContain(String(details.log_id));
		expect(error?.description).toContain(String(details.log_id));
	});

	it('treats code ≠ 0 as an error even with HTTP 200', async () => {
		emulator.addFault({ kind: 'feishuError', code: 1234567, msg: 'something odd', status: 200, path: '/cancel' });
		const { error } = await runNode(emulator, { parameters: cancel(RUNNING[0]) });
		expect(error?.message).toBe('Feishu error 1234567: something odd');
		expect(emulator.instance(RUNNING[0])?.status).toBe('running');
	});
});
