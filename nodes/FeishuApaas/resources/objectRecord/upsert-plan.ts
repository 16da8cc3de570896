import { anyOfCondition, MAX_CONDITIONS, type Criterion } from '../shared/criterion';

/**
 * Create or Update (upsert) of object records, planned without I/O: which input items go together,
 * the one lookup each group needs, and — once Feishu has answered the lookup — which items update
 * which record and which are created.
 *
 * Per group of up to 500 items (Feishu's batch maximum): one batch_query whose filter is one
 * `isAnyOf` condition per match field (one condition however many keys, so 500 keys stay within
 * Feishu's 10 conditions), then one batch_update for the items found and one batch_create for the
 * rest. With several match fields the lookup can return records matching the fields separately
 * (a cross product); the exact match is made here.
 *
 * Duplicate keys in the input: the later item is an error ("same key as item N"), not merged — a
 * merge would pick one item's values silently; and both items written would create the record twice.
 * A key matched by two or more records is an error on the item (which to update is not ours to guess).
 * Keys compare as text here (input items with 100 and "100" are duplicates); the lookup sends each
 * value with its own JSON type, so a number key finds a number field's records.
 */

export type KeyValue = string | number | boolean;

export interface UpsertInput {
	itemIndex: number;
	/** The record's fields as they will be written. */
	fields: Record<string, unknown>;
}

export interface KeyedItem extends UpsertInput {
	/** Canonical key (the match fields' values as text, in Match Fields order). */
	key: string;
	keyValues: KeyValue[];
}

export interface UpsertRejection {
	itemIndex: number;
	message: string;
}

export interface UpsertGroup {
	items: KeyedItem[];
	/** The lookup's filter (Feishu criterion) and select. */
	filter: Criterion;
	select: string[];
}

export interface UpsertPlan {
	rejected: UpsertRejection[];
	groups: UpsertGroup[];
}

export const UPSERT_GROUP_SIZE = 500;

function keyValueOf(value: unknown): KeyValue | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'boolean') return value;
	// A lookup written as {"_id": …}: its id is the key.
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const id = (value as { _id?: unknown })._id;
		if (typeof id === 'string' && /^\d+$/.test(id)) return id;
		if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
	}
	return undefined;
}

const keyText = (v: KeyValue | unknown): string => String(v);

export function planUpsert(
	objectApiName: string,
	inputs: readonly UpsertInput[],
	matchFields: readonly string[],
	groupSize = UPSERT_GROUP_SIZE,
): UpsertPlan {
	// Reasons worded to follow "Match Fields …".
	if (matchFields.length === 0) throw new Error('is required');
	if (matchFields.length > MAX_CONDITIONS) throw new Error(`has more than ${MAX_CONDITIONS} fields (Feishu's most conditions per lookup)`);
	if (matchFields.includes('_id')) throw new Error('cannot include _id (Update writes by record id)');
	const rejected: UpsertRejection[] = [];
	const firstByKey = new Map<string, number>();
	const keyed: KeyedItem[] = [];
	for (const input of inputs) {
		const keyValues: KeyValue[] = [];
		let missing: string | undefined;
		for (const name of matchFields) {
			const v = keyValueOf(input.fields[name]);
			if (v === undefined) {
				missing = name;
				break;
			}
			keyValues.push(v);
		}
		if (missing !== undefined) {
			const raw = input.fields[missing];
			rejected.push({
				itemIndex: input.itemIndex,
				message:
					raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')
						? `has no value for match field "${missing}"`
						: `match field "${missing}" must be text, a number, a boolean or a lookup {"_id": …}, got ${Array.isArray(raw) ? 'a list' : typeof raw}`,
			});
			continue;
		}
		const key = JSON.stringify(keyValues.map(keyText));
		const first = firstByKey.get(key);
		if (first !== undefined) {
			rejected.push({
				itemIndex: input.itemIndex,
				message: `has the same match key as item ${first} (${describeKey(matchFields, keyValues)}): not written (the earlier item is)`,
			});
			continue;
		}
		firstByKey.set(key, input.itemIndex);
		keyed.push({ ...input, key, keyValues });
	}

	const groups: UpsertGroup[] = [];
	for (let start = 0; start < keyed.length; start += groupSize) {
		const items = keyed.slice(start, start + groupSize);
		const conditions = matchFields.map((field, f) => {
			const values = [...new Map(items.map((item) => [keyText(item.keyValues[f]), item.keyValues[f]])).values()];
			return anyOfCondition(objectApiName, field, values, f + 1);
		});
		groups.push({
			items,
			filter: { conditions, logic_expression: conditions.map((c) => c.index).join(' AND ') },
			select: ['_id', ...matchFields],
		});
	}
	return { rejected, groups };
}

function describeKey(matchFields: readonly string[], values: KeyValue[]): string {
	return matchFields.map((name, n) => `${name} = ${JSON.stringify(values[n])}`).join(', ');
}

export interface UpsertResolution {
	updates: Array<{ item: KeyedItem; id: string }>;
	creates: KeyedItem[];
	ambiguous: Array<{ item: KeyedItem; ids: string[] }>;
}

/**
 * The group's items against the records the lookup found (each `{_id, <match fields>…}`, ids as exact
 * strings): one match → update it, none → create, several → ambiguous (an error on the item).
 */
export function resolveGroup(group: UpsertGroup, found: ReadonlyArray<Record<string, unknown>>, matchFields: readonly string[]): UpsertResolution {
	const byKey = new Map<string, string[]>();
	for (const record of found) {
		const values = matchFields.map((name) => keyValueOf(record[name]));
		if (values.some((v) => v === undefined)) continue;
		const key = JSON.stringify(values.map(keyText));
		const ids = byKey.get(key) ?? [];
		ids.push(String(record._id));
		byKey.set(key, ids);
	}
	const resolution: UpsertResolution = { updates: [], creates: [], ambiguous: [] };
	for (const item of group.items) {
		const ids = byKey.get(item.key);
		if (!ids) resolution.creates.push(item);
		else if (ids.length === 1) resolution.updates.push({ item, id: ids[0] });
		else resolution.ambiguous.push({ item, ids });
	}
	return resolution;
}
