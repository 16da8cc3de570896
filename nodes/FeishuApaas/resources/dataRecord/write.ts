/**
 * Row writes of a data-platform table.
 *
 * Create, Upsert and Update Many send many items per request (⌈N/500⌉ requests for N items; Records
 * Per Request lowers it): the rows go as one JSON string in `records`, and Feishu answers the `_id` of
 * each (`record_ids`, ASSUMPTION: in the order sent). Upsert and Update Many group rows that set the
 * same columns (Feishu: every row of one records_batch_update request must update the same fields; an
 * upsert's `columns` names the columns of the whole request). A request that fails fails exactly its
 * items: with Continue On Fail they become error items in place and the run goes on; without it the
 * run stops and the error names what was written before and what was not sent. A create that got no
 * answer is not sent again (the transport's `retryUnanswered: false`).
 *
 * Why a runner of its own beside the engine's (engine/batch-runner.ts, for object records): that one
 * is built around Feishu's object-record batch endpoints, and four things differ here —
 *  1. the answer: one `record_ids` list for the whole request, not one `{success, id, errors}` per
 *     record, so a request succeeds or fails as a whole (only Update Many's rows missing from
 *     `record_ids` fail on their own);
 *  2. the grouping: rows that set the same columns (and, for Upsert, conflict key) share a request
 *     wherever they stand in the input, not runs of consecutive items on one path;
 *  3. the request: Upsert's `columns` / `on_conflict` in the query, the rows as one JSON string;
 *  4. the order: one request after another, no Requests In Flight. Two items that upsert or update
 *     the same row in different requests must apply in input order (the later wins), which batches in
 *     flight do not keep; and a failure without Continue On Fail stops before the next request, so
 *     "written before the failure" is exact.
 * Serving that from the engine's runner would take grouping, request and answer hooks in BatchSpec,
 * and the shared types do not grow for one resource (CONTRIBUTING). What is shared is the engine's
 * pieces: the transport (10 requests/s per credential and API, no blind re-send), error items, exact
 * JSON, and the item ranges of the failure report (itemsText).
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

import { itemsText } from '../../engine/batch-runner';
import { errorItem } from '../../engine/error-items';
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

interface Entry {
	itemIndex: number;
	path: string;
	row: IDataObject;
	settings: TransportSettings;
	/** Upsert: the conflict columns. */
	conflict?: string[];
}

function rowsPerRequest(ctx: IExecuteFunctions): number {
	const raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject).rowsPerRequest;
	if (raw === undefined || raw === null || raw === '') return MAX_ROWS_PER_REQUEST;
	const param = { displayName: 'Options → Rows Per Request', name: 'rowsPerRequest' };
	return shapeValue(ctx, param, integerIn(1, MAX_ROWS_PER_REQUEST), raw, 0);
}

function prepare(ctx: IExecuteFunctions, spec: OperationSpec, kind: RowWrite, itemIndex: number): Entry {
	const { path } = buildPath(ctx, spec, itemIndex);
	const row = rowOf(ctx, itemIndex);
	if (kind === 'updateMany') {
		const id = row._id;
		if (typeof id !== 'string' || id.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), `Columns: item ${itemIndex} has no _id (Update Many updates rows by their _id)`, {
				itemIndex,
			});
		}
	}
	const entry: Entry = { itemIndex, path, row, settings: runSettings(ctx, itemIndex) };
	if (kind === 'upsert') entry.conflict = matchingColumnsOf(ctx, itemIndex);
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
		return { ok: false, error: error as Error };
	}
}

function missingRow(ctx: IExecuteFunctions, entry: Entry): NodeApiError {
	const message = `No row was updated for item ${entry.itemIndex}: Feishu reported no row with _id ${String(entry.row._id)}`;
	const error = new NodeApiError(ctx.getNode(), { item_index: entry.itemIndex, _id: String(entry.row._id) }, { message, itemIndex: entry.itemIndex });
	error.message = message;
	return error;
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
	const written: string[] = [];
	const notSent: number[] = [];
	let failure: { error: Error; items: number[] } | undefined;
	for (const group of requestGroups(entries, kind, rowsPerRequest(ctx))) {
		if (failure) {
			notSent.push(...group.map((e) => e.itemIndex));
			continue;
		}
		const outcome = await sendGroup(ctx, spec, kind, group);
		if (!outcome.ok) {
			if (continueOnFail) for (const e of group) slots[e.itemIndex] = errorItem(outcome.error, e.itemIndex);
			else failure = { error: outcome.error, items: group.map((e) => e.itemIndex) };
			continue;
		}
		group.forEach((entry, k) => {
			if (kind === 'updateMany') {
				const id = String(entry.row._id);
				if (outcome.ids.includes(id)) {
					written.push(id);
					slots[entry.itemIndex] = { json: { _id: id, success: true }, pairedItem: { item: entry.itemIndex } };
				} else if (continueOnFail) slots[entry.itemIndex] = errorItem(missingRow(ctx, entry), entry.itemIndex);
				else failure ??= { error: missingRow(ctx, entry), items: [entry.itemIndex] };
				return;
			}
			const id = outcome.ids[k] ?? '';
			written.push(id);
			slots[entry.itemIndex] = { json: { ...entry.row, _id: id }, pairedItem: { item: entry.itemIndex } };
		});
	}
	if (failure) throw runFailure(ctx, kind, failure, written, notSent);
	// Items that failed validation under Continue On Fail already hold their error item.
	return slots.filter((slot) => slot !== undefined);
}

function runFailure(
	ctx: IExecuteFunctions,
	kind: RowWrite,
	failure: { error: Error; items: number[] },
	written: string[],
	notSent: number[],
): NodeApiError {
	const verb = kind === 'updateMany' ? 'updated' : kind === 'upsert' ? 'upserted' : 'created';
	const described = (failure.error as { description?: unknown }).description;
	const description = [
		typeof described === 'string' ? described : '',
		// Update Many's groups (rows that set the same columns) need not be consecutive items: the ranges
		// name exactly the items (itemsText: "items 0, 2–3"), never a span that holds others.
		`Failed: ${itemsText(failure.items)}.`,
		written.length > 0
			? `${written.length} ${written.length === 1 ? 'row was' : 'rows were'} ${verb} before the failure (ids: ${written.slice(0, 20).join(', ')}${written.length > 20 ? ', … all in written_ids' : ''}).`
			: `No row was ${verb}.`,
		notSent.length > 0
			? `${notSent.length} ${notSent.length === 1 ? 'item was' : 'items were'} not sent (${itemsText(notSent)}).`
			: '',
		'Turn on Continue On Fail to get error items for the failed rows and let the rest through.',
	]
		.filter(Boolean)
		.join(' ');
	const details: JsonObject = {
		...((failure.error as { errorResponse?: JsonObject }).errorResponse ?? {}),
		failed_items: failure.items,
		written_ids: written,
		not_sent_items: notSent,
	};
	const error = new NodeApiError(ctx.getNode(), details, { message: failure.error.message, description, itemIndex: failure.items[0] });
	error.message = failure.error.message;
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
