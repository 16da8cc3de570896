/**
 * A small SQL subset for `sql_commands`, enough to test a client: on one table,
 *   SELECT cols|* FROM t [WHERE c] [ORDER BY col [ASC|DESC], …] [LIMIT n] [OFFSET n]
 *   INSERT INTO t (a, b) VALUES (…), (…)
 *   UPDATE t SET a = v, … [WHERE c]
 *   DELETE FROM t [WHERE c]
 * where c is comparisons (= != <> < <= > >= LIKE ILIKE, IS [NOT] NULL, IN (…)) joined by AND / OR
 * (AND binds tighter) with parentheses. Literals: 'text' ('' escapes a quote), numbers (exact beyond
 * 2^53), TRUE, FALSE, NULL. Anything else is a syntax error (2320001).
 */
import type { ExactJson } from '../objects/json-int64';
import type { Condition } from './postgrest';
import type { Row, Table, WorkspaceStore } from './store';

export class SqlError extends Error {}

type Token = { t: 'word' | 'ident' | 'str' | 'num' | 'op' | 'punct'; v: string };

function tokenize(sql: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		if (/\s/.test(c)) {
			i++;
		} else if (c === "'") {
			let s = '';
			i++;
			for (;;) {
				if (i >= sql.length) throw new SqlError('unterminated string literal');
				if (sql[i] === "'") {
					if (sql[i + 1] === "'") {
						s += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				s += sql[i++];
			}
			out.push({ t: 'str', v: s });
		} else if (c === '"') {
			const end = sql.indexOf('"', i + 1);
			if (end < 0) throw new SqlError('unterminated quoted identifier');
			out.push({ t: 'ident', v: sql.slice(i + 1, end) });
			i = end + 1;
		} else if (/[0-9-]/.test(c) && /[0-9]/.test(sql[c === '-' ? i + 1 : i] ?? '')) {
			const m = /^-?\d+(\.\d+)?/.exec(sql.slice(i)) as RegExpExecArray;
			out.push({ t: 'num', v: m[0] });
			i += m[0].length;
		} else if (/[A-Za-z_]/.test(c)) {
			const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i)) as RegExpExecArray;
			out.push({ t: 'word', v: m[0] });
			i += m[0].length;
		} else if (/[<>!=]/.test(c)) {
			const m = /^(<=|>=|<>|!=|=|<|>)/.exec(sql.slice(i));
			if (!m) throw new SqlError(`unexpected "${c}"`);
			out.push({ t: 'op', v: m[0] });
			i += m[0].length;
		} else if (/[(),*;]/.test(c)) {
			out.push({ t: 'punct', v: c });
			i++;
		} else throw new SqlError(`unexpected "${c}"`);
	}
	while (out.length > 0 && out[out.length - 1].v === ';') out.pop();
	return out;
}

class Parser {
	private i = 0;
	constructor(private readonly tokens: Token[]) {}

	peek(): Token | undefined {
		return this.tokens[this.i];
	}
	skip(): void {
		this.i++;
	}
	done(): boolean {
		return this.i >= this.tokens.length;
	}
	isWord(w: string): boolean {
		const t = this.peek();
		return t?.t === 'word' && t.v.toUpperCase() === w;
	}
	word(w: string): void {
		if (!this.isWord(w)) throw new SqlError(`expected ${w} near "${this.peek()?.v ?? 'end'}"`);
		this.i++;
	}
	punct(p: string): boolean {
		if (this.peek()?.t === 'punct' && this.peek()?.v === p) {
			this.i++;
			return true;
		}
		return false;
	}
	expectPunct(p: string): void {
		if (!this.punct(p)) throw new SqlError(`expected "${p}" near "${this.peek()?.v ?? 'end'}"`);
	}
	name(): string {
		const t = this.tokens[this.i++];
		if (!t || (t.t !== 'word' && t.t !== 'ident')) throw new SqlError(`expected a name near "${t?.v ?? 'end'}"`);
		return t.v;
	}
	literal(): ExactJson {
		const t = this.tokens[this.i++];
		if (!t) throw new SqlError('expected a value');
		if (t.t === 'str') return t.v;
		if (t.t === 'num') {
			if (t.v.includes('.')) return Number(t.v);
			const big = BigInt(t.v);
			return Number.isSafeInteger(Number(big)) ? Number(big) : big;
		}
		if (t.t === 'word') {
			const u = t.v.toUpperCase();
			if (u === 'NULL') return null;
			if (u === 'TRUE' || u === 'FALSE') return u === 'TRUE';
		}
		throw new SqlError(`expected a value near "${t.v}"`);
	}
	int(): number {
		const v = this.literal();
		if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new SqlError('LIMIT/OFFSET need a non-negative integer');
		return v;
	}
}

/** WHERE clause → the PostgREST condition tree (one evaluator for both). Values stay typed. */
function condition(p: Parser): Condition {
	const items = [conjunction(p)];
	while (p.isWord('OR')) {
		p.word('OR');
		items.push(conjunction(p));
	}
	return items.length === 1 ? items[0] : { kind: 'group', logic: 'or', negate: false, items };
}

function conjunction(p: Parser): Condition {
	const items = [comparison(p)];
	while (p.isWord('AND')) {
		p.word('AND');
		items.push(comparison(p));
	}
	return items.length === 1 ? items[0] : { kind: 'group', logic: 'and', negate: false, items };
}

const text = (v: ExactJson) => (typeof v === 'string' ? v : v === null ? 'null' : String(v));

function comparison(p: Parser): Condition {
	if (p.punct('(')) {
		const c = condition(p);
		p.expectPunct(')');
		return c;
	}
	const column = p.name();
	if (p.isWord('IS')) {
		p.word('IS');
		const negate = p.isWord('NOT');
		if (negate) p.word('NOT');
		p.word('NULL');
		return { kind: 'cmp', column, op: 'is', negate, value: 'null' };
	}
	const negate = p.isWord('NOT');
	if (negate) p.word('NOT');
	if (p.isWord('IN')) {
		p.word('IN');
		p.expectPunct('(');
		const values: string[] = [text(p.literal())];
		while (p.punct(',')) values.push(text(p.literal()));
		p.expectPunct(')');
		return { kind: 'cmp', column, op: 'in', negate, value: values };
	}
	if (p.isWord('LIKE') || p.isWord('ILIKE')) {
		const op = p.isWord('LIKE') ? 'like' : 'ilike';
		p.name();
		return { kind: 'cmp', column, op, negate, value: text(p.literal()) };
	}
	const t = p.peek();
	if (t?.t !== 'op') throw new SqlError(`expected a comparison after "${column}"`);
	p.skip();
	const ops: Record<string, 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte'> = {
		'=': 'eq',
		'!=': 'neq',
		'<>': 'neq',
		'<': 'lt',
		'<=': 'lte',
		'>': 'gt',
		'>=': 'gte',
	};
	return { kind: 'cmp', column, op: ops[t.v], negate, value: text(p.literal()) };
}

function whereClause(p: Parser): Condition[] {
	p.word('WHERE');
	return [condition(p)];
}

export interface SqlContext {
	store: WorkspaceStore;
	workspace: string;
	user: string;
	now: string;
}

function tableOf(ctx: SqlContext, name: string): Table {
	const table = ctx.store.table(ctx.workspace, name);
	if (!table) throw new SqlError(`relation "${name}" does not exist`);
	return table;
}

/** Runs one statement; SELECT returns its rows, the others null (Feishu: an empty result). */
export function runSql(ctx: SqlContext, sql: string): Row[] | null {
	const p = new Parser(tokenize(sql));
	if (p.isWord('SELECT')) {
		p.word('SELECT');
		let columns: string[] | null = [];
		if (p.punct('*')) columns = null;
		else {
			columns.push(p.name());
			while (p.punct(',')) columns.push(p.name());
		}
		p.word('FROM');
		const table = tableOf(ctx, p.name());
		const filter = p.isWord('WHERE') ? whereClause(p) : [];
		const order: Array<{ column: string; desc: boolean; nullsFirst: boolean }> = [];
		if (p.isWord('ORDER')) {
			p.word('ORDER');
			p.word('BY');
			do {
				const column = p.name();
				let desc = false;
				if (p.isWord('DESC')) {
					p.word('DESC');
					desc = true;
				} else if (p.isWord('ASC')) p.word('ASC');
				order.push({ column, desc, nullsFirst: desc });
			} while (p.punct(','));
		}
		let limit = Infinity;
		let offset = 0;
		if (p.isWord('LIMIT')) {
			p.word('LIMIT');
			limit = p.int();
		}
		if (p.isWord('OFFSET')) {
			p.word('OFFSET');
			offset = p.int();
		}
		if (!p.done()) throw new SqlError(`unexpected "${p.peek()?.v}"`);
		for (const c of [...(columns ?? []), ...order.map((o) => o.column)]) {
			if (!table.byName.has(c)) throw new SqlError(`column "${c}" does not exist`);
		}
		const rows = table.select(filter, order).slice(offset, offset + limit);
		return rows.map((r) => (columns ? Object.fromEntries(columns.map((c) => [c, r[c] ?? null])) : { ...r }));
	}
	if (p.isWord('INSERT')) {
		p.word('INSERT');
		p.word('INTO');
		const table = tableOf(ctx, p.name());
		p.expectPunct('(');
		const columns = [p.name()];
		while (p.punct(',')) columns.push(p.name());
		p.expectPunct(')');
		p.word('VALUES');
		const rows: Row[] = [];
		do {
			p.expectPunct('(');
			const values = [p.literal()];
			while (p.punct(',')) values.push(p.literal());
			p.expectPunct(')');
			if (values.length !== columns.length) throw new SqlError('INSERT has more or fewer values than columns');
			rows.push(Object.fromEntries(columns.map((c, i) => [c, values[i]])));
		} while (p.punct(','));
		if (!p.done()) throw new SqlError(`unexpected "${p.peek()?.v}"`);
		ctx.store.write(ctx.workspace, table, rows, ctx.user, ctx.now);
		return null;
	}
	if (p.isWord('UPDATE')) {
		p.word('UPDATE');
		const table = tableOf(ctx, p.name());
		p.word('SET');
		const fields: Row = {};
		do {
			const column = p.name();
			const t = p.peek();
			if (t?.t !== 'op' || t.v !== '=') throw new SqlError(`expected "=" after ${column}`);
			p.skip();
			fields[column] = p.literal();
		} while (p.punct(','));
		const filter = p.isWord('WHERE') ? whereClause(p) : [];
		if (!p.done()) throw new SqlError(`unexpected "${p.peek()?.v}"`);
		ctx.store.update(ctx.workspace, table, filter, fields, ctx.user, ctx.now);
		return null;
	}
	if (p.isWord('DELETE')) {
		p.word('DELETE');
		p.word('FROM');
		const table = tableOf(ctx, p.name());
		const filter = p.isWord('WHERE') ? whereClause(p) : [];
		if (!p.done()) throw new SqlError(`unexpected "${p.peek()?.v}"`);
		ctx.store.delete(ctx.workspace, table, filter, ctx.user);
		return null;
	}
	throw new SqlError('only SELECT, INSERT, UPDATE and DELETE are supported');
}
