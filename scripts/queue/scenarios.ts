/**
 * The four queue-mode scenarios. Each seeds fresh instances, fires webhooks at the main, waits until
 * Postgres holds a final status for every execution, then asserts on the emulator's request log and
 * state and on n8n's execution records.
 */
import type { EmulatorProcess } from '../e2e/emulator';
import { AssertionFailed } from '../e2e/scenarios';
import { Batch, bearer, cancelledId, emulatorState, isTokenCall, sender, tally } from './batch';
import type { QueueCluster } from './cluster';
import { log } from './processes';
import type { Postgres } from './services';
import { PACED, PLAIN } from './workflows';

export interface ScenarioResult {
	name: string;
	ok: boolean;
	detail: string;
	ms: number;
	/** Measured figures, for the summary and docs/queue-mode.md. */
	figures: Record<string, string | number>;
}

export interface Env {
	cluster: QueueCluster;
	emulator: EmulatorProcess;
	pg: Postgres;
	/** Every bearer token the emulator saw, for the leak check. */
	tokens: Set<string>;
}

export const SCENARIO_1_COUNT = 200;
export const SCENARIO_2_COUNT = 200;
/** Scenario 3 runs at the emulator's 10 per 6 s: 60 instances take ~36 s at best. */
export const SCENARIO_3_COUNT = 60;
export const RATE_LIMIT = { limit: 10, windowMs: 6000 };
export const SCENARIO_4_COUNT = 200;
/** Scenario 4: Feishu answers each request after this long, so executions are in flight at the kill. */
export const SCENARIO_4_LATENCY_MS = 500;
const WEBHOOK_PARALLEL = 10;

function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new AssertionFailed(message);
}

function fmt(counts: Record<string, number>): string {
	const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
	return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}

/** Instances cancelled more than once, or not exactly once, with examples. */
function cancelTally(batch: Batch): { exactlyOnce: number; twice: string[]; never: string[]; extraAttempts: number } {
	let exactlyOnce = 0;
	let extraAttempts = 0;
	const twice: string[] = [];
	const never: string[] = [];
	for (const [id, c] of batch.cancels()) {
		if (c.ok === 1) exactlyOnce++;
		if (c.ok > 1) twice.push(id);
		if (c.ok === 0) never.push(id);
		extraAttempts += Math.max(0, c.attempts - 1);
	}
	return { exactlyOnce, twice, never, extraAttempts };
}

function remember(env: Env, batch: Batch): void {
	for (const r of batch.requests) {
		const t = bearer(r);
		if (t) env.tokens.add(t);
	}
}

/** Common checks: every execution succeeded, every instance cancelled exactly once, by both workers. */
function expectAllDoneOnce(batch: Batch): { perWorker: Record<string, number> } {
	const statuses = tally(batch.executions, (e) => e.status);
	check(
		batch.executions.length === batch.instanceIds.length && statuses.success === batch.instanceIds.length,
		`expected ${batch.instanceIds.length} successful executions, got ${batch.executions.length}: ${fmt(statuses)}`,
	);
	const c = cancelTally(batch);
	check(c.twice.length === 0, `cancelled more than once: ${c.twice.slice(0, 5).join(', ')}`);
	check(c.never.length === 0, `never cancelled: ${c.never.length} (e.g. ${c.never.slice(0, 5).join(', ')})`);
	const inEmulator = batch.cancelledInEmulator();
	check(
		inEmulator.size === batch.instanceIds.length,
		`emulator holds ${inEmulator.size} of ${batch.instanceIds.length} instances as cancelled`,
	);
	const perWorker = batch.executionsPerWorker();
	const idle = Object.entries(perWorker).filter(([, n]) => n === 0);
	check(idle.length === 0, `a worker ran no execution: ${fmt(perWorker)}`);
	const ranBy = Object.values(perWorker).reduce((a, b) => a + b, 0);
	check(ranBy === batch.instanceIds.length, `the workers' logs name ${ranBy} executions, expected ${batch.instanceIds.length}`);
	return { perWorker };
}

export async function scenario1(env: Env): Promise<Record<string, string | number>> {
	const batch = new Batch(env.cluster, env.emulator, env.pg, PLAIN, 'queue_s1');
	await batch.seed(SCENARIO_1_COUNT);
	await batch.fire(WEBHOOK_PARALLEL);
	await batch.settle(240_000);
	remember(env, batch);
	const { perWorker } = expectAllDoneOnce(batch);
	const tokens = batch.tokenRequests();
	check(tokens.length >= 1 && tokens.length <= 2, `expected 1–2 token requests for the whole run, got ${tokens.length}`);
	const mintsBy = tally(tokens, sender);
	check(
		Object.values(mintsBy).every((n) => n === 1) && !mintsBy.main,
		`expected at most one token request per worker and none from the main: ${fmt(mintsBy)}`,
	);
	const cancelsBy = tally(
		batch.requests.filter((r) => cancelledId(r) !== undefined),
		sender,
	);
	check(!cancelsBy.main, `the main process sent ${cancelsBy.main} cancel requests; queue mode should leave them to workers`);
	return {
		instances: SCENARIO_1_COUNT,
		'executions per worker': fmt(perWorker),
		'cancel requests per process': fmt(cancelsBy),
		'token requests (per process)': `${tokens.length} (${fmt(mintsBy)})`,
		'emulator mints': batch.state?.counters.mints ?? '?',
		'429s': batch.rateLimited().length,
		'wall time (s)': batch.wallSeconds.toFixed(1),
		'executions/s': (SCENARIO_1_COUNT / batch.wallSeconds).toFixed(1),
	};
}

export async function scenario2(env: Env): Promise<Record<string, string | number>> {
	const batch = new Batch(env.cluster, env.emulator, env.pg, PLAIN, 'queue_s2');
	await batch.seed(SCENARIO_2_COUNT);
	// Kill every token once a third of the instances are cancelled (polling the emulator's log).
	let invalidatedAt = 0;
	let giveUp = false;
	const watch = (async () => {
		for (;;) {
			if (giveUp) return;
			const state = await emulatorState(env.emulator);
			const ok = state.requests.filter((r) => cancelledId(r) !== undefined && r.status === 200).length;
			if (ok >= SCENARIO_2_COUNT / 3) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		invalidatedAt = Date.now();
		await env.emulator.control('knobs', { invalidateTokens: true });
		log(`scenario 2: every token invalidated (${new Date(invalidatedAt).toISOString()})`);
	})();
	await batch.fire(WEBHOOK_PARALLEL);
	const settled = batch.settle(240_000);
	await Promise.race([
		watch,
		settled.then(() => {
			if (invalidatedAt === 0) throw new AssertionFailed('all executions finished before a third of the instances was cancelled');
		}),
	]).finally(() => (giveUp = true));
	await settled;
	remember(env, batch);
	const { perWorker } = expectAllDoneOnce(batch);
	// Tokens used before the kill; a request with one of them after the kill was rejected (99991663).
	const before = new Set(batch.requests.filter((r) => r.at < invalidatedAt && r.status === 200).map(bearer));
	const rejected = batch.requests.filter(
		(r) => r.at >= invalidatedAt && r.status === 400 && cancelledId(r) !== undefined && before.has(bearer(r)),
	);
	const okBefore = batch.requests.filter((r) => r.at < invalidatedAt && r.status === 200 && cancelledId(r)).length;
	const okAfter = batch.requests.filter((r) => r.at >= invalidatedAt && r.status === 200 && cancelledId(r)).length;
	check(okBefore > 0 && okAfter > 0, `not mid-run: ${okBefore} cancels before the kill, ${okAfter} after`);
	check(rejected.length > 0, 'no request was rejected for a dead token: the kill hit nothing');
	const remints = batch.tokenRequests().filter((r) => r.at >= invalidatedAt);
	const remintsBy = tally(remints, sender);
	const storm = Object.entries(remintsBy).filter(([, n]) => n > 1);
	check(storm.length === 0, `a process re-minted more than once after the one kill: ${fmt(remintsBy)}`);
	check(!remintsBy.main, 'the main process minted');
	return {
		instances: SCENARIO_2_COUNT,
		'executions per worker': fmt(perWorker),
		'cancels before / after the kill': `${okBefore} / ${okAfter}`,
		'requests rejected for the dead token (per process)': `${rejected.length} (${fmt(tally(rejected, sender))})`,
		're-mints after the kill (per process)': `${remints.length} (${fmt(remintsBy)})`,
		'token requests in total': batch.tokenRequests().length,
		'wall time (s)': batch.wallSeconds.toFixed(1),
	};
}

export async function scenario3(env: Env): Promise<Record<string, string | number>> {
	const batch = new Batch(env.cluster, env.emulator, env.pg, PACED, 'queue_s3');
	await batch.seed(SCENARIO_3_COUNT);
	await env.emulator.control('knobs', { rateLimit: RATE_LIMIT });
	try {
		await batch.fire(WEBHOOK_PARALLEL);
		await batch.settle(300_000);
	} finally {
		await env.emulator.control('knobs', { rateLimit: null });
	}
	remember(env, batch);
	const { perWorker } = expectAllDoneOnce(batch);
	const limited = batch.rateLimited();
	check(limited.length > 0, 'no 429 at all: the workers did not push past the limit');
	const windows = (batch.state?.counters as { windows?: Array<{ served: number; rejected: number }> } | undefined)?.windows ?? [];
	const maxServed = windows.reduce((m, w) => Math.max(m, w.served), 0);
	check(maxServed <= RATE_LIMIT.limit, `a window served ${maxServed} > ${RATE_LIMIT.limit}`);
	const c = cancelTally(batch);
	const apiRequests = batch.requests.filter((r) => !isTokenCall(r));
	const limitedPerInstance = Object.values(tally(limited, (r) => cancelledId(r) ?? '?'));
	const mostLimited = limitedPerInstance.reduce((m, n) => Math.max(m, n), 0);
	// Pace actually achieved against the allowance (10 per 6 s = 1.67/s).
	const rate = SCENARIO_3_COUNT / batch.wallSeconds;
	return {
		instances: SCENARIO_3_COUNT,
		'emulator limit': `${RATE_LIMIT.limit} per ${RATE_LIMIT.windowMs / 1000} s (Feishu's 100/min scaled)`,
		'node pace per worker': `${PACED.options.maxRequestsPerMinute} per ${PACED.options.paceWindowSeconds} s, Max Retries ${PACED.options.maxRetries}`,
		'executions per worker': fmt(perWorker),
		'429s (per process)': `${limited.length} (${fmt(tally(limited, sender))})`,
		'cancel requests sent / instances': `${apiRequests.length} / ${SCENARIO_3_COUNT} (${c.extraAttempts} retries)`,
		'most 429s met by one cancel (Max Retries 10; default 3)': mostLimited,
		'most served in one window': maxServed,
		'token requests': batch.tokenRequests().length,
		'wall time (s)': batch.wallSeconds.toFixed(1),
		'achieved cancels/s (allowance 1.67/s)': rate.toFixed(2),
	};
}

/** The error n8n recorded for the failed executions (the first line of the first one). */
function failureMessage(data: Map<string, string>): string {
	const first = [...data.values()][0] ?? '';
	const m = /"(This execution [^"]*|job stalled[^"]*)"/.exec(first);
	return m ? m[1] : '(none)';
}

export async function scenario4(env: Env): Promise<Record<string, string | number>> {
	const batch = new Batch(env.cluster, env.emulator, env.pg, PLAIN, 'queue_s4');
	await batch.seed(SCENARIO_4_COUNT);
	await env.emulator.control('knobs', { latencyMs: SCENARIO_4_LATENCY_MS });
	const victim = env.cluster.workers[0];
	let killedAt = 0;
	let inFlight: string[] = [];
	const itemAtKill = new Map<string, string>();
	try {
		// SIGKILL worker1 (its whole process group) once it has cancelled 20 instances.
		const watch = (async () => {
			const deadline = Date.now() + 180_000;
			for (;;) {
				if (Date.now() > deadline) throw new AssertionFailed(`${victim.name} never cancelled 20 instances`);
				const state = await emulatorState(env.emulator);
				const ok = state.requests.filter((r) => cancelledId(r) !== undefined && r.status === 200 && sender(r) === victim.name);
				if (ok.length >= 20) break;
				await new Promise((r) => setTimeout(r, 100));
			}
			victim.child!.signal('SIGKILL');
			killedAt = Date.now();
			await victim.child!.waitExit();
			const started = env.cluster.startedBy().get(victim.name) ?? new Set();
			const finished = env.cluster.finishedBy().get(victim.name) ?? new Set();
			inFlight = [...started].filter((id) => !finished.has(id));
			// What n8n's records say each unfinished execution is about, read now: once n8n fails a dead
			// worker's execution it replaces the run data with the error alone, webhook body included.
			for (const [executionId, text] of batch.executionData(batch.unfinishedIds())) {
				for (const id of batch.instanceIds) if (text.includes(id)) itemAtKill.set(executionId, id);
			}
			log(`scenario 4: ${victim.name} killed (SIGKILL) with ${inFlight.length} executions in flight`);
		})();
		watch.catch(() => undefined);
		await batch.fire(WEBHOOK_PARALLEL);
		await watch;
		// n8n must give every execution a final status: the dead worker's jobs stall after the lock expires.
		await batch.settle(300_000);
	} finally {
		await env.emulator.control('knobs', { latencyMs: 0 });
	}
	remember(env, batch);
	const statuses = tally(batch.executions, (e) => e.status);
	check(batch.executions.length === SCENARIO_4_COUNT, `expected ${SCENARIO_4_COUNT} executions, got ${batch.executions.length}`);
	const c = cancelTally(batch);
	check(c.twice.length === 0, `cancelled more than once: ${c.twice.slice(0, 5).join(', ')}`);
	check(c.extraAttempts === 0, `${c.extraAttempts} cancel requests repeated for an instance: n8n re-ran work`);
	const ranTwice = [...(env.cluster.startedBy().get(victim.name) ?? [])].filter((id) =>
		env.cluster.startedBy().get(env.cluster.workers[1].name)?.has(id),
	);
	check(ranTwice.length === 0, `executions started on both workers: ${ranTwice.join(', ')}`);
	// Every instance is cancelled, or named by an execution that did not succeed: named in its final
	// record, or (n8n having since replaced that) in its record as it stood when the worker died.
	const failed = batch.executions.filter((e) => e.status !== 'success');
	const data = batch.executionData(failed.map((e) => e.id));
	const named = new Map<string, string>();
	let namedInFinalRecord = 0;
	for (const e of failed) {
		const text = data.get(e.id) ?? '';
		const now = batch.instanceIds.filter((id) => text.includes(id));
		namedInFinalRecord += now.length > 0 ? 1 : 0;
		const atKill = itemAtKill.get(e.id);
		for (const id of atKill ? [...now, atKill] : now) named.set(id, `${e.id}:${e.status}`);
	}
	// Only the dead worker's executions may fail (its log may miss the last "started" lines: SIGKILL).
	const survivorRan = env.cluster.startedBy().get(env.cluster.workers[1].name) ?? new Set<string>();
	const notVictims = failed.filter((e) => survivorRan.has(e.id));
	check(notVictims.length === 0, `executions of the surviving worker failed: ${notVictims.map((e) => e.id).join(', ')}`);
	const cancelled = batch.cancelledInEmulator();
	const lost = batch.instanceIds.filter((id) => !cancelled.has(id) && !named.has(id));
	check(lost.length === 0, `silently lost (neither cancelled nor in a failed execution): ${lost.slice(0, 5).join(', ')}`);
	const unnamed = failed.filter((e) => ![...named.values()].some((v) => v.startsWith(`${e.id}:`)));
	check(unnamed.length === 0, `failed executions that name no instance: ${unnamed.map((e) => e.id).join(', ')}`);
	const victimIds = new Set(inFlight);
	const victimFinal = tally(
		batch.executions.filter((e) => victimIds.has(e.id)),
		(e) => e.status,
	);
	const stalledAfter = ((batch.doneAt - killedAt) / 1000).toFixed(1);
	const failedAt = failed.length === 0 ? [] : batch.stoppedAt(failed.map((e) => e.id));
	const markedAfter = failedAt.length === 0 ? '-' : `${((Math.min(...failedAt) - killedAt) / 1000).toFixed(1)}–${((Math.max(...failedAt) - killedAt) / 1000).toFixed(1)}`;
	const cancelledButFailed = [...named.keys()].filter((id) => cancelled.has(id)).length;
	return {
		instances: SCENARIO_4_COUNT,
		'Feishu latency': `${SCENARIO_4_LATENCY_MS} ms`,
		'executions per worker (started)': fmt(batch.executionsPerWorker()),
		'in flight on the killed worker (per its log, whose last lines SIGKILL may cut)': inFlight.length,
		'their final status': fmt(victimFinal),
		'failed executions': failed.length,
		'all executions': fmt(statuses),
		'instances cancelled': `${cancelled.size} of ${SCENARIO_4_COUNT}`,
		'instances in a failed execution': named.size,
		'of which Feishu had cancelled anyway': cancelledButFailed,
		'failed executions whose final record still names the instance': `${namedInFinalRecord} of ${failed.length}`,
		'failure message': failureMessage(data),
		'failed executions marked, after the kill (s)': markedAfter,
		'cancelled twice': c.twice.length,
		'cancel requests beyond one per instance': c.extraAttempts,
		'last execution final, after the kill (s)': stalledAfter,
		'wall time (s)': batch.wallSeconds.toFixed(1),
	};
}
