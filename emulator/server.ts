/**
 * FeishuEmulator: a loopback HTTP server that answers like Feishu Open Platform, with knobs for
 * tests. Every API is a row of a domain's `ROUTES` (routes.ts lists them): the tenant token
 * endpoint (auth/), the eleven human-task APIs (human-tasks/), the ten application-data APIs
 * (objects/: an in-memory object store with exact 19-digit ids) and the nine application logic
 * and access APIs (logic/). This file owns the stores, the knobs and the request pipeline
 * (log, latency, faults, route, gateway); data goes in through seed() (seed.ts).
 * It never writes to stdout/stderr.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AdminRateLimiter } from './admin/gateway';
import { AdminStore } from './admin/store';
import { TokenStore } from './auth/tokens';
import type { AppCredentials, Counters, RouteContext } from './context';
import { CONTROL_PREFIX, handleControl } from './control';
import { EventPusher, EVENTS_CONTROL_PREFIX, handleEventsControl } from './events';
import { ERRORS, newLogId, sendFlatError, type Exchange, type RequestRecord } from './envelope';
import { applyFault, drip, loseAnswer } from './faults';
import { EmulatorState } from './human-tasks/state';
import type {
	ChatGroupRecord,
	EmulatorInstance,
	EmulatorTask,
	ExpediteRecord,
	RollbackRecord,
	TaskOutcomeRecord,
} from './human-tasks/types';
import { Clock, FaultQueue, parseFault, RateLimiter, type Fault, type RateLimit, type RateWindow } from './knobs';
import { LogicStore, type FlowExecutionRecord, type FunctionInvocationRecord } from './logic/store';
import type { OqlRowsAs } from './objects/oql';
import { plainRecord, ObjectStore, type ObjectSummary } from './objects/store';
import { ROUTE_TABLE } from './routes';
import { admit } from './routing';
import { OAuthStore, type OAuthCounters, type OAuthKnobs } from './oauth/store';
import { WorkspaceStore, type RecordChangeListener, type Row } from './workspaces/store';
import { checkSeedKeys, presetSeeds, type Seed, type SeedResult } from './seed';

export interface KnobSettings {
	/** Lifetime of newly minted tenant tokens, seconds. Default 7200. */
	tokenLifetimeSeconds: number;
	/** Per-app fixed window, or null (default) for no limit. */
	rateLimit: RateLimit | null;
	/** Delay before answering every (non-control) request, ms. Default 0. */
	latencyMs: number;
	/**
	 * Extra delay per record a request carries (`records` JSON array or `ids`), ms, on top of latencyMs:
	 * Feishu takes longer for a 500-record batch than for one record. Default 0.
	 * ASSUMPTION: linear in the record count (the bench uses 300 ms + 0.5 ms per record).
	 */
	latencyPerRecordMs: number;
	/**
	 * Shape of `rows` in oql_query answers: 'arrays' (default: each row an array of values in
	 * column order) or 'objects' (each row keyed by column). Feishu does not say which it sends.
	 */
	oqlRowsAs: OqlRowsAs;
	/** How long a synchronous run of a 'slow' flow (sample: slow_flow) takes before it answers, ms. Default 0. */
	flowDelayMs: number;
	/** OAuth: `expires_in` of new user access tokens, seconds. Default 7200. */
	accessTokenLifetimeSeconds: number;
	/** OAuth: `refresh_token_expires_in` of new refresh tokens, seconds. Default 604800. */
	refreshTokenLifetimeSeconds: number;
	/** OAuth: HTTP status of a refused user token (99991677 / 99991668): 400 (default) or 401. */
	userTokenRejectStatus: 400 | 401;
	/**
	 * Rate window of every user-token API per app and API. Default 10 per 1000 ms (documented for
	 * records_batch_update; ASSUMPTION for the others); null = unlimited.
	 */
	userApiRateLimit: RateLimit | null;
}

export interface EmulatorOptions extends Partial<KnobSettings> {
	/** TCP port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	/** Apps allowed to get tokens. Default: one app `cli_test_app` / `test_secret`. */
	apps?: AppCredentials[];
	/**
	 * TEST OPTION, not Feishu behaviour when false: the documented per-second limits of the administration
	 * APIs (apps, logs, seats 1/s and 10/s, metrics) are not enforced, for tests that send hundreds of
	 * requests to one of them (the property suite). Default true. `userApiRateLimit` still applies.
	 */
	documentedAdminLimits?: boolean;
	/**
	 * Data loaded at start and again on every reset(), as seed() takes it, e.g.
	 * `{ preset: 'sample' }` or `{ preset: 'workflow' }` (see seed.ts). Default: none.
	 */
	seed?: Seed;
}

export interface CounterSnapshot extends Counters {
	/** The most requests any single rate window served (must never exceed the limit). */
	maxServedInWindow: number;
	windows: RateWindow[];
}

export const DEFAULT_APP: AppCredentials = { appId: 'cli_test_app', appSecret: 'test_secret' };
const DEFAULT_KNOBS: KnobSettings = {
	tokenLifetimeSeconds: 7200,
	rateLimit: null,
	latencyMs: 0,
	latencyPerRecordMs: 0,
	oqlRowsAs: 'arrays',
	flowDelayMs: 0,
	accessTokenLifetimeSeconds: 7200,
	refreshTokenLifetimeSeconds: 604800,
	userTokenRejectStatus: 400,
	userApiRateLimit: { limit: 10, windowMs: 1000 },
};
const OQL_ROW_SHAPES: readonly OqlRowsAs[] = ['arrays', 'objects'];

export class FeishuEmulator {
	readonly url: string;
	readonly port: number;

	private readonly state = new EmulatorState();
	private readonly objects = new ObjectStore();
	private readonly logic = new LogicStore();
	/** Feishu's event pusher: subscription, challenge, pushed events and their retries (events/). */
	readonly events = new EventPusher();
	private readonly oauth = new OAuthStore();
	private readonly workspaces = new WorkspaceStore();
	private readonly admin = new AdminStore();
	private readonly adminRate: AdminRateLimiter;
	private readonly userApiRate = new RateLimiter();
	private readonly tokens = new TokenStore();
	private readonly rate = new RateLimiter();
	private readonly clock = new Clock();
	private readonly faults = new FaultQueue();
	private readonly log: RequestRecord[] = [];
	/** The route `api` name of each logged request that matched a route (the request log's label). */
	private readonly apiNames = new WeakMap<RequestRecord, string>();
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
		this.adminRate = new AdminRateLimiter(options.documentedAdminLimits !== false);
		// Every row change of the data platform becomes a record_change_v1 to the subscribed URL (if any).
		this.workspaces.onRecordChange((change) => this.events.publishRecordChange(change));
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

	// ---- OAuth and the data platform (issue 19) ------------------------------------------

	/** Copies of a table's rows in storage order; int8 beyond 2^53 as BigInt. Throws for an unknown table. */
	workspaceRecords(workspaceId: string, tableName: string): Row[] {
		const table = this.workspaces.table(workspaceId, tableName);
		if (!table) throw new Error(`unknown table ${workspaceId}/${tableName}`);
		return [...table.rows.values()].map((r) => structuredClone(r));
	}

	/**
	 * Calls `listener` for every row change of the data platform: {workspace, table, type, operator,
	 * before, after} (after = only the changed fields on UPDATE). Survives reset(). Returns the remover.
	 */
	onRecordChange(listener: RecordChangeListener): () => void {
		return this.workspaces.onRecordChange(listener);
	}

	/**
	 * A user_access_token of `userId` for `appId` (default the first app), as the OAuth code exchange
	 * issues it (consent skipped): for tests that need a user token without the browser flow.
	 */
	issueUserToken(userId: string, options: { appId?: string; scopes?: string[] } = {}): string {
		const appId = options.appId ?? (this.options.apps ?? [DEFAULT_APP])[0].appId;
		const now = this.clock.now();
		const code = this.oauth.issueCode({ appId, userId, redirectUri: 'urn:emulator:test', scopes: options.scopes ?? ['offline_access'] }, now);
		const pair = this.oauth.exchangeCode({ appId, code }, now);
		if (typeof pair === 'string') throw new Error(`issueUserToken: ${pair}`);
		return pair.access_token;
	}

	/** The most requests one rate window of an admin API served (e.g. 'seat_assignment.list'). */
	adminMaxServed(api: string): number {
		return this.adminRate.maxServed.get(api as never) ?? 0;
	}

	/** Every user access token issued so far is expired (99991677); refresh tokens keep working. */
	expireUserAccessTokens(): void {
		this.oauth.expireAccessTokens(this.clock.now());
	}

	/** Every refresh token issued so far is expired (as after ~7 days idle). */
	expireRefreshTokens(): void {
		this.oauth.expireRefreshTokens(this.clock.now());
	}

	/** The user revoked the app: every user access token and refresh token is refused. */
	revokeUserTokens(): void {
		this.oauth.revokeAll();
	}

	/** Code exchanges, refreshes and refused refreshes so far, and how many refresh tokens are live. */
	get oauthStats(): OAuthCounters & { liveRefreshTokens: number } {
		return { ...this.oauth.counters, liveRefreshTokens: this.oauth.liveRefreshTokens(this.clock.now()) };
	}

	/**
	 * The one way to add data: one key per domain (see seed.ts), applied in the order preset,
	 * users, humanTasks, objects, logic, oauth, workspaces, admin; everything added or replaced by id. Throws a readable
	 * Error on an invalid seed (unknown key, unknown field, wrong type, missing required field...).
	 */
	seed(data: Seed): SeedResult {
		checkSeedKeys(data);
		const result: SeedResult = { humanTasks: { instanceIds: [], taskIds: [] } };
		// Presets generate nothing, so their results need no merging.
		if (data.preset) for (const part of presetSeeds(data.preset)) this.seed(part);
		if (data.users) this.state.seedUsers(data.users);
		const humanTasks = data.humanTasks;
		if (humanTasks) {
			this.state.seed(humanTasks);
			if (humanTasks.generate) result.humanTasks = this.state.generate(humanTasks.generate);
		}
		const objects = data.objects;
		if (objects) {
			if (objects.namespaces) this.objects.seed({ namespaces: objects.namespaces });
			for (const opts of objects.generate ?? []) this.objects.generate(opts);
		}
		if (data.logic) this.logic.seed(data.logic);
		if (data.oauth) this.oauth.seed(data.oauth);
		if (data.workspaces) this.workspaces.seed(data.workspaces);
		if (data.admin) {
			this.admin.seed(data.admin);
			for (const opts of data.admin.generate ?? []) this.admin.generateLogs(opts);
		}
		return result;
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

	/** Schema and record count of every object, per namespace. */
	objectSummary(): Record<string, Record<string, ObjectSummary>> {
		return this.objects.summary();
	}

	/**
	 * Back to the just-started condition: data (re-seeded from options.seed), tokens, faults,
	 * counters, request log, clock and knobs (back to the start options).
	 */
	reset(): void {
		this.state.reset();
		this.objects.reset();
		this.logic.reset();
		this.oauth.reset();
		this.workspaces.reset();
		this.admin.reset();
		this.adminRate.clear();
		this.events.reset();
		this.userApiRate.clearHistory();
		if (this.options.seed) this.seed(this.options.seed);
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
			accessTokenLifetimeSeconds: this.options.accessTokenLifetimeSeconds ?? DEFAULT_KNOBS.accessTokenLifetimeSeconds,
			refreshTokenLifetimeSeconds: this.options.refreshTokenLifetimeSeconds ?? DEFAULT_KNOBS.refreshTokenLifetimeSeconds,
			userTokenRejectStatus: this.options.userTokenRejectStatus ?? DEFAULT_KNOBS.userTokenRejectStatus,
			userApiRateLimit:
				this.options.userApiRateLimit === undefined ? DEFAULT_KNOBS.userApiRateLimit : this.options.userApiRateLimit,
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
		if (settings.latencyPerRecordMs !== undefined) {
			if (!(settings.latencyPerRecordMs >= 0)) throw new Error('latencyPerRecordMs must be >= 0');
			this.knobs.latencyPerRecordMs = settings.latencyPerRecordMs;
		}
		if (settings.oqlRowsAs !== undefined) {
			if (!OQL_ROW_SHAPES.includes(settings.oqlRowsAs)) throw new Error('oqlRowsAs must be "arrays" or "objects"');
			this.knobs.oqlRowsAs = settings.oqlRowsAs;
		}
		if (settings.flowDelayMs !== undefined) {
			if (!(settings.flowDelayMs >= 0)) throw new Error('flowDelayMs must be >= 0');
			this.knobs.flowDelayMs = settings.flowDelayMs;
		}
		const oauthKnobs: Partial<OAuthKnobs> = {};
		for (const key of ['accessTokenLifetimeSeconds', 'refreshTokenLifetimeSeconds', 'userTokenRejectStatus'] as const) {
			if (settings[key] !== undefined) Object.assign(oauthKnobs, { [key]: settings[key] });
		}
		this.oauth.configure(oauthKnobs);
		Object.assign(this.knobs, oauthKnobs);
		if (settings.userApiRateLimit !== undefined) {
			this.userApiRate.set(settings.userApiRateLimit);
			this.knobs.userApiRateLimit = this.userApiRate.limit;
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

	/** The `api` name of the route a logged request matched (e.g. 'approval_instance.cancel'); undefined for none. */
	apiOf(record: RequestRecord): string | undefined {
		return this.apiNames.get(record);
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
			userTokens: this.oauth,
			oauth: this.oauth,
			workspaces: this.workspaces,
			admin: this.admin,
			adminRate: this.adminRate,
			userApiRate: this.userApiRate,
			wait: (ms) => this.delay(ms).then(() => !this.stopped),
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
		// Not enumerable: the log's shape (what tests compare, what the control API lists) stays as it was.
		Object.defineProperty(record, 'rawBody', { value: rawBody, enumerable: false });
		const ex: Exchange = { req, res, logId: newLogId(), method: record.method, path, rawBody, record, extraHeaders: {} };

		// The control API is for the test harness: no log entry, latency or faults.
		if (path.startsWith(EVENTS_CONTROL_PREFIX) && (await handleEventsControl(this.events, ex))) return;
		if (path.startsWith(CONTROL_PREFIX)) return handleControl(this, ex);

		this.log.push(record);
		const found = ROUTE_TABLE.match(ex.method, path);
		if (found && found !== 'wrongMethod') this.apiNames.set(record, found.route.api);
		const perRecord = this.knobs.latencyPerRecordMs;
		const latency = this.knobs.latencyMs + (perRecord > 0 ? perRecord * recordsCarried(record.body) : 0);
		if (latency > 0) await this.delay(latency);
		if (this.stopped) return;

		// Faults pre-empt processing: a faulted request has no side effects.
		const fault = this.faults.take(path);
		if (fault?.kind === 'loseAnswer') loseAnswer(ex);
		else if (fault?.kind === 'drip') drip(ex, fault);
		else if (fault) return applyFault(fault, ex);

		const ctx = this.routeContext();
		if (found && found !== 'wrongMethod') {
			if (found.route.token !== 'none' && !admit(ctx, ex, found.route)) return;
			return await found.route.handle(ctx, ex, found.params);
		}
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

/** How many records a request carries: the `records` JSON-string array of batch writes, or `ids`. */
function recordsCarried(body: unknown): number {
	if (typeof body !== 'object' || body === null) return 0;
	const { records, ids } = body as { records?: unknown; ids?: unknown };
	if (Array.isArray(ids)) return ids.length;
	if (typeof records !== 'string') return 0;
	try {
		const parsed: unknown = JSON.parse(records);
		return Array.isArray(parsed) ? parsed.length : 0;
	} catch {
		return 0;
	}
}
