/**
 * `apaas.workspace.record_change_v1`: a row of a data-platform table inserted, updated or deleted.
 * `event{workspace, app, table, type, operator, before, after}`, where `before` / `after` are JSON
 * strings with int64 numbers: `before` is null on INSERT and holds every field on DELETE; `after`
 * holds every field on INSERT, only the changed fields on UPDATE, and is null on DELETE.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseExactJson } from '../FeishuApaas/engine/exact-json';
import type { EventEnvelope } from './envelope';

export const RECORD_CHANGE_EVENT = 'apaas.workspace.record_change_v1';
export const CHANGE_TYPES = ['INSERT', 'UPDATE', 'DELETE'] as const;

export interface RecordChangeFilter {
	workspaceId: string;
	/** Empty = every table. */
	tableNames: string[];
	/** Empty = every change type. */
	changeTypes: string[];
}

/**
 * ASSUMPTION: Feishu does not document whether `workspace` / `table` are plain strings (id, name) or
 * objects; both are read, objects by `id` / `workspace_id` and `name` / `table_name` / `api_name`.
 */
function nameOf(value: unknown, keys: string[]): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'object' && value !== null) {
		for (const key of keys) {
			const inner = (value as IDataObject)[key];
			if (typeof inner === 'string' && inner !== '') return inner;
		}
	}
	return '';
}

export const workspaceIdOf = (event: IDataObject) => nameOf(event.workspace, ['id', 'workspace_id']);
export const tableNameOf = (event: IDataObject) => nameOf(event.table, ['name', 'table_name', 'api_name', 'id']);

export function matchesFilter(event: IDataObject, filter: RecordChangeFilter): boolean {
	if (filter.workspaceId !== '' && workspaceIdOf(event) !== filter.workspaceId) return false;
	if (filter.tableNames.length > 0 && !filter.tableNames.includes(tableNameOf(event))) return false;
	if (filter.changeTypes.length > 0 && !filter.changeTypes.includes(String(event.type ?? ''))) return false;
	return true;
}

/** A row image: the JSON string parsed with int64 exact, null as null; a string that is not JSON is kept as it came. */
function rowImage(value: unknown): unknown {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value !== 'string') return value;
	try {
		return parseExactJson(value);
	} catch {
		return value;
	}
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The header fields every output item starts with. */
export function headerFields(envelope: EventEnvelope): IDataObject {
	return { ...envelope.header };
}

/** One output item for a record change. */
export function recordChangeItem(envelope: EventEnvelope): IDataObject {
	const { event } = envelope;
	const before = rowImage(event.before);
	const after = rowImage(event.after);
	const item: IDataObject = {
		...headerFields(envelope),
		workspace: event.workspace ?? null,
		app: event.app ?? null,
		table: event.table ?? null,
		type: event.type ?? null,
		operator: event.operator ?? null,
		before: before as IDataObject | null,
		after: after as IDataObject | null,
	};
	if (event.type === 'UPDATE') {
		const afterFields = typeof after === 'object' && after !== null ? (after as IDataObject) : {};
		const beforeFields = typeof before === 'object' && before !== null ? (before as IDataObject) : {};
		// `after` carries only the changed fields; an identifier Feishu may repeat there is not a change.
		item.changed_fields = Object.keys(afterFields).filter(
			(name) => !(name in beforeFields) || !same(beforeFields[name], afterFields[name]),
		);
	}
	return item;
}

/** "Any Event": the header and the event's own fields, as Feishu sent them. */
export function rawEventItem(envelope: EventEnvelope): IDataObject {
	return { ...envelope.event, ...headerFields(envelope) };
}
