/**
 * The PostgREST subset the data platform's `filter`, `select`, `order` and `on_conflict` use.
 *
 * ASSUMPTION (Feishu does not document how it reads `filter`; the node compiles to the same model):
 * `filter` holds a PostgREST query string (`age=gt.10&name=eq.x`) that is split on `&`, each key and
 * value percent-decoded as PostgREST does (`+` is a space), so `&`, `=`, `%` and `+` inside a value
 * arrive percent-encoded within the filter string. Inside `and=()`, `or=()` and `in.()` a value holding
 * `, . : ( ) "` is double-quoted, with `\` escaping `"` and `\`. Several pairs are ANDed.
 */
import type { ExactJson } from '../objects/json-int64';
import { compare, fromText, sameValue, type Column } from './values';

export class FilterError extends Error {}

export const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'in', 'is'] as const;
type Operator = (typeof OPERATORS)[number];

export type Condition =
	| { kind: 'cmp'; column: string; op: Operator; negate: boolean; value: string | string[] }
	| { kind: 'group'; logic: 'and' | 'or'; negate: boolean; items: Condition[] };

/** application/x-www-form-urlencoded decoding of one key or value: `+` is a space. */
function formDecode(s: string): string {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		throw new FilterError(`malformed percent-encoding in filter: ${s}`);
	}
}

/** Splits `s` on `sep` at depth 0, outside double quotes. */
function splitTop(s: string, sep: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quoted = false;
	let start = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (quoted) {
			if (c === '\\') i++;
			else if (c === '"') quoted = false;
		} else if (c === '"') quoted = true;
		else if (c === '(') depth++;
		else if (c === ')') depth--;
		else if (c === sep && depth === 0) {
			out.push(s.slice(start, i));
			start = i + 1;
		}
	}
	if (quoted || depth !== 0) throw new FilterError(`unbalanced quotes or parentheses in filter: ${s}`);
	out.push(s.slice(start));
	return out;
}

/** A list item or a value inside and()/or()/in(): unquoted as is, or double-quoted with \ escapes. */
function unquote(s: string): string {
	if (!s.startsWith('"')) return s;
	if (!s.endsWith('"') || s.length < 2) throw new FilterError(`unterminated quoted value: ${s}`);
	return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

function operator(name: string): Operator {
	if (!(OPERATORS as readonly string[]).includes(name)) throw new FilterError(`unknown filter operator "${name}"`);
	return name as Operator;
}

/** `op.value` or `not.op.value` for `column`; `nested` = inside and()/or() (values may be quoted). */
function parseOperation(column: string, text: string, nested: boolean): Condition {
	let negate = false;
	let rest = text;
	if (rest.startsWith('not.')) {
		negate = true;
		rest = rest.slice(4);
	}
	const dot = rest.indexOf('.');
	if (dot < 0) throw new FilterError(`filter on "${column}" needs operator.value, got "${text}"`);
	const op = operator(rest.slice(0, dot));
	const raw = rest.slice(dot + 1);
	if (op === 'in') {
		if (!raw.startsWith('(') || !raw.endsWith(')')) throw new FilterError(`in. needs a list in parentheses: ${raw}`);
		const inner = raw.slice(1, -1);
		return { kind: 'cmp', column, op, negate, value: inner === '' ? [] : splitTop(inner, ',').map(unquote) };
	}
	return { kind: 'cmp', column, op, negate, value: nested ? unquote(raw) : raw };
}

/** One item inside and(...)/or(...): `col.op.value`, `col.not.op.value`, `and(...)`, `not.or(...)`. */
function parseNested(item: string): Condition {
	const group = /^(not\.)?(and|or)\((.*)\)$/s.exec(item);
	if (group) return parseGroup(group[2] as 'and' | 'or', `(${group[3]})`, Boolean(group[1]));
	const dot = item.indexOf('.');
	if (dot <= 0) throw new FilterError(`malformed condition "${item}"`);
	return parseOperation(item.slice(0, dot), item.slice(dot + 1), true);
}

function parseGroup(logic: 'and' | 'or', text: string, negate: boolean): Condition {
	if (!text.startsWith('(') || !text.endsWith(')')) throw new FilterError(`${logic}= needs a list in parentheses`);
	const inner = text.slice(1, -1);
	if (inner.trim() === '') throw new FilterError(`${logic}=() is empty`);
	return { kind: 'group', logic, negate, items: splitTop(inner, ',').map(parseNested) };
}

/** The whole `filter` value (already URL-decoded once as a query parameter). */
export function parseFilter(filter: string): Condition[] {
	if (filter.trim() === '') return [];
	return filter.split('&').map((pair) => {
		const eq = pair.indexOf('=');
		if (eq <= 0) throw new FilterError(`filter pair "${pair}" needs key=value`);
		const key = formDecode(pair.slice(0, eq));
		const value = formDecode(pair.slice(eq + 1));
		const group = /^(not\.)?(and|or)$/.exec(key);
		if (group) return parseGroup(group[2] as 'and' | 'or', value, Boolean(group[1]));
		return parseOperation(key, value, false);
	});
}

/** Column names a filter refers to (to reject unknown ones). */
export function filterColumns(conditions: Condition[]): string[] {
	return conditions.flatMap((c) => (c.kind === 'cmp' ? [c.column] : filterColumns(c.items)));
}

function likeRegex(pattern: string, flags: string): RegExp {
	let re = '';
	for (const ch of pattern) {
		if (ch === '*' || ch === '%') re += '.*';
		else if (ch === '_') re += '.';
		else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${re}$`, `s${flags}`);
}

function evalCmp(c: Extract<Condition, { kind: 'cmp' }>, row: Record<string, ExactJson>, columns: Map<string, Column>): boolean {
	const col = columns.get(c.column);
	const actual = row[c.column] ?? null;
	const text = c.value as string;
	switch (c.op) {
		case 'is':
			if (text === 'null') return actual === null;
			if (text === 'true' || text === 'false') return actual === (text === 'true');
			throw new FilterError(`is. takes null, true or false, got "${text}"`);
		case 'in':
			return actual !== null && (c.value as string[]).some((v) => sameValue(actual, fromText(col, v)));
		case 'like':
		case 'ilike':
			return typeof actual === 'string' && likeRegex(text, c.op === 'ilike' ? 'i' : '').test(actual);
		default: {
			if (actual === null) return false;
			const d = compare(actual, fromText(col, text));
			return { eq: d === 0, neq: d !== 0, gt: d > 0, gte: d >= 0, lt: d < 0, lte: d <= 0 }[c.op];
		}
	}
}

export function matches(conditions: Condition[], row: Record<string, ExactJson>, columns: Map<string, Column>): boolean {
	return conditions.every((c) => evalCondition(c, row, columns));
}

function evalCondition(c: Condition, row: Record<string, ExactJson>, columns: Map<string, Column>): boolean {
	const result =
		c.kind === 'cmp'
			? evalCmp(c, row, columns)
			: c.logic === 'and'
				? c.items.every((i) => evalCondition(i, row, columns))
				: c.items.some((i) => evalCondition(i, row, columns));
	return c.negate ? !result : result;
}

/** `select=a,b` → the column names; '' or `*` → null (all columns). */
export function parseSelect(select: string | null): string[] | null {
	if (select === null || select.trim() === '' || select.trim() === '*') return null;
	return select.split(',').map((s) => s.trim());
}

export interface OrderTerm {
	column: string;
	desc: boolean;
	nullsFirst: boolean;
}

/** `order=age.desc,name` (asc default; `.nullsfirst` / `.nullslast`; Postgres puts nulls last ascending). */
export function parseOrder(order: string | null): OrderTerm[] {
	if (order === null || order.trim() === '') return [];
	return order.split(',').map((term) => {
		const [column, ...mods] = term.trim().split('.');
		let desc = false;
		let nullsFirst: boolean | undefined;
		for (const m of mods) {
			if (m === 'desc') desc = true;
			else if (m === 'asc') desc = false;
			else if (m === 'nullsfirst') nullsFirst = true;
			else if (m === 'nullslast') nullsFirst = false;
			else throw new FilterError(`unknown order modifier "${m}" in "${term}"`);
		}
		return { column, desc, nullsFirst: nullsFirst ?? desc };
	});
}

export function compareRows(order: OrderTerm[], a: Record<string, ExactJson>, b: Record<string, ExactJson>): number {
	for (const t of order) {
		const x = a[t.column] ?? null;
		const y = b[t.column] ?? null;
		if (x === null || y === null) {
			if (x === y) continue;
			return (x === null) === t.nullsFirst ? -1 : 1;
		}
		const d = compare(x, y);
		if (d !== 0) return t.desc ? -d : d;
	}
	return 0;
}
