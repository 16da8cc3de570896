/**
 * `npm run test:e2e:events`: the Feishu aPaaS Event Trigger inside real, running n8n processes.
 *
 * For every n8n version (E2E_N8N_VERSIONS, default all of versions.ts): the cached Node 24 + n8n of
 * install.ts, a fresh user folder with the packed tarball installed, the emulator on a free port as
 * Feishu's event pusher, a credential with an Encrypt Key and a Verification Token and
 * examples/record-change.workflow.json imported and activated with the n8n CLI (2.x
 * `publish:workflow`, 1.x `update:workflow --active`), then `n8n start` on a free port. The emulator
 * pushes to the production URL; the witnesses are n8n's own execution table (sqlite) and the
 * emulator's delivery log:
 *
 *   1. the encrypted url_verification is answered with the challenge, 0 executions;
 *   2. 50 events, each delivered twice, 10 of them with the first answer lost (so Feishu retries
 *      what n8n already ran) → exactly 50 executions, each event id in exactly one;
 *   3. forged signature, wrong token, stale timestamp, undecryptable body → 401 each, 0 executions;
 *   4. n8n stopped; 10 new events and 10 of the old ones pushed again fail and are retried; n8n
 *      started: exactly 10 more executions, none of the old ids again;
 *   5. a row inserted through the Feishu aPaaS node (Data Record → Create, user token through the
 *      OAuth2 credential) in a second active workflow (Webhook → Create) becomes the emulator's
 *      record_change_v1 to the trigger: exactly one more execution, INSERT on `orders` with the
 *      row's values, its 19-digit int8 exact;
 *   6. neither the Encrypt Key, the Verification Token nor the user's tokens appear in n8n's output.
 *
 * Env: E2E_N8N_VERSIONS=2.40.7,…; E2E_N8N_INSTALL_DIR=<dir> uses the n8n installed in <dir> (one
 * version) instead of the cache. Exit 0 only if all passed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorProcess, freePort, REPO } from './emulator';
import { ensureN8n, ensureNode24, log, type N8nInstall, type Node24 } from './install';
import { installPackage, n8n, n8nEnv, type N8nContext } from './n8n';
import { check, executions, Failed, RunningN8n, sleep, waitFor } from './n8n-process';
import { buildAndPack } from './pack';
import { exitWith, Report } from './report';
import type { StepResult } from './scenarios';
import { ALL_SCOPES } from '../../test/helpers/emulator/oauth';
import { USER_CREDENTIAL_ID, userCredentialFile } from './user-credential';
import { chosenVersions } from './versions';
import { eventCredentialFile } from './event-credential';

const WORKFLOW = join(REPO, 'examples', 'record-change.workflow.json');
/** At most 16 characters: n8n 1.x skips saving the static data of a longer id, and the seen event ids live there. */
const WORKFLOW_ID = 'fApaasRecChange';
const WEBHOOK_ID = '3d9b7f1e-6c2a-4e8b-a5d4-c7f0e1b2a3d4';
const ENCRYPT_KEY = 'e2e-encrypt-key-5b7c19d2';
const VERIFICATION_TOKEN = 'e2e-verification-token-a4e0';
const SETTLE_MS = 300_000;
/**
 * Feishu waits 3 s for an answer. On this shared 2-core machine (load often above 10) n8n can take
 * longer, so the emulator waits up to 60 s and the run reports the slowest answer instead.
 */
const ANSWER_TIMEOUT_MS = 60_000;
/** Events are pushed one at a time, this far apart (Feishu pushes as changes happen, not in bursts). */
const PUSH_SPACING_MS = 150;

interface Delivery {
	eventId: string;
	kind: string;
	attempt: number;
	copy: number;
	status: number;
	lost?: boolean;
	forged?: string;
	ms: number;
}


/** The Webhook → Data Record / Create workflow of step 5 (at most 16 characters, as above). */
const INSERT_WORKFLOW_ID = 'fApaasInsertRow';
const INSERT_PATH = 'e2e-insert-row';
const TRIGGER_NODE = 'Feishu aPaaS Event Trigger';
/** A value beyond 2^53 in an int8 column: sent by the node, stored by the emulator, pushed in `after`. */
const BIG = '1790000000000000123';

/** The data-platform table the node writes to (the emulator's `orders` of workspace ws_e2e). */
const ORDERS_SEED = {
	workspaces: [
		{
			id: 'ws_e2e',
			tables: [
				{
					name: 'orders',
					columns: [
						{ name: 'id', data_type: 'int8', is_primary_key: true, is_auto_increment: true },
						{ name: 'sku', data_type: 'text', is_unique: true, is_allow_null: false },
						{ name: 'big', data_type: 'int8' },
						{ name: 'qty', data_type: 'int4', default_value: '1' },
					],
				},
			],
		},
	],
};

function insertWorkflow(): unknown[] {
	return [
		{
			id: INSERT_WORKFLOW_ID,
			name: 'Feishu aPaaS e2e: insert a row (Webhook → Data Record / Create)',
			nodes: [
				{
					id: 'i0',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: '5f0c2a9e-7d41-4b6a-9e3f-1a2b3c4d5e6f',
					parameters: { httpMethod: 'POST', path: INSERT_PATH, responseMode: 'lastNode', options: {} },
				},
				{
					id: 'i1',
					name: 'Create Row',
					type: 'n8n-nodes-feishu-apaas.feishuApaas',
					typeVersion: 1,
					position: [240, 0],
					parameters: {
						authentication: 'userToken',
						resource: 'dataRecord',
						operation: 'create',
						workspaceId: 'ws_e2e',
						tableName: { __rl: true, mode: 'name', value: 'orders' },
						columns: {
							mappingMode: 'defineBelow',
							value: { sku: '={{ $json.body.sku }}', big: '={{ $json.body.big }}', qty: '={{ $json.body.qty }}' },
							matchingColumns: [],
							schema: [],
						},
						options: {},
					},
					credentials: { feishuApaasOAuth2Api: { id: USER_CREDENTIAL_ID, name: 'Feishu aPaaS user (emulator)' } },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Create Row', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		},
	];
}

interface TriggerItem {
	event_id?: string;
	event_type?: string;
	workspace?: string;
	table?: string;
	type?: string;
	before?: unknown;
	after?: Record<string, unknown> | null;
}

/** The trigger's output item in an execution's data (n8n stores it in the `flatted` format, read with n8n's own copy). */
function triggerItem(install: N8nInstall, data: string | undefined): TriggerItem | undefined {
	const { parse } = createRequire(join(install.dir, 'node_modules', 'n8n', 'package.json'))('flatted') as { parse: (text: string) => unknown };
	const run = parse(data ?? '[]') as { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: TriggerItem }>> } }>> } };
	return run?.resultData?.runData?.[TRIGGER_NODE]?.[0]?.data?.main?.[0]?.[0]?.json;
}

/** An inserted row with a 19-digit id (beyond 2^53: the trigger must keep its digits). */
const change = (i: number) => ({ workspace: 'ws_e2e', table: 'orders', type: 'INSERT', after: `{"_id":17900000000000${String(i).padStart(5, '0')},"n":${i}}` });

async function deliveries(em: EmulatorProcess): Promise<{ deliveries: Delivery[]; pending: number }> {
	return (await em.control('events/deliveries', undefined, 'GET')) as { deliveries: Delivery[]; pending: number };
}

async function testVersion(version: string, install: N8nInstall, node24: Node24, tgz: string): Promise<{ steps: StepResult[]; userFolder: string }> {
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-events-${version}-`));
	const logFile = join(userFolder, 'n8n-start.log');
	const steps: StepResult[] = [];
	let emulator: EmulatorProcess | undefined;
	let n8nProcess: RunningN8n | undefined;
	const userTokens: string[] = [];
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
	try {
		await installPackage(tgz, userFolder, node24, join(userFolder, 'install-package.log'));
		emulator = await EmulatorProcess.start(await freePort());
		const em = emulator;
		writeFileSync(join(userFolder, 'credential.json'), eventCredentialFile(em.url, { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN }));
		const ctx: N8nContext = { install, node24, userFolder, env: n8nEnv(node24, userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }) };
		const port = await freePort();
		const url = `http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}`;
		const list = () => executions(node24, userFolder, WORKFLOW_ID, true);
		const subscribe = (retryScheduleMs: number[]) =>
			em.control('events/subscription', { url, encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, appId: 'cli_demo', tenantKey: 'tenant_e2e', retryScheduleMs, answerTimeoutMs: ANSWER_TIMEOUT_MS });
		/**
		 * n8n answers /healthz before it registers the active workflows' webhooks: 404, 503, or — n8n 2.x while its
		 * migrations run — 200 "n8n is starting up. Please wait" to every path. Probe until the trigger itself
		 * refuses the empty POST (401).
		 */
		const registered = async () =>
			await waitFor(
				'the production webhook to be registered (the trigger refusing an empty POST with 401)',
				SETTLE_MS,
				async () => await fetch(url, { method: 'POST', body: '' }).then((r) => r.status, () => 0),
				(s) => s === 401,
			);
		const idle = async () => await waitFor('the emulator to finish delivering', SETTLE_MS, async () => (await deliveries(em)).pending, (p) => p === 0);
		/** Waits for `expected` finished executions, then checks each id is in exactly one. */
		const settled = async (expected: number, ids: string[]) => {
			const rows = await waitFor(`${expected} executions`, SETTLE_MS, async () => list(), (l) => l.length >= expected && l.every((e) => e.status !== 'running' && e.status !== 'new'));
			await sleep(3000);
			const again = list();
			check(again.length === expected, `expected ${expected} executions, n8n has ${again.length}`);
			check(again.every((e) => e.status === 'success'), `an execution did not succeed: ${JSON.stringify(again.map((e) => [e.id, e.status]))} (see ${logFile})`);
			const counts = ids.map((id) => again.filter((e) => (e.data ?? '').includes(id)).length);
			const wrong = ids.filter((_, i) => counts[i] !== 1);
			check(wrong.length === 0, `event ids not in exactly one execution: ${wrong.slice(0, 5).join(', ')} (counts ${counts.filter((c) => c !== 1).slice(0, 5).join(', ')})`);
			return rows;
		};

		const ready = await step('import, activate and start n8n; the encrypted url_verification is answered with the challenge', async () => {
			// The user credential of step 5: connected through the emulator's consent page and code exchange
			// (what n8n's "Connect" does), stored as n8n stores it after a connect (oauthTokenData).
			await em.control('seed', ORDERS_SEED);
			const user = await userCredentialFile(em, { id: 'cli_demo', secret: 'demo_secret' }, ALL_SCOPES);
			userTokens.push(...user.tokens);
			writeFileSync(join(userFolder, 'user-credential.json'), user.file);
			writeFileSync(join(userFolder, 'insert-workflow.json'), JSON.stringify(insertWorkflow()));
			const activate = (id: string) => (version.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
			for (const args of [
				['import:credentials', `--input=${join(userFolder, 'credential.json')}`],
				['import:credentials', `--input=${join(userFolder, 'user-credential.json')}`],
				['import:workflow', `--input=${WORKFLOW}`],
				['import:workflow', `--input=${join(userFolder, 'insert-workflow.json')}`],
				activate(WORKFLOW_ID),
				activate(INSERT_WORKFLOW_ID),
			]) {
				const r = await n8n(ctx, args);
				check(r.code === 0, `n8n ${args[0]} failed (exit ${r.code}):\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`);
			}
			n8nProcess = await RunningN8n.start(ctx, port, logFile);
			await registered();
			// Feishu's schedule is 15 s, 5 min, 1 h, 6 h; compressed, but long enough to outlast n8n's stalls on a
			// loaded machine (its sqlite pings time out for tens of seconds at load 20).
			await subscribe([2000, 10_000, 30_000, 60_000]);
			const started = Date.now();
			const answer = (await em.control('events/challenge', { encrypt: true })) as { status: number; body: { challenge?: string }; challenge: string };
			const ms = Date.now() - started;
			check(answer.status === 200 && answer.body.challenge === answer.challenge, `challenge answered ${JSON.stringify(answer)}`);
			await sleep(2000);
			check(list().length === 0, 'the challenge started an execution');
			return `challenge answered in ${ms} ms (Feishu allows 1 s); 0 executions`;
		});
		if (!ready) return { steps, userFolder };

		const firstIds: string[] = [];
		await step('50 events, each delivered twice, 10 with the first answer lost (retried) → exactly 50 executions', async () => {
			for (let i = 0; i < 50; i++) {
				const answer = (await em.control('events/record-change', { ...change(i), duplicates: 1, duplicateSpacingMs: 500, ...(i % 5 === 0 ? { loseAnswers: 1 } : {}) })) as { eventId: string };
				firstIds.push(answer.eventId);
				await sleep(PUSH_SPACING_MS);
			}
			await idle();
			const log = (await deliveries(em)).deliveries.filter((d) => d.kind === 'event');
			// A delivery n8n did not answer in time is retried, as Feishu does: each event must end with a 200.
			const unanswered = firstIds.filter((id) => !log.some((d) => d.eventId === id && d.status === 200));
			check(unanswered.length === 0, `events never answered 200: ${unanswered.slice(0, 3).join(', ')}`);
			await settled(50, firstIds);
			const answered = log.filter((d) => d.status !== 0);
			const slowest = Math.max(...answered.map((d) => d.ms));
			const within3s = answered.filter((d) => d.ms <= 3000).length;
			const timedOut = log.filter((d) => d.status === 0).length;
			return `${log.length} deliveries (${log.filter((d) => d.lost).length} answers lost on purpose, ${timedOut} not answered within ${ANSWER_TIMEOUT_MS / 1000} s; all retried); ${within3s} of ${answered.length} answers within 3 s, slowest ${slowest} ms; 50 executions, each event id in one`;
		});

		await step('forged signature, wrong token, stale timestamp, undecryptable body → 401 each, no execution', async () => {
			const before = (await deliveries(em)).deliveries.length;
			for (const forge of ['signature', 'token', 'staleTimestamp', 'undecryptable']) await em.control('events/record-change', { ...change(900), forge });
			await idle();
			const forged = (await deliveries(em)).deliveries.slice(before);
			check(forged.length === 4 && forged.every((d) => d.status === 401), `forged deliveries answered ${JSON.stringify(forged.map((d) => [d.forged, d.status]))}`);
			await sleep(3000);
			check(list().length === 50, `forged deliveries started executions: n8n has ${list().length}`);
			return `4 forged deliveries answered 401; still 50 executions`;
		});

		await step('restart while deliveries are retried: 10 new events and 10 old ones again → exactly 10 more executions', async () => {
			await n8nProcess?.stop();
			n8nProcess = undefined;
			// Retries a minute apart (Feishu: 15 s, 5 min, 1 h, 6 h): n8n takes up to ~2 min to start on this machine.
			await subscribe([60_000, 60_000, 60_000, 60_000]);
			const newIds: string[] = [];
			for (let i = 100; i < 110; i++) {
				newIds.push(((await em.control('events/record-change', change(i))) as { eventId: string }).eventId);
				await sleep(PUSH_SPACING_MS);
			}
			await em.control('events/push', {
				events: firstIds.slice(0, 10).map((eventId, i) => ({ eventId, eventType: 'apaas.workspace.record_change_v1', event: { workspace: 'ws_e2e', table: 'orders', type: 'INSERT', before: null, after: change(i).after } })),
			});
			await sleep(1500);
			const refused = (await deliveries(em)).deliveries.filter((d) => d.status === 0).length;
			check(refused >= 20, `expected the 20 first attempts to fail while n8n is down, ${refused} failed`);
			const restartedAt = Date.now();
			n8nProcess = await RunningN8n.start(ctx, port, logFile);
			const startMs = Date.now() - restartedAt;
			await registered();
			await idle();
			await settled(60, [...firstIds, ...newIds]);
			const log = (await deliveries(em)).deliveries;
			const late = log.filter((d) => d.attempt > 0 && d.status === 200).length;
			return `n8n back after ${Math.round(startMs / 1000)} s; ${late} retried deliveries answered 200; 60 executions, each event id in one (the 10 old ids not run again)`;
		});

		await step('a row inserted through the node (Data Record → Create, user token) arrives as one execution, int64 exact', async () => {
			const before = (await deliveries(em)).deliveries.length;
			// Counted from what n8n has now, so this check stands on its own if an earlier one failed.
			const baseline = list().length;
			const sku = `E2E-EVENT-${Date.now()}`;
			const started = Date.now();
			const res = await fetch(`http://127.0.0.1:${port}/webhook/${INSERT_PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				// `big` as a string: a JSON number this size would be rounded by n8n's body parser before the node saw it.
				body: JSON.stringify({ sku, big: BIG, qty: 3 }),
			});
			const created = (await res.json().catch(() => ({}))) as Record<string, unknown>;
			check(res.status === 200 && typeof created._id === 'string', `the insert workflow answered ${res.status} ${JSON.stringify(created).slice(0, 500)} (see ${logFile})`);
			await idle();
			const pushed = (await deliveries(em)).deliveries.slice(before).filter((d) => d.kind === 'event');
			const ids = [...new Set(pushed.map((d) => d.eventId))];
			check(ids.length === 1 && pushed.every((d) => d.status === 200), `expected one record_change_v1 delivered 200 for the insert, got ${JSON.stringify(pushed.map((d) => [d.eventId, d.status]))}`);
			await settled(baseline + 1, ids);
			const last = list().at(-1);
			const item = triggerItem(install, last?.data);
			check(item !== undefined, `execution ${last?.id}: no trigger output found in its data`);
			check(item.event_id === ids[0] && item.event_type === 'apaas.workspace.record_change_v1', `execution ${last?.id} carries ${item.event_id} / ${item.event_type}, the emulator pushed ${ids[0]}`);
			check(item.type === 'INSERT' && item.table === 'orders' && item.workspace === 'ws_e2e' && item.before === null, `unexpected change: ${JSON.stringify({ type: item.type, table: item.table, workspace: item.workspace, before: item.before })}`);
			const after = item.after ?? {};
			check(after._id === created._id && after.sku === sku && after.qty === 3, `after does not hold the inserted row: ${JSON.stringify(after)} (created ${JSON.stringify(created)})`);
			check(after.big === BIG, `the int8 ${BIG} came out as ${JSON.stringify(after.big)}`);
			return `row ${String(created._id)} inserted by the node; 1 event (${ids[0]}) delivered ${pushed.length}×, 200; execution ${last?.id} (${baseline + 1} in all): INSERT on orders, after.big = "${String(after.big)}" exact, ${Math.round((Date.now() - started) / 1000)} s from the insert`;
		});

		await step('no Encrypt Key, Verification Token or user token in n8n\'s output', async () => {
			const output = readFileSync(logFile, 'utf8');
			check(!output.includes(ENCRYPT_KEY), 'the Encrypt Key appears in n8n\'s output');
			check(!output.includes(VERIFICATION_TOKEN), 'the Verification Token appears in n8n\'s output');
			check(userTokens.length === 2 && userTokens.every((t) => !output.includes(t)), 'a user access or refresh token appears in n8n\'s output');
			return `${output.length} bytes of output checked`;
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
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-events-pack-'));
	const node24 = await ensureNode24();
	const own = process.env.E2E_N8N_INSTALL_DIR;
	const installs = new Map(
		versions.map((v) => [v, own ? Promise.resolve({ version: v, dir: own, bin: join(own, 'node_modules', 'n8n', 'bin', 'n8n') }) : ensureN8n(v, node24)] as const),
	);
	for (const p of installs.values()) p.catch(() => undefined);
	const tgz = await buildAndPack(workDir);

	const report = new Report('events');
	for (const version of versions) {
		const vStarted = Date.now();
		log(`n8n ${version}: event trigger scenarios`);
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

exitWith('events', main);
