/**
 * `npm run test:e2e:trigger`: the Feishu aPaaS Trigger inside real, running n8n processes.
 *
 * For every n8n version (E2E_N8N_VERSIONS, default all of versions.ts): the cached Node 24 + n8n
 * of install.ts, a fresh user folder with the packed tarball installed, the emulator on a free port,
 * the emulator credential and examples/trigger-approve.workflow.json (Trigger → If → Agree / Reject)
 * imported and activated with the n8n CLI (2.x `publish:workflow`, 1.x `update:workflow --active`),
 * then `n8n start`. n8n polls at activation and then once a minute (Poll Times: every minute), so
 * each step waits for the next poll. The witnesses are n8n's own execution table (sqlite, read with
 * Node 24's node:sqlite) and the emulator's record of agreed / rejected tasks:
 *
 *   1. activation polls once and emits nothing (0 executions);
 *   2. 3 tasks with one start time → exactly 1 execution, each task agreed or rejected once;
 *   3. 60 tasks with one start time (more than a page) → exactly 1 more execution, each task once;
 *   4. n8n stopped, 2 tasks arrive, n8n started: exactly 1 more execution with those 2, and the
 *      next poll after that replays nothing;
 *   5. neither the app secret nor a token appears in n8n's output.
 *
 * Env: E2E_N8N_VERSIONS=2.40.7,…; E2E_KEEP=1 keeps the user folders; E2E_N8N_INSTALL_DIR=<dir> uses
 * the n8n installed in <dir> (with one version) instead of the cache. Exit 0 only if all passed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorProcess, freePort, REPO } from './emulator';
import { ensureN8n, ensureNode24, log, type N8nInstall, type Node24 } from './install';
import { installPackage, n8n, n8nEnv, type N8nContext } from './n8n';
import { check, executions as executionsOf, Failed, RunningN8n, sleep, waitFor, type Execution } from './n8n-process';
import { buildAndPack } from './pack';
import { exitWith, Report } from './report';
import { APP_SECRET, credentialFile, type StepResult } from './scenarios';
import { userCredentialFile } from './user-credential';
import { chosenVersions } from './versions';


const WORKFLOW = join(REPO, 'examples', 'trigger-approve.workflow.json');
/**
 * At most 16 characters, like the ids n8n generates: n8n 1.x silently skips saving the static data of
 * a workflow whose id is longer (`isWorkflowIdValid`), and the trigger's position lives there.
 */
const WORKFLOW_ID = 'fApaasNewTasks';
const LI = '1700000000000002';
const ZHANG = '1700000000000001';
const WANG = '1700000000000003';
const QUERY_PATH = '/open-apis/apaas/v1/user_task/query';
/** The New Audit Log Event with the user credential, in its own workflow (the trigger alone). */
const AUDIT_WORKFLOW = join(REPO, 'scripts', 'e2e', 'workflows', 'audit-trigger.workflow.json');
const AUDIT_WORKFLOW_ID = 'fApaasAuditE2e';
const AUDIT_PATH = '/open-apis/apaas/v1/applications/demo_app/audit_log/audit_log_list';
/** A poll comes at most a minute apart; give n8n some slack on a busy 2-CPU machine. */
const POLL_WAIT_MS = 150_000;

interface EmulatorView {
	requests: Array<{ path: string; body: Record<string, unknown>; headers: Record<string, string> }>;
	taskOutcomes: Outcome[];
}

interface Outcome {
	taskId: string;
	outcome: string;
	userId: string;
}

async function view(emulator: EmulatorProcess): Promise<EmulatorView> {
	return (await emulator.control('state')) as EmulatorView;
}

const queryPolls = (v: EmulatorView) => v.requests.filter((r) => r.path === QUERY_PATH);

async function arrive(emulator: EmulatorProcess, body: Record<string, unknown>): Promise<string[]> {
	const answer = (await emulator.control('tasks', { assignee: LI, ...body })) as { taskIds: string[] };
	return answer.taskIds;
}

/** Each of `taskIds` has exactly one outcome, and nothing else has one. */
function expectOutcomes(outcomes: Outcome[], taskIds: string[], agreed: Set<string>): void {
	const byTask = new Map<string, Outcome[]>();
	for (const o of outcomes) byTask.set(o.taskId, [...(byTask.get(o.taskId) ?? []), o]);
	const twice = [...byTask].filter(([, list]) => list.length > 1).map(([id]) => id);
	check(twice.length === 0, `tasks acted on more than once: ${twice.join(', ')}`);
	const missing = taskIds.filter((id) => !byTask.has(id));
	check(missing.length === 0, `tasks never acted on: ${missing.join(', ')}`);
	const extra = [...byTask.keys()].filter((id) => !taskIds.includes(id));
	check(extra.length === 0, `tasks acted on that were not new: ${extra.join(', ')}`);
	const wrong = outcomes.filter((o) => (agreed.has(o.taskId) ? 'agreed' : 'rejected') !== o.outcome || o.userId !== LI);
	check(wrong.length === 0, `If routed wrongly: ${JSON.stringify(wrong.slice(0, 3))}`);
}

async function testVersion(version: string, install: N8nInstall, node24: Node24, tgz: string): Promise<{ steps: StepResult[]; userFolder: string }> {
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-trigger-${version}-`));
	const logFile = join(userFolder, 'n8n-start.log');
	const steps: StepResult[] = [];
	let emulator: EmulatorProcess | undefined;
	let n8nProcess: RunningN8n | undefined;
	const step = async (name: string, body: () => Promise<string>) => {
		const started = Date.now();
		try {
			steps.push({ name, ok: true, detail: await body(), ms: Date.now() - started });
			return true;
		} catch (e) {
			steps.push({ name, ok: false, detail: e instanceof Failed ? e.message : ((e as Error).stack ?? String(e)), ms: Date.now() - started });
			return false;
		}
	};
	const acted: string[] = [];
	const userTokens: string[] = [];
	const agreed = new Set<string>();
	try {
		await installPackage(tgz, userFolder, node24, join(userFolder, 'install-package.log'));
		emulator = await EmulatorProcess.start(await freePort());
		const em = emulator;
		writeFileSync(join(userFolder, 'credential.json'), credentialFile(em.url));
		const ctx: N8nContext = {
			install,
			node24,
			userFolder,
			env: n8nEnv(node24, userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
		};
		const port = await freePort();
		const count = () => executionsOf(node24, userFolder, WORKFLOW_ID);
		const settled = async (what: string, expected: number) => {
			const list = await waitFor(what, POLL_WAIT_MS, async () => count(), (l) => l.length >= expected && l.every((e) => e.status !== 'running' && e.status !== 'new'));
			check(list.length === expected, `expected ${expected} executions, n8n has ${list.length}: ${JSON.stringify(list)}`);
			check(list.every((e) => e.status === 'success'), `an execution did not succeed: ${JSON.stringify(list)} (see ${logFile})`);
			return list;
		};

		const ready = await step('import and activate the Trigger → If → Agree / Reject workflow, n8n start: the activation poll emits nothing', async () => {
			// The user credential, connected through the emulator's consent page and code exchange.
			const user = await userCredentialFile(em, { id: 'cli_demo', secret: APP_SECRET });
			userTokens.push(...user.tokens);
			writeFileSync(join(userFolder, 'user-credential.json'), user.file);
			const activate = (id: string) => (version.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
			for (const args of [
				['import:credentials', `--input=${join(userFolder, 'credential.json')}`],
				['import:credentials', `--input=${join(userFolder, 'user-credential.json')}`],
				['import:workflow', `--input=${WORKFLOW}`],
				['import:workflow', `--input=${AUDIT_WORKFLOW}`],
				activate(WORKFLOW_ID),
				activate(AUDIT_WORKFLOW_ID),
			]) {
				const r = await n8n(ctx, args);
				check(r.code === 0, `n8n ${args[0]} failed (exit ${r.code}):\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`);
			}
			n8nProcess = await RunningN8n.start(ctx, port, logFile);
			const polls = await waitFor('the activation poll', 120_000, async () => queryPolls(await view(em)), (p) => p.length >= 1);
			check(polls[0].body.start_time === undefined, `the activation poll should read where the list stands, sent ${JSON.stringify(polls[0].body)}`);
			await sleep(3000);
			const list = count();
			check(list.length === 0, `the activation poll must not replay history, n8n has ${list.length} executions`);
			return `activation poll sent ${JSON.stringify(polls[0].body)}; 0 executions`;
		});
		if (!ready) return { steps, userFolder };

		await step('3 tasks with the same start time → exactly 1 execution, each task agreed / rejected once', async () => {
			const at = Date.now();
			const fromWang = await arrive(em, { count: 2, initiator: WANG, startTime: at, spacingMs: 0 });
			const fromZhang = await arrive(em, { count: 1, initiator: ZHANG, startTime: at, spacingMs: 0 });
			fromWang.forEach((id) => agreed.add(id));
			acted.push(...fromWang, ...fromZhang);
			await waitFor('3 outcomes', POLL_WAIT_MS, async () => (await view(em)).taskOutcomes, (o) => o.length >= 3);
			const list = await settled('1 execution', 1);
			expectOutcomes((await view(em)).taskOutcomes, acted, agreed);
			return `execution ${list[0].id}: 2 agreed (started by Wang Wu), 1 rejected`;
		});

		await step('60 tasks with one start time (more than a page of 50) → exactly 1 more execution, each once', async () => {
			const before = queryPolls(await view(em)).length;
			const ids = await arrive(em, { count: 60, initiator: WANG, startTime: Date.now(), spacingMs: 0 });
			ids.forEach((id) => agreed.add(id));
			acted.push(...ids);
			await waitFor('63 outcomes', POLL_WAIT_MS, async () => (await view(em)).taskOutcomes, (o) => o.length >= acted.length);
			await settled('2 executions', 2);
			const v = await view(em);
			expectOutcomes(v.taskOutcomes, acted, agreed);
			const pages = queryPolls(v).slice(before).map((r) => r.body.offset);
			return `60 agreed in one execution; the polls since sent offsets ${pages.join(', ')}`;
		});

		const auditRuns = () => executionsOf(node24, userFolder, AUDIT_WORKFLOW_ID, true);
		const auditSettled = async (what: string, expected: number) => {
			const list = await waitFor(what, POLL_WAIT_MS, async () => auditRuns(), (l) => l.length >= expected && l.every((e) => e.status !== 'running' && e.status !== 'new'));
			check(list.length === expected, `expected ${expected} audit executions, n8n has ${list.length}`);
			check(list.every((e) => e.status === 'success'), `an audit execution did not succeed (see ${logFile})`);
			return list;
		};
		let nextLog = 7409900000000000000n;
		const logAudit = async (times: number[]) => {
			const entries = times.map((t) => ({
				log_id: String((nextLog += 1n)),
				op_time: t,
				log_type: '10003',
				namespace: 'demo_app',
				operator: { id: '1790000000000000001', name: 'Ada Admin' },
				op_type: 'delete_record',
				status: 'success',
			}));
			await em.control('seed', { admin: { auditLogs: entries } });
			return entries.map((e) => e.log_id);
		};
		const emittedIds = (run: Execution & { data?: string }, ids: string[]) => ids.filter((id) => run.data?.includes(`"${id}"`));

		await step('audit log (user token): the activation emitted nothing; 3 new entries, 2 in one millisecond → exactly 1 execution with those 3', async () => {
			const polls = await waitFor('the audit activation poll', 120_000, async () => (await view(em)).requests.filter((r) => r.path === AUDIT_PATH), (p) => p.length >= 1);
			check(auditRuns().length === 0, 'the audit activation poll must not replay history');
			check(polls.length >= 1 && polls.every((r) => /^Bearer u-/.test(r.headers.authorization ?? '')), 'the audit trigger did not poll with the user token');
			const at = Date.now() - 1_000;
			const ids = await logAudit([at - 500, at, at]);
			const [run] = await auditSettled('1 audit execution', 1);
			check(emittedIds(run, ids).length === 3, `the audit execution should carry the 3 new entries ${ids.join(', ')}`);
			return `execution ${run.id} with log ids ${ids.join(', ')}`;
		});

		await step('restart: tasks arriving while n8n is down are emitted once at start, nothing is replayed', async () => {
			await n8nProcess?.stop();
			n8nProcess = undefined;
			const ids = await arrive(em, { count: 2, initiator: ZHANG, startTime: Date.now(), spacingMs: 0 });
			acted.push(...ids);
			const auditWhileDown = await logAudit([Date.now() - 200]);
			const before = queryPolls(await view(em)).length;
			n8nProcess = await RunningN8n.start(ctx, port, logFile);
			await waitFor('65 outcomes', POLL_WAIT_MS, async () => (await view(em)).taskOutcomes, (o) => o.length >= acted.length);
			await settled('3 executions', 3);
			// The next scheduled poll after the one at start: nothing new, so nothing may run.
			const atStart = queryPolls(await view(em)).length;
			check(atStart > before, 'n8n did not poll at start');
			await waitFor('the next scheduled poll', POLL_WAIT_MS, async () => queryPolls(await view(em)).length, (n) => n > atStart);
			await sleep(3000);
			await settled('still 3 executions', 3);
			expectOutcomes((await view(em)).taskOutcomes, acted, agreed);
			const audit = await auditSettled('2 audit executions', 2);
			check(emittedIds(audit[1], auditWhileDown).length === 1, 'the audit entry logged while n8n was down was not emitted at start');
			return `2 rejected in one execution at start; the next poll ran nothing; ${acted.length} tasks each acted on once in 3 executions; the audit entry logged meanwhile emitted once (2 audit executions)`;
		});

		await step('no app secret or token in n8n\'s output', async () => {
			const output = readFileSync(logFile, 'utf8');
			const tokens = new Set<string>();
			for (const r of (await view(em)).requests) {
				const m = /^Bearer (\S+)$/.exec(r.headers.authorization ?? '');
				if (m) tokens.add(m[1]);
			}
			check(!output.includes(APP_SECRET), 'the app secret appears in n8n\'s output');
			const leaked = [...tokens, ...userTokens].filter((t) => output.includes(t));
			check(leaked.length === 0, `${leaked.length} token(s) appear in n8n's output`);
			return `${output.length} bytes of output checked against the secret and ${tokens.size} token(s)`;
		});
	} catch (e) {
		steps.push({ name: `set up n8n ${version}`, ok: false, detail: (e as Error).stack ?? String(e), ms: 0 });
	} finally {
		await n8nProcess?.stop();
		await emulator?.stop();
	}
	return { steps, userFolder };
}

async function main(): Promise<number> {
	const started = Date.now();
	const versions = chosenVersions();
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-trigger-pack-'));
	const node24 = await ensureNode24();
	// E2E_N8N_INSTALL_DIR: an n8n already installed elsewhere (one version), instead of the cache.
	const own = process.env.E2E_N8N_INSTALL_DIR;
	const installs = new Map(
		versions.map((v) => [v, own ? Promise.resolve({ version: v, dir: own, bin: join(own, 'node_modules', 'n8n', 'bin', 'n8n') }) : ensureN8n(v, node24)] as const),
	);
	for (const p of installs.values()) p.catch(() => undefined);
	const tgz = await buildAndPack(workDir);

	const report = new Report('trigger');
	for (const version of versions) {
		const vStarted = Date.now();
		log(`n8n ${version}: trigger scenarios (each waits for n8n's next poll, up to a minute)`);
		let result: { steps: StepResult[]; userFolder: string };
		try {
			result = await testVersion(version, await installs.get(version)!, node24, tgz);
		} catch (e) {
			result = { steps: [{ name: `install n8n ${version}`, ok: false, detail: (e as Error).message, ms: 0 }], userFolder: '' };
		}
		report.version(version, result.steps, result.userFolder, vStarted);
	}
	rmSync(workDir, { recursive: true, force: true });
	return report.finish(started);
}

exitWith('trigger', main);
