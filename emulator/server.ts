/**
 * FeishuEmulator: a loopback HTTP server that answers like Feishu Open Platform for the
 * tenant token endpoint, the aPaaS human-task APIs and the ten application-data APIs
 * (object records, OQL, search: an in-memory object store with exact 19-digit ids, see
 * routes/objects.ts and objects/) and the eight application logic and access APIs (flows,
 * functions, environment variables, role and record-permission members: routes/logic.ts and
 * logic/), with knobs for tests.
 * It never writes to stdout/stderr.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AppCredentials, Counters, RouteContext } from './context';
import { ERRORS, newLogId, sendFlatError, type Exchange, type RequestRecord } from './envelope';
import { applyFault, loseAnswer } from './faults';
import { Clock, FaultQueue, parseFault, RateLimiter, type Fault, type RateLimit, type RateWindow } from './knobs';
import { APPROVAL_TASK_PATH, handleApprovalTask, type ApprovalTaskAction } from './routes/approval-tasks';
import { CANCEL_PATH, handleCancel } from './routes/cancel';
import { CONTROL_PREFIX, handleControl } from './routes/control';
import { EventPusher, ROUTES as EVENT_ROUTES } from './events';
import { plainRecord, ObjectStore, type GenerateRecordsOptions, type ObjectSummary } from './objects/store';
import type { OqlRowsAs } from './objects/oql';
import type { ObjectSeed } from './objects/schema';
import { LogicStore, type FlowExecutionRecord, type FunctionInvocationRecord, type LogicSeed } from './logic/store';
import { handleLogicRoute } from './routes/logic';
import { handleObjectRoute } from './routes/objects';
import { handleQuery, QUERY_PATH } from './routes/query';
import { handleToken, TOKEN_PATH } from './routes/token';
import { handleUserTask, USER_TASK_PATH, type UserTaskAction } from './routes/user-tasks';
import { logicSampleData, objectSampleData, sampleData, workflowSampleData } from './sample-data';
import { EmulatorState } from './state';
import { TokenStore } from './tokens';
import type {
	ChatGroupRecord,
	EmulatorInstance,
	EmulatorTask,
	ExpediteRecord,
	GenerateOptions,
	RollbackRecord,
	SeedData,
	TaskOutcomeRecord,
} from './types';

export interface KnobSettings {
	/** Lifetime of newly minted tenant tokens, seconds. Default 7200. */
	tokenLifetimeSeconds: number;
	/** Per-app fixed window, or null (default) for no limit. */
	rateLimit: RateLimit | null;
	/** Delay before answering every (non-control) request, ms. Default 0. */
	latencyMs: number;
	/**
	 * Shape of `rows` in oql_query answers: 'arrays' (default: each row an array of values in
	 * column order) or 'objects' (each row keyed by column). Feishu does not say which it sends.
	 */
	oqlRowsAs: OqlRowsAs;
	/** How long a synchronous run of a 'slow' flow (sample: slow_flow) takes before it answers, ms. Default 0. */
	flowDelayMs: number;
}

export interface EmulatorOptions extends Partial<KnobSettings> {
	/** TCP port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	/** Apps allowed to get tokens. Default: one app `cli_test_app` / `test_secret`. */
	apps?: AppCredentials[];
	/**
	 * Data loaded at start and again on every reset(): 'sample' = sampleData(), the
	 * application data objectSampleData() and the application logic logicSampleData(); 'workflow' = the same plus workflowSampleData() (a
	 * two-step instance with rollback points). SeedData may carry `objects` too. Default: none.
	 */
	seed?: SeedData | 'sample' | 'workflow';
}

export interface CounterSnapshot extends Counters {
	/** The most requests any single rate window served (must never exceed the limit). */
	maxServedInWindow: number;
	windows: RateWindow[];
}

export const DEFAULT_APP: AppCredentials = { appId: 'cli_test_app', appSecret: 'test_secret' };
const DEFAULT_KNOBS: KnobSettings = { tokenLifetimeSeconds: 7200, rateLimit: null, latencyMs: 0, oqlRowsAs: 'arrays', flowDelayMs: 0 };
const OQL_ROW_SHAPES: readonly OqlRowsAs[] = ['arrays', 'objects'];

export class FeishuEmulator {
	readonly url: string;
	readonly port: number;

	private readonly state = new EmulatorState();
	private readonly objects = new ObjectStore();
	private readonly logic = new LogicStore();
	/** Feishu's event pusher: subscription, challenge, pushed events and their retries (events/). */
	readonly events = new EventPusher();
	private readonly tokens = new TokenStore();
	private readonly rate = new RateLimiter();
	private readonly clock = new Clock();
	private readonly faults = new FaultQueue();
	private readonly log: RequestRecord[] = [];
	private readonly counters: Counters = { mints: 0, tokenRequests: 0, served: 0, rateLimited: 0 };
	private readonly knobs: KnobSettings = { ...DEFAULT_KNOBS };
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
	private stopped = false;

	private constructor(
		private readonly server: Server,
		private readonly options: EmulatorOptions,
	) {
		const { port } = server.address() as AddressInfo;
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
	}

	static async start(options: EmulatorOptions = {}): Promise<FeishuEmulator> {
		const server = createServer();
		// Loopback only: the emulator hands out tokens to anyone who asks.
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		const emulator = new FeishuEmulator(server, { ...options, apps: options.apps ?? [DEFAULT_APP] });
		server.on('connection', (socket) => {
			emulator.sockets.add(socket);
			socket.on('close', () => emulator.sockets.delete(socket));
		});
		server.on('request', (req, res) => {
			emulator.handle(req, res).catch(() => {
				// Never print: answer 500 if we still can, else drop the connection.
				if (!res.headersSent) {
					res.statusCode = 500;
					res.end();
				} else res.destroy();
			});
		});
		emulator.reset();
		return emulator;
	}

	/** Closes the server, every keep-alive socket, hanging request and pending latency timer. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		await this.events.stop();
		for (const t of this.timers) {
			clearTimeout(t.timer);
			t.done();
		}
		this.timers.clear();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		await closed;
	}

	// ---- data ---------------------------------------------------------------------------

	/** Adds/replaces users, instances and tasks (by id), and application data (`objects`). */
	seed(data: SeedData): void {
		this.state.seed(data);
		if (data.objects) this.objects.seed(data.objects);
		if (data.logic) this.logic.seed(data.logic);
	}

	/** Loads the deterministic sample dataset, application data included (see sample-data.ts). */
	seedSample(): void {
		this.state.seed(sampleData());
		this.objects.seed(objectSampleData());
		this.logic.seed(logicSampleData());
	}

	/** Loads the sample dataset plus the two-step workflow add-on (see sample-data.ts). */
	seedWorkflowSample(): void {
		this.seedSample();
		this.state.seed(workflowSampleData());
	}

	/**
	 * Defines namespaces and objects (schema) and adds records (replaced by `_id`). Throws a
	 * readable Error on an invalid seed (unknown field, wrong type, missing required field...).
	 */
	seedObjects(seed: ObjectSeed): void {
		this.objects.seed(seed);
	}

	/**
	 * Copies of an object's records by ascending `_id`; `_id`, bigint values and lookup ids as
	 * decimal strings. Throws for an unknown namespace/object.
	 */
	records(namespace: string, objectApiName: string): Array<Record<string, unknown>> {
		const table = this.objects.table(namespace, objectApiName);
		if (!table) throw new Error(`unknown object ${namespace}/${objectApiName}`);
		return table.sorted().map(plainRecord);
	}

	/**
	 * Adds or replaces (by api name) flows, functions, environment variables, roles and record
	 * permissions per namespace; functions and flows take a built-in behaviour by name.
	 */
	seedLogic(seed: LogicSeed): void {
		this.logic.seed(seed);
	}

	/** Every flow run (a repeated idempotent key is not one), oldest first (copies). */
	flowExecutions(): FlowExecutionRecord[] {
		return structuredClone(this.logic.flowExecutions);
	}

	/** Every function invocation (a throwing one included), oldest first (copies). */
	functionInvocations(): FunctionInvocationRecord[] {
		return structuredClone(this.logic.functionInvocations);
	}

	/** A role's members (copies). Throws for an unknown namespace/role. */
	roleMembers(namespace: string, roleApiName: string): { users: string[]; departments: string[] } {
		const role = this.logic.namespace(namespace)?.roles.get(roleApiName);
		if (!role) throw new Error(`unknown role ${namespace}/${roleApiName}`);
		return { users: [...role.users], departments: [...role.departments] };
	}

	/** A record permission's user ids (copy). Throws for an unknown namespace/record permission. */
	recordPermissionMembers(namespace: string, apiName: string): string[] {
		const users = this.logic.namespace(namespace)?.recordPermissions.get(apiName);
		if (!users) throw new Error(`unknown record permission ${namespace}/${apiName}`);
		return [...users];
	}

	/** Roles and record permissions of every namespace, for the control API (copies). */
	accessSummary(): ReturnType<LogicStore['accessSummary']> {
		return this.logic.accessSummary();
	}

	/** Bulk-creates `count` records of an existing object, every required field filled (fast). */
	generateRecords(opts: GenerateRecordsOptions): void {
		this.objects.generate(opts);
	}

	/** Schema and record count of every object, per namespace. */
	objectSummary(): Record<string, Record<string, ObjectSummary>> {
		return this.objects.summary();
	}

	/** Bulk-creates pending tasks (one running instance each), e.g. 20,000 for the benchmark. */
	seedGenerated(opts: GenerateOptions): { instanceIds: string[]; taskIds: string[] } {
		return this.state.seedGenerated(opts);
	}

	/**
	 * Back to the just-started condition: data (re-seeded from options.seed), tokens, faults,
	 * counters, request log, clock and knobs (back to the start options).
	 */
	reset(): void {
		this.state.reset();
		this.objects.reset();
		this.logic.reset();
		this.events.reset();
		const seed = this.options.seed;
		if (seed === 'workflow') this.seedWorkflowSample();
		else if (seed === 'sample') this.seedSample();
		else if (seed) this.seed(seed);
		this.tokens.invalidateAll();
		this.faults.clear();
		this.clock.reset();
		this.rate.clearHistory();
		this.clearLog();
		Object.assign(this.counters, { mints: 0, tokenRequests: 0, served: 0, rateLimited: 0 });
		this.configure({
			tokenLifetimeSeconds: this.options.tokenLifetimeSeconds ?? DEFAULT_KNOBS.tokenLifetimeSeconds,
			rateLimit: this.options.rateLimit ?? DEFAULT_KNOBS.rateLimit,
			latencyMs: this.options.latencyMs ?? DEFAULT_KNOBS.latencyMs,
			oqlRowsAs: this.options.oqlRowsAs ?? DEFAULT_KNOBS.oqlRowsAs,
			flowDelayMs: this.options.flowDelayMs ?? DEFAULT_KNOBS.flowDelayMs,
		});
	}

	instance(instanceId: string): EmulatorInstance | undefined {
		const i = this.state.instances.get(instanceId);
		return i && structuredClone(i);
	}

	task(taskId: string): EmulatorTask | undefined {
		const t = this.state.tasks.get(taskId);
		return t && structuredClone(t);
	}

	/** Deep copy of users, instances, tasks and the task-API records below. */
	snapshot(): ReturnType<EmulatorState['snapshot']> {
		return this.state.snapshot();
	}

	/** Tasks closed by agree / reject / rollback, oldest first (copies). */
	get taskOutcomes(): TaskOutcomeRecord[] {
		return structuredClone(this.state.records.taskOutcomes);
	}

	/** `user_tasks/:id/expediting` calls that succeeded, oldest first (copies). */
	get expedites(): ExpediteRecord[] {
		return structuredClone(this.state.records.expedites);
	}

	/** Chat groups created through `user_tasks/:id/chat_group`, with their members (copies). */
	get chatGroups(): ChatGroupRecord[] {
		return structuredClone(this.state.records.chatGroups);
	}

	/** `user_tasks/:id/rollback` calls that succeeded, oldest first (copies). */
	get rollbacks(): RollbackRecord[] {
		return structuredClone(this.state.records.rollbacks);
	}

	// ---- knobs --------------------------------------------------------------------------

	/** Sets any of the knobs; same fields as `POST /__emulator/knobs`. */
	configure(settings: Partial<KnobSettings>): void {
		if (settings.tokenLifetimeSeconds !== undefined) {
			if (!(settings.tokenLifetimeSeconds > 0)) throw new Error('tokenLifetimeSeconds must be > 0');
			this.knobs.tokenLifetimeSeconds = settings.tokenLifetimeSeconds;
		}
		if (settings.rateLimit !== undefined) {
			this.rate.set(settings.rateLimit);
			this.knobs.rateLimit = this.rate.limit;
		}
		if (settings.latencyMs !== undefined) {
			if (!(settings.latencyMs >= 0)) throw new Error('latencyMs must be >= 0');
			this.knobs.latencyMs = settings.latencyMs;
		}
		if (settings.oqlRowsAs !== undefined) {
			if (!OQL_ROW_SHAPES.includes(settings.oqlRowsAs)) throw new Error('oqlRowsAs must be "arrays" or "objects"');
			this.knobs.oqlRowsAs = settings.oqlRowsAs;
		}
		if (settings.flowDelayMs !== undefined) {
			if (!(settings.flowDelayMs >= 0)) throw new Error('flowDelayMs must be >= 0');
			this.knobs.flowDelayMs = settings.flowDelayMs;
		}
	}

	get settings(): KnobSettings {
		return structuredClone(this.knobs);
	}

	get tokenLifetimeSeconds(): number {
		return this.knobs.tokenLifetimeSeconds;
	}
	set tokenLifetimeSeconds(seconds: number) {
		this.configure({ tokenLifetimeSeconds: seconds });
	}

	get rateLimit(): RateLimit | null {
		return this.knobs.rateLimit && { ...this.knobs.rateLimit };
	}
	set rateLimit(limit: RateLimit | null) {
		this.configure({ rateLimit: limit });
	}

	get latencyMs(): number {
		return this.knobs.latencyMs;
	}
	set latencyMs(ms: number) {
		this.configure({ latencyMs: ms });
	}

	/** Every token issued so far becomes invalid (99991663); the next token call mints anew. */
	invalidateTokens(): void {
		this.tokens.invalidateAll();
	}

	/** Moves the emulator clock forward (token expiry, rate windows) without waiting. */
	advanceClock(ms: number): void {
		this.clock.advance(ms);
	}

	/** The emulator clock, ms since epoch. */
	now(): number {
		return this.clock.now();
	}

	/** Queues one-shot faults for the next matching requests (validated; throws if malformed). */
	addFault(...faults: Fault[]): void {
		for (const f of faults) this.faults.add(parseFault(f));
	}

	clearFaults(): void {
		this.faults.clear();
	}

	pendingFaults(): Array<Fault & { remaining: number }> {
		return this.faults.pending();
	}

	// ---- counters and request log --------------------------------------------------------

	/** Tokens newly minted (reuses not counted). */
	get mints(): number {
		return this.counters.mints;
	}

	/** Calls to the token endpoint. */
	get tokenRequests(): number {
		return this.counters.tokenRequests;
	}

	get stats(): CounterSnapshot {
		return {
			...this.counters,
			maxServedInWindow: this.rate.maxServedInWindow(),
			windows: this.rate.windows.map((w) => ({ ...w })),
		};
	}

	/** Every non-control request that arrived, oldest first (live array; do not mutate). */
	get requests(): readonly RequestRecord[] {
		return this.log;
	}

	clearLog(): void {
		this.log.length = 0;
	}

	// ---- request handling ----------------------------------------------------------------

	private routeContext(): RouteContext {
		return {
			state: this.state,
			tokens: this.tokens,
			rate: this.rate,
			clock: this.clock,
			apps: this.options.apps ?? [DEFAULT_APP],
			tokenLifetimeSeconds: this.knobs.tokenLifetimeSeconds,
			counters: this.counters,
			objects: this.objects,
			oqlRowsAs: this.knobs.oqlRowsAs,
			logic: this.logic,
			flowDelayMs: this.knobs.flowDelayMs,
			wait: (ms) => this.delay(ms).then(() => !this.stopped),
			events: this.events,
		};
	}

	private async handle(req: Exchange['req'], res: Exchange['res']): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		const record: RequestRecord = {
			method: req.method ?? 'GET',
			path,
			query: url.search.replace(/^\?/, ''),
			headers: flattenHeaders(req.headers),
			body: parseBody(rawBody),
			status: 0,
			at: this.clock.now(),
		};
		const ex: Exchange = { req, res, logId: newLogId(), method: record.method, path, rawBody, record, extraHeaders: {} };

		// The control API is for the test harness: no log entry, latency or faults.
		const eventRoute = EVENT_ROUTES.find((r) => r.path === path && r.method === ex.method);
		if (eventRoute) return eventRoute.handle(this.routeContext(), ex, {});
		if (path.startsWith(CONTROL_PREFIX)) return handleControl(this, ex);

		this.log.push(record);
		if (this.knobs.latencyMs > 0) await this.delay(this.knobs.latencyMs);
		if (this.stopped) return;

		// Faults pre-empt processing: a faulted request has no side effects.
		const fault = this.faults.take(path);
		if (fault?.kind === 'loseAnswer') loseAnswer(ex);
		else if (fault) return applyFault(fault, ex);

		const ctx = this.routeContext();
		if (path === TOKEN_PATH && ex.method === 'POST') return handleToken(ctx, ex);
		if (path === QUERY_PATH && ex.method === 'POST') return handleQuery(ctx, ex);
		const cancel = CANCEL_PATH.exec(path);
		if (cancel && ex.method === 'POST') return handleCancel(ctx, ex, cancel[1]);
		const approvalTask = APPROVAL_TASK_PATH.exec(path);
		if (approvalTask && ex.method === 'POST') {
			return handleApprovalTask(ctx, ex, approvalTask[1], approvalTask[2] as ApprovalTaskAction);
		}
		const userTask = USER_TASK_PATH.exec(path);
		if (userTask && ex.method === 'POST') return handleUserTask(ctx, ex, userTask[1], userTask[2] as UserTaskAction);
		if (handleObjectRoute(ctx, ex)) return;
		if (await handleLogicRoute(ctx, ex)) return;
		// ASSUMPTION: a wrong method on a known path is answered like an unknown path.
		sendFlatError(ex, ERRORS.notFound);
	}

	/** A delay that stop() can cut short, so jest never waits on a latency timer. */
	private delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.timers.delete(entry);
					resolve();
				}, ms),
				done: resolve,
			};
			this.timers.add(entry);
		});
	}
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

function parseBody(raw: string): unknown {
	if (raw === '') return '';
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}
