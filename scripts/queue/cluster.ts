/**
 * n8n in queue mode: one `n8n start` (main), `n8n worker` processes (two by default) and optionally
 * `n8n webhook` processes on the same Postgres and Redis, each with its own N8N_USER_FOLDER and its
 * own install of the packed package — as on separate machines or containers, so nothing can pass
 * between them except through Postgres and Redis (the token in particular must travel through the
 * stored credential, not a shared file).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../e2e/emulator';
import type { N8nInstall, Node24 } from '../e2e/install';
import { installPackage, n8n, n8nEnv, type CommandResult, type N8nContext } from '../e2e/n8n';
import { log, startChild, type Child } from './processes';

/** Header every outgoing HTTP request of an n8n process carries, naming the process (test only). */
export const PROCESS_HEADER = 'x-queue-test-process';

/**
 * Preloaded into each n8n process (NODE_OPTIONS=--require) so the emulator's request log tells which
 * process sent what. It only adds a header; written into the temp dir at run time.
 */
const TAG_PRELOAD = `'use strict';
const http = require('node:http');
const name = process.env.QUEUE_TEST_PROCESS;
if (name) {
	const original = http.request;
	http.request = function request(...args) {
		const req = original.apply(this, args);
		if (!req.headersSent) req.setHeader('${PROCESS_HEADER}', name);
		return req;
	};
}
`;

export interface ClusterOptions {
	install: N8nInstall;
	node24: Node24;
	tgz: string;
	dir: string;
	redisPort: number;
	postgresPort: number;
	/** Bull lock settings (ms): how soon a job of a dead worker counts as stalled. */
	lockDurationMs: number;
	lockRenewMs: number;
	stalledIntervalMs: number;
	workerConcurrency: number;
	/** `n8n worker` processes; default 2. */
	workerCount?: number;
	/** `n8n webhook` processes (each on its own port); default 0. */
	webhookCount?: number;
	/** Extra environment of the main (e.g. N8N_DISABLE_PRODUCTION_MAIN_PROCESS). */
	mainEnv?: NodeJS.ProcessEnv;
	/** Extra environment of every process (e.g. the Postgres pool size). */
	env?: NodeJS.ProcessEnv;
}

export interface N8nProcess {
	name: string;
	ctx: N8nContext;
	child?: Child;
}

export class QueueCluster {
	readonly main: N8nProcess;
	readonly workers: N8nProcess[];
	/** `n8n webhook` processes, with the port each listens on. */
	readonly webhooks: Array<N8nProcess & { port: number }>;
	readonly cliOutputs: Array<{ label: string; text: string }> = [];

	private constructor(
		private readonly opts: ClusterOptions,
		main: N8nProcess,
		workers: N8nProcess[],
		webhooks: Array<N8nProcess & { port: number }>,
		readonly mainPort: number,
	) {
		this.main = main;
		this.workers = workers;
		this.webhooks = webhooks;
	}

	/** User folders with the package installed, and the environment of each process. */
	static async prepare(opts: ClusterOptions): Promise<QueueCluster> {
		const preload = join(opts.dir, 'tag-requests.cjs');
		writeFileSync(preload, TAG_PRELOAD);
		const encryptionKey = `queue-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
		const mainPort = await freePort();
		const make = async (name: string, extra: NodeJS.ProcessEnv): Promise<N8nProcess> => {
			const userFolder = join(opts.dir, name);
			mkdirSync(userFolder, { recursive: true });
			await installPackage(opts.tgz, userFolder, opts.node24, join(userFolder, 'install-package.log'));
			const env = n8nEnv(opts.node24, userFolder, {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(opts.postgresPort),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'postgres',
				DB_POSTGRESDB_PASSWORD: '',
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(opts.redisPort),
				QUEUE_WORKER_LOCK_DURATION: String(opts.lockDurationMs),
				QUEUE_WORKER_LOCK_RENEW_TIME: String(opts.lockRenewMs),
				QUEUE_WORKER_STALLED_INTERVAL: String(opts.stalledIntervalMs),
				N8N_ENCRYPTION_KEY: encryptionKey,
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
				N8N_PERSONALIZATION_ENABLED: 'false',
				NODE_OPTIONS: `--require ${preload}`,
				QUEUE_TEST_PROCESS: name,
				...opts.env,
				...extra,
			});
			return { name, ctx: { install: opts.install, node24: opts.node24, userFolder, env } };
		};
		const webhookPorts: number[] = [];
		for (let i = 0; i < (opts.webhookCount ?? 0); i++) webhookPorts.push(await freePort());
		const workerPorts: number[] = [];
		for (let i = 0; i < (opts.workerCount ?? 2); i++) workerPorts.push(await freePort());
		const [main, ...others] = await Promise.all([
			make('main', { N8N_PORT: String(mainPort), WEBHOOK_URL: `http://127.0.0.1:${mainPort}/`, ...opts.mainEnv }),
			...workerPorts.map(async (port, i) => await make(`worker${i + 1}`, { N8N_PORT: String(port) })),
			...webhookPorts.map(async (port, i) => await make(`webhook${i + 1}`, { N8N_PORT: String(port) })),
		]);
		const workers = others.slice(0, workerPorts.length);
		const webhooks = others.slice(workerPorts.length).map((p, i) => ({ ...p, port: webhookPorts[i] }));
		return new QueueCluster(opts, main, workers, webhooks, mainPort);
	}

	/** A one-off CLI command (import, publish) with the main's environment; fails on a non-zero exit. */
	async cli(args: string[]): Promise<CommandResult> {
		const r = await n8n(this.main.ctx, args);
		this.cliOutputs.push({ label: `n8n ${args[0]}`, text: r.stdout + r.stderr });
		if (r.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${r.code ?? r.signal}:\n${(r.stdout + r.stderr).slice(-3000)}`);
		}
		return r;
	}

	/** `n8n start`, then the `n8n worker`s and `n8n webhook`s; resolves once all say they are ready. */
	async start(): Promise<void> {
		const spawnN8n = (p: N8nProcess, args: string[]) =>
			startChild(p.name, p.ctx.node24.node, [p.ctx.install.bin, ...args], {
				cwd: p.ctx.userFolder,
				env: p.ctx.env,
				logFile: join(p.ctx.userFolder, `${p.name}.log`),
			});
		log('starting n8n main (n8n start, EXECUTIONS_MODE=queue)');
		this.main.child = spawnN8n(this.main, ['start']);
		await this.main.child.waitFor(/Editor is now accessible via/, 240_000);
		log(`starting ${this.workers.length} n8n worker(s) (n8n worker)${this.webhooks.length > 0 ? ` and ${this.webhooks.length} n8n webhook process(es)` : ''}`);
		for (const w of this.workers) w.child = spawnN8n(w, ['worker', `--concurrency=${this.opts.workerConcurrency}`]);
		for (const w of this.webhooks) w.child = spawnN8n(w, ['webhook']);
		await Promise.all([
			...this.workers.map((w) => w.child!.waitFor(/n8n worker is now ready/, 240_000)),
			...this.webhooks.map((w) => w.child!.waitFor(/Webhook listener waiting for requests/, 240_000)),
		]);
	}

	webhookUrl(path: string): string {
		return `http://127.0.0.1:${this.mainPort}/webhook/${path}`;
	}

	/** Execution ids each worker started, from its log ("Worker started execution <id>"). */
	startedBy(): Map<string, Set<string>> {
		return this.logIds(/Worker started execution (\d+)/g);
	}

	finishedBy(): Map<string, Set<string>> {
		return this.logIds(/Worker finished execution (\d+)/g);
	}

	/** Every output of every n8n process and command, for the secret check. */
	outputs(): Array<{ label: string; text: string }> {
		const running = [this.main, ...this.workers, ...this.webhooks].map((p) => ({ label: p.name, text: p.child?.text() ?? '' }));
		return [...running, ...this.cliOutputs];
	}

	private logIds(pattern: RegExp): Map<string, Set<string>> {
		const result = new Map<string, Set<string>>();
		for (const w of this.workers) {
			const ids = new Set<string>();
			for (const m of (w.child?.text() ?? '').matchAll(pattern)) ids.add(m[1]);
			result.set(w.name, ids);
		}
		return result;
	}
}
