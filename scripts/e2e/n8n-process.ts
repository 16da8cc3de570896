/** A running `n8n start` and n8n's execution table, shared by the trigger and event-trigger e2e runs. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWNER } from '../dev-owner';
import type { Node24 } from './install';
import { n8n, type N8nContext } from './n8n';

export class Failed extends Error {}

export function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Failed(message);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Execution {
	id: number;
	status: string;
	mode: string;
}

/** n8n's executions of a workflow, from its sqlite database (read-only, with Node 24's node:sqlite). */
export function executions(node24: Node24, userFolder: string, workflowId: string, withData = false): Array<Execution & { data?: string }> {
	const script = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { readOnly: true });
const sql = process.argv[3] === '1'
	? 'SELECT e.id, e.status, e.mode, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id'
	: 'SELECT id, status, mode FROM execution_entity WHERE workflowId = ? ORDER BY id';
process.stdout.write(JSON.stringify(db.prepare(sql).all(process.argv[2])));`;
	const out = execFileSync(node24.node, ['--no-warnings', '-e', script, join(userFolder, '.n8n', 'database.sqlite'), workflowId, withData ? '1' : '0'], {
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	});
	return JSON.parse(out) as Array<Execution & { data?: string }>;
}

/** One running `n8n start`, its output appended to a log file. */
export class RunningN8n {
	private exited: Promise<void>;

	private constructor(private readonly child: ChildProcess) {
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	static async start(ctx: N8nContext, port: number, logFile: string): Promise<RunningN8n> {
		const fd = openSync(logFile, 'a');
		const child = spawn(ctx.node24.node, [ctx.install.bin, 'start'], {
			cwd: ctx.userFolder,
			env: { ...ctx.env, N8N_PORT: String(port), N8N_HOST: '127.0.0.1' },
			stdio: ['ignore', fd, fd],
		});
		const running = new RunningN8n(child);
		const until = Date.now() + 180_000;
		for (;;) {
			check(child.exitCode === null, `n8n start exited ${child.exitCode}; see ${logFile}`);
			try {
				if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return running;
			} catch {
				// not up yet
			}
			if (Date.now() > until) {
				await running.stop();
				throw new Failed(`n8n start did not answer /healthz within 180 s; see ${logFile}`);
			}
			await sleep(1000);
		}
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null) this.child.kill('SIGTERM');
		await Promise.race([this.exited, sleep(30_000)]);
		if (this.child.exitCode === null) this.child.kill('SIGKILL');
		await this.exited;
	}
}

/** Waits until `done` holds (checked every second), or fails with `what` after `ms`. */
export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	const until = Date.now() + ms;
	for (;;) {
		const value = await probe();
		if (done(value)) return value;
		if (Date.now() > until) throw new Failed(`timed out after ${ms / 1000} s waiting for ${what}; last: ${JSON.stringify(value).slice(0, 800)}`);
		await sleep(1000);
	}
}

/** Waits until `url` answers 2xx (a server starting up), or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/**
 * The n8n of the browser e2e runs (editor-filter.ts, oauth.ts): imports the credential and workflow
 * files, starts `n8n start` (its log appended to `work/n8n.log`), waits until it serves its settings
 * and sets up the owner the browser signs in as. The caller stops the returned process.
 */
export async function startEditorN8n(
	ctx: N8nContext,
	options: { work: string; base: string; credentials: string; workflows: string; settingsTimeoutMs: number },
): Promise<ChildProcess> {
	const { work, base } = options;
	writeFileSync(join(work, 'credential.json'), options.credentials);
	writeFileSync(join(work, 'workflows.json'), options.workflows);
	for (const args of [
		['import:credentials', `--input=${join(work, 'credential.json')}`],
		['import:workflow', `--input=${join(work, 'workflows.json')}`],
	]) {
		const r = await n8n(ctx, args);
		if (r.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
	}
	const fd = openSync(join(work, 'n8n.log'), 'a');
	const child = spawn(ctx.node24.node, [ctx.install.bin, 'start'], { cwd: ctx.userFolder, env: ctx.env, stdio: ['ignore', fd, fd] });
	try {
		await waitForHttp(`${base}/healthz`, 180_000);
		await waitForHttp(`${base}/rest/settings`, options.settingsTimeoutMs);
		const setup = await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
		if (!setup.ok) throw new Error(`owner setup answered ${setup.status}`);
	} catch (error) {
		child.kill('SIGTERM');
		throw error;
	}
	return child;
}
