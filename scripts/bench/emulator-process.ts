/**
 * The emulator in a process of its own (emulator/cli.ts), for the throughput part: Feishu does not share
 * the n8n process's CPU, so neither should its stand-in. Driven through the control API (/__emulator/*).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import axios from 'axios';

import { DEFAULT_APP } from '../../emulator';
import type { RequestRecord } from '../../emulator/envelope';

export interface EmulatorProcess {
	url: string;
	pid: number;
	/** POST /__emulator/<name> with a JSON body. */
	control(name: string, body?: unknown): Promise<void>;
	/** The request log (GET /__emulator/state). */
	requests(): Promise<RequestRecord[]>;
	stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
	const child: ChildProcess = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			path.join(__dirname, '..', '..', 'emulator', 'cli.ts'),
			'--port',
			'0',
			'--app-id',
			DEFAULT_APP.appId,
			'--app-secret',
			DEFAULT_APP.appSecret,
		],
		{ cwd: path.join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
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
		await axios.post(`${url}/__emulator/${name}`, body);
	};
	return {
		url,
		pid: child.pid ?? 0,
		control,
		requests: async () =>
			((await axios.get(`${url}/__emulator/state`)).data as { requests: RequestRecord[] }).requests,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}
