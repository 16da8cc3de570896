/**
 * The data platform: workspaces with tables (schema + rows), views and enums. Rows carry Feishu's
 * system columns `_id` (uuid), `_created_at`, `_created_by`, `_updated_at`, `_updated_by`.
 * Every write is one transaction (ASSUMPTION: Feishu's data platform is Postgres; a records POST or
 * PATCH that fails on one row writes none), and each changed row is reported to the
 * `onRecordChange` listeners (the events domain turns them into `apaas.workspace.record_change_v1`).
 */
import { randomUUID } from 'node:crypto';
import { stringifyExact, type ExactJson } from '../objects/json-int64';
import { compareRows, matches, parseFilter, type Condition, type OrderTerm } from './postgrest';
import { coerce, DATA_TYPES, fromText, sameValue, ValueError, type Column, type DataType } from './values';

export type Row = Record<string, ExactJson>;

export const SYSTEM_COLUMNS: readonly Column[] = [
	sys('_id', 'uuid'),
	sys('_created_at', 'timestamptz'),
	sys('_created_by', 'text'),
	sys('_updated_at', 'timestamptz'),
	sys('_updated_by', 'text'),
];

function sys(name: string, type: DataType): Column {
	return {
		name,
		description: 'system column',
		data_type: type,
		is_primary_key: name === '_id',
		is_unique: name === '_id',
		is_auto_increment: false,
		is_array: false,
		is_allow_null: false,
		default_value: '',
	};
}

export interface ColumnSeed extends Partial<Omit<Column, 'name' | 'data_type'>> {
	name: string;
	data_type: string;
}

export interface TableSeed {
	name: string;
	description?: string;
	columns: ColumnSeed[];
	records?: Row[];
}

export interface ViewSeed {
	name: string;
	/** The table the view reads. */
	table: string;
	/** Columns it shows (default all). */
	columns?: string[];
	/** A PostgREST filter the view applies (default none). */
	filter?: string;
}

export interface EnumSeed {
	name: string;
	description?: string;
	options: string[];
	/** ms since epoch. */
	created_at?: number;
	created_by?: { id?: string; name?: string; avatar?: string };
}

export interface WorkspaceSeed {
	id: string;
	tables?: TableSeed[];
	views?: ViewSeed[];
	enums?: EnumSeed[];
}

export interface RecordChange {
	workspace: string;
	table: string;
	type: 'INSERT' | 'UPDATE' | 'DELETE';
	/** The user who made the change (open id). */
	operator: string;
	/** null on INSERT; every field on UPDATE and DELETE. */
	before: Row | null;
	/** Every field on INSERT; only the changed fields on UPDATE; null on DELETE. */
	after: Row | null;
}

export type RecordChangeListener = (change: RecordChange) => void;

export class Table {
	readonly rows = new Map<string, Row>();
	readonly columns: Column[];
	readonly byName: Map<string, Column>;
	private nextSerial = new Map<string, bigint>();

	constructor(
		readonly name: string,
		readonly description: string,
		userColumns: Column[],
	) {
		this.columns = [...SYSTEM_COLUMNS, ...userColumns];
		this.byName = new Map(this.columns.map((c) => [c.name, c]));
	}

	get userColumns(): Column[] {
		return this.columns.filter((c) => !c.name.startsWith('_'));
	}

	primaryKey(): string[] {
		const pk = this.userColumns.filter((c) => c.is_primary_key).map((c) => c.name);
		return pk.length > 0 ? pk : ['_id'];
	}

	/** A key set an upsert may match on: the primary key or a unique column. */
	isConflictTarget(columns: string[]): boolean {
		const pk = this.primaryKey();
		if (columns.length === pk.length && columns.every((c) => pk.includes(c))) return true;
		return columns.length === 1 && Boolean(this.byName.get(columns[0])?.is_unique);
	}

	serial(column: string): ExactJson {
		let next = this.nextSerial.get(column);
		if (next === undefined) {
			next = 1n;
			for (const row of this.rows.values()) {
				const v = row[column];
				if (typeof v === 'number' || typeof v === 'bigint') {
					const b = BigInt(v);
					if (b >= next) next = b + 1n;
				}
			}
		}
		this.nextSerial.set(column, next + 1n);
		return Number.isSafeInteger(Number(next)) ? Number(next) : next;
	}

	resetSerials(): void {
		this.nextSerial.clear();
	}

	select(conditions: Condition[], order: OrderTerm[]): Row[] {
		const rows = [...this.rows.values()].filter((r) => matches(conditions, r, this.byName));
		// ASSUMPTION: without `order`, rows come in insertion order (Postgres promises none; Feishu says nothing).
		if (order.length > 0) rows.sort((a, b) => compareRows(order, a, b));
		return rows;
	}
}

export interface View {
	name: string;
	table: string;
	columns: string[] | null;
	conditions: Condition[];
}

export interface Workspace {
	id: string;
	tables: Map<string, Table>;
	views: Map<string, View>;
	enums: Map<string, Required<Omit<EnumSeed, 'created_by'>> & { created_by: EnumSeed['created_by'] }>;
}

function column(seed: ColumnSeed, table: string): Column {
	if (typeof seed?.name !== 'string' || !/^[a-z][a-z0-9_]*$/i.test(seed.name)) {
		throw new Error(`table ${table}: bad column name ${JSON.stringify(seed?.name)}`);
	}
	if (!DATA_TYPES.has(seed.data_type)) throw new Error(`table ${table}.${seed.name}: unknown data_type ${seed.data_type}`);
	return {
		name: seed.name,
		description: seed.description ?? '',
		data_type: seed.data_type as DataType,
		is_primary_key: seed.is_primary_key ?? false,
		is_unique: seed.is_unique ?? seed.is_primary_key ?? false,
		is_auto_increment: seed.is_auto_increment ?? false,
		is_array: seed.is_array ?? false,
		is_allow_null: seed.is_allow_null ?? !(seed.is_primary_key ?? false),
		default_value: seed.default_value ?? '',
	};
}

/**
 * A value as a key of KeyIndex: equal keys exactly when `sameValue` holds for values of one column (numbers
 * and BigInts by value, the rest by the string form `compare` uses). Values of a column all went through
 * `coerce` for its type, so the cross-type cases of `compare` (a number against a string) do not arise.
 */
function keyPart(value: ExactJson): string {
	if (typeof value === 'bigint') return `n:${value}`;
	if (typeof value === 'number') return Number.isInteger(value) ? `n:${BigInt(value)}` : `n:${value}`;
	if (typeof value === 'string') return `s:${value}`;
	try {
		return `s:${JSON.stringify(value)}`;
	} catch {
		// An array holding a BigInt (compare would throw on it too): its exact JSON.
		return `x:${stringifyExact(value)}`;
	}
}

/**
 * The rows of one write by each unique key (columns sorted), so that a uniqueness check or an upsert's
 * conflict lookup is one map read, not a scan of the table (which made 10,000 rows in 20 requests take
 * a minute: every row scanned every row). A row with a null in a key is not indexed under it, as
 * Postgres's NULLs are distinct (the scan it replaces skipped them too).
 */
class KeyIndex {
	private readonly byKey = new Map<string, Map<string, Set<string>>>();

	constructor(keys: string[][], rows: Map<string, Row>) {
		for (const key of keys) this.byKey.set(KeyIndex.keyName(key), new Map());
		for (const row of rows.values()) this.replace(undefined, row);
	}

	private static keyName(key: string[]): string {
		return [...key].sort().join(',');
	}

	private static value(key: string[], row: Row): string | undefined {
		const parts: string[] = [];
		for (const column of [...key].sort()) {
			const v = row[column];
			if (v === null || v === undefined) return undefined;
			parts.push(keyPart(v));
		}
		return parts.join('\u0000');
	}

	/** The `_id` of a row other than `except` with the same values as `row` in `key` (an indexed key). */
	find(key: string[], row: Row, except?: string): string | undefined {
		const index = this.byKey.get(KeyIndex.keyName(key));
		if (!index) throw new Error(`KeyIndex: ${key.join(',')} is not a unique key`);
		const value = KeyIndex.value(key, row);
		if (value === undefined) return undefined;
		for (const id of index.get(value) ?? []) if (id !== except) return id;
		return undefined;
	}

	/** `before` (a row leaving, or none) is replaced by `after` (the row as it will be stored). */
	replace(before: Row | undefined, after: Row): void {
		for (const [name, index] of this.byKey) {
			const key = name.split(',');
			const old = before && KeyIndex.value(key, before);
			if (old !== undefined) index.get(old)?.delete(String(before?._id));
			const value = KeyIndex.value(key, after);
			if (value === undefined) continue;
			let ids = index.get(value);
			if (!ids) index.set(value, (ids = new Set()));
			ids.add(String(after._id));
		}
	}
}

export class WorkspaceStore {
	readonly workspaces = new Map<string, Workspace>();
	private readonly listeners = new Set<RecordChangeListener>();

	reset(): void {
		this.workspaces.clear();
	}

	/** Registers a listener for every row change; returns the function that removes it. */
	onRecordChange(listener: RecordChangeListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private emit(change: RecordChange): void {
		for (const l of this.listeners) l(structuredClone(change));
	}

	seed(seeds: WorkspaceSeed[]): void {
		for (const ws of seeds) {
			if (typeof ws?.id !== 'string' || ws.id === '') throw new Error('workspaces[].id must be a non-empty string');
			const workspace = this.workspaces.get(ws.id) ?? { id: ws.id, tables: new Map(), views: new Map(), enums: new Map() };
			this.workspaces.set(ws.id, workspace);
			for (const t of ws.tables ?? []) {
				const table = new Table(t.name, t.description ?? '', (t.columns ?? []).map((c) => column(c, t.name)));
				workspace.tables.set(t.name, table);
				const now = new Date(0).toISOString();
				for (const r of t.records ?? []) {
					const row = this.buildRow(table, r, 'ou_seed', now, 'seed');
					table.rows.set(String(row._id), row);
				}
			}
			for (const v of ws.views ?? []) {
				const table = workspace.tables.get(v.table);
				if (!table) throw new Error(`view ${v.name}: unknown table ${v.table}`);
				workspace.views.set(v.name, {
					name: v.name,
					table: v.table,
					columns: v.columns ?? null,
					conditions: v.filter ? parseFilter(v.filter) : [],
				});
			}
			for (const e of ws.enums ?? []) {
				workspace.enums.set(e.name, {
					name: e.name,
					description: e.description ?? '',
					options: [...e.options],
					created_at: e.created_at ?? 1764547200000,
					created_by: e.created_by,
				});
			}
		}
	}

	table(workspaceId: string, name: string): Table | undefined {
		return this.workspaces.get(workspaceId)?.tables.get(name);
	}

	/** A full row from input fields: defaults, serials, system columns; throws ValueError. */
	private buildRow(table: Table, input: Row, user: string, now: string, mode: 'insert' | 'seed'): Row {
		const row: Row = {};
		for (const [k, v] of Object.entries(input)) {
			const col = table.byName.get(k);
			if (!col) throw new ValueError(`column "${k}" of relation "${table.name}" does not exist`);
			if (col.name.startsWith('_') && !(mode === 'seed' || col.name === '_id')) {
				throw new ValueError(`column "${k}" is a system column and cannot be written`);
			}
			row[k] = coerce(col, v);
		}
		for (const col of table.userColumns) {
			if (row[col.name] !== undefined && row[col.name] !== null) continue;
			if (row[col.name] === undefined) {
				if (col.is_auto_increment) row[col.name] = table.serial(col.name);
				else if (col.default_value !== '') row[col.name] = fromText(col, col.default_value);
			}
			if ((row[col.name] ?? null) === null) {
				if (!col.is_allow_null) {
					throw new ValueError(`null value in column "${col.name}" of relation "${table.name}" violates not-null constraint`);
				}
				row[col.name] = null;
			}
		}
		row._id = typeof row._id === 'string' && row._id !== '' ? row._id : randomUUID();
		row._created_at = (row._created_at as string) ?? now;
		row._created_by = (row._created_by as string) ?? user;
		row._updated_at = (row._updated_at as string) ?? now;
		row._updated_by = (row._updated_by as string) ?? user;
		return row;
	}

	/** The unique keys of `table`: its primary key, and each unique column of its own. */
	private uniqueKeys(table: Table): string[][] {
		return [table.primaryKey(), ...table.userColumns.filter((c) => c.is_unique && !c.is_primary_key).map((c) => [c.name])];
	}

	private checkUnique(table: Table, index: KeyIndex, row: Row): void {
		for (const key of this.uniqueKeys(table)) {
			if (index.find(key, row, String(row._id))) {
				throw new ValueError(`duplicate key value violates unique constraint on (${key.join(', ')}) of "${table.name}"`);
			}
		}
	}

	/**
	 * Inserts rows, or upserts them when `conflict` is given (rows matching on those columns are updated
	 * with the fields given — limited to `columns` when set). Returns each row's `_id` in input order.
	 */
	write(
		workspace: string,
		table: Table,
		inputs: Row[],
		user: string,
		now: string,
		opts: { conflict?: string[]; columns?: string[] } = {},
	): string[] {
		const next = new Map(table.rows);
		const keys = new KeyIndex(this.uniqueKeys(table), next);
		const changes: RecordChange[] = [];
		const ids: string[] = [];
		inputs.forEach((raw, index) => {
			try {
				let input = raw;
				if (opts.columns) {
					input = {};
					for (const c of opts.columns) if (c in raw) input[c] = raw[c];
				}
				if (opts.conflict) {
					const probe: Row = {};
					for (const k of opts.conflict) {
						const col = table.byName.get(k);
						if (col && input[k] !== undefined) probe[k] = coerce(col, input[k]);
					}
					const existingId = keys.find(opts.conflict, probe);
					const existing = existingId === undefined ? undefined : next.get(existingId);
					if (existing) {
						const { row, changed } = this.patchRow(table, existing, input, user, now);
						this.checkUnique(table, keys, row);
						keys.replace(existing, row);
						next.set(String(row._id), row);
						ids.push(String(row._id));
						if (Object.keys(changed).length > 0) {
							changes.push({ workspace, table: table.name, type: 'UPDATE', operator: user, before: existing, after: changed });
						}
						return;
					}
				}
				const row = this.buildRow(table, input, user, now, 'insert');
				if (next.has(String(row._id))) throw new ValueError(`duplicate key value violates unique constraint on (_id)`);
				this.checkUnique(table, keys, row);
				keys.replace(undefined, row);
				next.set(String(row._id), row);
				ids.push(String(row._id));
				changes.push({ workspace, table: table.name, type: 'INSERT', operator: user, before: null, after: row });
			} catch (e) {
				if (e instanceof ValueError) throw new ValueError(`record ${index}: ${e.message}`);
				throw e;
			}
		});
		this.commit(table, next, changes);
		return ids;
	}

	/** Updated copy of `row` with `fields`; `changed` = the fields whose value differs. */
	private patchRow(table: Table, row: Row, fields: Row, user: string, now: string): { row: Row; changed: Row } {
		const out: Row = { ...row };
		const changed: Row = {};
		for (const [k, v] of Object.entries(fields)) {
			if (k === '_id') continue;
			const col = table.byName.get(k);
			if (!col) throw new ValueError(`column "${k}" of relation "${table.name}" does not exist`);
			if (col.name.startsWith('_')) throw new ValueError(`column "${k}" is a system column and cannot be written`);
			const value = coerce(col, v);
			if (value === null && !col.is_allow_null) {
				throw new ValueError(`null value in column "${k}" of relation "${table.name}" violates not-null constraint`);
			}
			if (!(value === null ? out[k] === null : out[k] !== null && out[k] !== undefined && sameValue(out[k], value) && typeof out[k] === typeof value)) {
				changed[k] = value;
			}
			out[k] = value;
		}
		if (Object.keys(changed).length > 0) {
			out._updated_at = now;
			out._updated_by = user;
		}
		return { row: out, changed };
	}

	/** Sets `fields` on every row matching `conditions`; returns their `_id`s. */
	update(workspace: string, table: Table, conditions: Condition[], fields: Row, user: string, now: string): string[] {
		const next = new Map(table.rows);
		const keys = new KeyIndex(this.uniqueKeys(table), next);
		const changes: RecordChange[] = [];
		const ids: string[] = [];
		for (const row of table.select(conditions, [])) {
			const { row: updated, changed } = this.patchRow(table, row, fields, user, now);
			this.checkUnique(table, keys, updated);
			keys.replace(row, updated);
			next.set(String(row._id), updated);
			ids.push(String(row._id));
			if (Object.keys(changed).length > 0) {
				changes.push({ workspace, table: table.name, type: 'UPDATE', operator: user, before: row, after: changed });
			}
		}
		this.commit(table, next, changes);
		return ids;
	}

	/** Updates each row by `_id` with its own fields; rows whose `_id` is unknown are skipped. */
	updateById(workspace: string, table: Table, rows: Row[], user: string, now: string): string[] {
		const next = new Map(table.rows);
		const keys = new KeyIndex(this.uniqueKeys(table), next);
		const changes: RecordChange[] = [];
		const ids: string[] = [];
		rows.forEach((input, index) => {
			const id = String(input._id);
			const row = next.get(id);
			// ASSUMPTION: an `_id` that matches no row is skipped (absent from record_ids), not an error.
			if (!row) return;
			try {
				const { row: updated, changed } = this.patchRow(table, row, input, user, now);
				this.checkUnique(table, keys, updated);
				keys.replace(row, updated);
				next.set(id, updated);
				ids.push(id);
				if (Object.keys(changed).length > 0) {
					changes.push({ workspace, table: table.name, type: 'UPDATE', operator: user, before: row, after: changed });
				}
			} catch (e) {
				if (e instanceof ValueError) throw new ValueError(`record ${index}: ${e.message}`);
				throw e;
			}
		});
		this.commit(table, next, changes);
		return ids;
	}

	delete(workspace: string, table: Table, conditions: Condition[], user: string): string[] {
		const gone = table.select(conditions, []);
		for (const row of gone) table.rows.delete(String(row._id));
		for (const row of gone) this.emit({ workspace, table: table.name, type: 'DELETE', operator: user, before: row, after: null });
		return gone.map((r) => String(r._id));
	}

	private commit(table: Table, next: Map<string, Row>, changes: RecordChange[]): void {
		table.rows.clear();
		for (const [k, v] of next) table.rows.set(k, v);
		for (const c of changes) this.emit(c);
	}
}
