/**
 * The emulator in a process of its own (emulator/cli.ts), driven through the control API
 * (/__emulator/*): Feishu does not share the n8n process's CPU or event loop, so where that matters
 * (the benchmark's throughput part, tests of how requests are spaced) neither does its stand-in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { RequestRecord } from './envelope';
import { DEFAULT_APP } from './server';

export interface EmulatorProcess {
	url: string;
	pid: number;
	/** POST /__emulator/<name> with a JSON body. */
	control(name: string, body?: unknown): Promise<void>;
	/** The request log (GET /__emulator/state). */
	requests(): Promise<RequestRecord[]>;
	/** An object's records, ids as decimal strings (GET /__emulator/records). */
	records(namespace: string, objectApiName: string): Promise<Array<Record<string, unknown>>>;
	stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
	const child: ChildProcess = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			path.join(__dirname, 'cli.ts'),
			'--port',
			'0',
			'--app-id',
			DEFAULT_APP.appId,
			'--app-secret',
			DEFAULT_APP.appSecret,
		],
		{ cwd: path.join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString('utf8');
			const match = /listening on (http:\/\/\S+)/.exec(out);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`emulator process exited ${code} before listening: ${out}`)));
	});
	const control = async (name: string, body: unknown = {}) => {
		const res = await fetch(`${url}/__emulator/${name}`, { method: 'POST', body: JSON.stringify(body) });
		if (!res.ok) throw new Error(`emulator control ${name}: HTTP ${res.status} ${await res.text()}`);
	};
	return {
		url,
		pid: child.pid ?? 0,
		control,
		requests: async () => ((await (await fetch(`${url}/__emulator/state`)).json()) as { requests: RequestRecord[] }).requests,
		records: async (namespace, objectApiName) => {
			const query = new URLSearchParams({ namespace, object: objectApiName });
			const res = await fetch(`${url}/__emulator/records?${query}`);
			if (!res.ok) throw new Error(`emulator records: HTTP ${res.status} ${await res.text()}`);
			return ((await res.json()) as { records: Array<Record<string, unknown>> }).records;
		},
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}
