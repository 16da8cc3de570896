/**
 * Running the real n8n CLI (on Node 24) against a temporary user folder, with the packed
 * package installed the way a user installs it manually (into `<user folder>/.n8n/nodes`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type N8nInstall, type Node24 } from './install';

export interface N8nContext {
	install: N8nInstall;
	node24: Node24;
	userFolder: string;
	env: NodeJS.ProcessEnv;
}

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** The environment every n8n process gets: sqlite in the user folder, nothing phoned home. */
export function n8nEnv(node24: Node24, userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...node24.env,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...extra,
	};
	// `n8n execute --rawOutput` prints nothing useful at a lower log level.
	delete env.N8N_LOG_LEVEL;
	return env;
}

/** Installs the packed tarball into `<userFolder>/.n8n/nodes`, as the README's manual install. */
export async function installPackage(tgz: string, userFolder: string, node24: Node24, logFile: string): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }) + '\n');
	// --legacy-peer-deps: otherwise npm installs a second n8n-workflow for the peer dependency,
	// and the node would not share n8n's own.
	await run('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--omit=dev', tgz], {
		cwd: nodesDir,
		env: node24.env,
		logFile,
	});
}

/** Runs `n8n <args>` to completion and captures its output. */
export function n8n(ctx: N8nContext, args: string[], timeoutMs = 180_000): Promise<CommandResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(ctx.node24.node, [ctx.install.bin, ...args], {
			cwd: ctx.userFolder,
			env: ctx.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		const timer = setTimeout(() => {
			stderr += `\n[e2e] n8n ${args[0]} timed out after ${timeoutMs} ms, killed\n`;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}

export interface RunNodeData {
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string };
}

export interface RawRun {
	status?: string;
	data?: { resultData?: { runData?: Record<string, RunNodeData[]>; error?: { message?: string } } };
}

/**
 * `n8n execute --rawOutput` prints some log lines, then the run as pretty JSON (from a line
 * `{` to a line `}`), then, on failure, an error report. Returns the JSON, or undefined.
 */
export function parseRawOutput(stdout: string): RawRun | undefined {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	const end = lines.indexOf('}', start);
	if (end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n')) as RawRun;
	} catch {
		return undefined;
	}
}

/** Output items of a node's first run, first output. */
export function nodeItems(runData: RawRun | undefined, node: string): Array<Record<string, unknown>> {
	const first = runData?.data?.resultData?.runData?.[node]?.[0];
	return (first?.data?.main?.[0] ?? []).map((i) => i.json);
}
