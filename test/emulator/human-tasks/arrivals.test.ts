/** POST /__emulator/tasks: tasks arriving over time, and how user_task/query lists them. */
import { SAMPLE_BASE_TIME } from '../../../emulator';
import { call, getToken, QUERY_PATH, useEmulator } from '../../helpers/emulator/http';

const NEW_USER = '1800000000000042';

describe('emulator: arriving tasks', () => {
	const em = useEmulator();

	const arrive = async (body: unknown) => await call(em(), '/__emulator/tasks', { body });
	const list = async (extra: Record<string, unknown> = {}) => {
		const token = await getToken(em());
		const r = await call(em(), QUERY_PATH, {
			token,
			body: { kunlun_user_id: NEW_USER, type: 'pending', source: 'assignMe', limit: '50', offset: '0', ...extra },
		});
		return r.json.data;
	};

	it('adds pending tasks for a new user, in new running instances, at the given start time and spacing', async () => {
		const r = await arrive({ count: 3, assignee: NEW_USER, startTime: SAMPLE_BASE_TIME, spacingMs: 1000 });
		expect(r.status).toBe(200);
		const { taskIds, instanceIds, startTimes } = r.text ? JSON.parse(r.text) : {};
		expect(startTimes).toEqual([SAMPLE_BASE_TIME, SAMPLE_BASE_TIME + 1000, SAMPLE_BASE_TIME + 2000]);
		const data = await list();
		expect(data.count).toBe('3');
		// Newest first.
		expect(data.tasks.map((t) => t.task_id)).toEqual([...taskIds].reverse());
		expect(data.tasks.map((t) => t.workflow_instance.id)).toEqual([...instanceIds].reverse());
		expect(data.tasks.every((t) => t.workflow_instance.status === 'running')).toBe(true);
	});

	it('equal start times (spacing 0) are listed by task id; start_time is an inclusive bound; later calls get fresh ids', async () => {
		const first = JSON.parse((await arrive({ count: 2, assignee: NEW_USER, startTime: SAMPLE_BASE_TIME, spacingMs: 0 })).text);
		const second = JSON.parse((await arrive({ count: 2, assignee: NEW_USER, startTime: SAMPLE_BASE_TIME, spacingMs: 0 })).text);
		const all = [...first.taskIds, ...second.taskIds];
		expect(new Set(all).size).toBe(4);
		expect((await list()).tasks.map((t) => t.task_id)).toEqual(all);
		expect((await list({ start_time: String(SAMPLE_BASE_TIME) })).count).toBe('4');
		expect((await list({ start_time: String(SAMPLE_BASE_TIME + 1) })).count).toBe('0');
	});

	it('defaults the start time to the emulator clock and refuses bad input', async () => {
		const before = em().now();
		const { startTimes } = JSON.parse((await arrive({ count: 1, assignee: NEW_USER })).text);
		expect(startTimes[0]).toBeGreaterThanOrEqual(before);
		expect((await arrive({ count: 0, assignee: NEW_USER })).json).toMatchObject({ ok: false });
		expect((await arrive({ count: 1, assignee: 'x y' })).status).toBe(400);
		expect((await list()).count).toBe('1');
	});
});
