/** What the logic handlers share: the call in flight, its errors and small field readers. */
import type { RouteContext } from '../context';
import { ERRORS, type ErrorSpec } from '../envelope';
import { isJsonObject, tryParseExact, type ExactJson } from '../objects/json-int64';
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
