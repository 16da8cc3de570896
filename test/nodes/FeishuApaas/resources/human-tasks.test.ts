/**
 * The nine human-task operations beyond Cancel and Query, through n8n's engine against the emulator:
 * each one's effect on the emulator's state, bad input refused before sending, Feishu's errors
 * surfaced, Continue On Fail, and the shipped example chains.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE_USERS, WORKFLOW_SAMPLE, type FeishuEmulator } from '../../../../emulator';
import { REPO_ROOT, runWorkflow, TEST_ITEMS_NODE_TYPE, type WorkflowNode } from '../../../helpers/harness';
import { apiRequests, credentialSeed, runNode, useEmulator } from '../../../helpers/feishu';

const { zhang, li, wang } = SAMPLE_USERS;
const task = (n: number) => `72000000000000000${String(n).padStart(2, '0')}`;
const inst = (n: number) => `710000000000000000${n}`;

const op = (resource: string, operation: string, parameters: INodeParameters): INodeParameters => ({
	resource,
	operation,
	...parameters,
});

describe('human-task operations', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { preset: 'workflow' } });

	describe('happy paths change Feishu\'s state', () => {
		it('Agree archives the task as agreed and finishes a single-step instance', async () => {
			const { items, error } = await runNode(emulator, {
				parameters: op('approvalTask', 'agree', { approvalTaskId: task(1), userId: li, options: { opinion: 'OK' } }),
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, approval_task_id: task(1), log_id: expect.any(String) });
			expect(apiRequests(emulator)[0].path).toBe(`/open-apis/apaas/v1/approval_tasks/${task(1)}/agree`);
			expect(apiRequests(emulator)[0].body).toEqual({ user_id: li, opinion: 'OK' });
			expect(emulator.task(task(1))).toMatchObject({ status: 'archived', outcome: 'agreed' });
			expect(emulator.instance(inst(1))?.status).toBe('finished');
		});

		it('Reject archives the task as rejected and rejects the instance', async () => {
			const { error } = await runNode(emulator, { parameters: op('approvalTask', 'reject', { approvalTaskId: task(2), userId: li }) });
			expect(error).toBeUndefined();
			expect(apiRequests(emulator)[0].body).toEqual({ user_id: li });
			expect(emulator.task(task(2))?.outcome).toBe('rejected');
			expect(emulator.instance(inst(2))?.status).toBe('rejected');
		});

		it('Transfer moves the task to other users, lists sent as de-duplicated string arrays', async () => {
			const { error } = await runNode(emulator, {
				parameters: op('approvalTask', 'transfer', { approvalTaskId: task(6), userId: li, toUserIds: ` ${wang}, ${wang},` }),
			});
			expect(error).toBeUndefined();
			expect(apiRequests(emulator)[0].body).toEqual({ user_id: li, to_user_ids: [wang] });
			expect(emulator.task(task(6))?.assigneeIds).toEqual([wang]);
		});

		it('Add Assignee adds approvers to the current step, or a step after it', async () => {
			await runNode(emulator, {
				parameters: op('approvalTask', 'addAssignee', { approvalTaskId: task(8), userId: li, approvers: [zhang] }),
			});
			expect(emulator.task(task(8))?.assigneeIds).toEqual([li, zhang]);

			const before = emulator.snapshot().tasks.length;
			const { error } = await runNode(emulator, {
				parameters: op('approvalTask', 'addAssignee', {
					approvalTaskId: task(1),
					userId: li,
					approvers: `${wang}`,
					options: { addAssigneeType: 'afterAndAddAssign' },
				}),
			});
			expect(error).toBeUndefined();
			expect(apiRequests(emulator)[1].body).toEqual({ user_id: li, approvers: [wang], add_assignee_type: 'afterAndAddAssign' });
			expect(emulator.snapshot().tasks.length).toBe(before + 1);
		});

		it('CC copies users in', async () => {
			const { error } = await runNode(emulator, {
				parameters: op('userTask', 'cc', { taskId: task(5), ccUserIds: `${li},${wang}`, operatorUserId: zhang }),
			});
			expect(error).toBeUndefined();
			expect(apiRequests(emulator)[0].path).toBe(`/open-apis/apaas/v1/user_tasks/${task(5)}/cc`);
			expect(emulator.task(task(5))?.ccIds).toEqual(expect.arrayContaining([li, wang]));
		});

		it('Expedite is recorded', async () => {
			const { items, error } = await runNode(emulator, {
				parameters: op('userTask', 'expedite', { taskId: task(5), operatorUserId: wang, expeditingUserIds: zhang, options: { opinion: 'Please' } }),
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, task_id: task(5) });
			expect(emulator.expedites).toEqual([expect.objectContaining({ taskId: task(5), operatorUserId: wang, expeditingUserIds: [zhang], opinion: 'Please' })]);
		});

		it('Get Rollback Points emits one item per point, and Roll Back moves the task back to one', async () => {
			const points = await runNode(emulator, {
				parameters: op('userTask', 'getRollbackPoints', { taskId: WORKFLOW_SAMPLE.financeReview, operatorUserId: zhang }),
			});
			expect(points.error).toBeUndefined();
			expect(points.items.map((i) => [i.json.id, i.json.is_start])).toEqual([
				[WORKFLOW_SAMPLE.startPoint, true],
				[WORKFLOW_SAMPLE.managerReview, false],
			]);
			expect(points.items.every((i) => Array.isArray(i.json.activity_label))).toBe(true);
			expect(points.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);

			const { error } = await runNode(emulator, {
				parameters: op('userTask', 'rollback', {
					taskId: WORKFLOW_SAMPLE.financeReview,
					operatorUserId: zhang,
					toTaskId: WORKFLOW_SAMPLE.managerReview,
					opinion: 'Missing receipt',
				}),
			});
			expect(error).toBeUndefined();
			expect(emulator.task(WORKFLOW_SAMPLE.financeReview)).toMatchObject({ status: 'archived', outcome: 'rolledBack' });
			const [rollback] = emulator.rollbacks;
			expect(rollback).toMatchObject({ taskId: WORKFLOW_SAMPLE.financeReview, toTaskId: WORKFLOW_SAMPLE.managerReview });
			expect(emulator.task(rollback.newTaskId)).toMatchObject({ status: 'pending', assigneeIds: [li] });
		});

		it('Create Chat Group returns the chat_id, and invites into an existing chat when given one', async () => {
			const created = await runNode(emulator, {
				parameters: op('userTask', 'createChatGroup', { taskId: task(1), operatorUserId: li, options: { inviteUserIds: [zhang], chatName: 'Leave' } }),
			});
			expect(created.error).toBeUndefined();
			const chatId = created.items[0].json.chat_id as string;
			expect(chatId).toMatch(/^oc_[0-9a-f]{32}$/);
			expect(emulator.chatGroups).toEqual([expect.objectContaining({ chatId, name: 'Leave', memberIds: [li, zhang] })]);

			const invited = await runNode(emulator, {
				parameters: op('userTask', 'createChatGroup', { taskId: task(1), operatorUserId: li, options: { chatId, inviteUserIds: wang } }),
			});
			expect(invited.items[0].json.chat_id).toBe(chatId);
			expect(emulator.chatGroups[0].memberIds).toEqual([li, zhang, wang]);
		});
	});

	describe('bad input is refused, naming the field and the item, before anything is sent', () => {
		it.each<[string, INodeParameters, string]>([
			['agree: path id', op('approvalTask', 'agree', { approvalTaskId: '1/../2', userId: li }), '"Approval Task ID" (approvalTaskId)'],
			['reject: user id', op('approvalTask', 'reject', { approvalTaskId: task(2), userId: 'a b' }), '"User ID" (userId)'],
			['transfer: list entry', op('approvalTask', 'transfer', { approvalTaskId: task(6), userId: li, toUserIds: ['1', 'x y'] }), '"To User IDs" (toUserIds)'],
			['transfer: empty list', op('approvalTask', 'transfer', { approvalTaskId: task(6), userId: li, toUserIds: '={{ [] }}' }), '"To User IDs" (toUserIds)'],
			['add assignee: type', op('approvalTask', 'addAssignee', { approvalTaskId: task(8), userId: li, approvers: zhang, options: { addAssigneeType: '={{ "sideways" }}' } }), '"Add Assignee Type" (addAssigneeType)'],
			['cc: path id', op('userTask', 'cc', { taskId: '7e3', ccUserIds: li, operatorUserId: zhang }), '"Task ID" (taskId)'],
			['expedite: list', op('userTask', 'expedite', { taskId: task(5), operatorUserId: wang, expeditingUserIds: '={{ {} }}' }), '"Expediting User IDs" (expeditingUserIds)'],
			['rollback points: operator', op('userTask', 'getRollbackPoints', { taskId: task(5), operatorUserId: '={{ " " }}' }), '"Operator User ID" (operatorUserId)'],
			['rollback: to task id', op('userTask', 'rollback', { taskId: task(5), operatorUserId: zhang, toTaskId: '1?x', opinion: 'x' }), '"To Task ID" (toTaskId)'],
			['rollback: opinion', op('userTask', 'rollback', { taskId: task(5), operatorUserId: zhang, toTaskId: '1', opinion: '={{ "" }}' }), '"Opinion" (opinion)'],
			['chat group: chat id', op('userTask', 'createChatGroup', { taskId: task(1), operatorUserId: li, options: { chatId: '={{ "  " }}' } }), '"Chat ID" (chatId)'],
		])('%s', async (_name, parameters, field) => {
			const { error } = await runNode(emulator, { parameters });
			expect(error?.message).toContain(`${field} in item 0`);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	it('surfaces Feishu\'s errors, e.g. acting on a task that is not yours', async () => {
		const { error } = await runNode(emulator, { parameters: op('approvalTask', 'agree', { approvalTaskId: task(1), userId: zhang }) });
		expect(error?.message).toMatch(/^Feishu error 2320003: /);
		const details = (error as unknown as { errorResponse: Record<string, unknown> }).errorResponse;
		expect(details).toMatchObject({ code: 2320003, http_status: 400, item_index: 0, log_id: expect.any(String) });
	});

	it('with Continue On Fail keeps one paired item per input, errors in place', async () => {
		const { items, error } = await runNode(emulator, {
			items: [{ id: task(1), who: li }, { id: 'x', who: li }, { id: task(4), who: li }, { id: task(4), who: zhang }],
			parameters: op('approvalTask', 'agree', { approvalTaskId: '={{ $json.id }}', userId: '={{ $json.who }}' }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.success).toBe(true);
		expect(items[1].json.error).toContain('"Approval Task ID" (approvalTaskId) in item 1');
		expect(items[2].json).toMatchObject({ code: 2320003, item_index: 2 });
		expect(items[3].json.success).toBe(true);
		expect(apiRequests(emulator)).toHaveLength(3);
	});

	describe('shipped example chains', () => {
		async function runExample(file: string) {
			const workflow = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8')) as {
				nodes: WorkflowNode[];
				connections: Parameters<typeof runWorkflow>[0]['connections'];
			};
			// n8n-nodes-base is not installed: the Manual Trigger is stood in for by the harness's start node.
			const nodes = workflow.nodes.map((n) => (n.type === 'n8n-nodes-base.manualTrigger' ? { ...n, type: TEST_ITEMS_NODE_TYPE, parameters: {} } : n));
			const credentialId = Object.values(nodes.find((n) => n.credentials)?.credentials ?? {})[0]?.id as string;
			return await runWorkflow({
				nodes,
				connections: workflow.connections,
				credentials: { [credentialId]: credentialSeed(emulator) },
			});
		}

		it('Query → Agree agrees to every task assigned to the user', async () => {
			const result = await runExample('query-and-agree.workflow.json');
			expect(result.workflowError).toBeUndefined();
			const queried = result.output('Query User Tasks').map((i) => i.json.task_id);
			expect(queried.length).toBeGreaterThan(1);
			expect(result.output('Agree').map((i) => i.json.approval_task_id)).toEqual(queried);
			for (const id of queried) expect(emulator.task(String(id))?.outcome).toBe('agreed');
		});

		it('Query → Get Rollback Points → Roll Back sends the newest task back to its initiator', async () => {
			const result = await runExample('query-rollback.workflow.json');
			expect(result.workflowError).toBeUndefined();
			const [queried] = result.output('Query User Tasks');
			const points = result.output('Get Rollback Points');
			expect(points[0].json.is_start).toBe(true);
			const [rolledBack] = result.output('Roll Back');
			expect(rolledBack.json).toMatchObject({ success: true, task_id: queried.json.task_id });
			expect(emulator.rollbacks).toEqual([expect.objectContaining({ taskId: queried.json.task_id, toTaskId: points[0].json.id })]);
		});
	});
});
