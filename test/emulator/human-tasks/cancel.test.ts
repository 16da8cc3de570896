import { SAMPLE_USERS } from '../../../emulator';
import { call, cancelPath, expectFeishuError, getToken, QUERY_PATH, useEmulator } from '../../helpers/emulator/http';

const I1 = '7100000000000000001'; // running, initiated by zhang; task 1 assigned to li, CC wang
const I7 = '7100000000000000007'; // finished
const BODY = { user_id: SAMPLE_USERS.zhang, opinion: 'no longer needed' };

describe('approval_instances/:id/cancel', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});

	const pendingIds = async (userId: string, source?: string) => {
		const r = await call(em(), QUERY_PATH, { token, body: { kunlun_user_id: userId, source, limit: '50' } });
		return r.json.data.tasks.map((t) => t.task_id);
	};

	it('cancels a running instance: {code:0,msg:"success",data:{}}', async () => {
		const r = await call(em(), cancelPath(I1), { token, body: BODY });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 0, msg: 'success', data: {} });
		expect(em().instance(I1)?.status).toBe('cancelled');
		expect(em().task('7200000000000000001')?.status).toBe('archived');
	});

	it('removes its pending tasks from every pending list (assignee, CC, initiator)', async () => {
		expect(await pendingIds(SAMPLE_USERS.li, 'assignMe')).toContain('7200000000000000001');
		expect(await pendingIds(SAMPLE_USERS.wang, 'CCMe')).toContain('7200000000000000001');
		expect(await pendingIds(SAMPLE_USERS.zhang, 'fromMe')).toContain('7200000000000000001');
		await call(em(), cancelPath(I1), { token, body: BODY });
		expect(await pendingIds(SAMPLE_USERS.li)).not.toContain('7200000000000000001');
		expect(await pendingIds(SAMPLE_USERS.wang)).not.toContain('7200000000000000001');
		expect(await pendingIds(SAMPLE_USERS.zhang)).not.toContain('7200000000000000001');
		const archived = await call(em(), QUERY_PATH, {
			token,
			body: { kunlun_user_id: SAMPLE_USERS.li, type: 'archived' },
		});
		const task = archived.json.data.tasks.find((t) => t.task_id === '7200000000000000001');
		expect(task?.workflow_instance.status).toBe('cancelled');
	});

	it('accepts any known user, not only the initiator (ASSUMPTION)', async () => {
		const r = await call(em(), cancelPath(I1), { token, body: { ...BODY, user_id: SAMPLE_USERS.wang } });
		expect(r.json.code).toBe(0);
	});

	it.each([
		['missing user_id', { opinion: 'x' }],
		['missing opinion', { user_id: SAMPLE_USERS.zhang }],
		['empty opinion', { user_id: SAMPLE_USERS.zhang, opinion: '' }],
		['empty user_id', { user_id: '', opinion: 'x' }],
		['numeric user_id', { user_id: 1700000000000001, opinion: 'x' }],
		['unknown user_id', { user_id: '1799999999999999', opinion: 'x' }],
	])('%s -> 400 2320001 and nothing changes', async (_name, body) => {
		const r = await call(em(), cancelPath(I1), { token, body });
		expectFeishuError(r, 400, 2320001, 'param is invalid');
		expect(em().instance(I1)?.status).toBe('running');
	});

	it.each([['7199999999999999999'], ['abc'], ['12a']])('instance id %s -> 400 2320001', async (id) => {
		const r = await call(em(), cancelPath(id), { token, body: BODY });
		expectFeishuError(r, 400, 2320001, 'param is invalid');
	});

	it('cancelling twice -> 400 2320002 (distinct code), and a finished instance too', async () => {
		expect((await call(em(), cancelPath(I1), { token, body: BODY })).json.code).toBe(0);
		const again = await call(em(), cancelPath(I1), { token, body: BODY });
		expectFeishuError(again, 400, 2320002, 'approval instance status does not allow cancel');
		const finished = await call(em(), cancelPath(I7), { token, body: BODY });
		expect(finished.json.code).toBe(2320002);
		expect(em().instance(I7)?.status).toBe('finished');
	});

	it('logs exactly what arrived', async () => {
		em().clearLog();
		await call(em(), cancelPath(I1), { token, body: BODY });
		expect(em().requests).toEqual([
			{
				method: 'POST',
				path: cancelPath(I1),
				query: '',
				headers: expect.objectContaining({
					authorization: `Bearer ${token}`,
					'content-type': 'application/json; charset=utf-8',
				}),
				body: BODY,
				status: 200,
				at: expect.any(Number),
			},
		]);
	});
});
