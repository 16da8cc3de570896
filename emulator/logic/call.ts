/**
 * What the logic handlers share: opening the call (body, namespace, path name), its errors and
 * small field readers.
 *
 * ASSUMPTION: every refused request (unknown namespace or name, bad field) is 400 / 2320001 with a
 * msg that names the problem ("param is invalid: ..."), like the object routes.
 */
import { jsonObjectBody } from '../body';
import type { RouteContext } from '../context';
import { ERRORS, METHOD_IDS, sendError, sendSuccess, type ErrorSpec, type Exchange } from '../envelope';
import { isJsonObject, tryParseExact, type ExactJson } from '../objects/json-int64';
import type { Route } from '../routing';
import type { NamespaceLogic } from './store';

export interface LogicCall {
	ctx: RouteContext;
	appId: string;
	namespace: string;
	/** The namespace's logic; an empty one when the namespace only has objects. */
	logic: NamespaceLogic;
	/** The decoded path name (flow, function, variable, role or record permission), if any. */
	name: string;
	body: Record<string, unknown>;
	query: URLSearchParams;
}

/** A request the emulator refuses: answered with `spec` (msg extended by `detail`). */
export class LogicError extends Error {
	constructor(
		readonly spec: ErrorSpec,
		detail?: string,
	) {
		super(detail === undefined ? spec.msg : `${spec.msg}: ${detail}`);
	}
}

/** 400 / 2320001 "param is invalid: <detail>". */
export function invalid(detail: string): LogicError {
	return new LogicError(ERRORS.paramInvalid, detail);
}

/**
 * An optional `params` field: a JSON string of an object, parsed exactly (int64s beyond 2^53
 * become BigInts). undefined when absent (or null).
 */
export function paramsField(body: Record<string, unknown>): { parsed: { [key: string]: ExactJson }; raw: string } | undefined {
	const raw = body.params;
	if (raw === undefined || raw === null) return undefined;
	const parsed = typeof raw === 'string' ? tryParseExact(raw) : undefined;
	if (!isJsonObject(parsed)) throw invalid('params must be a JSON string of an object');
	return { parsed, raw: raw as string };
}

/** ExactJson as plain data: BigInts as decimal strings (for records and the control API). */
export function plain(v: ExactJson): unknown {
	if (typeof v === 'bigint') return v.toString();
	if (Array.isArray(v)) return v.map(plain);
	if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
	return v;
}

/** An optional array of strings; undefined when absent (or null). */
export function optionalStringArray(body: Record<string, unknown>, name: string): string[] | undefined {
	const v = body[name];
	if (v === undefined || v === null) return undefined;
	if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw invalid(`${name} must be an array of strings`);
	return v as string[];
}

/** An optional boolean query parameter ("true" / "false"); false when absent. */
export function booleanQuery(query: URLSearchParams, name: string): boolean {
	const v = query.get(name);
	if (v === null) return false;
	// ASSUMPTION: anything but "true" / "false" is a parameter error.
	if (v !== 'true' && v !== 'false') throw invalid(`${name} must be true or false`);
	return v === 'true';
}

const EMPTY_LOGIC = (): NamespaceLogic => ({
	flows: new Map(),
	functions: new Map(),
	envVars: new Map(),
	roles: new Map(),
	recordPermissions: new Map(),
});

/**
 * The handler of one logic API: `run` gets the opened call and answers its data (null when it
 * answered itself). `nameParam` is the route's path parameter that names the flow, function,
 * variable, role or record permission (none for environment_variables/query). The gateway has
 * checked the token and the rate limit.
 */
export function logicHandler(
	methodId: (typeof METHOD_IDS)[keyof typeof METHOD_IDS],
	nameParam: string | null,
	run: (call: LogicCall) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>,
): Route['handle'] {
	return async (ctx, ex, params) => {
		const body = openBody(ex, methodId);
		if (!body) return;
		try {
			const namespace = params.namespace;
			// ASSUMPTION: a namespace is known when it has logic or application objects; one with objects
			// only has no flows, functions, variables, roles or record permissions.
			const logic = ctx.logic.namespace(namespace) ?? (ctx.objects.hasNamespace(namespace) ? EMPTY_LOGIC() : undefined);
			if (!logic) throw invalid(`unknown namespace "${namespace}"`);
			const query = new URL(ex.req.url ?? '/', 'http://127.0.0.1').searchParams;
			const name = nameParam === null ? '' : params[nameParam];
			const data = await run({ ctx, appId: ex.caller?.appId ?? '', namespace, logic, name, body, query });
			if (data) sendSuccess(ex, data);
		} catch (e) {
			if (e instanceof LogicError) sendError(ex, { ...e.spec, msg: e.message }, methodId);
			else throw e;
		}
	};
}

/**
 * GETs carry no body. ASSUMPTION: an empty POST body is an empty object (the SDK's `data` is
 * optional for every POST here except execute, whose missing operator is refused anyway).
 * null after answering 2320001 for a body that is not a JSON object.
 */
function openBody(ex: Exchange, methodId: string): Record<string, unknown> | null {
	if (ex.method !== 'POST' || ex.rawBody.trim() === '') return {};
	return jsonObjectBody(ex, methodId);
}
