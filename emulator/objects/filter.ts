/**
 * The batch_query / search `filter` ("criterion"): the shape Feishu's API pages type, with the
 * operators and settings JSON of Feishu's own aPaaS server SDK (byted-apaas/server-sdk-go,
 * service/data/op and cond/expression.go), which builds the same criterion:
 *
 *   {conditions: [{index: "1",
 *                  left:  {type: "metadataVariable", settings: "{\"fieldPath\":[{\"fieldApiName\":\"amount\",\"objectApiName\":\"customer\"}]}"},
 *                  right: {type: "constant", settings: "{\"data\":100}"},
 *                  operator: "greaterThan"}],
 *    logic_expression: "1 AND (2 OR 3)"}
 *
 * Documented (API pages): at most 10 conditions; left type only "metadataVariable".
 * ASSUMPTIONS: the OpenAPI takes the server SDK's operator names — equals, notEquals, greaterThan,
 * greaterThanOrEquals, lessThan, lessThanOrEquals, contains (text: case-sensitive substring;
 * multiSelect: has the option), isEmpty, isNotEmpty (no right side), isAnyOf (right data a list:
 * the field equals one of them); a fieldPath of exactly one step on the queried object (no lookup
 * traversal); logic_expression of condition indices with AND / OR / parentheses (AND binds
 * tighter), default: every condition ANDed. Anything else → QueryError (2320001).
 */
import { isJsonObject, tryParseExact } from './json-int64';
import type { StoredRecord } from './schema';
import type { ObjectTable } from './store';
import {
	checkFieldName,
	comparable,
	compareScalars,
	constantFor,
	fieldType,
	QueryError,
	scalarValue,
	type Scalar,
} from './values';

export type Predicate = (rec: StoredRecord) => boolean;

const MAX_CONDITIONS = 10;

const OPERATORS = [
	'equals',
	'notEquals',
	'greaterThan',
	'greaterThanOrEquals',
	'lessThan',
	'lessThanOrEquals',
	'contains',
	'isEmpty',
	'isNotEmpty',
	'isAnyOf',
] as const;
type Operator = (typeof OPERATORS)[number];

/** ASSUMPTION: isEmpty holds for an unset field and for an empty multiSelect (OQL's IS NULL alike). */
function isEmptyValue(v: Scalar | string[]): boolean {
	return v === null || (Array.isArray(v) && v.length === 0);
}

function equalValues(a: Scalar | string[], b: Scalar | string[]): boolean {
	if (Array.isArray(a) || Array.isArray(b)) {
		return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
	}
	return a !== null && b !== null && comparable(a, b) && compareScalars(a, b) === 0;
}

/** One comparison; exported for OQL, which uses the same semantics. */
export function test(op: Operator, value: Scalar | string[], constant: Scalar | string[]): boolean {
	switch (op) {
		case 'isEmpty':
			return isEmptyValue(value);
		case 'isNotEmpty':
			return !isEmptyValue(value);
		case 'isAnyOf':
			// The constant is the list of candidates (compiled per element, see compileCondition).
			return Array.isArray(constant) && (constant as unknown as Scalar[]).some((c) => equalValues(value, c));
		case 'equals':
			return equalValues(value, constant);
		case 'notEquals':
			// ASSUMPTION: an unset field is "not equal" to any constant.
			return !equalValues(value, constant);
		case 'contains':
			if (Array.isArray(value)) return typeof constant === 'string' && value.includes(constant);
			return typeof value === 'string' && typeof constant === 'string' && value.includes(constant);
		default: {
			if (Array.isArray(value) || Array.isArray(constant) || !comparable(value, constant)) return false;
			const c = compareScalars(value, constant);
			if (op === 'greaterThan') return c > 0;
			if (op === 'greaterThanOrEquals') return c >= 0;
			if (op === 'lessThan') return c < 0;
			return c <= 0;
		}
	}
}

export type { Operator };

function settingsOf(side: unknown, type: string, where: string): Record<string, unknown> {
	if (!isJsonObject(side) || side.type !== type || typeof side.settings !== 'string') {
		throw new QueryError(`filter ${where}: expected {type: "${type}", settings: "<JSON string>"}`);
	}
	const settings = tryParseExact(side.settings);
	if (!isJsonObject(settings)) throw new QueryError(`filter ${where}: settings is not a JSON object string`);
	return settings;
}

function compileCondition(table: ObjectTable, c: unknown, n: number): { index: string; predicate: Predicate } {
	const where = `condition ${n + 1}`;
	if (!isJsonObject(c)) throw new QueryError(`filter ${where}: not an object`);
	const index = c.index === undefined ? String(n + 1) : c.index;
	if (typeof index !== 'string' || !/^\d+$/.test(index)) throw new QueryError(`filter ${where}: index must be a digit string`);
	const op = c.operator as Operator;
	if (!OPERATORS.includes(op)) throw new QueryError(`filter ${where}: unsupported operator ${JSON.stringify(c.operator)}`);

	const left = settingsOf(c.left, 'metadataVariable', `${where} left`);
	const path = left.fieldPath;
	if (!Array.isArray(path) || path.length !== 1 || !isJsonObject(path[0])) {
		throw new QueryError(`filter ${where}: fieldPath must name exactly one field`);
	}
	const step = path[0];
	if (step.objectApiName !== undefined && step.objectApiName !== table.apiName) {
		throw new QueryError(`filter ${where}: fieldPath object ${JSON.stringify(step.objectApiName)} is not "${table.apiName}"`);
	}
	const field = checkFieldName(table, step.fieldApiName, `filter ${where}`);
	const type = fieldType(table, field);

	let constant: Scalar | string[] = null;
	if (op !== 'isEmpty' && op !== 'isNotEmpty') {
		const right = settingsOf(c.right, 'constant', `${where} right`);
		if (!('data' in right)) throw new QueryError(`filter ${where} right: settings needs "data"`);
		if (op === 'isAnyOf') {
			if (!Array.isArray(right.data)) throw new QueryError(`filter ${where} right: isAnyOf needs "data" to be a list`);
			constant = right.data.map((d) => {
				const v = constantFor(type, d);
				if (Array.isArray(v)) throw new QueryError(`filter ${where} right: isAnyOf takes a list of values, not of lists`);
				return v;
			}) as unknown as string[];
		} else constant = constantFor(type, right.data);
	}
	return { index, predicate: (rec) => test(op, scalarValue(rec, field), constant) };
}

/** Compiles a filter; null/undefined = every record. Throws QueryError on anything unsupported. */
export function compileFilter(table: ObjectTable, filter: unknown): Predicate | null {
	if (filter === undefined || filter === null) return null;
	if (!isJsonObject(filter)) throw new QueryError('filter must be an object');
	const conditions = filter.conditions ?? [];
	if (!Array.isArray(conditions)) throw new QueryError('filter.conditions must be an array');
	// Documented on the batch_query and search pages: conditions 0 ~ 10.
	if (conditions.length > MAX_CONDITIONS) {
		throw new QueryError(`filter.conditions: at most ${MAX_CONDITIONS} conditions, got ${conditions.length}`);
	}
	const compiled = conditions.map((c, n) => compileCondition(table, c, n));
	if (compiled.length === 0) return null;
	const byIndex = new Map(compiled.map((c) => [c.index, c.predicate]));
	if (byIndex.size !== compiled.length) throw new QueryError('filter: condition indices repeat');
	const expr = filter.logic_expression;
	if (expr === undefined || expr === null || expr === '') {
		const all = compiled.map((c) => c.predicate);
		return (rec) => all.every((p) => p(rec));
	}
	if (typeof expr !== 'string') throw new QueryError('filter.logic_expression must be a string');
	return parseLogic(expr, byIndex);
}

/** expr := term (OR term)* ; term := factor (AND factor)* ; factor := index | "(" expr ")" */
function parseLogic(text: string, byIndex: Map<string, Predicate>): Predicate {
	const tokens = text.match(/\d+|\(|\)|[A-Za-z]+|\S/g) ?? [];
	let i = 0;
	const fail = (why: string): never => {
		throw new QueryError(`filter.logic_expression ${JSON.stringify(text)}: ${why}`);
	};
	const factor = (): Predicate => {
		const t = tokens[i++];
		if (t === '(') {
			const inner = expr();
			if (tokens[i++] !== ')') fail('missing ")"');
			return inner;
		}
		if (t !== undefined && /^\d+$/.test(t)) {
			const p = byIndex.get(t);
			return p ?? fail(`no condition with index ${t}`);
		}
		return fail(`unexpected ${t === undefined ? 'end' : JSON.stringify(t)}`);
	};
	const term = (): Predicate => {
		const parts = [factor()];
		while (tokens[i]?.toUpperCase() === 'AND') {
			i++;
			parts.push(factor());
		}
		return parts.length === 1 ? parts[0] : (rec) => parts.every((p) => p(rec));
	};
	const expr = (): Predicate => {
		const parts = [term()];
		while (tokens[i]?.toUpperCase() === 'OR') {
			i++;
			parts.push(term());
		}
		return parts.length === 1 ? parts[0] : (rec) => parts.some((p) => p(rec));
	};
	const result = expr();
	if (i !== tokens.length) fail(`unexpected ${JSON.stringify(tokens[i])}`);
	return result;
}
