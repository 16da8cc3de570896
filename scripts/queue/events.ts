/**
 * `npm run test:queue:events` (opt-in, not in CI): the Feishu aPaaS Event Trigger with **two `n8n
 * webhook` processes** in n8n 2.40.7 queue mode — how many executions duplicate deliveries of one
 * event id produce when they reach different processes. See docs/event-trigger.md "Queue mode".
 *
 * Redis, Postgres (as its own user when run as root), the emulator as Feishu's pusher, one main
 * (`n8n start`, N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true: production webhooks only on the webhook
 * processes), one worker, two `n8n webhook` processes on their own ports, and in front of them a
 * load balancer (balancer.ts) that sends every repeat of an event id to the other process. The
 * workflow is examples/record-change.workflow.json. Scenarios (each with fresh event ids):
 *
 *   1. each event delivered twice at the same moment, the two copies on different processes;
 *   2. each event delivered again 2 s later on the other process, events 300 ms apart;
 *   3. a burst: all events at once, each delivered again 2 s later on the other process;
 *   4. scenarios 1 and 3 again with every delivery sent to one webhook process (the recommendation).
 *
 * Measured, not asserted: the executions per event id in 1–3 (that is what this test is for).
 * Asserted: every event runs at least once (nothing lost), every delivery is answered 200, and in
 * 4 every event runs exactly once; no Encrypt Key or Verification Token in any n8n output.
 * Prints the figures; exit 0 only if the assertions hold. QUEUE_KEEP=1 keeps the temp dir;
 * QUEUE_EVENTS=<n> sets the events per scenario (default 40).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorProcess, freePort, REPO } from '../e2e/emulator';
import { ensureN8n, ensureNode24 } from '../e2e/install';
import { buildAndPack } from '../e2e/pack';
import { EventBalancer } from './balancer';
import { QueueCluster } from './cluster';
import { log, stopAll, stopAllOnSignals } from './processes';
import { QUEUE_N8N_VERSION } from './versions';
import { ensureServicePackages, openForPostgres, startPostgres, startRedis, type Postgres } from './services';
import { eventCredentialFile } from '../e2e/event-credential';

const WORKFLOW = join(REPO, 'examples', 'record-change.workflow.json');
const WORKFLOW_ID = 'fApaasRecChange';
const WEBHOOK_ID = '3d9b7f1e-6c2a-4e8b-a5d4-c7f0e1b2a3d4';
const TRIGGER_NODE = 'Feishu aPaaS Event Trigger';
const ENCRYPT_KEY = 'queue-encrypt-key-81c3e0';
const VERIFICATION_TOKEN = 'queue-verification-token-5d2a';
const EVENTS = Number(process.env.QUEUE_EVENTS ?? 40);
const SETTLE_MS = 240_000;

class Failed extends Error {}
function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Failed(message);
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
	eventId: string;
	kind: string;
	status: number;
	ms: number;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
}

interface Figures {
	[name: string]: string | number;
}


const change = (i: number) => ({ workspace: 'ws_queue', table: 'orders', type: 'INSERT', after: `{"_id":17900000000000${String(i).padStart(5, '0')},"n":${i}}` });

/** The executions of the event workflow after `sinceId`: id, status, and its data (where the event id is). */
function executions(pg: Postgres, sinceId: number): Array<{ id: number; status: string; data: string }> {
	const rows = pg.query(
		`SELECT e.id, e.status, coalesce(replace(replace(d.data, E'\\n', ' '), E'\\t', ' '), '') FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${WORKFLOW_ID}' AND e.id > ${sinceId} ORDER BY e.id`,
	);
	return rows
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => {
			const [id, status, ...data] = l.split('\t');
			return { id: Number(id), status, data: data.join('\t') };
		});
}

/** The event ids the trigger has saved in the workflow's static data (Postgres). */
function savedIds(pg: Postgres): Set<string> {
	const raw = pg.query(`SELECT "staticData" FROM workflow_entity WHERE id = '${WORKFLOW_ID}'`).trim();
	const data = (raw === '' ? {} : JSON.parse(raw)) as Record<string, { seenEvents?: Array<[string, number]> }>;
	return new Set((data[`node:${TRIGGER_NODE}`]?.seenEvents ?? []).map(([id]) => id));
}

async function main(): Promise<number> {
	const started = Date.now();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-events-'));
	openForPostgres(dir);
	let emulator: EmulatorProcess | undefined;
	let balancer: EventBalancer | undefined;
	stopAllOnSignals(async () => {
		await balancer?.stop();
		await emulator?.stop();
		if (process.env.QUEUE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
	});
	const results: Array<{ name: string; ok: boolean; detail: string; figures: Figures; ms: number }> = [];
	const totals: Figures = {};
	let failedSetup: string | undefined;
	try {
		const { redisServer, pgBin } = ensureServicePackages(join(dir, 'apt.log'));
		const node24 = await ensureNode24();
		const installing = ensureN8n(QUEUE_N8N_VERSION, node24);
		installing.catch(() => undefined);
		const tgz = await buildAndPack(dir);
		const install = await installing;
		const setupStarted = Date.now();
		const redisPort = await freePort();
		const postgresPort = await freePort();
		const [, pg] = await Promise.all([startRedis(redisServer, join(dir, 'redis'), redisPort), startPostgres(pgBin, join(dir, 'postgres'), postgresPort)]);
		emulator = await EmulatorProcess.start(await freePort());
		const em = emulator;
		const cluster = await QueueCluster.prepare({
			install,
			node24,
			tgz,
			dir,
			redisPort,
			postgresPort,
			lockDurationMs: 15_000,
			lockRenewMs: 5_000,
			stalledIntervalMs: 5_000,
			workerConcurrency: 10,
			workerCount: 1,
			webhookCount: 2,
			// Production webhooks on the webhook processes only, as n8n's docs recommend behind a load balancer.
			mainEnv: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
			// n8n's default pool of 2 connections, 20 s to get one: a worker running 10 executions at once on a
			// loaded 2-core machine timed out waiting for a connection (executions failed, not the trigger).
			env: { DB_POSTGRESDB_POOL_SIZE: '10', DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000' },
		});
		writeFileSync(join(dir, 'credential.json'), eventCredentialFile(em.url, { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN }));
		await cluster.cli(['import:credentials', `--input=${join(dir, 'credential.json')}`]);
		await cluster.cli(['import:workflow', `--input=${WORKFLOW}`]);
		await cluster.cli(['publish:workflow', `--id=${WORKFLOW_ID}`]);
		await cluster.start();
		const direct = cluster.webhooks.map((w) => `http://127.0.0.1:${w.port}/webhook/${WEBHOOK_ID}`);
		// A webhook process answers once it finds the webhook the main registered: an empty POST is refused with 401.
		for (const url of direct) {
			const until = Date.now() + 120_000;
			let status = 0;
			while (status !== 401 && Date.now() < until) {
				status = await fetch(url, { method: 'POST', body: '' }).then((r) => r.status, () => 0);
				if (status !== 401) await sleep(1000);
			}
			check(status === 401, `${url} answered ${status} to an empty POST (expected 401 from the trigger)`);
		}
		balancer = await EventBalancer.start(
			cluster.webhooks.map((w) => w.port),
			ENCRYPT_KEY,
		);
		const lb = balancer;
		totals['set-up (Redis, Postgres, emulator, 4 package installs, import, main + worker + 2 webhook processes ready)'] = `${Math.round((Date.now() - setupStarted) / 1000)} s`;

		const subscribe = async (url: string) =>
			await em.control('events/subscription', {
				url,
				encryptKey: ENCRYPT_KEY,
				verificationToken: VERIFICATION_TOKEN,
				appId: 'cli_demo',
				tenantKey: 'tenant_queue',
				// Long enough to outlast a loaded machine: webhook processes answered after 16–20 s (median) at load 17–20.
				retryScheduleMs: [2000, 10_000, 30_000, 60_000],
				answerTimeoutMs: 60_000,
			});
		let nextEvent = 0;
		/** Pushes `EVENTS` events (`spacingMs` apart, 0 = all at once), each `duplicates` more times `duplicateSpacingMs` later. */
		const run = async (target: 'balancer' | 'one process', spacingMs: number, duplicateSpacingMs: number) => {
			await subscribe(target === 'balancer' ? `${lb.url}/webhook/${WEBHOOK_ID}` : direct[0]);
			const sinceId = Number(pg.query('SELECT coalesce(max(id), 0) FROM execution_entity').trim());
			const logFrom = lb.log.length;
			const deliveriesFrom = ((await em.control('events/deliveries', undefined, 'GET')) as { deliveries: Delivery[] }).deliveries.length;
			const ids: string[] = [];
			const first = nextEvent;
			nextEvent += EVENTS;
			if (spacingMs === 0) {
				const events = Array.from({ length: EVENTS }, (_, i) => ({ eventType: 'apaas.workspace.record_change_v1', event: { ...change(first + i), before: null } }));
				ids.push(...((await em.control('events/push', { events, duplicates: 1, duplicateSpacingMs })) as { eventIds: string[] }).eventIds);
			} else {
				for (let i = first; i < first + EVENTS; i++) {
					ids.push(((await em.control('events/record-change', { ...change(i), duplicates: 1, duplicateSpacingMs })) as { eventId: string }).eventId);
					await sleep(spacingMs);
				}
			}
			const until = Date.now() + SETTLE_MS;
			while (((await em.control('events/deliveries', undefined, 'GET')) as { pending: number }).pending > 0) {
				check(Date.now() < until, 'the emulator did not finish delivering');
				await sleep(500);
			}
			const log = ((await em.control('events/deliveries', undefined, 'GET')) as { deliveries: Delivery[] }).deliveries.slice(deliveriesFrom);
			const unanswered = ids.filter((id) => !log.some((d) => d.eventId === id && d.status === 200));
			check(unanswered.length === 0, `events never answered 200: ${unanswered.slice(0, 3).join(', ')}`);
			// Settled: every execution finished and none added for 5 s.
			let rows = executions(pg, sinceId);
			let stableSince = Date.now();
			for (;;) {
				await sleep(1000);
				const again = executions(pg, sinceId);
				if (again.length !== rows.length || again.some((e) => e.status === 'new' || e.status === 'running')) stableSince = Date.now();
				rows = again;
				if (Date.now() - stableSince >= 5000 && rows.length >= ids.length) break;
				check(Date.now() < until, `executions did not settle: ${rows.length} so far`);
			}
			check(rows.every((e) => e.status === 'success'), `an execution did not succeed: ${JSON.stringify(rows.filter((e) => e.status !== 'success').map((e) => [e.id, e.status]))}`);
			const counts = ids.map((id) => rows.filter((e) => e.data.includes(id)).length);
			const lost = ids.filter((_, i) => counts[i] === 0);
			check(lost.length === 0, `events that never ran: ${lost.slice(0, 5).join(', ')}`);
			const saved = savedIds(pg);
			const perProcess = lb.log.slice(logFrom).reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.backend]: (acc[r.backend] ?? 0) + 1 }), {});
			const twice = counts.filter((c) => c > 1).length;
			const figures: Figures = {
				events: ids.length,
				deliveries: log.length,
				...(target === 'balancer' ? { 'deliveries per webhook process': cluster.webhooks.map((w, i) => `${w.name} ${perProcess[i] ?? 0}`).join(', ') } : { 'deliveries per webhook process': `${cluster.webhooks[0].name} ${log.length}` }),
				'answer time of a delivery, median / max (ms)': `${median(log.map((d) => d.ms))} / ${Math.max(...log.map((d) => d.ms))}`,
				executions: rows.length,
				'events run more than once': `${twice} of ${ids.length}`,
				'extra executions': rows.length - ids.length,
				'of these event ids, in the static data in Postgres afterwards': `${ids.filter((id) => saved.has(id)).length} of ${ids.length}`,
			};
			return { figures, twice };
		};

		const scenarios: Array<[string, () => Promise<Figures>]> = [
			['1. each event twice at the same moment, one copy on each webhook process', async () => (await run('balancer', 300, 0)).figures],
			['2. each event again 2 s later on the other process (events 300 ms apart)', async () => (await run('balancer', 300, 2000)).figures],
			['3. a burst: all events at once, each again 2 s later on the other process', async () => (await run('balancer', 0, 2000)).figures],
			[
				'4. scenarios 1 and 3 with every delivery to one webhook process: each event exactly once',
				async () => {
					const a = await run('one process', 300, 0);
					const b = await run('one process', 0, 2000);
					check(a.twice === 0 && b.twice === 0, `events run more than once on one process: ${a.twice} (same moment), ${b.twice} (burst)`);
					return Object.fromEntries([...Object.entries(a.figures).map(([k, v]) => [`same moment: ${k}`, v]), ...Object.entries(b.figures).map(([k, v]) => [`burst: ${k}`, v])]);
				},
			],
		];
		const only = process.env.QUEUE_SCENARIOS?.split(',').map((n) => n.trim());
		for (const [name, fn] of scenarios.filter(([n]) => !only || only.includes(n.split('.')[0]))) {
			const t0 = Date.now();
			log(`scenario ${name}`);
			try {
				results.push({ name, ok: true, detail: 'passed', figures: await fn(), ms: Date.now() - t0 });
			} catch (e) {
				results.push({ name, ok: false, detail: e instanceof Failed ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e), figures: {}, ms: Date.now() - t0 });
			}
		}
		const leaks = cluster.outputs().filter((o) => o.text.includes(ENCRYPT_KEY) || o.text.includes(VERIFICATION_TOKEN));
		results.push({
			name: 'no Encrypt Key or Verification Token in any n8n output',
			ok: leaks.length === 0,
			detail: leaks.length > 0 ? `found in ${leaks.map((l) => l.label).join(', ')}` : `${cluster.outputs().length} outputs checked`,
			figures: {},
			ms: 0,
		});
	} catch (e) {
		failedSetup = e instanceof Error ? (e.stack ?? e.message) : String(e);
	} finally {
		log('stopping the balancer, n8n processes, emulator, Postgres, Redis');
		await balancer?.stop();
		await stopAll();
		await emulator?.stop();
	}
	totals['wall time of `npm run test:queue:events` (this run)'] = `${Math.round((Date.now() - started) / 1000)} s`;
	totals['load average at the end (1 / 5 min)'] = loadavg()
		.slice(0, 2)
		.map((l) => l.toFixed(1))
		.join(' / ');
	let failed = failedSetup ? 1 : 0;
	for (const r of results) {
		if (!r.ok) failed++;
		process.stdout.write(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)\n`);
		if (!r.ok || Object.keys(r.figures).length === 0) process.stdout.write(`       ${r.detail.split('\n').join('\n       ')}\n`);
		for (const [k, v] of Object.entries(r.figures)) process.stdout.write(`       ${k}: ${v}\n`);
	}
	if (failedSetup) process.stdout.write(`  FAIL set-up\n       ${failedSetup.split('\n').join('\n       ')}\n`);
	for (const [k, v] of Object.entries(totals)) process.stdout.write(`${k}: ${v}\n`);
	if (failed === 0 && process.env.QUEUE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
	else process.stdout.write(`files kept in ${dir}\n`);
	process.stdout.write(`${results.length - (failed - (failedSetup ? 1 : 0))} passed, ${failed} failed\n`);
	return failed === 0 && results.length > 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		process.stderr.write(`queue events test failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
		void stopAll().finally(() => process.exit(1));
	},
);
