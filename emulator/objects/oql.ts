/**
 * A small subset of aPaaS OQL, enough for clients to page and filter:
 *
 *   SELECT f1, f2 FROM object
 *     [WHERE cond [AND cond ...]]        cond: field (= | != | <> | > | >= | < | <=) value
 *                                              | field IS [NOT] NULL
 *     [ORDER BY f [ASC|DESC] [, ...]]    value: 123 | -1.5 | 'text' ('' escapes ') | true | false
 *     [LIMIT n] [OFFSET m] [;]                  | $1 (args, 1-based) | $name (named_args)
 *
 * Keywords are case-insensitive. ASSUMPTIONS (Feishu documents neither the grammar the API
 * accepts nor the result shape): fields must be named (no SELECT *, no COUNT(*) or other
 * functions, no OR, no joins); no LIMIT = every matching row; default order `_id` ascending;
 * columns are the selected names as written; a lookup cell is {"_id": id}; rows are arrays of
 * values in column order, or objects keyed by column when the `oqlRowsAs` knob says so.
 * Every problem is a QueryError whose text names it (answered as 2320001).
 */
import { orderedRecords, type OrderKey } from './batch-query';
import { test, type Operator } from './filter';
import { isJsonObject, stringifyExact, tryParseExact, type ExactJson } from './json-int64';
import type { StoredRecord } from './schema';
import type { ObjectStore } from './store';
import { checkFieldName, constantFor, fieldType, outputValue, QueryError, scalarValue, type Scalar } from './values';

export type OqlRowsAs = 'arrays' | 'objects';

interface Token {
	kind: 'ident' | 'number' | 'string' | 'param' | 'op' | 'punct';
	text: string;
	value?: ExactJson;
	at: number;
}

const TOKEN =
	/\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|\$(\d+|[A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|!=|<>|=|>|<)|([,*();]))/y;

function tokenize(query: string): Token[] {
	const tokens: Token[] = [];
	TOKEN.lastIndex = 0;
	let at = 0;
	while (at < query.length) {
		if (/^\s*$/.test(query.slice(at))) break;
		TOKEN.lastIndex = at;
		const m = TOKEN.exec(query);
		if (!m) throw new QueryError(`OQL: unexpected character ${JSON.stringify(query.slice(at).trim()[0])} at ${at}`);
		const start = m.index + m[0].length - m[0].trimStart().length;
		at = TOKEN.lastIndex;
		if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1], value: m[1].slice(1, -1).replace(/''/g, "'"), at: start });
		else if (m[2] !== undefined) {
			const n = Number(m[2]);
			const value = /^-?\d+$/.test(m[2]) && !Number.isSafeInteger(n) ? BigInt(m[2]) : n;
			tokens.push({ kind: 'number', text: m[2], value, at: start });
		} else if (m[3] !== undefined) tokens.push({ kind: 'param', text: m[3], at: start });
		else if (m[4] !== undefined) tokens.push({ kind: 'ident', text: m[4], at: start });
		else if (m[5] !== undefined) tokens.push({ kind: 'op', text: m[5], at: start });
		else tokens.push({ kind: 'punct', text: m[6], at: start });
	}
	return tokens;
}

const OPS: Record<string, Operator> = {
	'=': 'equals',
	'!=': 'notEquals',
	'<>': 'notEquals',
	'>': 'greaterThan',
	'>=': 'greaterThanOrEquals',
	'<': 'lessThan',
	'<=': 'lessThanOrEquals',
};

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'ORDER', 'BY', 'ASC', 'DESC', 'LIMIT', 'OFFSET', 'IS', 'NOT', 'NULL']);

interface Condition {
	field: string;
	op: Operator;
	value: ExactJson;
}

interface ParsedOql {
	columns: string[];
	object: string;
	where: Condition[];
	order: Array<{ field: string; desc: boolean }>;
	limit?: number;
	offset: number;
}

function parse(query: string, args: ExactJson[], named: Record<string, ExactJson>): ParsedOql {
	const tokens = tokenize(query);
	let i = 0;
	const peek = () => tokens[i];
	const describe = (t: Token | undefined) => (t ? `${JSON.stringify(t.text)} at ${t.at}` : 'end of query');
	const fail = (what: string): never => {
		throw new QueryError(`OQL: expected ${what}, found ${describe(peek())}`);
	};
	const isKw = (kw: string) => peek()?.kind === 'ident' && peek().text.toUpperCase() === kw;
	const expectKw = (kw: string) => {
		if (!isKw(kw)) fail(kw);
		i++;
	};
	const ident = (what: string, keywordOk = false): string => {
		const t = peek();
		if (t?.kind !== 'ident' || (!keywordOk && KEYWORDS.has(t.text.toUpperCase()))) return fail(what);
		i++;
		return t.text;
	};
	const punct = (p: string) => peek()?.kind === 'punct' && peek().text === p;
	const integer = (what: string): number => {
		const t = peek();
		if (t?.kind !== 'number' || typeof t.value !== 'number' || !Number.isSafeInteger(t.value) || t.value < 0) {
			return fail(`a non-negative integer after ${what}`);
		}
		i++;
		return t.value;
	};
	const value = (): ExactJson => {
		const t = peek();
		if (!t) return fail('a value');
		if (t.kind === 'number' || t.kind === 'string') {
			i++;
			return t.value as ExactJson;
		}
		if (t.kind === 'ident' && /^(true|false)$/i.test(t.text)) {
			i++;
			return t.text.toLowerCase() === 'true';
		}
		if (t.kind === 'param') {
			i++;
			if (/^\d+$/.test(t.text)) {
				const n = Number(t.text);
				if (n < 1 || n > args.length) throw new QueryError(`OQL: no argument for $${t.text} (args has ${args.length})`);
				return args[n - 1];
			}
			if (!Object.prototype.hasOwnProperty.call(named, t.text)) throw new QueryError(`OQL: no named argument for $${t.text}`);
			return named[t.text];
		}
		return fail('a value (number, \'string\', true, false, $n or $name)');
	};

	expectKw('SELECT');
	if (punct('*')) throw new QueryError('OQL: SELECT * is not supported; name the fields');
	const columns = [ident('a field name')];
	if (punct('(')) throw new QueryError(`OQL: functions such as ${columns[0]}(...) are not supported`);
	while (punct(',')) {
		i++;
		columns.push(ident('a field name'));
	}
	expectKw('FROM');
	// An object may be named like a keyword (e.g. `order`): FROM takes exactly one name.
	const object = ident('an object name', true);
	const where: Condition[] = [];
	if (isKw('WHERE')) {
		i++;
		for (;;) {
			const field = ident('a field name');
			let cond: Condition;
			if (isKw('IS')) {
				i++;
				const not = isKw('NOT');
				if (not) i++;
				expectKw('NULL');
				cond = { field, op: not ? 'isNotEmpty' : 'isEmpty', value: null };
			} else {
				const t = peek();
				if (t?.kind !== 'op') return fail('a comparison operator (= != <> > >= < <=)');
				i++;
				cond = { field, op: OPS[t.text], value: value() };
			}
			where.push(cond);
			if (isKw('OR')) throw new QueryError('OQL: OR is not supported by the emulator; use AND');
			if (!isKw('AND')) break;
			i++;
		}
	}
	const order: Array<{ field: string; desc: boolean }> = [];
	if (isKw('ORDER')) {
		i++;
		expectKw('BY');
		for (;;) {
			const field = ident('a field name');
			let desc = false;
			if (isKw('ASC') || isKw('DESC')) desc = tokens[i++].text.toUpperCase() === 'DESC';
			order.push({ field, desc });
			if (!punct(',')) break;
			i++;
		}
	}
	let limit: number | undefined;
	let offset = 0;
	if (isKw('LIMIT')) {
		i++;
		limit = integer('LIMIT');
	}
	if (isKw('OFFSET')) {
		i++;
		offset = integer('OFFSET');
	}
	if (punct(';')) i++;
	if (i !== tokens.length) fail('end of query');
	return { columns, object, where, order, limit, offset };
}

/** args / named_args: JSON strings (exact). */
function parseArgs(args: unknown, named: unknown): { args: ExactJson[]; named: Record<string, ExactJson> } {
	let a: ExactJson | undefined = [];
	let n: ExactJson | undefined = {};
	if (args !== undefined && args !== null && args !== '') {
		a = typeof args === 'string' ? tryParseExact(args) : undefined;
		if (!Array.isArray(a)) throw new QueryError('args must be a JSON string of an array');
	}
	if (named !== undefined && named !== null && named !== '') {
		n = typeof named === 'string' ? tryParseExact(named) : undefined;
		if (!isJsonObject(n)) throw new QueryError('named_args must be a JSON string of an object');
	}
	return { args: a as ExactJson[], named: n as Record<string, ExactJson> };
}

export interface OqlResult {
	columns: string[];
	rows: string;
}

export function runOql(
	store: ObjectStore,
	namespace: string,
	query: string,
	rawArgs: unknown,
	rawNamed: unknown,
	rowsAs: OqlRowsAs,
): OqlResult {
	const { args, named } = parseArgs(rawArgs, rawNamed);
	const q = parse(query, args, named);
	const table = store.table(namespace, q.object);
	if (!table) throw new QueryError(`OQL: unknown object "${q.object}" in namespace "${namespace}"`);
	for (const c of q.columns) checkFieldName(table, c, 'OQL SELECT');
	const conditions = q.where.map((c) => {
		const field = checkFieldName(table, c.field, 'OQL WHERE');
		const constant: Scalar | string[] = constantFor(fieldType(table, field), c.value);
		return (r: StoredRecord) => test(c.op, scalarValue(r, field), constant);
	});
	const order: OrderKey[] = q.order.map((o) => {
		const field = checkFieldName(table, o.field, 'OQL ORDER BY');
		if (fieldType(table, field) === 'multiSelect') throw new QueryError(`OQL ORDER BY: cannot sort on multiSelect field "${field}"`);
		return { field, desc: o.desc };
	});
	const rows: unknown[] = [];
	let skip = q.offset;
	for (const r of orderedRecords(table, order)) {
		if (q.limit !== undefined && rows.length >= q.limit) break;
		if (!conditions.every((c) => c(r))) continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		if (rowsAs === 'objects') {
			const row: Record<string, unknown> = {};
			for (const c of q.columns) row[c] = outputValue(r, c);
			rows.push(row);
		} else rows.push(q.columns.map((c) => outputValue(r, c)));
	}
	return { columns: q.columns, rows: stringifyExact(rows) };
}
