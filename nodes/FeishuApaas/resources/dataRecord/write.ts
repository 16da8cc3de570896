/**
 * Row writes of a data-platform table.
 *
 * Create, Upsert and Update Many send many items per request (⌈N/500⌉ requests for N items; Rows
 * Per Request lowers it): the rows go as one JSON string in `records`, and Feishu answers the `_id` of
 * each (`record_ids`, ASSUMPTION: in the order sent). Upsert and Update Many group rows that set the
 * same columns (Feishu: every row of one records_batch_update request must update the same fields; an
 * upsert's `columns` names the columns of the whole request). A request that fails fails exactly its
 * items: with Continue On Fail they become error items in place and the run goes on; without it no
 * request starts after the failure, the ones in flight finish, and the error names every failed item,
 * every id written in the run (by the requests in flight beside the failed one too) and the items not
 * sent. A create that got no answer is not sent again (the transport's `retryUnanswered: false`).
 *
 * Up to Requests In Flight (10 by default) requests wait on Feishu at the same time: Feishu takes
 * hundreds of milliseconds for a request of 500 rows, and one after another would use a fraction of
 * its 10 requests/s per app and API. The transport paces them to that window and a 429 pauses all of
 * them. Creates are independent of each other, but two items that write the same row in different
 * requests (Update Many: the same `_id`; Upsert: the same values in the columns to match on) must
 * apply in input order, the later wins, as one request after another would. So a request waits for
 * the earlier requests that share a row with it, and only for those (waitsFor): requests of distinct
 * rows stay in flight together, and a re-run over the same rows is what goes one after another.
 *
 * Why a runner of its own beside the engine's (engine/batch-runner.ts, for object records): that one
 * is built around Feishu's object-record batch endpoints, and four things differ here —
 *  1. the answer: one `record_ids` list for the whole request, not one `{success, id, errors}` per
 *     record, so a request succeeds or fails as a whole (only Update Many's rows missing from
 *     `record_ids` fail on their own);
 *  2. the grouping: rows that set the same columns (and, for Upsert, conflict key) share a request
 *     wherever they stand in the input, not runs of consecutive items on one path;
 *  3. the request: Upsert's `columns` / `on_conflict` in the query, the rows as one JSON string;
 *  4. the order: a row is known by Upsert's match-column values (compared loosely), or not at all
 *     (then the whole table waits); the engine's runner waits on the record id alone (sameRecordWaits).
 * Serving that from the engine's runner would take grouping, request, answer and ordering hooks in
 * BatchSpec, and the shared types do not grow for one resource (CONTRIBUTING). What is shared is the
 * engine's pieces: the transport (10 requests/s per credential and API, no blind re-send, a 429
 * pausing the API), error items, exact JSON, Requests In Flight (its check) and the failure report's
 * item ranges and reasons.
 *
 * Update and Delete act by filter, one request per item, and refuse to run without one unless All Rows
 * is on (filter-parameters.ts). */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { asSentence, failureReasons, itemsText, requestsInFlight, REQUESTS_IN_FLIGHT_OPTION } from '../../engine/batch-runner';
import { errorItem } from '../../engine/error-items';
import { inFlight } from '../../engine/in-flight';
import { stringifyExact } from '../../engine/exact-json';
import { apiOf, credentialTypeOf } from '../../engine/request/api';
import { buildPath } from '../../engine/request/path';
import { runSettings } from '../../engine/request/settings';
import { shapeValue } from '../../engine/shape';
import type { OperationSpec } from '../../engine/types';
import { integerIn } from '../../engine/values';
import type { TransportSettings } from '../../transport/context';
import { callFeishu } from '../../transport/request';
import { matchingColumnsOf, rowOf } from '../shared/columns';
import { MAX_ROWS_PER_REQUEST } from '../shared/data-platform';
import { filterOf } from '../shared/filter-parameters';

export type RowWrite = 'create' | 'upsert' | 'updateMany';

export const ROWS_PER_REQUEST_OPTION: INodeProperties = {
	displayName: 'Rows Per Request',
	name: 'rowsPerRequest',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_ROWS_PER_REQUEST },
	default: MAX_ROWS_PER_REQUEST,
	description: 'How many rows go in one request to Feishu (at most 500). Read from the first item.',
};

/** The object records' option (same name, same bounds), with the data platform's default. */
export const ROW_REQUESTS_IN_FLIGHT_OPTION: INodeProperties = {
	...REQUESTS_IN_FLIGHT_OPTION,
	// 10: Feishu's per-second window for every workspace API (documented for records_batch_update,
	// inferred for the others); more could not be sent in one second anyway.
	default: 10,
	description:
		"How many requests of this run may wait on Feishu at the same time. Feishu's 10 requests per second for the API still apply (the node paces every request to them). Items that write the same row (the same _id, or the same values in the columns to match on) still apply in input order. 1 sends one request after another. Read from the first item.",
};

interface Entry {
	itemIndex: number;
	path: string;
	row: IDataObject;
	settings: TransportSettings;
	/** Upsert: the conflict columns. */
	conflict?: string[];
	/**
	 * The row it writes as other items can name it: `keyColumns` (sorted, comma-joined; '' for an
	 * upsert on the table's primary key, which the node does not know) and their values (keyText).
	 * Unset for Create: every item is a row of its own.
	 */
	keyColumns?: string;
	keyValues?: string;
}

function rowsPerRequest(ctx: IExecuteFunctions): number {
	const raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject).rowsPerRequest;
	if (raw === undefined || raw === null || raw === '') return MAX_ROWS_PER_REQUEST;
	const param = { displayName: 'Options → Rows Per Request', name: 'rowsPerRequest' };
	return shapeValue(ctx, param, integerIn(1, MAX_ROWS_PER_REQUEST), raw, 0);
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A key column's value as text for telling rows apart. Values Feishu may take as the same (`"7"` and
 * 7, `"007"`, `"1.50"` and 1.5, a uuid in either case, spaces around) give the same text; so may some
 * different ones (text columns are case-sensitive), which only makes a request wait without need —
 * never the other way round.
 */
function keyText(value: unknown): string {
	const text = typeof value === 'object' && value !== null ? stringifyExact(value) : String(value).trim().toLowerCase();
	if (INTEGER.test(text)) return BigInt(text).toString();
	if (DECIMAL.test(text)) return String(Number(text));
	return text;
}

function prepare(ctx: IExecuteFunctions, spec: OperationSpec, kind: RowWrite, itemIndex: number): Entry {
	const { path } = buildPath(ctx, spec, itemIndex);
	const row = rowOf(ctx, itemIndex);
	const entry: Entry = { itemIndex, path, row, settings: runSettings(ctx, itemIndex) };
	if (kind === 'updateMany') {
		const id = row._id;
		if (typeof id !== 'string' || id.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), `Columns: item ${itemIndex} has no _id (Update Many updates rows by their _id)`, {
				itemIndex,
			});
		}
		entry.keyColumns = '_id';
		entry.keyValues = keyText(id);
	}
	if (kind === 'upsert') {
		entry.conflict = matchingColumnsOf(ctx, itemIndex);
		const columns = [...entry.conflict].sort();
		entry.keyColumns = columns.join(',');
		entry.keyValues = JSON.stringify(columns.map((column) => keyText(row[column])));
	}
	return entry;
}

/** Requests in the order of their first item: same path (and column set, conflict key), ≤ size rows. */
function requestGroups(entries: Entry[], kind: RowWrite, size: number): Entry[][] {
	const open = new Map<string, Entry[]>();
	const groups: Entry[][] = [];
	for (const entry of entries) {
		const columns = kind === 'create' ? '' : Object.keys(entry.row).sort().join(',');
		const key = `${entry.path}\n${columns}\n${(entry.conflict ?? []).join(',')}`;
		let group = open.get(key);
		if (!group || group.length >= size) {
			group = [];
			open.set(key, group);
			groups.push(group);
		}
		group.push(entry);
	}
	return groups;
}

/**
 * For each request, the earlier requests it waits for: those that write one of its rows. The latest
 * earlier request of each row is enough, since that one waited for the ones before it. A request
 * whose rows the node cannot name (an upsert on the table's primary key, or upserts of one table
 * matching on different columns, which can name one row by different values) takes the whole table:
 * it waits for every earlier request of the table, and every later one waits for it.
 */
function waitsFor(groups: Entry[][]): number[][] {
	const keyColumnsOf = new Map<string, Set<string>>();
	for (const group of groups) {
		const { path, keyColumns } = group[0];
		if (keyColumns !== undefined) keyColumnsOf.set(path, (keyColumnsOf.get(path) ?? new Set()).add(keyColumns));
	}
	const lastOfRow = new Map<string, number>();
	const lastWholeTable = new Map<string, number>();
	const sinceWholeTable = new Map<string, number[]>();
	// Every entry of a request has its path and key columns (requestGroups groups by both).
	return groups.map((group, g) => {
		const { path, keyColumns } = group[0];
		if (keyColumns === undefined) return [];
		const waits = new Set<number>();
		const whole = lastWholeTable.get(path);
		if (whole !== undefined) waits.add(whole);
		const since = sinceWholeTable.get(path) ?? [];
		if (keyColumns === '' || (keyColumnsOf.get(path)?.size ?? 0) > 1) {
			for (const h of since) waits.add(h);
			lastWholeTable.set(path, g);
			sinceWholeTable.set(path, []);
			return [...waits];
		}
		for (const entry of group) {
			const row = `${path}\n${keyColumns}\n${entry.keyValues}`;
			const last = lastOfRow.get(row);
			// Two items of one row in the same request wait for nothing (Feishu gets them together).
			if (last !== undefined && last !== g) waits.add(last);
			lastOfRow.set(row, g);
		}
		since.push(g);
		sinceWholeTable.set(path, since);
		return [...waits];
	});
}

function query(kind: RowWrite, group: Entry[]): IDataObject | undefined {
	if (kind !== 'upsert') return undefined;
	const q: IDataObject = { columns: Object.keys(group[0].row).join(',') };
	// Without on_conflict Feishu matches on the table's primary key.
	if (group[0].conflict && group[0].conflict.length > 0) q.on_conflict = group[0].conflict.join(',');
	return q;
}

type Outcome = { ok: true; ids: string[] } | { ok: false; error: Error };

async function sendGroup(ctx: IExecuteFunctions, spec: OperationSpec, kind: RowWrite, group: Entry[]): Promise<Outcome> {
	const [first] = group;
	try {
		const { data } = await callFeishu(
			ctx,
			{
				method: spec.method,
				path: first.path,
				body: { records: stringifyExact(group.map((e) => e.row)) },
				query: query(kind, group),
				itemIndex: first.itemIndex,
				api: apiOf(spec),
				credentialType: credentialTypeOf(spec),
			},
			first.settings,
		);
		const ids = Array.isArray(data.record_ids) ? (data.record_ids as unknown[]).map(String) : [];
		return { ok: true, ids };
	} catch (error) {
		return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
	}
}

function missingRow(ctx: IExecuteFunctions, entry: Entry): NodeApiError {
	const message = `No row was updated for item ${entry.itemIndex}: Feishu reported no row with _id ${String(entry.row._id)}`;
	const error = new NodeApiError(ctx.getNode(), { item_index: entry.itemIndex, _id: String(entry.row._id) }, { message, itemIndex: entry.itemIndex });
	error.message = message;
	return error;
}

/** What failed: a whole request's items, or one row of Update Many. */
interface Failure {
	error: Error;
	items: number[];
}

/** Create / Upsert / Update Many over the whole input (the row's `executeAll`). */
export async function runRowWrites(ctx: IExecuteFunctions, spec: OperationSpec, kind: RowWrite): Promise<INodeExecutionData[]> {
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const slots: INodeExecutionData[] = new Array(itemCount);
	const entries: Entry[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			entries.push(prepare(ctx, spec, kind, itemIndex));
		} catch (error) {
			// Without Continue On Fail nothing is sent when any item is bad.
			if (!continueOnFail) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			slots[itemIndex] = errorItem(error, itemIndex);
		}
	}
	const groups = requestGroups(entries, kind, rowsPerRequest(ctx));
	const limit = requestsInFlight(ctx, ROW_REQUESTS_IN_FLIGHT_OPTION);
	// By item, so that the failure names the ids written in input order, whatever answered first.
	const writtenBy: Array<string | undefined> = new Array(itemCount);
	const notSent: number[] = [];
	const failures: Failure[] = [];

	// Each request's answer lands in its own items' slots, so the output keeps the input's order.
	const settle = (group: Entry[], outcome: Outcome): void => {
		if (!outcome.ok) {
			if (continueOnFail) for (const e of group) slots[e.itemIndex] = errorItem(outcome.error, e.itemIndex);
			else failures.push({ error: outcome.error, items: group.map((e) => e.itemIndex) });
			return;
		}
		group.forEach((entry, k) => {
			if (kind === 'updateMany') {
				const id = String(entry.row._id);
				if (outcome.ids.includes(id)) {
					writtenBy[entry.itemIndex] = id;
					slots[entry.itemIndex] = { json: { _id: id, success: true }, pairedItem: { item: entry.itemIndex } };
				} else if (continueOnFail) slots[entry.itemIndex] = errorItem(missingRow(ctx, entry), entry.itemIndex);
				else failures.push({ error: missingRow(ctx, entry), items: [entry.itemIndex] });
				return;
			}
			const id = outcome.ids[k] ?? '';
			writtenBy[entry.itemIndex] = id;
			slots[entry.itemIndex] = { json: { ...entry.row, _id: id }, pairedItem: { item: entry.itemIndex } };
		});
	};

	await inFlight(groups.length, limit, waitsFor(groups), async (g) => {
		const group = groups[g];
		// Without Continue On Fail no request starts after a failure; those already in flight finish.
		if (failures.length > 0 && !continueOnFail) {
			notSent.push(...group.map((e) => e.itemIndex));
			return;
		}
		settle(group, await sendGroup(ctx, spec, kind, group));
	});
	if (failures.length > 0) {
		const written = writtenBy.filter((id): id is string => id !== undefined);
		throw runFailure(ctx, kind, failures, written, notSent.sort((a, b) => a - b), itemCount);
	}
	// Items that failed validation under Continue On Fail already hold their error item.
	return slots.filter((slot) => slot !== undefined);
}

function runFailure(
	ctx: IExecuteFunctions,
	kind: RowWrite,
	failures: Failure[],
	written: string[],
	notSent: number[],
	itemCount: number,
): NodeApiError {
	const verb = kind === 'updateMany' ? 'updated' : kind === 'upsert' ? 'upserted' : 'created';
	// Several requests in flight can fail at once: the first in input order leads, every one is named.
	failures.sort((a, b) => a.items[0] - b.items[0]);
	const [first] = failures;
	const failedItems = failures.flatMap((f) => f.items).sort((a, b) => a - b);
	const { reasons, text } = failureReasons(failures.flatMap((f) => f.items.map((itemIndex) => ({ itemIndex, error: f.error }))));
	const others = reasons.length - 1;
	const message =
		others === 0
			? first.error.message
			: `${failedItems.length} of ${itemCount} rows failed: ${first.error.message} (and ${others} other reason${others > 1 ? 's' : ''})`;
	const described = (first.error as { description?: unknown }).description;
	const description = [
		typeof described === 'string' ? asSentence(described) : '',
		// Update Many's groups (rows that set the same columns) need not be consecutive items: the ranges
		// name exactly the items (itemsText: "items 0, 2–3"), never a span that holds others.
		others === 0 ? `Failed: ${itemsText(failedItems)}.` : `Failed — ${text}.`,
		written.length > 0
			? `${written.length} ${written.length === 1 ? 'row was' : 'rows were'} ${verb} in this run (ids: ${written.slice(0, 20).join(', ')}${written.length > 20 ? ', … all in written_ids' : ''}).`
			: `No row was ${verb}.`,
		notSent.length > 0
			? `${notSent.length} ${notSent.length === 1 ? 'item was' : 'items were'} not sent (${itemsText(notSent)}).`
			: '',
		'Turn on Continue On Fail to get error items for the failed rows and let the rest through.',
	]
		.filter(Boolean)
		.join(' ');
	const details: JsonObject = {
		...((first.error as { errorResponse?: JsonObject }).errorResponse ?? {}),
		failed_items: failedItems,
		written_ids: written,
		not_sent_items: notSent,
	};
	if (failures.length > 1) {
		details.failures = failures.map((f) => ({ ...((f.error as { errorResponse?: JsonObject }).errorResponse ?? {}), items: f.items, message: f.error.message }));
	}
	const error = new NodeApiError(ctx.getNode(), details, { message, description, itemIndex: first.items[0] });
	error.message = message;
	return error;
}

/** Update by filter (the row's `execute`): one PATCH per item, the record JSON from Columns. */
export async function updateByFilter(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const { path, pathValues } = buildPath(ctx, spec, itemIndex);
	const filter = filterOf(ctx, itemIndex, true) as string;
	const row = rowOf(ctx, itemIndex);
	const { data } = await callFeishu(
		ctx,
		{
			method: 'PATCH',
			path,
			query: { filter },
			body: { record: stringifyExact(row) },
			itemIndex,
			api: apiOf(spec),
			credentialType: credentialTypeOf(spec),
		},
		runSettings(ctx, itemIndex),
	);
	const ids = Array.isArray(data.record_ids) ? (data.record_ids as unknown[]).map(String) : [];
	return [{ ...pathValues, filter, updated: ids.length, record_ids: ids }];
}

/** Delete by filter (the row's `execute`): one DELETE per item. */
export async function deleteByFilter(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Promise<IDataObject[]> {
	const { path, pathValues } = buildPath(ctx, spec, itemIndex);
	const filter = filterOf(ctx, itemIndex, true) as string;
	await callFeishu(
		ctx,
		{ method: 'DELETE', path, query: { filter }, body: {}, itemIndex, api: apiOf(spec), credentialType: credentialTypeOf(spec) },
		runSettings(ctx, itemIndex),
	);
	return [{ ...pathValues, filter, success: true }];
}
