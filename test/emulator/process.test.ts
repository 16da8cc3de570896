import { startEmulatorProcess, type EmulatorProcess } from '../../emulator/process';
import { DEFAULT_APP } from '../../emulator';

describe('emulator/process.ts: the emulator in a child process, driven over the control API', () => {
	let em: EmulatorProcess | undefined;
	afterEach(async () => {
		await em?.stop();
		em = undefined;
	});

	it('starts on a free port, answers like the in-process emulator, applies knobs, logs requests and stops', async () => {
		em = await startEmulatorProcess();
		expect(em.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(em.pid).toBeGreaterThan(0);
		await em.control('knobs', { latencyMs: 1 });
		const res = await fetch(`${em.url}/open-apis/auth/v3/tenant_access_token/internal`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ app_id: DEFAULT_APP.appId, app_secret: DEFAULT_APP.appSecret }),
		});
		expect(await res.json()).toMatchObject({ code: 0, tenant_access_token: expect.any(String) });
		const log = await em.requests();
		expect(log.map((r) => [r.path, r.status])).toEqual([['/open-apis/auth/v3/tenant_access_token/internal', 200]]);
		// The state endpoint masks the secret.
		expect(JSON.stringify(log)).not.toContain(DEFAULT_APP.appSecret);
		await em.control('clear-log');
		expect(await em.requests()).toEqual([]);
		await expect(em.control('no-such-endpoint')).rejects.toThrow('HTTP 404');
		const pid = em.pid;
		await em.stop();
		em = undefined;
		expect(() => process.kill(pid, 0)).toThrow();
	});
});

describe('emulator/process.ts: application data over the control API', () => {
	it('generates records and reads them back with exact ids', async () => {
		const em = await startEmulatorProcess();
		try {
			await em.control('seed', { objects: { generate: [{ namespace: 'demo_app', objectApiName: 'order', count: 2 }] } });
			const orders = await em.records('demo_app', 'order');
			expect(orders.map((o) => o._id)).toEqual([
				'1790000000000000006',
				'1790000000000000007',
				'1790000000000000008',
				'1790000000000000009',
				'1790000000000000010',
			]);
			await expect(em.records('demo_app', 'nope')).rejects.toThrow('HTTP 400');
		} finally {
			await em.stop();
		}
	});
});
