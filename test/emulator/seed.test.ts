/** seed(): the one way data goes in, in-process and over POST /__emulator/seed, one key per domain. */
import { FeishuEmulator, SAMPLE_USERS, WORKFLOW_SAMPLE } from '../../emulator';
import { call, useEmulator } from '../helpers/emulator/http';

describe('seed()', () => {
	const em = useEmulator({});

	it('starts empty without a seed option; preset "sample" loads every domain', () => {
		expect(em().snapshot()).toMatchObject({ users: [], instances: [], tasks: [] });
		expect(em().objectSummary()).toEqual({});
		em().seed({ preset: 'sample' });
		expect(em().snapshot().users.map((u) => u.userId)).toEqual(Object.values(SAMPLE_USERS));
		expect(em().snapshot().tasks).toHaveLength(10);
		expect(em().records('demo_app', 'customer')).toHaveLength(5);
		expect(em().roleMembers('demo_app', 'sales_manager').users).toEqual([SAMPLE_USERS.zhang]);
		expect(em().task(WORKFLOW_SAMPLE.financeReview)).toBeUndefined();
	});

	it('preset "workflow" is the sample plus the two-step instance', () => {
		em().seed({ preset: 'workflow' });
		expect(em().snapshot().tasks).toHaveLength(12);
		expect(em().task(WORKFLOW_SAMPLE.financeReview)?.status).toBe('pending');
	});

	it('applies preset, users, humanTasks, objects, logic in that order (a task of a user seeded in the same call)', () => {
		const result = em().seed({
			users: [{ userId: '1700000000000042', name: 'New' }],
			humanTasks: {
				instances: [{ instanceId: '7100000000000000042', apiId: 'x', label: [], status: 'running', initiatorId: '1700000000000042' }],
				tasks: [{ taskId: '7200000000000000042', instanceId: '7100000000000000042', assigneeIds: ['1700000000000042'], ccIds: [], startTime: 1, status: 'pending' }],
				generate: { tasks: 3, assignee: '1700000000000043' },
			},
			objects: { namespaces: [{ namespace: 'ns', objects: [{ apiName: 'o', fields: [{ apiName: 'a', type: 'text' }] }] }], generate: [{ namespace: 'ns', objectApiName: 'o', count: 2 }] },
			logic: { namespaces: [{ namespace: 'ns', functions: [{ apiName: 'f', behavior: 'echo' }] }] },
		});
		expect(result.humanTasks.taskIds).toHaveLength(3);
		expect(result.humanTasks.instanceIds).toHaveLength(3);
		expect(em().snapshot().tasks).toHaveLength(4);
		expect(em().records('ns', 'o')).toHaveLength(2);
	});

	it('a seed without generate reports no generated ids', () => {
		expect(em().seed({ preset: 'sample' })).toEqual({ humanTasks: { instanceIds: [], taskIds: [] } });
	});

	it('refuses an unknown key or preset (an old form is loud, not ignored)', () => {
		expect(() => em().seed({ sample: true } as never)).toThrow('unknown seed key "sample"');
		expect(() => em().seed({ preset: 'big' } as never)).toThrow('seed preset must be "sample" or "workflow"');
		expect(() => em().seed([] as never)).toThrow('seed must be an object');
	});

	it('POST /__emulator/seed takes the same object and answers the generated ids', async () => {
		const r = await call(em(), '/__emulator/seed', { body: { preset: 'sample', humanTasks: { generate: { tasks: 2, assignee: SAMPLE_USERS.li } } } });
		expect(r.status).toBe(200);
		const json = r.json as unknown as { ok: boolean; humanTasks: { taskIds: string[] } };
		expect(json.ok).toBe(true);
		expect(json.humanTasks.taskIds).toHaveLength(2);
		expect(em().snapshot().tasks).toHaveLength(12);
		const bad = await call(em(), '/__emulator/seed', { body: { generated: { tasks: 1, assignee: '1' } } });
		expect(bad.status).toBe(400);
		expect((bad.json as unknown as { error: string }).error).toContain('unknown seed key "generated"');
	});

	it('the seed option is loaded at start and again on reset', async () => {
		const seeded = await FeishuEmulator.start({ seed: { preset: 'sample', humanTasks: { generate: { tasks: 2, assignee: SAMPLE_USERS.li } } } });
		try {
			expect(seeded.snapshot().tasks).toHaveLength(12);
			seeded.seed({ humanTasks: { generate: { tasks: 1, assignee: SAMPLE_USERS.li } } });
			seeded.reset();
			expect(seeded.snapshot().tasks).toHaveLength(12);
		} finally {
			await seeded.stop();
		}
	});
});
