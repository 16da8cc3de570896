/**
 * The HTTP control API under /__emulator/, so a test harness or benchmark in another
 * process can drive the knobs. Not part of Feishu; never logged, delayed or faulted.
 *
 *   GET  /__emulator/state      users, instances, tasks, taskOutcomes, expedites, chatGroups,
 *                               rollbacks, objects (schema + record count per namespace/object),
 *                               flowExecutions, functionInvocations, roles and recordPermissions
 *                               (members per namespace and api name),
 *                               counters, knobs, faults, request log (each entry with its route's `api` name)
 *   GET  /__emulator/records?namespace=N&object=O
 *                               {records}: that object's records by ascending _id, ids as strings
 *   POST /__emulator/reset      reset()
 *   POST /__emulator/seed       Seed, as emulator.seed() takes it (seed.ts): {preset?, users?, humanTasks?,
 *                               objects?, logic?, oauth?, workspaces?} -> {ok, humanTasks: {instanceIds, taskIds}}
 *                               (the body is parsed exactly: 19-digit numbers keep their digits)
 *   POST /__emulator/knobs      {tokenLifetimeSeconds?, rateLimit?, latencyMs?, latencyPerRecordMs?, oqlRowsAs?, flowDelayMs?,
 *                                invalidateTokens?: true, advanceClockMs?: number}
 *   POST /__emulator/faults     Fault | Fault[] | {clear:true}
 *   POST /__emulator/clear-log  clearLog()
 *   POST /__emulator/tasks      ArrivalOptions: new tasks arrive (see arrivals.ts) -> {taskIds, instanceIds, startTimes}
 *   POST /__emulator/oauth      {expireAccessTokens?: true, expireRefreshTokens?: true, revoke?: true}
 *                               -> {oauth: counters}   (redirect URLs, users, workspaces: /seed {oauth, workspaces})
 *   GET  /__emulator/workspace-records?workspace=W&table=T
 *                               {records}: that table's rows; the JSON is written exactly (19-digit int8 kept)
 */
import { sendJson, sendText, type Exchange, type RequestRecord } from './envelope';
import { addArrivingTasks, type ArrivalOptions } from './human-tasks/arrivals';
import type { Fault } from './knobs';
import { parseExact, stringifyExact } from './objects/json-int64';
import type { Seed } from './seed';
import type { FeishuEmulator, KnobSettings } from './server';

export const CONTROL_PREFIX = '/__emulator/';

/**
 * The token request carries the app secret (in the body, or HTTP Basic). The state endpoint is readable
 * by any local process, so secrets are masked there (the in-process `requests` log keeps them; its
 * non-enumerable `rawBody` is never listed).
 */
const SECRET_FORM_FIELDS = /((?:^|&)(?:client_secret|refresh_token|code|code_verifier)=)[^&]*/g;
const SECRET_JSON_FIELDS = ['app_secret', 'client_secret', 'refresh_token', 'code', 'code_verifier'];

function redact(entry: RequestRecord): RequestRecord {
	// HTTP Basic client authentication at the token endpoint carries the app secret (base64).
	const auth = entry.headers.authorization;
	const record = typeof auth === 'string' && /^basic\s/i.test(auth) ? { ...entry, headers: { ...entry.headers, authorization: 'Basic ***' } } : entry;
	const body = record.body;
	if (typeof body === 'string') {
		const masked = body.replace(SECRET_FORM_FIELDS, '$1***');
		return masked === body ? record : { ...record, body: masked };
	}
	if (typeof body === 'object' && body !== null && SECRET_JSON_FIELDS.some((k) => k in body)) {
		const masked = { ...(body as Record<string, unknown>) };
		for (const k of SECRET_JSON_FIELDS) if (k in masked) masked[k] = '***';
		return { ...record, body: masked };
	}
	return record;
}

export function handleControl(emulator: FeishuEmulator, ex: Exchange): void {
	const ok = (extra: Record<string, unknown> = {}) => sendJson(ex, 200, { ok: true, ...extra });
	const bad = (error: string) => sendJson(ex, 400, { ok: false, error });
	const name = ex.path.slice(CONTROL_PREFIX.length);

	if (ex.method === 'GET' && name === 'state') {
		return ok({
			...emulator.snapshot(),
			objects: emulator.objectSummary(),
			flowExecutions: emulator.flowExecutions(),
			functionInvocations: emulator.functionInvocations(),
			...emulator.accessSummary(),
			counters: emulator.stats,
			knobs: emulator.settings,
			faults: emulator.pendingFaults(),
			now: emulator.now(),
			oauth: emulator.oauthStats,
			requests: emulator.requests.map((r) => ({ ...redact(r), api: emulator.apiOf(r) })),
		});
	}
	if (ex.method === 'GET' && name === 'workspace-records') {
		const query = new URL(ex.req.url ?? '/', 'http://127.0.0.1').searchParams;
		try {
			const records = emulator.workspaceRecords(query.get('workspace') ?? '', query.get('table') ?? '');
			return sendText(ex, 200, 'application/json; charset=utf-8', stringifyExact({ ok: true, records }));
		} catch (e) {
			return bad(e instanceof Error ? e.message : String(e));
		}
	}
	if (ex.method === 'GET' && name === 'records') {
		const query = new URL(ex.req.url ?? '/', 'http://127.0.0.1').searchParams;
		try {
			return ok({ records: emulator.records(query.get('namespace') ?? '', query.get('object') ?? '') });
		} catch (e) {
			return bad(e instanceof Error ? e.message : String(e));
		}
	}
	if (ex.method !== 'POST') return sendJson(ex, 404, { ok: false, error: 'unknown control endpoint' });

	let body: Record<string, unknown> = {};
	if (ex.rawBody.trim() !== '') {
		try {
			// Seeds may carry 19-digit record ids as bare numbers: parse those exactly.
			body = (name === 'seed' ? parseExact(ex.rawBody) : JSON.parse(ex.rawBody)) as Record<string, unknown>;
		} catch {
			return bad('body must be JSON');
		}
	}
	try {
		switch (name) {
			case 'reset':
				emulator.reset();
				return ok();
			case 'clear-log':
				emulator.clearLog();
				return ok();
			case 'seed':
				return ok({ ...emulator.seed(body as Seed) });
			case 'knobs': {
				const { invalidateTokens, advanceClockMs, ...settings } = body;
				emulator.configure(settings as Partial<KnobSettings>);
				if (invalidateTokens === true) emulator.invalidateTokens();
				if (typeof advanceClockMs === 'number') emulator.advanceClock(advanceClockMs);
				return ok({ knobs: emulator.settings });
			}
			case 'oauth':
				if (body.expireAccessTokens === true) emulator.expireUserAccessTokens();
				if (body.expireRefreshTokens === true) emulator.expireRefreshTokens();
				if (body.revoke === true) emulator.revokeUserTokens();
				return ok({ oauth: emulator.oauthStats });
			case 'tasks':
				return ok({ ...addArrivingTasks(emulator, body as unknown as ArrivalOptions) });
			case 'faults':
				if (body.clear === true) emulator.clearFaults();
				else emulator.addFault(...((Array.isArray(body) ? body : [body]) as Fault[]));
				return ok({ faults: emulator.pendingFaults() });
			default:
				return sendJson(ex, 404, { ok: false, error: 'unknown control endpoint' });
		}
	} catch (e) {
		return bad(e instanceof Error ? e.message : String(e));
	}
}
