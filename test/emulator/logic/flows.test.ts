import { DEFAULT_APP, SAMPLE_EMAILS, SAMPLE_OBJECTS, SAMPLE_USERS } from '../../../emulator';
import { call, expectFeishuError, getToken, useEmulator } from '../../helpers/emulator/http';
import { appPath, logicApi, operator } from '../../helpers/emulator/logic';

const ZHANG = SAMPLE_USERS.zhang;
const ORDER = SAMPLE_OBJECTS.orders.a1;

describe('flows/:flow_id/execute', () => {
	const em = useEmulator();
	let token: string;
	beforeEach(async () => {
		token = await getToken(em());
	});
	const execute = (flow: string, body: unknown, namespace?: string) =>
		logicApi(em(), token, 'POST', `flows/${flow}/execute`, body, namespace);

	describe('success', () => {
		it('runs approve_order: status "end", out_params with every int64 as a bare number literal', async () => {
			const params = `{"order_id":${ORDER},"note":"rush"}`;
			const r = await execute('approve_order', { operator: operator({ _id: ZHANG }), params });
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(0);
			expect(r.json.msg).toBe('success');
			expect(r.json.data).toEqual({
				status: 'end',
				out_params: `{"approved":true,"order_id":${ORDER},"big":1790000000000000001}`,
				execution_id: expect.stringMatching(/^\d{19}$/) as unknown as string,
				error_msg: '',
				code: '',
			});
			// The raw body holds the out_params string with its digits (not rounded to ...000).
			expect(r.text).toContain(`\\"order_id\\":${ORDER},\\"big\\":1790000000000000001}`);
		});

		it('an order_id sent as a digit string comes back as a bare int64', async () => {
			const r = await execute('approve_order', { operator: operator({ _id: ZHANG }), params: JSON.stringify({ order_id: ORDER }) });
			expect(r.json.data.out_params).toBe(`{"approved":true,"order_id":${ORDER},"big":1790000000000000001}`);
		});

		it('without params approve_order answers no order_id', async () => {
			const r = await execute('approve_order', { operator: operator({ _id: ZHANG }) });
			expect(r.json.data.out_params).toBe('{"approved":true,"big":1790000000000000001}');
		});

		it('records the run: operator, exact params, flags, key and loop masks', async () => {
			const params = `{"order_id":${ORDER}}`;
			const r = await execute('approve_order', {
				operator: operator({ email: SAMPLE_EMAILS.li }),
				params,
				idempotent_key: 'k-1',
				loop_masks: ['m1', 'm2'],
			});
			expect(em().flowExecutions()).toEqual([
				{
					namespace: 'demo_app',
					flowApiName: 'approve_order',
					executionId: r.json.data.execution_id,
					operator: operator({ email: SAMPLE_EMAILS.li }),
					operatorUserId: SAMPLE_USERS.li,
					params: { order_id: ORDER },
					paramsJson: params,
					isAsync: false,
					idempotentKey: 'k-1',
					loopMasks: ['m1', 'm2'],
					status: 'end',
					at: expect.any(Number) as unknown as number,
				},
			]);
		});

		it.each([
			['_id as a digit string', { _id: ZHANG }],
			['_id as a number', { _id: Number(ZHANG) }],
			['email', { email: SAMPLE_EMAILS.wang }],
			['email in another case', { email: 'WangWu@Example.com' }],
			['_id and matching email', { _id: SAMPLE_USERS.wang, email: SAMPLE_EMAILS.wang }],
		])('accepts an operator given by %s', async (_n, op) => {
			const r = await execute('approve_order', { operator: operator(op) });
			expect(r.json.code).toBe(0);
			const expected = 'email' in op || op._id !== ZHANG && op._id !== Number(ZHANG) ? SAMPLE_USERS.wang : ZHANG;
			expect(em().flowExecutions()[0].operatorUserId).toBe(expected);
		});

		it('gives every run a new 19-digit execution id', async () => {
			const ids = new Set<string>();
			for (let i = 0; i < 3; i++) ids.add((await execute('approve_order', { operator: operator({ _id: ZHANG }) })).json.data.execution_id);
			expect(ids.size).toBe(3);
			for (const id of ids) expect(id).toMatch(/^\d{19}$/);
		});

		it('a flow that ran and failed: envelope code 0, status "failed", error_msg and code', async () => {
			const r = await execute('failing_flow', { operator: operator({ _id: ZHANG }), params: '{"amount":-1}' });
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(0);
			expect(r.json.data).toMatchObject({ status: 'failed', error_msg: 'amount must be positive', code: 'k_flow_001', out_params: '' });
			expect(r.json.data.execution_id).toMatch(/^\d{19}$/);
			expect(em().flowExecutions().map((e) => e.status)).toEqual(['failed']);
		});
	});

	describe('asynchronous and slow runs', () => {
		it('slow_flow with is_async answers at once: status "running", the execution id, empty out_params', async () => {
			em().configure({ flowDelayMs: 5_000 });
			const started = Date.now();
			const r = await execute('slow_flow', { operator: operator({ _id: ZHANG }), params: '{"x":1}', is_async: true });
			expect(Date.now() - started).toBeLessThan(2_000);
			expect(r.json.code).toBe(0);
			expect(r.json.data).toEqual({
				status: 'running',
				execution_id: expect.stringMatching(/^\d{19}$/) as unknown as string,
				out_params: '',
				error_msg: '',
				code: '',
			});
			expect(em().flowExecutions()).toMatchObject([{ flowApiName: 'slow_flow', isAsync: true, status: 'running' }]);
		});

		it('slow_flow without is_async answers after flowDelayMs with status "end"', async () => {
			em().configure({ flowDelayMs: 300 });
			const started = Date.now();
			const r = await execute('slow_flow', { operator: operator({ _id: ZHANG }), params: `{"id":${ORDER}}` });
			expect(Date.now() - started).toBeGreaterThanOrEqual(290);
			expect(r.json.data).toMatchObject({ status: 'end', out_params: `{"id":${ORDER}}`, error_msg: '', code: '' });
		});

		it('flowDelayMs defaults to 0 and reset() restores it', async () => {
			em().configure({ flowDelayMs: 10_000 });
			em().reset();
			expect(em().settings.flowDelayMs).toBe(0);
			token = await getToken(em());
			const r = await execute('slow_flow', { operator: operator({ _id: ZHANG }) });
			expect(r.json.data.status).toBe('end');
		});

		it('a sync-only flow (approve_order) ignores is_async and answers its result', async () => {
			const r = await execute('approve_order', { operator: operator({ _id: ZHANG }), is_async: true });
			expect(r.json.data.status).toBe('end');
			expect(r.json.data.out_params).toBe('{"approved":true,"big":1790000000000000001}');
			expect(em().flowExecutions()[0].isAsync).toBe(true);
		});

		it('refuses a negative flowDelayMs', () => {
			expect(() => em().configure({ flowDelayMs: -1 })).toThrow('flowDelayMs must be >= 0');
		});
	});

	describe('idempotent_key', () => {
		const body = (key?: string) => ({ operator: operator({ _id: ZHANG }), params: '{"order_id":1}', idempotent_key: key });

		it('a repeated key is HTTP 400 / 2320010 and the flow is not run again', async () => {
			const first = await execute('approve_order', body('order-1'));
			expect(first.json.code).toBe(0);
			const again = await execute('approve_order', body('order-1'));
			expectFeishuError(again, 400, 2320010, 'idempotent_key is repeated');
			expect(em().flowExecutions()).toHaveLength(1);
		});

		it('the key is remembered for good: a third try and a later one are refused too', async () => {
			await execute('approve_order', body('order-2'));
			await execute('approve_order', body('order-2'));
			em().advanceClock(3_600_000);
			const later = await execute('approve_order', body('order-2'));
			expectFeishuError(later, 400, 2320010);
			expect(em().flowExecutions()).toHaveLength(1);
		});

		it('a key used by a run that failed is used up too', async () => {
			await execute('failing_flow', body('f-1'));
			expectFeishuError(await execute('failing_flow', body('f-1')), 400, 2320010);
			expect(em().flowExecutions()).toHaveLength(1);
		});

		it('an async run uses up its key', async () => {
			await execute('slow_flow', { ...body('a-1'), is_async: true });
			expectFeishuError(await execute('slow_flow', { ...body('a-1'), is_async: true }), 400, 2320010);
		});

		it('keys are per flow: the same key on another flow runs', async () => {
			await execute('approve_order', body('shared'));
			const other = await execute('slow_flow', body('shared'));
			expect(other.json.code).toBe(0);
			expect(em().flowExecutions()).toHaveLength(2);
		});

		it('different keys, and requests without a key, always run', async () => {
			await execute('approve_order', body('k-a'));
			await execute('approve_order', body('k-b'));
			await execute('approve_order', body());
			await execute('approve_order', body());
			await execute('approve_order', body(''));
			expect(em().flowExecutions()).toHaveLength(5);
			expect(em().flowExecutions().map((e) => e.idempotentKey)).toEqual(['k-a', 'k-b', null, null, null]);
		});

		it('a refused request (bad operator) does not use up its key', async () => {
			expectFeishuError(await execute('approve_order', { ...body('k-x'), operator: operator({ _id: '1' }) }), 400, 2320001);
			expect((await execute('approve_order', body('k-x'))).json.code).toBe(0);
		});

		it('reset() forgets the keys', async () => {
			await execute('approve_order', body('k-r'));
			em().reset();
			token = await getToken(em());
			expect((await execute('approve_order', body('k-r'))).json.code).toBe(0);
		});
	});

	describe('refused requests (nothing run)', () => {
		const ok = { operator: operator({ _id: ZHANG }) };
		it.each([
			['unknown namespace', 'approve_order', ok, 'no_such_app', 'unknown namespace "no_such_app"'],
			['unknown flow', 'no_such_flow', ok, undefined, 'unknown flow "no_such_flow"'],
			['missing operator', 'approve_order', {}, undefined, 'operator must be a JSON string'],
			['operator not a string', 'approve_order', { operator: { _id: ZHANG } }, undefined, 'operator must be a JSON string'],
			['operator not JSON', 'approve_order', { operator: '{_id:1}' }, undefined, 'operator must be a JSON string of an object'],
			['operator without _id or email', 'approve_order', { operator: '{}' }, undefined, 'operator needs _id or email'],
			['operator _id not an id', 'approve_order', { operator: '{"_id":"abc"}' }, undefined, 'operator._id must be an integer id'],
			['unknown operator _id', 'approve_order', { operator: '{"_id":"1700000000000099"}' }, undefined, 'operator._id 1700000000000099 is not a user'],
			['unknown operator email', 'approve_order', { operator: '{"email":"nobody@example.com"}' }, undefined, 'operator.email nobody@example.com is not a user'],
			[
				'_id and email of different users',
				'approve_order',
				{ operator: operator({ _id: ZHANG, email: SAMPLE_EMAILS.li }) },
				undefined,
				'name different users',
			],
			['params not JSON', 'approve_order', { ...ok, params: '{bad' }, undefined, 'params must be a JSON string of an object'],
			['params a JSON array', 'approve_order', { ...ok, params: '[1]' }, undefined, 'params must be a JSON string of an object'],
			['params an object, not a string', 'approve_order', { ...ok, params: { a: 1 } }, undefined, 'params must be a JSON string'],
			['is_async not a boolean', 'slow_flow', { ...ok, is_async: 'true' }, undefined, 'is_async must be a boolean'],
			['idempotent_key not a string', 'approve_order', { ...ok, idempotent_key: 5 }, undefined, 'idempotent_key must be a string'],
			['loop_masks not strings', 'approve_order', { ...ok, loop_masks: [1] }, undefined, 'loop_masks must be an array of strings'],
		])('%s -> 400 2320001', async (_n, flow, body, namespace, msg) => {
			const r = await execute(flow, body, namespace);
			expectFeishuError(r, 400, 2320001);
			expect(r.json.msg).toContain('param is invalid: ');
			expect(r.json.msg).toContain(msg);
			expect(em().flowExecutions()).toEqual([]);
		});

		it('a body that is not JSON -> 2320001', async () => {
			const r = await call(em(), appPath('flows/approve_order/execute'), { token, raw: 'not json', headers: { 'Content-Type': 'application/json' } });
			expect(r.status).toBe(400);
			expect(r.json.code).toBe(2320001);
		});

		it('no token -> 99991661; a wrong method -> 404', async () => {
			const r = await call(em(), appPath('flows/approve_order/execute'), { body: { operator: operator({ _id: ZHANG }) } });
			expectFeishuError(r as never, 400, 99991661);
			const get = await call(em(), appPath('flows/approve_order/execute'), { method: 'GET', token });
			expect(get.status).toBe(404);
			expect(em().flowExecutions()).toEqual([]);
		});
	});

	it('keys are per app: another app may use the same key', async () => {
		const other = { appId: 'cli_other_app', appSecret: 'other_secret' };
		const em2 = await (await import('../../../emulator')).FeishuEmulator.start({ seed: { preset: 'sample' }, apps: [DEFAULT_APP, other] });
		try {
			const t1 = await getToken(em2);
			const t2 = await getToken(em2, other.appId, other.appSecret);
			const b = { operator: operator({ _id: ZHANG }), idempotent_key: 'same' };
			expect((await logicApi(em2, t1, 'POST', 'flows/approve_order/execute', b)).json.code).toBe(0);
			expect((await logicApi(em2, t2, 'POST', 'flows/approve_order/execute', b)).json.code).toBe(0);
			expectFeishuError(await logicApi(em2, t2, 'POST', 'flows/approve_order/execute', b), 400, 2320010);
			expect(em2.flowExecutions()).toHaveLength(2);
		} finally {
			await em2.stop();
		}
	});
});

describe('a lost answer, then a retry with the same idempotent_key', () => {
	const em = useEmulator();
	it('the flow ran once; the retry is 2320010', async () => {
		const token = await getToken(em());
		em().addFault({ kind: 'loseAnswer', path: '/flows/approve_order/execute' });
		const body = { operator: operator({ _id: ZHANG }), idempotent_key: 'lost-1' };
		await expect(logicApi(em(), token, 'POST', 'flows/approve_order/execute', body)).rejects.toThrow();
		expect(em().flowExecutions()).toHaveLength(1);
		expectFeishuError(await logicApi(em(), token, 'POST', 'flows/approve_order/execute', body), 400, 2320010, 'idempotent_key is repeated');
		expect(em().flowExecutions()).toHaveLength(1);
	});
});
