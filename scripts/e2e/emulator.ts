/** The project's Feishu emulator as a child process, driven through its /__emulator/ control API. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export interface EmulatorState {
	instances: Array<{ instanceId: string; status: string; initiatorId: string }>;
	counters: { mints: number; tokenRequests: number; served: number };
	requests: Array<{ method: string; path: string; status: number; headers: Record<string, string>; body: unknown }>;
}

export class EmulatorProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly url: string,
		readonly output: () => string,
	) {}

	/** Starts `tsx emulator/cli.ts --port <port>` (sample data, app cli_demo / demo_secret). */
	static async start(port: number): Promise<EmulatorProcess> {
		const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
		const child = spawn(tsx, [join(REPO, 'emulator', 'cli.ts'), '--port', String(port)], {
			cwd: REPO,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s:\n${output}`)), 30_000);
			const onData = (d: Buffer) => {
				output += d.toString();
				const m = /listening on (http:\/\/\S+)/.exec(output);
				if (m) {
					clearTimeout(timer);
					resolve(m[1]);
				}
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
			child.on('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`emulator exited (${code}):\n${output}`));
			});
		});
		return new EmulatorProcess(child, url, () => output);
	}

	async control(name: string, body?: unknown, method = body === undefined && name === 'state' ? 'GET' : 'POST'): Promise<unknown> {
		const res = await fetch(`${this.url}/__emulator/${name}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
		});
		const json = (await res.json()) as { ok?: boolean; error?: string };
		if (!res.ok || json.ok === false) throw new Error(`emulator ${name}: HTTP ${res.status} ${json.error ?? ''}`);
		return json;
	}

	state(): Promise<EmulatorState> {
		return this.control('state') as Promise<EmulatorState>;
	}

	stop(): Promise<void> {
		return new Promise((resolve) => {
			if (this.child.exitCode !== null) return resolve();
			this.child.once('exit', () => resolve());
			this.child.kill('SIGTERM');
		});
	}
}
