/**
 * Property-based suite (issue 17): for every catalog row of the tenant-token credential (see
 * TENANT_ROWS), generated values for every parameter —
 * unicode, whitespace, path separators, `..`, `?#&%`, huge strings, numbers beyond 2^53 and int64, NaN
 * and ±Infinity, objects and lists where strings are expected, empty — through n8n's engine against
 * the emulator. Every generated case is one input item whose parameters are expressions reading it
 * (`={{ $json.p["<param>"] }}`), so one workflow run checks hundreds of cases.
 *
 * Invariants, per run under Continue On Fail:
 * - the run never crashes (no node or workflow error);
 * - every input item is answered, in order, each output paired with its input;
 * - an invalid value (the row's own shape refuses it, the engine's order of checks decides which
 *   one is named) is one error item, `Invalid "<display name>" (<param>) in item <i>: it …`, and
 *   nothing is sent for it;
 * - a valid item sends its request(s), whose path segments are exactly the encoded shaped values;
 * - the app secret and the tenant token appear nowhere in the output.
 * The hardening of issue 16 is covered by the generated values: int64-bounded ids, numbers beyond
 * 2^53, NaN / Infinity, huge and nested values, JSON parameters with big integers.
 *
 * Seeded (PROPERTY_SEED, default below); PROPERTY_RUNS (default 1) runs per row of CASES items each.
 * The default keeps the file within a few tens of seconds; `PROPERTY_RUNS=20 npx jest every-row` is the
 * long run.
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import type { FeishuEmulator } from '../../../../emulator';
import { isUnset } from '../../../../nodes/FeishuApaas/engine/shape';
import type { FieldSpec, OperationSpec } from '../../../../nodes/FeishuApaas/engine/types';
import { integerIn } from '../../../../nodes/FeishuApaas/engine/values';
import { OPERATIONS } from '../../../../nodes/FeishuApaas/resources';
import { OPERATION_CASES } from '../../../helpers/operation-cases';
import { apiRequests, CREDENTIAL_ID, runNode, startEmulator } from '../../../helpers/feishu';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1);
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_201);
/** Cases (input items) per run. */
const CASES = 150;
const API_PREFIX = '/open-apis/apaas/v1/';
const APP_SECRET = 'test_secret';

/** Values no parameter should let through unchecked (and some that are fine for free text). */
const HOSTILE_STRINGS = [
	'',
	' ',
	'\t\n ',
	'..',
	'../x',
	'a/b',
	'a\\b',
	'?',
	'#',
	'&',
	'%',
	'?#&%',
	'%2e%2e',
	'1?a=b',
	'1#frag',
	'12/../34',
	'/',
	' demo_app ',
	'１２３',
	'日本語',
	'😀',
	'a\u0000b',
	'9223372036854775808',
	'9'.repeat(25),
	'0',
	'-1',
	'1.5',
	'true',
	'null',
	'{"a":1}',
	'[1,2]',
	'[1790000000000000001]',
	'{"id":12345678901234567890}',
	'[1e400]',
	'{"n":-1e999}',
];

const hostile: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
	{ weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(' ', '/', '.', '?', '#', '&', '%', 'a', '1', '_', '\\'), maxLength: 16 }) },
	{ weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '7'.repeat(10_000), 'é'.repeat(20_000)) },
	{ weight: 2, arbitrary: fc.constantFrom(2 ** 53 + 2, 2 ** 60, -1, 1.5, 0, 7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21) },
	{ weight: 2, arbitrary: fc.constantFrom<unknown>({ a: 1 }, ['a'], [], {}, null, true, false, { n: 2 ** 60 }, [Number.NaN], { x: Number.POSITIVE_INFINITY }) },
	{ weight: 1, arbitrary: fc.constantFrom<unknown>(nested(150), `${'['.repeat(10_000)}${']'.repeat(10_000)}`, `{"big":${'9'.repeat(19)}}`) },
);

/** `{ a: { a: … } }`, `depth` levels (deeper than any Feishu structure). */
function nested(depth: number): unknown {
	let value: unknown = 'leaf';
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

/** Whether a value holds, at any depth, a number JSON cannot carry exactly: NaN, ±Infinity, beyond 2^53. */
function holdsLostNumber(value: unknown, depth = 0): boolean {
	if (typeof value === 'number') return !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER;
	if (depth > 200 || typeof value !== 'object' || value === null) return false;
	return Object.values(value).some((inner) => holdsLostNumber(inner, depth + 1));
}

function holdsNonFinite(value: unknown, depth = 0): boolean {
	if (typeof value === 'number') return !Number.isFinite(value);
	if (depth > 200 || typeof value !== 'object' || value === null) return false;
	return Object.values(value).some((inner) => holdsNonFinite(inner, depth + 1));
}

const INT64_MAX = 9223372036854775807n;
/** Integer literals of 16+ digits in JSON text (candidates for rounding). */
const BIG_LITERAL = /(?<![\d."])-?\d{16,}(?![\d."])/g;

/** A known-good value per row and parameter, from the shared operation cases (top level and Options). */
function goodValues(spec: OperationSpec): Record<string, unknown> {
	const found = OPERATION_CASES.find((c) => c.resource === spec.resource && c.operation === spec.operation && c.variant === undefined);
	const node = { ...(found?.node ?? {}) } as Record<string, unknown>;
	const options = (node.options ?? {}) as Record<string, unknown>;
	delete node.options;
	return { namespace: 'demo_app', objectApiName: 'customer', recordId: '1790000000000000001', ...node, ...options };
}

interface Param {
	field: Pick<FieldSpec, 'param' | 'displayName' | 'shape' | 'required'> & Partial<FieldSpec>;
	/** Where it sits in the node's parameters. */
	at: 'top' | 'options';
}

const LIMIT: Param = { field: { param: 'limit', displayName: 'Limit', required: true, shape: integerIn(1, Number.MAX_SAFE_INTEGER) }, at: 'top' };
const RECORD_ID: Param = { field: { param: 'recordId', displayName: 'Record ID', required: true, shape: () => undefined }, at: 'top' };

/** Every parameter of a row that a generated value goes into. */
function paramsOf(spec: OperationSpec): Param[] {
	const params: Param[] = (spec.pathFields ?? []).map((field) => ({ field, at: 'top' as const }));
	for (const field of spec.fields) params.push({ field, at: field.required || field.topLevel ? 'top' : 'options' });
	if (spec.pagination) params.push(LIMIT);
	// Batch rows read Record ID themselves (it is not in their batch path).
	if (spec.batch && spec.batch.entry !== 'record' && !params.some((p) => p.field.param === 'recordId')) {
		params.push({ ...RECORD_ID, field: spec.pathFields!.find((f) => f.param === 'recordId')! });
	}
	return params;
}

/** The node's parameters: every generated parameter an expression reading the item's value. */
function nodeParameters(spec: OperationSpec, params: Param[]): INodeParameters {
	const top: INodeParameters = { resource: spec.resource, operation: spec.operation };
	// Pacing off: hundreds of cases would otherwise wait for Feishu's documented per-minute limits.
	const options: INodeParameters = { maxRequestsPerMinute: 0, maxRetries: 0 };
	for (const { field, at } of params) {
		const expression = `={{ $json.p[${JSON.stringify(field.param)}] }}`;
		if (at === 'top') top[field.param] = expression;
		else options[field.param] = expression;
	}
	if (spec.pagination) top.returnAll = false;
	if (spec.batch?.input) options.ignoreFields = 'p';
	if (spec.operation === 'upsert') top.matchFields = 'name';
	return { ...top, options };
}

/** `shape(raw)` or the refusal. */
function tryShape(field: Param['field'], raw: unknown): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: field.shape(raw) };
	} catch {
		return { ok: false };
	}
}

/**
 * Which parameters refuse the item's values, in the order the engine checks them (fields, then
 * the alternatives, then the path, then Limit), as buildRequest reads them: an optional field that
 * is unset is not checked.
 */
function refusals(spec: OperationSpec, params: Param[], values: Record<string, unknown>): Param[] {
	const refused: Param[] = [];
	const set = new Set<string>();
	const fields = params.filter((p) => spec.fields.includes(p.field as FieldSpec));
	for (const p of fields) {
		const raw = values[p.field.param];
		if (isUnset(raw) && !p.field.required) continue;
		const shaped = tryShape(p.field, raw);
		if (!shaped.ok) refused.push(p);
		else if (shaped.value !== undefined && !(Array.isArray(shaped.value) && shaped.value.length === 0 && !p.field.required)) set.add(p.field.param);
	}
	if (refused.length === 0) {
		for (const p of fields) {
			const other = p.field.requiredUnless;
			if (other && !set.has(p.field.param) && !set.has(other)) refused.push(p);
		}
	}
	for (const p of params) {
		if (fields.includes(p) || p === LIMIT) continue;
		if (!tryShape(p.field, values[p.field.param]).ok) refused.push(p);
	}
	if (params.includes(LIMIT) && !tryShape(LIMIT.field, values.limit).ok) refused.push(LIMIT);
	return refused;
}

/** The request path of `template` with the item's shaped path values, each segment URI-encoded. */
function expectedPath(spec: OperationSpec, template: string, values: Record<string, unknown>): string {
	let path = template;
	for (const field of spec.pathFields ?? []) {
		const placeholder = `{${field.api}}`;
		if (path.includes(placeholder)) path = path.replace(placeholder, encodeURIComponent(String(field.shape(values[field.param]))));
	}
	return `${API_PREFIX}${path}`;
}

/** Deepest nesting of brackets in JSON text, outside strings. */
function textDepth(text: string): number {
	let depth = 0;
	let max = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '[' || c === '{') max = Math.max(max, ++depth);
		else if (c === ']' || c === '}') depth--;
	}
	return max;
}

function objectDepth(value: unknown, depth = 0): number {
	if (depth > 200 || typeof value !== 'object' || value === null) return depth;
	return Math.max(depth + 1, ...Object.values(value).map((inner) => objectDepth(inner, depth + 1)));
}

/** Whether a JSON parameter's value is one that must be refused: nested over 100 levels, or text whose numbers overflow. */
function mustRefuseJson(spec: OperationSpec, values: Record<string, unknown>): boolean {
	return spec.fields.some((field) => {
		if (field.type !== 'json') return false;
		const value = values[field.param];
		if (typeof value !== 'string') return objectDepth(value) > 100;
		if (textDepth(value) > 100) return true;
		try {
			// Big integer literals are kept exact (as Int64); only what overflows a double must be refused.
			return holdsNonFinite(JSON.parse(value));
		} catch {
			return false;
		}
	});
}

/** The big integer literals in the item's JSON-text values of JSON parameters. */
function jsonLiterals(spec: OperationSpec, values: Record<string, unknown>): string[] {
	return spec.fields
		.filter((field) => field.type === 'json' && typeof values[field.param] === 'string')
		.flatMap((field) => (values[field.param] as string).match(BIG_LITERAL) ?? []);
}

/** Further endpoints a row's own executor writes to (upsert: a lookup, then batch update and create). */
const EXTRA_PATHS: Record<string, string[]> = {
	'objectRecord/upsert': ['applications/{namespace}/objects/{object_api_name}/records/batch_update'],
	// Options → Return Fields reads the updated records back.
	'objectRecord/update': ['applications/{namespace}/objects/{object_api_name}/records/batch_query'],
};

/** Consecutive equal entries as one. */
function runs<T>(list: T[]): T[] {
	return list.filter((entry, i) => i === 0 || entry !== list[i - 1]);
}

/**
 * The rows of the tenant-token credential. NOT YET COVERED: the user-token rows (data platform,
 * issue 19: dataTable, dataRecord, dataView, dataEnum, workspace), whose parameters (resource
 * locators, workspace URLs, PostgREST filters) and OAuth2 credential need generators and an oracle
 * of their own.
 */
const TENANT_ROWS = OPERATIONS.filter((spec) => spec.authentication !== 'userToken');

/** Rows whose requests are one item's at a time, in item order (no batching, no own executor). */
const sequential = (spec: OperationSpec) => !spec.batch && !spec.execute && !(spec as { executeAll?: unknown }).executeAll;

let emulator: FeishuEmulator;

/** A value as a violation names it: long strings cut. */
function shown(values: Record<string, unknown>): string {
	return JSON.stringify(values, (_key, value: unknown) => {
		if (typeof value === 'string' && value.length > 60) return `${value.slice(0, 40)}…(${value.length} chars)`;
		if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
		return value;
	});
}

/** Runs one workflow with one item per case and returns what broke an invariant (nothing: all held). */
async function runCases(spec: OperationSpec, params: Param[], parameters: INodeParameters, cases: Array<Record<string, unknown>>): Promise<string[]> {
	const violations: string[] = [];
	emulator.clearLog();
	const rawItems = cases.map((p, i) => ({ p, name: `prop-${i}` }));
	const { items, error, helper } = await runNode(emulator, { parameters, rawItems, continueOnFail: true });

	// The run never crashes; every item is answered, in order, paired with its input.
	if (error) return [`the run failed: ${error.message}`];
	const paired = items.map((item) => (item.pairedItem as { item: number } | undefined)?.item ?? -1);
	if (paired.some((item, k) => k > 0 && item < paired[k - 1])) violations.push(`output out of input order: ${paired.join(',')}`);

	const sent = apiRequests(emulator);
	const requests = sent.map((r) => r.path);
	const expected: string[] = [];
	/** Per valid item: the big integer literals of its JSON parameters, which must arrive digit for digit. */
	const bigLiterals: string[][] = [];
	const validCases: Array<Record<string, unknown>> = [];
	const allowed = new Set<string>();
	cases.forEach((values, i) => {
		const own = items.filter((item) => (item.pairedItem as { item: number } | undefined)?.item === i);
		const message = String(own[0]?.json.error ?? '');
		const refused = refusals(spec, params, values);
		// Issue 16 (6, 2): a number JSON cannot carry exactly is refused wherever it is, never sent.
		if (holdsLostNumber(values) && refused.length === 0) violations.push(`item ${i} ${shown(values)}: NaN, Infinity or a number beyond 2^53 was accepted`);
		// Issue 16 (6, 9): JSON text whose numbers overflow, or that nests deeper than any Feishu structure.
		if (mustRefuseJson(spec, values) && refused.length === 0) violations.push(`item ${i} ${shown(values)}: a JSON value too deep or with an overflowing number was accepted`);
		if (refused.length > 0) {
			// One error item naming a refused parameter (the first the engine checks) and the item; nothing sent.
			const named = refused.map((p) => `Invalid "${p.field.displayName}" (${p.field.param}) in item ${i}: it `);
			const wanted = sequential(spec) ? [named[0]] : named;
			if (own.length !== 1 || !wanted.some((prefix) => message.startsWith(prefix)) || own[0].json.item_index !== i) {
				violations.push(`item ${i} ${shown(values)}: wanted an error starting ${wanted.join(' or ')}, got ${own.length} item(s): ${JSON.stringify(own[0]?.json ?? null).slice(0, 300)}`);
			}
			return;
		}
		// A valid item may have no output (a list that came back empty), never an invalid-value error.
		if (message.startsWith('Invalid "')) violations.push(`item ${i} ${shown(values)}: valid values refused: ${message.slice(0, 300)}`);
		const templates = [spec.path, spec.batch?.path, ...(EXTRA_PATHS[`${spec.resource}/${spec.operation}`] ?? [])].filter((t): t is string => t !== undefined);
		const paths = templates.map((t) => expectedPath(spec, t, values));
		paths.forEach((path) => allowed.add(path));
		expected.push(paths[0]);
		bigLiterals.push(jsonLiterals(spec, values));
		validCases.push(values);
		if (!sequential(spec) && !paths.some((path) => requests.includes(path))) violations.push(`item ${i} ${shown(values)}: nothing sent to ${paths.join(' or ')}`);
	});
	// Issue 16 (7): no digit-only path segment beyond int64.
	for (const path of requests) {
		for (const segment of path.split('/')) {
			if (/^\d+$/.test(segment) && (segment.length > 19 || BigInt(segment) > INT64_MAX)) violations.push(`a path segment beyond int64: ${segment.slice(0, 40)}`);
		}
	}
	// One request per valid item (no paging, no split lists): the k-th request is the k-th valid item's.
	if (sequential(spec) && !spec.pagination && !(spec.execute as { splitLists?: unknown } | undefined)?.splitLists) {
		if (sent.length !== expected.length) violations.push(`${sent.length} requests for ${expected.length} valid items`);
		else {
			sent.forEach((request, k) => {
				if (request.path !== expected[k]) violations.push(`request ${k} went to ${request.path}, expected ${expected[k]}`);
				// Issue 16 (2): int64 in a JSON parameter arrives with all its digits.
				for (const literal of bigLiterals[k]) {
					// As a bare number (inside the JSON string Feishu takes), not quoted, not rounded.
					const bare = new RegExp(`(?<![\\d"])${literal}(?![\\d"])`);
					if (!bare.test(String(request.rawBody ?? ''))) violations.push(`request ${k} ${shown(validCases[k])} lost the digits of ${literal}: ${String(request.rawBody).slice(0, 200)}`);
				}
			});
		}
	}
	// A valid item's request(s), in item order, at exactly its encoded path; nothing for the others.
	if (sequential(spec)) {
		const got = runs(requests);
		const want = runs(expected);
		if (JSON.stringify(got) !== JSON.stringify(want)) {
			const at = got.findIndex((path, k) => path !== want[k]);
			violations.push(`requests differ from the valid items' paths at run ${at}: sent ${got[at]}, expected ${want[at]}`);
		}
	} else {
		for (const path of requests) if (!allowed.has(path)) violations.push(`a request to ${path}, no valid item's path`);
	}

	// No secret in the output.
	const output = JSON.stringify(items);
	const token = String(helper.stored(CREDENTIAL_ID)?.tenantAccessToken ?? '');
	if (output.includes(APP_SECRET)) violations.push('the app secret is in the output');
	if (token !== '' && output.includes(token)) violations.push('the tenant token is in the output');
	return violations;
}

describe('every catalog row holds its invariants for generated values of every parameter', () => {
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => {
		await emulator.stop();
	});

	it.each(TENANT_ROWS.map((spec) => [`${spec.resource}/${spec.operation}`, spec] as const))('%s', async (_key, spec) => {
		const params = paramsOf(spec);
		const good = goodValues(spec);
		const valueOf = (p: Param): fc.Arbitrary<unknown> => {
			const fine = p === LIMIT ? fc.constantFrom(1, 2, '3') : fc.constant(good[p.field.param] ?? 'x');
			return fc.oneof({ weight: 3, arbitrary: fine }, { weight: 2, arbitrary: hostile }, { weight: 1, arbitrary: fc.constant(undefined) });
		};
		const caseArb = fc.record(Object.fromEntries(params.map((p) => [p.field.param, valueOf(p)])), { requiredKeys: [] });
		const parameters = nodeParameters(spec, params);

		const details = await fc.check(
			fc.asyncProperty(fc.array(caseArb, { minLength: CASES, maxLength: CASES }), async (cases) => {
				const violations = await runCases(spec, params, parameters, cases);
				if (violations.length > 0) throw new Error(violations.slice(0, 5).join('\n'));
			}),
			{ numRuns: RUNS, seed: SEED, endOnFailure: true },
		);
		// Only the first violations, with long values cut (fast-check's own report prints every case).
		if (details.failed) throw new Error(`seed ${SEED}: ${String((details.errorInstance as Error | undefined)?.message ?? 'failed')}`);
	}, 120_000);
});
