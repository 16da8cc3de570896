/**
 * Canary: a distinctive app secret, and every tenant token the emulator handed out, must never appear
 * in anything a run produces — the IRun, output items, error objects (all own properties, including
 * non-enumerable ones such as stack and cause), or anything written to the console / stdout / stderr.
 */
import type { FeishuEmulator } from '../../../../emulator';
import type { TestCredentialsHelper } from '../../../helpers/harness';
import { apiRequests, cancel, CREDENTIAL_ID, type NodeRun, query, runNode, startEmulator } from '../../../helpers/feishu';

const SECRET = 'SECRET-CANARY-7f3a9c';
const WRONG_SECRET = 'WRONG-CANARY-e81d44';
const APP_ID = 'cli_canary';
const RUNNING = ['7100000000000000001', '7100000000000000002', '7100000000000000003'];
const MINT_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/** Every string reachable from `value` through own property names (enumerable or not), keys included. */
function strings(value: unknown, out: string[] = [], seen = new WeakSet<object>()): string[] {
	if (typeof value === 'string') out.push(value);
	else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') out.push(String(value));
	else if (Buffer.isBuffer(value)) out.push(value.toString('utf8'));
	else if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
		if (seen.has(value)) return out;
		seen.add(value);
		if (typeof value === 'function') return out;
		if (value instanceof Map) {
			for (const [k, v] of value) {
				strings(k, out, seen);
				strings(v, out, seen);
			}
			return out;
		}
		if (value instanceof Set) {
			for (const v of value) strings(v, out, seen);
			return out;
		}
		for (const key of Object.getOwnPropertyNames(value)) {
			out.push(key);
			let child: unknown;
			try {
				child = (value as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			strings(child, out, seen);
		}
	}
	return out;
}

function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return (
		JSON.stringify(value, (_key, v: unknown) => {
			if (v !== null && typeof v === 'object') {
				if (seen.has(v)) return '[circular]';
				seen.add(v);
			}
			return v;
		}) ?? ''
	);
}

/** Console / stdout / stderr capture around one run. */
function captureOutput() {
	const written: string[] = [];
	const record = (...args: unknown[]) => {
		for (const arg of args) written.push(typeof arg === 'string' ? arg : safeJson(arg), ...strings(arg));
	};
	const spies = [
		...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
			jest.spyOn(console, m).mockImplementation(record),
		),
		jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (record(String(chunk)), true)),
		jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (record(String(chunk)), true)),
	];
	return {
		written,
		restore: () => spies.forEach((s) => s.mockRestore()),
	};
}

describe('the app secret and tenant tokens never leak', () => {
	let emulator: FeishuEmulator;
	/** Every token value issued so far (from the credential store and from Authorization headers). */
	const tokens = new Set<string>();
	/** Everything any run produced, as text, per scenario. */
	const produced: Array<{ scenario: string; texts: string[] }> = [];
	let shared: TestCredentialsHelper | undefined;

	beforeAll(async () => {
		emulator = await startEmulator({ apps: [{ appId: APP_ID, appSecret: SECRET }] });
	});
	afterAll(async () => {
		await emulator.stop();
	});

	function harvestTokens(helper?: TestCredentialsHelper): void {
		const stored = helper?.stored(CREDENTIAL_ID)?.tenantAccessToken;
		if (typeof stored === 'string' && stored !== '') tokens.add(stored);
		for (const request of emulator.requests) {
			const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
			if (match && match[1] !== '') tokens.add(match[1]);
		}
	}

	/** Runs the node, records everything it produced, and checks it right away. */
	async function scenario(
		name: string,
		options: Parameters<typeof runNode>[1],
		{ share = true }: { share?: boolean } = {},
	): Promise<NodeRun> {
		const capture = captureOutput();
		let run: NodeRun;
		try {
			run = await runNode(emulator, {
				...options,
				...(share && shared ? { helper: shared } : {}),
				credential: { appId: APP_ID, appSecret: SECRET, ...options.credential },
			});
		} finally {
			capture.restore();
		}
		if (share && !shared) shared = run.helper;
		harvestTokens(run.helper);

		const error = run.error as unknown as Record<string, unknown> | undefined;
		const texts = [
			safeJson(run.result.run),
			...strings(run.result.run),
			...run.items.map((item) => safeJson(item)),
			...strings(run.items),
			...capture.written,
		];
		if (error) {
			texts.push(
				safeJson(error),
				...['message', 'description', 'errorResponse', 'context', 'messages', 'cause', 'stack'].map((key) =>
					safeJson(error[key]),
				),
				...strings(error),
			);
		}
		produced.push({ scenario: name, texts });
		expectClean(name, texts);
		return run;
	}

	function expectClean(name: string, texts: string[]): void {
		for (const needle of [SECRET, WRONG_SECRET, ...tokens]) {
			const hit = texts.find((t) => t.includes(needle));
			// The scenario name makes a failure say where it leaked.
			expect({ scenario: name, leaked: hit === undefined ? undefined : needle }).toEqual({ scenario: name, leaked: undefined });
		}
	}

	it('self-check: the scanner finds a secret hidden in a non-enumerable property of a nested error cause', () => {
		const inner = new Error('inner');
		Object.defineProperty(inner, 'config', { value: { data: `{"app_secret":"${SECRET}"}` }, enumerable: false });
		const outer = Object.assign(new Error('outer'), { cause: inner });
		expect(strings(outer).some((t) => t.includes(SECRET))).toBe(true);
		expect(safeJson(outer)).not.toContain(SECRET); // why the deep walk is needed
	});

	it('Cancel succeeds', async () => {
		const { error, items } = await scenario('cancel ok', { parameters: cancel(RUNNING[0]) });
		expect(error).toBeUndefined();
		expect(items[0].json.success).toBe(true);
		// The canary is live: the secret really was sent to the token endpoint and a token was minted.
		expect(emulator.requests.some((r) => r.path === MINT_PATH && (r.body as { app_secret?: string }).app_secret === SECRET)).toBe(true);
		expect(tokens.size).toBe(1);
		expect([...tokens][0]).toMatch(/^t-/);
	});

	it('Query succeeds', async () => {
		const { error, items } = await scenario('query ok', { parameters: query() });
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
	});

	it('Feishu error 2320001', async () => {
		const { error } = await scenario('feishu error', { parameters: cancel('123') });
		expect(error?.message).toBe('Feishu error 2320001: param is invalid');
	});

	it('Continue On Fail error items (bad input, unknown id, not running)', async () => {
		const { error, items } = await scenario('continue on fail', {
			items: [{ id: '../x' }, { id: '123' }, { id: RUNNING[0] }, { id: RUNNING[1] }],
			parameters: cancel('={{ $json.id }}'),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items[0].json.error).toEqual(expect.any(String));
		expect(items[1].json.code).toBe(2320001);
		expect(items[2].json.code).toBe(2320002);
		expect(items[3].json.success).toBe(true);
	});

	it('wrong secret (fresh credential store)', async () => {
		const { error } = await scenario(
			'wrong secret',
			{ parameters: cancel(RUNNING[2]), credential: { appSecret: WRONG_SECRET } },
			{ share: false },
		);
		expect(error?.message).toContain('10014');
		expect(emulator.requests.some((r) => (r.body as { app_secret?: string }).app_secret === WRONG_SECRET)).toBe(true);
	});

	it('wrong secret with Continue On Fail (error item)', async () => {
		const { error, items } = await scenario(
			'wrong secret, continue on fail',
			{ parameters: cancel(RUNNING[2]), credential: { appSecret: WRONG_SECRET }, continueOnFail: true },
			{ share: false },
		);
		expect(error).toBeUndefined();
		expect(String(items[0].json.error)).toContain('10014');
	});

	it('token invalidated by Feishu, then re-minted', async () => {
		const before = new Set(tokens);
		emulator.invalidateTokens();
		const { error, items } = await scenario('invalidated token', { parameters: query({ returnAll: false, limit: 1 }) });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const fresh = shared?.stored(CREDENTIAL_ID)?.tenantAccessToken as string;
		expect(before.has(fresh)).toBe(false);
		expect(tokens.size).toBe(before.size + 1);
	});

	it('token rejected twice on aPaaS calls', async () => {
		emulator.addFault({ kind: 'invalidToken', times: 5, path: '/open-apis/apaas/' });
		const { error } = await scenario('invalid token twice', { parameters: cancel(RUNNING[2]) });
		expect(error?.message).toContain('99991663');
		emulator.clearFaults();
	});

	it('every request (mint included) answered with an invalid-token error', async () => {
		emulator.invalidateTokens();
		emulator.addFault({ kind: 'invalidToken', times: 5 });
		const { error } = await scenario('invalid token everywhere', { parameters: cancel(RUNNING[2]) });
		expect(error).toBeDefined();
		emulator.clearFaults();
	});

	it('timeout (hung request)', async () => {
		emulator.addFault({ kind: 'hang', path: '/open-apis/apaas/' });
		const { error } = await scenario('timeout', {
			parameters: cancel(RUNNING[2], { options: { timeout: 300, maxRetries: 0 } }),
		});
		expect(error?.message).toMatch(/timeout/i);
	});

	it('connection reset', async () => {
		emulator.addFault({ kind: 'reset', path: '/open-apis/apaas/' });
		const { error } = await scenario('reset', { parameters: cancel(RUNNING[2], { options: { maxRetries: 0 } }) });
		expect(error?.message).toMatch(/connection/i);
	});

	it('HTML error page', async () => {
		emulator.addFault({ kind: 'html', path: '/open-apis/apaas/' });
		const { error } = await scenario('html', { parameters: cancel(RUNNING[2], { options: { maxRetries: 0 } }) });
		expect(error?.message).toContain('502');
	});

	it('connection reset while minting', async () => {
		emulator.invalidateTokens();
		emulator.addFault({ kind: 'reset', path: 'tenant_access_token' });
		const { error } = await scenario(
			'reset during mint',
			{ parameters: cancel(RUNNING[2], { options: { maxRetries: 0 } }) },
			{ share: false },
		);
		expect(error).toBeDefined();
		expect(apiRequests(emulator).filter((r) => r.headers.authorization === undefined)).toHaveLength(0);
	});

	it('HTTP 500 from the token endpoint, with Continue On Fail', async () => {
		emulator.addFault({ kind: 'status', status: 500, path: 'tenant_access_token' });
		const { error, items } = await scenario(
			'500 during mint, continue on fail',
			{ parameters: cancel(RUNNING[2], { options: { maxRetries: 0 } }), continueOnFail: true },
			{ share: false },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toEqual(expect.any(String));
	});

	it('HTML page from the token endpoint', async () => {
		emulator.addFault({ kind: 'html', path: 'tenant_access_token' });
		const { error } = await scenario(
			'html during mint',
			{ parameters: cancel(RUNNING[2], { options: { maxRetries: 0 } }) },
			{ share: false },
		);
		expect(error).toBeDefined();
	});

	it('finally: no output of any scenario contains the secret or any token issued during the whole file', () => {
		expect(produced.length).toBeGreaterThanOrEqual(14);
		expect(tokens.size).toBeGreaterThanOrEqual(2);
		for (const { scenario: name, texts } of produced) expectClean(name, texts);
	});
});
