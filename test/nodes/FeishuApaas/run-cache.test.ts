import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { itemParameter, nodeOfRun } from '../../../nodes/FeishuApaas/transport/run-cache';
import { query, runNode, apiRequests, useEmulator } from '../../support/feishu';
import type { FeishuEmulator } from '../../../emulator';

/** A stand-in execute context: stored parameters, and per-item values for the ones with expressions. */
function context(parameters: INode['parameters'], perItem: Record<string, (itemIndex: number) => unknown> = {}) {
	const calls: string[] = [];
	let nodeCopies = 0;
	const ctx = {
		getNode: () => {
			nodeCopies++;
			return { parameters } as unknown as INode;
		},
		getNodeParameter: (name: string, itemIndex: number) => {
			calls.push(`${name}@${itemIndex}`);
			if (perItem[name]) return perItem[name](itemIndex);
			return parameters[name];
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls, nodeCopies: () => nodeCopies };
}

describe('run cache: what is the same for every item is read once per run', () => {
	it('reads a parameter without expressions once, and returns that reading for every item', () => {
		const { ctx, calls } = context({ userId: '1700000000000001', options: { source: 'assignMe' } });
		for (let i = 0; i < 3; i++) {
			expect(itemParameter(ctx, 'userId', i, '')).toBe('1700000000000001');
			expect(itemParameter(ctx, 'options', i, {})).toEqual({ source: 'assignMe' });
		}
		expect(calls).toEqual(['userId@0', 'options@0']);
	});

	it('reads a parameter with an expression (at the top or nested) for every item', () => {
		const { ctx, calls } = context(
			{ userId: '={{ $json.user }}', options: { source: 'assignMe', startTime: '={{ $json.from }}' }, list: ['a', '={{ 1 }}'] },
			{ userId: (i) => `u${i}`, options: (i) => ({ source: 'assignMe', startTime: `${i}` }), list: (i) => ['a', i] },
		);
		expect([0, 1, 2].map((i) => itemParameter(ctx, 'userId', i, ''))).toEqual(['u0', 'u1', 'u2']);
		expect([0, 1].map((i) => itemParameter(ctx, 'options', i, {}))).toEqual([
			{ source: 'assignMe', startTime: '0' },
			{ source: 'assignMe', startTime: '1' },
		]);
		expect([0, 1].map((i) => itemParameter(ctx, 'list', i, []))).toEqual([['a', 0], ['a', 1]]);
		expect(calls).toEqual(['userId@0', 'userId@1', 'userId@2', 'options@0', 'options@1', 'list@0', 'list@1']);
	});

	it('does not keep a reading that failed: the next item reads again', () => {
		let fail = true;
		const { ctx, calls } = context({ limit: 5 }, {
			limit: () => {
				if (fail) {
					fail = false;
					throw new Error('bad');
				}
				return 5;
			},
		});
		expect(() => itemParameter(ctx, 'limit', 0, 50)).toThrow('bad');
		expect(itemParameter(ctx, 'limit', 1, 50)).toBe(5);
		expect(itemParameter(ctx, 'limit', 2, 50)).toBe(5);
		expect(calls).toEqual(['limit@0', 'limit@1']);
	});

	it('copies the node once per run (n8n deep-copies it on every getNode)', () => {
		const { ctx, nodeCopies } = context({});
		for (let i = 0; i < 5; i++) nodeOfRun(ctx);
		expect(nodeCopies()).toBe(1);
		// Another run (another context) reads its own node.
		const other = context({});
		nodeOfRun(other.ctx);
		expect(other.nodeCopies()).toBe(1);
	});
});

describe('run cache through the engine', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('sends each item its own expression values next to the constant ones, at concurrency 5', async () => {
		const users = ['1700000000000001', '1700000000000002', '1700000000000003', '1700000000000004'];
		const { error } = await runNode(emulator, {
			items: users.map((user, i) => ({ user, from: String(1_700_000_000_000 + i) })),
			parameters: query({
				kunlunUserId: '={{ $json.user }}',
				returnAll: false,
				limit: 1,
				options: { source: 'assignMe', startTime: '={{ $json.from }}', concurrency: 5, maxRequestsPerMinute: 0 },
			}),
		});
		expect(error).toBeUndefined();
		const bodies = apiRequests(emulator).map((r) => r.body as Record<string, unknown>);
		expect(bodies.map((b) => [b.kunlun_user_id, b.start_time, b.source]).sort()).toEqual(
			users.map((user, i) => [user, String(1_700_000_000_000 + i), 'assignMe']),
		);
	});
});
