/**
 * What the end-to-end test proves in one real n8n version, each step a `n8n execute` of an
 * example workflow (Manual Trigger → Query User Tasks → Cancel Approval Instance; and
 * Execute OQL → Create records → Get Many) against the emulator, with the emulator's own record
 * as the witness.
 */
import { join } from 'node:path';

import { REPO, type EmulatorProcess, type EmulatorState } from './emulator';
import { n8n, nodeItems, parseRawOutput, type CommandResult, type N8nContext, type RawRun } from './n8n';

export const WORKFLOW_ID = 'fApaasQueryCancel';
export const APP_SECRET = 'demo_secret';
/** What the sample data holds for Li Si (1700000000000002): pending approvals he started. */
export const EXPECTED_CANCELLED = ['7100000000000000003', '7100000000000000005'];
const QUERY = 'Query User Tasks';
/** examples/sync-records.workflow.json, and the customers its OQL finds in the sample data. */
const RECORDS_WORKFLOW = join(REPO, 'examples', 'sync-records.workflow.json');
const RECORDS_WORKFLOW_ID = 'fApaasSyncRecords';
const BIG_CUSTOMERS = ['1790000000000000001', '1790000000000000002'];
/** The rest of the record endpoints, in one chain (an e2e-only workflow). */
const ROUND_TRIP_WORKFLOW = join(REPO, 'scripts', 'e2e', 'workflows', 'records-round-trip.workflow.json');
const ROUND_TRIP_WORKFLOW_ID = 'fApaasRecordsRoundTrip';
const GAMMA = '1790000000000000003';
/** Flow, function, environment variables, role and record-permission members (an e2e-only workflow). */
const LOGIC_WORKFLOW = join(REPO, 'scripts', 'e2e', 'workflows', 'logic-and-access.workflow.json');
const LOGIC_WORKFLOW_ID = 'fApaasLogicAccess';
const EPSILON = '1790000000000000005';
const CANCEL = 'Cancel Approval Instance';

export interface StepResult {
	name: string;
	ok: boolean;
	detail: string;
	ms: number;
}

export class AssertionFailed extends Error {}

function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new AssertionFailed(message);
}

/** Everything n8n printed, to search for leaked secrets at the end. */
export class OutputLog {
	readonly chunks: Array<{ label: string; text: string }> = [];
	add(label: string, r: CommandResult): void {
		this.chunks.push({ label: `${label} stdout`, text: r.stdout }, { label: `${label} stderr`, text: r.stderr });
	}
}

/**
 * `n8n execute` finished the run: exit 0, or — seen only under heavy CPU load, in n8n's native code
 * while the process shuts down — a crash by signal after the complete run JSON was printed. The
 * run's own result is then judged from that JSON and the emulator, like any other run.
 */
function ranToTheEnd(r: CommandResult): boolean {
	return r.code === 0 || (r.code === null && r.signal !== null && parseRawOutput(r.stdout) !== undefined);
}

function tail(r: CommandResult, n = 1500): string {
	return `exit ${r.code ?? r.signal}\n--- stdout (end) ---\n${r.stdout.slice(-n)}\n--- stderr (end) ---\n${r.stderr.slice(-n)}`;
}

function tokensSeen(state: EmulatorState): string[] {
	const tokens = new Set<string>();
	for (const r of state.requests) {
		const m = /^Bearer (\S+)$/.exec(r.headers.authorization ?? '');
		if (m) tokens.add(m[1]);
	}
	return [...tokens];
}

function isTokenCall(path: string): boolean {
	return path.includes('/auth/v3/tenant_access_token');
}

async function execute(ctx: N8nContext, outputs: OutputLog, label: string, workflowId = WORKFLOW_ID): Promise<CommandResult> {
	const r = await n8n(ctx, ['execute', `--id=${workflowId}`, '--rawOutput']);
	outputs.add(label, r);
	return r;
}

/** Runs a workflow that must finish, and returns its run JSON. */
async function executeToTheEnd(ctx: N8nContext, outputs: OutputLog, label: string, workflowId: string): Promise<RawRun> {
	const r = await execute(ctx, outputs, label, workflowId);
	check(ranToTheEnd(r), `n8n execute failed\n${tail(r)}`);
	const raw = parseRawOutput(r.stdout);
	check(raw, `no run JSON in the output of n8n execute\n${tail(r)}`);
	return raw;
}

/** A successful run: Query returned the expected tasks, Cancel cancelled exactly those instances. */
async function expectSuccessfulRun(r: CommandResult, emulator: EmulatorProcess): Promise<string> {
	check(ranToTheEnd(r), `n8n execute failed\n${tail(r)}`);
	const raw = parseRawOutput(r.stdout);
	check(raw, `no run JSON in the output of n8n execute\n${tail(r)}`);
	const tasks = nodeItems(raw, QUERY);
	const queried = tasks.map((t) => (t.workflow_instance as { id?: string } | undefined)?.id).sort();
	check(
		JSON.stringify(queried) === JSON.stringify(EXPECTED_CANCELLED),
		`Query User Tasks output: expected tasks of instances ${EXPECTED_CANCELLED.join(', ')}, got ${JSON.stringify(queried)}`,
	);
	const cancelled = nodeItems(raw, CANCEL);
	const ids = cancelled.map((c) => String(c.approval_instance_id)).sort();
	check(
		cancelled.every((c) => c.success === true) && JSON.stringify(ids) === JSON.stringify(EXPECTED_CANCELLED),
		`Cancel Approval Instance output: expected success for ${EXPECTED_CANCELLED.join(', ')}, got ${JSON.stringify(cancelled)}`,
	);
	const state = await emulator.state();
	const nowCancelled = state.instances
		.filter((i) => i.status === 'cancelled')
		.map((i) => i.instanceId)
		.sort();
	check(
		JSON.stringify(nowCancelled) === JSON.stringify(EXPECTED_CANCELLED),
		`emulator: expected exactly ${EXPECTED_CANCELLED.join(', ')} cancelled, found ${JSON.stringify(nowCancelled)}`,
	);
	return `${tasks.length} tasks queried, ${nowCancelled.length} instances cancelled`;
}

function tokenCalls(state: EmulatorState): number {
	return state.requests.filter((r) => isTokenCall(r.path)).length;
}

/** Sample data back (instances running again), request log and faults cleared; tokens kept. */
async function reseed(emulator: EmulatorProcess): Promise<void> {
	await emulator.control('faults', { clear: true });
	await emulator.control('seed', { preset: 'sample' });
	await emulator.control('clear-log');
}

export async function runScenarios(
	ctx: N8nContext,
	emulator: EmulatorProcess,
	outputs: OutputLog,
	workflowFile: string,
): Promise<StepResult[]> {
	const results: StepResult[] = [];
	const allTokens = new Set<string>();
	const step = async (name: string, fn: () => Promise<string>) => {
		const started = Date.now();
		try {
			const detail = await fn();
			results.push({ name, ok: true, detail, ms: Date.now() - started });
		} catch (e) {
			const detail = e instanceof Error ? (e instanceof AssertionFailed ? e.message : (e.stack ?? e.message)) : String(e);
			results.push({ name, ok: false, detail, ms: Date.now() - started });
		}
		try {
			for (const t of tokensSeen(await emulator.state())) allTokens.add(t);
		} catch {
			// the emulator's state is only needed for the leak check
		}
	};

	await step('import credential and workflow', async () => {
		const cred = await n8n(ctx, ['import:credentials', `--input=${ctx.userFolder}/credential.json`]);
		outputs.add('import:credentials', cred);
		check(cred.code === 0, `n8n import:credentials failed\n${tail(cred)}`);
		for (const file of [workflowFile, RECORDS_WORKFLOW, ROUND_TRIP_WORKFLOW, LOGIC_WORKFLOW]) {
			const wf = await n8n(ctx, ['import:workflow', `--input=${file}`]);
			outputs.add('import:workflow', wf);
			check(wf.code === 0, `n8n import:workflow ${file} failed\n${tail(wf)}`);
		}
		return 'imported';
	});

	await step('query and cancel, one token mint', async () => {
		await emulator.control('reset');
		const r = await execute(ctx, outputs, 'run 1');
		const what = await expectSuccessfulRun(r, emulator);
		const state = await emulator.state();
		check(
			state.counters.mints === 1 && tokenCalls(state) === 1,
			`expected exactly 1 token request, got ${tokenCalls(state)} (mints ${state.counters.mints})`,
		);
		return `${what}, 1 token minted`;
	});

	await step('token invalidated by Feishu (400 / 99991663): re-mint once and succeed', async () => {
		// reset(): every issued token stops working, the sample data is back.
		await emulator.control('reset');
		const r = await execute(ctx, outputs, 'run 2');
		const what = await expectSuccessfulRun(r, emulator);
		const state = await emulator.state();
		const rejected = state.requests.filter((q) => !isTokenCall(q.path) && q.status === 400);
		check(rejected.length === 1, `expected 1 request rejected for the stale token (HTTP 400), got ${rejected.length}`);
		check(tokenCalls(state) === 1, `expected exactly 1 re-mint, got ${tokenCalls(state)} token requests`);
		return `${what}, stale token rejected once, 1 re-mint`;
	});

	await step('next execution reuses the token stored in the credential: 0 mints', async () => {
		await reseed(emulator);
		const r = await execute(ctx, outputs, 'run 3');
		const what = await expectSuccessfulRun(r, emulator);
		const state = await emulator.state();
		check(tokenCalls(state) === 0, `expected 0 token requests, got ${tokenCalls(state)}`);
		return `${what}, 0 token requests`;
	});

	await step("Feishu error on cancel is surfaced with Feishu's message and log id", async () => {
		await reseed(emulator);
		await emulator.control('faults', {
			kind: 'feishuError',
			path: '/cancel',
			code: 2320001,
			msg: 'param is invalid',
			status: 400,
		});
		const r = await execute(ctx, outputs, 'run 4 (fault)');
		// Not exit 0. (Once, under heavy CPU load, n8n 1.123 ended by a signal after printing the
		// error; that still is a failed execution, so only exit 0 is refused.)
		check(r.code !== 0, `expected n8n execute to fail, it exited 0\n${tail(r)}`);
		const raw = parseRawOutput(r.stdout);
		check(raw?.status === undefined || raw.status === 'error', `expected the run's status "error", got ${raw?.status}`);
		const all = r.stdout + r.stderr;
		check(all.includes('Feishu error 2320001: param is invalid'), `Feishu's message missing from the output\n${tail(r)}`);
		const state = await emulator.state();
		const cancelCall = state.requests.find((q) => q.path.includes('/cancel') && q.status === 400);
		check(cancelCall, 'the emulator saw no failing cancel request');
		check(/log_?id/i.test(all), `no log id in the output\n${tail(r)}`);
		return `exit ${r.code ?? r.signal}, "Feishu error 2320001: param is invalid" + log id reported`;
	});

	await step('records: Execute OQL → Create (one batch, lookup ids exact) → Get Many', async () => {
		await emulator.control('reset');
		const raw = await executeToTheEnd(ctx, outputs, 'records run', RECORDS_WORKFLOW_ID);
		const customers = nodeItems(raw, 'Big Customers').map((c) => c._id);
		check(
			JSON.stringify(customers) === JSON.stringify(BIG_CUSTOMERS),
			`Execute OQL output: expected customers ${BIG_CUSTOMERS.join(', ')} (exact 19-digit ids), got ${JSON.stringify(customers)}`,
		);
		const created = nodeItems(raw, 'Create Follow-up Orders');
		const createdIds = created.map((o) => o._id);
		check(
			created.length === 2 && createdIds.every((id) => typeof id === 'string' && /^\d{19}$/.test(id)),
			`Create output: expected 2 records with 19-digit string ids, got ${JSON.stringify(created)}`,
		);
		const state = await emulator.state();
		const batches = state.requests.filter((q) => q.path.endsWith('/records/batch_create'));
		check(batches.length === 1, `expected 1 batch_create request, got ${batches.length}`);
		const stored = (await emulator.control('records?namespace=demo_app&object=order', undefined, 'GET')) as {
			records: Array<{ _id: string; customer?: { _id: string } }>;
		};
		const lookups = stored.records.filter((o) => createdIds.includes(o._id)).map((o) => o.customer?._id);
		check(
			JSON.stringify(lookups) === JSON.stringify(BIG_CUSTOMERS),
			`emulator: the new orders should point at ${BIG_CUSTOMERS.join(', ')}, found ${JSON.stringify(lookups)}`,
		);
		const read = nodeItems(raw, 'Orders Now').map((o) => o._id);
		check(read.length === 5 && createdIds.every((id) => read.includes(id)), `Get Many output: expected 5 orders incl. the new ones, got ${JSON.stringify(read)}`);
		return `2 big customers read by OQL, 2 orders created in 1 batch request with exact lookup ids, ${read.length} orders read back`;
	});

	await step('records: Search → Get → Update (batch, single) → Create (single) → Delete (single, batch)', async () => {
		await emulator.control('reset');
		const raw = await executeToTheEnd(ctx, outputs, 'records round trip', ROUND_TRIP_WORKFLOW_ID);
		const got = nodeItems(raw, 'Get');
		check(got.length === 1 && got[0]._id === GAMMA && got[0].name === 'Gamma GmbH', `Get output: expected Gamma GmbH ${GAMMA}, got ${JSON.stringify(got)}`);
		const created = nodeItems(raw, 'Create One');
		const deleted = nodeItems(raw, 'Delete One');
		check(created.length === 1 && deleted[0]?._id === created[0]._id, `Create One → Delete One: ${JSON.stringify({ created, deleted })}`);
		const customers = ((await emulator.control('records?namespace=demo_app&object=customer', undefined, 'GET')) as { records: Array<Record<string, unknown>> }).records;
		const gamma = customers.find((c) => c._id === GAMMA);
		check(gamma?.amount === 77 && gamma.active === true, `emulator: Gamma should have amount 77 and active true, has ${JSON.stringify(gamma)}`);
		check(!customers.some((c) => c._id === EPSILON), `emulator: ${EPSILON} should be deleted`);
		const orders = ((await emulator.control('records?namespace=demo_app&object=order', undefined, 'GET')) as { records: Array<Record<string, unknown>> }).records;
		check(orders.length === 3, `emulator: the temporary order should be gone, ${orders.length} orders left`);
		const state = await emulator.state();
		const endpoints = state.requests
			// Answered requests only: after the reset the first one meets the stale token and is re-sent.
			.filter((q) => q.path.includes('/applications/') && q.status === 200)
			.map((q) => `${q.method} ${q.path.replace(/\/\d{19}/g, '/:id').replace(/^.*\/objects\//, '')}`);
		const expected = [
			'POST search',
			'POST customer/records/:id/query',
			'PATCH customer/records/batch_update',
			'PATCH customer/records/:id',
			'POST order/records',
			'DELETE order/records/:id',
			'DELETE customer/records/batch_delete',
		];
		check(JSON.stringify(endpoints) === JSON.stringify(expected), `endpoints called: expected ${expected.join(', ')}, got ${endpoints.join(', ')}`);
		return `${endpoints.length} endpoints, each once: ${endpoints.join(', ')}`;
	});

	await step('logic and access: flow, function, variables, role and record-permission members', async () => {
		await emulator.control('reset');
		const raw = await executeToTheEnd(ctx, outputs, 'logic and access', LOGIC_WORKFLOW_ID);
		const [run] = nodeItems(raw, 'Execute Flow');
		const out = run?.out_params as Record<string, unknown> | undefined;
		check(run?.status === 'end' && out?.order_id === '1790000000000000006' && out?.big === '1790000000000000001', `Execute Flow output: ${JSON.stringify(run)}`);
		const [echoed] = nodeItems(raw, 'Invoke Function');
		check(echoed?.big === '1790000000000000001', `Invoke Function output (echo of out_params, int64 exact): ${JSON.stringify(echoed)}`);
		check(nodeItems(raw, 'Get Variables').length === 7, `Get Variables: expected 7 items, got ${nodeItems(raw, 'Get Variables').length}`);
		const [members] = nodeItems(raw, 'Get Role Members');
		check(JSON.stringify(members?.users) === JSON.stringify(['1700000000000001']), `Get Role Members after add + remove: ${JSON.stringify(members)}`);
		const state = (await emulator.state()) as unknown as EmulatorState & { flowExecutions: unknown[]; functionInvocations: unknown[] };
		check(state.flowExecutions.length === 1 && state.functionInvocations.length === 1, 'emulator: expected one flow run and one function invocation');
		const endpoints = state.requests
			.filter((q) => q.path.includes('/applications/') && q.status === 200)
			.map((q) => `${q.method} ${q.path.replace(/^.*\/applications\/demo_app\//, '')}`);
		const expected = [
			'POST flows/approve_order/execute',
			'POST functions/echo/invoke',
			'GET environment_variables/api_base_url',
			'POST environment_variables/query',
			'POST roles/sales_manager/member/batch_create_authorization',
			'POST roles/sales_manager/member/batch_remove_authorization',
			'GET roles/sales_manager/member',
			'POST record_permissions/vip_customers/member/batch_create_authorization',
			'POST record_permissions/vip_customers/member/batch_remove_authorization',
		];
		check(JSON.stringify(endpoints) === JSON.stringify(expected), `endpoints called: expected ${expected.join(', ')}, got ${endpoints.join(', ')}`);
		return `${endpoints.length} endpoints, each once; flow out_params and function result int64-exact`;
	});

	await step('no secret or token in any output', async () => {
		const leaks: string[] = [];
		check(allTokens.size > 0, 'no token was seen by the emulator, nothing to check against');
		for (const { label, text } of outputs.chunks) {
			if (text.includes(APP_SECRET)) leaks.push(`${label}: app secret`);
			for (const t of allTokens) if (text.includes(t)) leaks.push(`${label}: a tenant token`);
			if (/\bt-[0-9a-f]{40}\b/.test(text)) leaks.push(`${label}: something shaped like a tenant token`);
		}
		check(leaks.length === 0, `leaked: ${[...new Set(leaks)].join('; ')}`);
		return `${outputs.chunks.length} outputs checked against the secret and ${allTokens.size} tokens`;
	});

	return results;
}

export function credentialFile(baseUrl: string): string {
	return JSON.stringify([
		{
			id: 'feishuApaasEmulator',
			name: 'Feishu aPaaS (emulator)',
			type: 'feishuApaasApi',
			data: { appId: 'cli_demo', appSecret: APP_SECRET, domain: 'custom', baseUrl },
		},
	]);
}
