/**
 * `npm run test:queue`: the packed package in n8n 2.40.7 queue mode — Redis, Postgres, one main
 * (`n8n start`) and two workers (`n8n worker`) — against the emulator. See docs/testing.md "Queue mode".
 *
 * Everything lives in one temp dir (Redis and Postgres data, three N8N_USER_FOLDERs, logs) apart from
 * the e2e cache (Node 24 + n8n, shared with `npm run test:e2e`); everything started is stopped, also
 * on failure and on SIGINT/SIGTERM. The temp dir is removed after a pass (kept after a failure, or
 * with QUEUE_KEEP=1). `--write-docs` also writes the measured figures to docs/queue-mode.md;
 * QUEUE_SCENARIOS=1,3 runs only those scenarios.
 * Prints `N passed, N failed`; exit code 0 only if every check passed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorProcess, freePort, REPO } from '../e2e/emulator';
import { ensureN8n, ensureNode24 } from '../e2e/install';
import { buildAndPack } from '../e2e/pack';
import { APP_SECRET, AssertionFailed, credentialFile } from '../e2e/scenarios';
import { QueueCluster } from './cluster';
import { log, stopAll, stopAllOnSignals } from './processes';
import { scenario1, scenario2, scenario3, scenario4, type Env, type ScenarioResult } from './scenarios';
import { ensureServicePackages, openForPostgres, startPostgres, startRedis } from './services';
import { QUEUE_N8N_VERSION } from './versions';
import { PACED, PLAIN, workflowJson } from './workflows';

export { QUEUE_N8N_VERSION };
/** Bull lock settings: a dead worker's jobs count as stalled within ~20 s (n8n's defaults: 60 s + 30 s). */
const LOCK_DURATION_MS = 15_000;
const LOCK_RENEW_MS = 5_000;
const STALLED_INTERVAL_MS = 5_000;
const WORKER_CONCURRENCY = 10;

const SCENARIOS: Array<[string, (env: Env) => Promise<Record<string, string | number>>]> = [
	['1. 200 webhooks over two workers: each instance cancelled once, ≤ 2 token mints', scenario1],
	['2. every token killed mid-run: ≤ 1 re-mint per worker, no execution fails', scenario2],
	['3. emulator at 100/min (10 per 6 s), workers push 3x: 429s absorbed, nothing done twice', scenario3],
	['4. one worker SIGKILLed mid-run: nothing cancelled twice, nothing silently lost', scenario4],
];

function secretLeaks(outputs: Array<{ label: string; text: string }>, tokens: Set<string>): string[] {
	const leaks = new Set<string>();
	for (const { label, text } of outputs) {
		if (text.includes(APP_SECRET)) leaks.add(`${label}: app secret`);
		for (const t of tokens) if (text.includes(t)) leaks.add(`${label}: a tenant token`);
		if (/\bt-[0-9a-f]{40}\b/.test(text)) leaks.add(`${label}: something shaped like a tenant token`);
	}
	return [...leaks];
}

function docs(results: ScenarioResult[], totals: Record<string, string>): string {
	const lines = [
		'# Queue mode: measured figures',
		'',
		'Written by `npm run test:queue -- --write-docs` (`scripts/queue/`). The packed package in n8n',
		`${QUEUE_N8N_VERSION} queue mode: Redis (Debian's redis-server), Postgres (Debian's postgresql), one main`,
		`(\`n8n start\`, EXECUTIONS_MODE=queue) and two workers (\`n8n worker --concurrency=${WORKER_CONCURRENCY}\`), each with its`,
		'own N8N_USER_FOLDER and its own install of the tarball, against the emulator in a separate process. Workflows:',
		'Webhook (POST, answers on receipt) → Feishu aPaaS *Approval Instance → Cancel*, the instance id taken from the',
		'webhook body. Every process tags its outgoing requests with a header (a test-only preload), so the emulator log',
		"tells which process sent what; executions per worker come from the workers' logs (`Worker started execution`);",
		"execution status from Postgres (`execution_entity`). Bull lock settings are shortened so a dead worker's jobs",
		`count as stalled sooner: QUEUE_WORKER_LOCK_DURATION=${LOCK_DURATION_MS}, QUEUE_WORKER_LOCK_RENEW_TIME=${LOCK_RENEW_MS},`,
		`QUEUE_WORKER_STALLED_INTERVAL=${STALLED_INTERVAL_MS}. Machine: 2 CPU cores.`,
		'',
		'Run:',
		'',
		...Object.entries(totals).map(([k, v]) => `- ${k}: ${v}`),
		'',
	];
	for (const r of results) {
		lines.push(`## ${r.name}`, '', `Result: **${r.ok ? 'pass' : 'FAIL'}** (${(r.ms / 1000).toFixed(1)} s).`, '');
		if (!r.ok) lines.push('```', r.detail, '```', '');
		lines.push('| Figure | Value |', '| --- | --- |');
		for (const [k, v] of Object.entries(r.figures)) lines.push(`| ${k} | ${v} |`);
		lines.push('');
	}
	return lines.join('\n');
}

async function main(): Promise<number> {
	const started = Date.now();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-'));
	openForPostgres(dir);
	const results: ScenarioResult[] = [];
	let emulator: EmulatorProcess | undefined;
	stopAllOnSignals(async () => {
		await emulator?.stop();
		if (process.env.QUEUE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
	});
	let failedSetup: string | undefined;
	const totals: Record<string, string> = {};
	try {
		const { redisServer, pgBin } = ensureServicePackages(join(dir, 'apt.log'));
		const node24 = await ensureNode24();
		const installing = ensureN8n(QUEUE_N8N_VERSION, node24);
		installing.catch(() => undefined);
		const tgz = await buildAndPack(dir);
		const install = await installing;
		const setupStarted = Date.now();
		log(`Redis and Postgres on loopback ports (data in ${dir})`);
		const redisPort = await freePort();
		const postgresPort = await freePort();
		const [, pg] = await Promise.all([
			startRedis(redisServer, join(dir, 'redis'), redisPort),
			startPostgres(pgBin, join(dir, 'postgres'), postgresPort),
		]);
		emulator = await EmulatorProcess.start(await freePort());
		const cluster = await QueueCluster.prepare({
			install,
			node24,
			tgz,
			dir,
			redisPort,
			postgresPort,
			lockDurationMs: LOCK_DURATION_MS,
			lockRenewMs: LOCK_RENEW_MS,
			stalledIntervalMs: STALLED_INTERVAL_MS,
			workerConcurrency: WORKER_CONCURRENCY,
		});
		writeFileSync(join(dir, 'credential.json'), credentialFile(emulator.url));
		writeFileSync(join(dir, 'workflows.json'), JSON.stringify([workflowJson(PLAIN), workflowJson(PACED)]));
		log('importing the credential and two workflows into Postgres, publishing them');
		await cluster.cli(['import:credentials', `--input=${join(dir, 'credential.json')}`]);
		await cluster.cli(['import:workflow', `--input=${join(dir, 'workflows.json')}`]);
		for (const w of [PLAIN, PACED]) await cluster.cli(['publish:workflow', `--id=${w.id}`]);
		await cluster.start();
		totals['set-up (Redis, Postgres, emulator, 3 package installs, import, main + 2 workers ready)'] =
			`${Math.round((Date.now() - setupStarted) / 1000)} s`;

		const env: Env = { cluster, emulator, pg, tokens: new Set() };
		const only = process.env.QUEUE_SCENARIOS?.split(',').map((n) => n.trim());
		for (const [name, fn] of SCENARIOS.filter(([n]) => !only || only.includes(n.split('.')[0]))) {
			const t0 = Date.now();
			log(`scenario ${name}`);
			try {
				const figures = await fn(env);
				results.push({ name, ok: true, detail: 'passed', ms: Date.now() - t0, figures });
			} catch (e) {
				const detail = e instanceof AssertionFailed ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
				results.push({ name, ok: false, detail, ms: Date.now() - t0, figures: {} });
			}
		}
		const leaks = secretLeaks(cluster.outputs(), env.tokens);
		results.push({
			name: 'no app secret or tenant token in any n8n output',
			ok: leaks.length === 0 && env.tokens.size > 0,
			detail: leaks.length > 0 ? leaks.join('; ') : `${cluster.outputs().length} outputs checked against ${env.tokens.size} tokens`,
			ms: 0,
			figures: {},
		});
	} catch (e) {
		failedSetup = e instanceof Error ? (e.stack ?? e.message) : String(e);
	} finally {
		log('stopping workers, main, emulator, Postgres, Redis');
		await stopAll();
		await emulator?.stop();
	}
	totals['wall time of `npm run test:queue` (this run)'] = `${Math.round((Date.now() - started) / 1000)} s`;
	// The figures move with the machine's load (CI machines may be shared).
	totals['load average at the end (1 / 5 min)'] = loadavg()
		.slice(0, 2)
		.map((l) => l.toFixed(1))
		.join(' / ');

	let passed = 0;
	let failed = 0;
	for (const r of results) {
		if (r.ok) passed++;
		else failed++;
		process.stdout.write(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)\n`);
		if (!r.ok || Object.keys(r.figures).length === 0) process.stdout.write(`       ${r.detail.split('\n').join('\n       ')}\n`);
		for (const [k, v] of Object.entries(r.figures)) process.stdout.write(`       ${k}: ${v}\n`);
	}
	if (failedSetup) {
		failed++;
		process.stdout.write(`  FAIL set-up\n       ${failedSetup.split('\n').join('\n       ')}\n`);
	}
	for (const [k, v] of Object.entries(totals)) process.stdout.write(`${k}: ${v}\n`);
	if (process.argv.includes('--write-docs') && results.length > 0) {
		writeFileSync(join(REPO, 'docs', 'queue-mode.md'), docs(results, totals));
		log('figures written to docs/queue-mode.md');
	}
	if (failed === 0 && process.env.QUEUE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
	else process.stdout.write(`files kept in ${dir}\n`);
	process.stdout.write(`${passed} passed, ${failed} failed\n`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		process.stderr.write(`queue test failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
		void stopAll().finally(() => {
			process.stdout.write('0 passed, 1 failed\n');
			process.exit(1);
		});
	},
);
