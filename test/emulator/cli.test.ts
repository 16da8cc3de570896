import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('emulator/cli.ts', () => {
	it('starts with the given credentials and sample data, prints the URL, exits on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'emulator/cli.ts', '--port', '0', '--app-id', 'cli_x', '--app-secret', 'sec_x'],
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		try {
			let out = '';
			const url = await new Promise<string>((resolve, reject) => {
				child.stdout.on('data', (d: Buffer) => {
					out += d.toString();
					const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
					if (m) resolve(m[1]);
				});
				child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
			});
			expect(out).toContain('sec_x');
			const token = await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ app_id: 'cli_x', app_secret: 'sec_x' }),
			}).then((r) => r.json() as Promise<{ tenant_access_token: string }>);
			const q = await fetch(`${url}/open-apis/apaas/v1/user_task/query`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.tenant_access_token}` },
				body: JSON.stringify({ kunlun_user_id: '1700000000000001' }),
			}).then((r) => r.json() as Promise<{ data: { count: string } }>);
			expect(q.data.count).toBe('7');
			const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	}, 20_000);
});
