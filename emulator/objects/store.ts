/**
 * The in-memory store behind the emulator's application-data APIs: namespaces → objects
 * (schema + records). Record ids are 19-digit int64s above 2^53, held as BigInt. No HTTP here.
 */
import { isJsonObject, type ExactJson } from './json-int64';
import {
	API_NAME,
	checkFields,
	coerceValue,
	parseRecordId,
	recordError,
	type FieldSchema,
	type ObjectSeed,
	type RecordError,
	type StoredRecord,
	type StoredValue,
} from './schema';

/**
 * First id handed out by an empty store; each new record gets the next integer (after the
 * highest id seeded). ASSUMPTION: Feishu's ids are opaque 19-digit int64s; sequential ones
 * make tests readable and keep `_id` order = creation order.
 */
export const FIRST_RECORD_ID = 1_790_000_000_000_000_001n;

export class ObjectTable {
	readonly fieldList: FieldSchema[];
	readonly fields: Map<string, FieldSchema>;
	readonly records = new Map<bigint, StoredRecord>();
	/** Records by ascending id; null = rebuild by sorting; `pruned` = drop deleted ones first. */
	private sortedCache: StoredRecord[] | null = [];
	private pruned = false;

	constructor(
		readonly namespace: string,
		readonly apiName: string,
		readonly label: string,
		fields: FieldSchema[],
	) {
		this.fieldList = fields;
		this.fields = new Map(fields.map((f) => [f.apiName, f]));
	}

	/** Every record, by ascending `_id` (live array; do not mutate). */
	sorted(): StoredRecord[] {
		if (this.sortedCache === null) {
			this.sortedCache = [...this.records.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
			this.pruned = false;
		} else if (this.pruned) {
			this.sortedCache = this.sortedCache.filter((r) => this.records.get(r.id) === r);
			this.pruned = false;
		}
		return this.sortedCache;
	}

	put(record: StoredRecord): void {
		const replaced = this.records.has(record.id);
		this.records.set(record.id, record);
		const cache = this.sortedCache;
		if (cache && !replaced && !this.pruned && (cache.length === 0 || cache[cache.length - 1].id < record.id)) {
			cache.push(record);
		} else {
			this.sortedCache = null;
		}
	}

	remove(id: bigint): boolean {
		if (!this.records.delete(id)) return false;
		this.pruned = true;
		return true;
	}

	/** Text fields (what search matches on). */
	textFields(): string[] {
		return this.fieldList.filter((f) => f.type === 'text').map((f) => f.apiName);
	}
}

export type Validated = { ok: true; values: Record<string, StoredValue> } | { ok: false; errors: RecordError[] };

export interface GenerateRecordsOptions {
	namespace: string;
	objectApiName: string;
	count: number;
}

/** One object in `GET /__emulator/state`. */
export interface ObjectSummary {
	fields: FieldSchema[];
	count: number;
}

export class ObjectStore {
	private readonly namespaces = new Map<string, Map<string, ObjectTable>>();
	private nextId = FIRST_RECORD_ID;

	reset(): void {
		this.namespaces.clear();
		this.nextId = FIRST_RECORD_ID;
	}

	hasNamespace(namespace: string): boolean {
		return this.namespaces.has(namespace);
	}

	table(namespace: string, objectApiName: string): ObjectTable | undefined {
		return this.namespaces.get(namespace)?.get(objectApiName);
	}

	/** Objects of a namespace, in the order they were defined. */
	tables(namespace: string): ObjectTable[] {
		return [...(this.namespaces.get(namespace)?.values() ?? [])];
	}

	private newId(): bigint {
		return this.nextId++;
	}

	/** Defines namespaces/objects and adds records; throws a readable Error on a bad seed. */
	seed(seed: ObjectSeed): void {
		if (!isJsonObject(seed) || !Array.isArray(seed.namespaces)) throw new Error('objects: {namespaces: [...]} expected');
		for (const ns of seed.namespaces) {
			if (!ns || typeof ns.namespace !== 'string' || !API_NAME.test(ns.namespace) || !Array.isArray(ns.objects)) {
				throw new Error('objects: every namespace needs a namespace name and an objects array');
			}
			let tables = this.namespaces.get(ns.namespace);
			if (!tables) this.namespaces.set(ns.namespace, (tables = new Map()));
			// Schemas first, so lookups between objects of the same seed resolve.
			for (const o of ns.objects) {
				if (!o || typeof o.apiName !== 'string' || !API_NAME.test(o.apiName)) {
					throw new Error(`objects: an object of ${ns.namespace} has no valid apiName`);
				}
				const existing = tables.get(o.apiName);
				if (o.fields === undefined) {
					if (!existing) throw new Error(`objects: new object ${o.apiName} needs fields`);
					continue;
				}
				const table = new ObjectTable(ns.namespace, o.apiName, o.label ?? o.apiName, checkFields(o.apiName, o.fields));
				for (const r of existing?.sorted() ?? []) table.put(r);
				tables.set(o.apiName, table);
			}
			for (const o of ns.objects) {
				const table = tables.get(o.apiName) as ObjectTable;
				for (const input of o.records ?? []) this.seedRecord(table, input);
			}
		}
	}

	private seedRecord(table: ObjectTable, input: Record<string, unknown>): void {
		if (!isJsonObject(input)) throw new Error(`objects: a record of ${table.apiName} is not an object`);
		const { _id: rawId, ...rest } = input as Record<string, ExactJson>;
		let id: bigint;
		if (rawId === undefined) id = this.newId();
		else {
			const parsed = parseRecordId(rawId);
			if (parsed === null) throw new Error(`objects: record of ${table.apiName} has a bad _id ${String(rawId)}`);
			id = parsed;
			if (id >= this.nextId) this.nextId = id + 1n;
		}
		const checked = this.validate(table, rest, 'create');
		if (!checked.ok) {
			throw new Error(`objects: record ${id} of ${table.apiName}: ${checked.errors.map((e) => e.message).join('; ')}`);
		}
		table.put({ id, values: checked.values });
	}

	/**
	 * Checks a record's fields. 'create': every required field must be there and `_id` must
	 * not; 'update': only the fields given (the caller strips `_id`). Every problem is reported.
	 */
	validate(table: ObjectTable, input: Record<string, ExactJson>, mode: 'create' | 'update'): Validated {
		const errors: RecordError[] = [];
		const values: Record<string, StoredValue> = {};
		for (const [name, raw] of Object.entries(input)) {
			if (name === '_id') {
				// ASSUMPTION: a create may not choose its record id; `_id` is read-only.
				errors.push(recordError('readonly_field', `field "_id" is read-only`, '_id'));
				continue;
			}
			const field = table.fields.get(name);
			if (!field) {
				errors.push(recordError('unknown_field', `unknown field "${name}" in object "${table.apiName}"`, name));
				continue;
			}
			const coerced = coerceValue(field, raw);
			if (!coerced.ok) {
				errors.push(coerced.error);
				continue;
			}
			const v = coerced.value;
			// ASSUMPTION: Feishu refuses a lookup to a record that does not exist.
			if (field.lookupObject && v !== null && typeof v === 'object' && !Array.isArray(v)) {
				const target = this.table(table.namespace, field.lookupObject);
				if (!target?.records.has(v._id)) {
					errors.push(
						recordError(
							'lookup_not_found',
							`field "${name}": no ${field.lookupObject} record with _id ${v._id}`,
							name,
						),
					);
					continue;
				}
			}
			values[name] = v;
		}
		if (mode === 'create') {
			for (const f of table.fieldList) {
				if (f.required && !(f.apiName in input)) {
					errors.push(recordError('required_field_missing', `required field "${f.apiName}" is missing`, f.apiName));
				}
			}
		}
		return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
	}

	/** Stores a validated new record; returns its id. */
	create(table: ObjectTable, values: Record<string, StoredValue>): bigint {
		const id = this.newId();
		table.put({ id, values: dropNulls(values) });
		return id;
	}

	/** Applies validated values to an existing record (null clears a field). */
	update(table: ObjectTable, id: bigint, values: Record<string, StoredValue>): boolean {
		const rec = table.records.get(id);
		if (!rec) return false;
		for (const [k, v] of Object.entries(values)) {
			if (v === null) delete rec.values[k];
			else rec.values[k] = v;
		}
		return true;
	}

	/** Bulk-creates records with every required field filled; fast (no validation pass). */
	generate(opts: GenerateRecordsOptions): void {
		const table = this.table(opts.namespace, opts.objectApiName);
		if (!table) throw new Error(`seed objects.generate: unknown object ${opts.namespace}/${opts.objectApiName}`);
		if (!Number.isSafeInteger(opts.count) || opts.count < 0) throw new Error('seed objects.generate: count must be an integer >= 0');
		const makers = table.fieldList
			.filter((f) => f.required)
			.map((f) => [f.apiName, this.generator(table, f)] as const);
		for (let n = 0; n < opts.count; n++) {
			const id = this.newId();
			const values: Record<string, StoredValue> = {};
			for (const [name, make] of makers) values[name] = make(id);
			table.put({ id, values });
		}
	}

	private generator(table: ObjectTable, f: FieldSchema): (id: bigint) => StoredValue {
		switch (f.type) {
			case 'text':
				return (id) => `${f.apiName} ${id}`;
			case 'number':
				return (id) => Number(id % 1_000_000n);
			case 'bigint':
				return (id) => id;
			case 'boolean':
				return (id) => id % 2n === 0n;
			case 'multiSelect':
				return () => ['option_1'];
			case 'date':
				return () => '2026-01-01';
			case 'lookup': {
				const targets = f.lookupObject ? this.table(table.namespace, f.lookupObject)?.sorted() ?? [] : [];
				if (f.lookupObject && targets.length === 0) {
					throw new Error(`seed objects.generate: required lookup ${f.apiName} needs ${f.lookupObject} records`);
				}
				if (targets.length === 0) return () => ({ _id: FIRST_RECORD_ID });
				return (id) => ({ _id: targets[Number(id % BigInt(targets.length))].id });
			}
		}
	}

	/** Counts and schemas per namespace/object (for the state endpoint). */
	summary(): Record<string, Record<string, ObjectSummary>> {
		const out: Record<string, Record<string, ObjectSummary>> = {};
		for (const [ns, tables] of this.namespaces) {
			out[ns] = {};
			for (const [name, t] of tables) out[ns][name] = { fields: structuredClone(t.fieldList), count: t.records.size };
		}
		return out;
	}
}

function dropNulls(values: Record<string, StoredValue>): Record<string, StoredValue> {
	const out: Record<string, StoredValue> = {};
	for (const [k, v] of Object.entries(values)) if (v !== null) out[k] = v;
	return out;
}

/**
 * A record as the in-process and control APIs hand it out: a deep copy with `_id`, bigint
 * values and lookup ids as decimal strings.
 */
export function plainRecord(rec: StoredRecord): Record<string, unknown> {
	const out: Record<string, unknown> = { _id: rec.id.toString() };
	for (const [k, v] of Object.entries(rec.values)) {
		if (typeof v === 'bigint') out[k] = v.toString();
		else if (Array.isArray(v)) out[k] = [...v];
		else if (v !== null && typeof v === 'object') out[k] = { _id: v._id.toString() };
		else out[k] = v;
	}
	return out;
}
