import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { cutText } from '../transport/errors';
import { callFeishu, type TransportSettings } from '../transport/request';
import { errorItem } from './error-items';
import { inFlight } from './in-flight';
import { holdsInt64, int64AsStrings, stringifyExact } from './exact-json';
import { apiOf, credentialTypeOf } from './request/api';
import { buildPath } from './request/path';
import { runSettings } from './request/settings';
import { oncePerRunUnless, withParameterMemo } from './parameter-memo';
import { invalid, shapeValue } from './shape';
import type { BatchSpec, OperationSpec } from './types';
import { digitsId, integerIn } from './values';

/**
 * Create, Update and Delete of object records: one record per input item, up to Records Per Request
 * (500, Feishu's maximum) of them in one request to the batch endpoint, so N items cost ⌈N/500⌉
 * requests. Feishu answers a batch with one result per record; each lands on its own item. Every
 * item is checked before anything is sent, output order and pairing are those of the input, and a
 * batch of creates that got no answer is never re-sent (the transport's `retryUnanswered: false`).
 */

/** One input item, checked and ready to go into a request. */
export interface Entry {
	itemIndex: number;
	/** Path of the request this entry goes in (batch endpoint, or the single-record endpoint). */
	path: string;
	/** The record id (update, delete). */
	id?: string;
	/** The fields sent (create, update). */
	fields?: IDataObject;
	/**
	 * The record as the JSON string it is sent as, written while the item is checked: a record that
	 * cannot be written is an error on its own item before anything of its batch is sent.
	 */
	json?: string;
	settings: TransportSettings;
}

/** What Feishu said about one record. */
export type Result = { ok: true; id: string } | { ok: false; error: Error };

const RECORD_ID_PARAM = { displayName: 'Record ID', name: 'recordId' };

/**
 * `checkItem`: a check of an item's other parameters (e.g. Update's Return Fields), run with the
 * item's own: an item it refuses is an error on that item before anything is sent.
 */
export async function runRecordWrites(
	nodeCtx: IExecuteFunctions,
	spec: OperationSpec,
	batch: BatchSpec,
	checkItem?: (itemIndex: number) => void,
): Promise<INodeExecutionData[]> {
	const ctx = withParameterMemo(nodeCtx);
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const perRequest = recordsPerRequest(ctx, batch);
	const single = perRequest === 1;
	const slots: INodeExecutionData[] = new Array(itemCount);

	const entries: Entry[] = [];
	const shared: Shared = {
		single,
		path: oncePerRunUnless(ctx, (spec.pathFields ?? []).map((field) => field.param), (itemIndex) =>
			buildPath(ctx, spec, itemIndex, single ? spec.path : batch.path).path,
		),
		settings: oncePerRunUnless(ctx, ['options'], (itemIndex) => runSettings(ctx, itemIndex)),
	};
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			checkItem?.(itemIndex);
			entries.push(prepareEntry(ctx, spec, batch, itemIndex, shared));
		} catch (error) {
			// Without Continue On Fail nothing is sent when any item is bad. (The error is already a
			// NodeOperationError naming field and item; the constructor hands it back unchanged.)
			if (!continueOnFail) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			slots[itemIndex] = errorItem(error, itemIndex);
		}
	}

	const failed: Array<{ itemIndex: number; error: Error }> = [];
	const notSent: number[] = [];
	const groups = requestGroups(entries, perRequest);
	// Ids written, per request: reported in input order, whatever order the answers came in.
	const writtenBy: string[][] = groups.map(() => []);
	// Each group's results land in its own items' slots, so the output keeps the input's order
	// whatever finishes first (engine/in-flight.ts).
	const runGroup = async (g: number): Promise<void> => {
		const group = groups[g];
		// Without Continue On Fail no request starts after a failure; those already in flight finish
		// and their ids are reported with the failure.
		if (failed.length > 0 && !continueOnFail) {
			notSent.push(...group.map((entry) => entry.itemIndex));
			return;
		}
		const results = await sendGroup(ctx, spec, batch, group, single);
		group.forEach((entry, k) => {
			const result = results[k];
			if (result.ok) {
				writtenBy[g].push(result.id);
				slots[entry.itemIndex] = { json: successJson(batch, entry, result.id), pairedItem: { item: entry.itemIndex } };
			} else if (continueOnFail) {
				slots[entry.itemIndex] = errorItem(result.error, entry.itemIndex);
			} else {
				failed.push({ itemIndex: entry.itemIndex, error: result.error });
			}
		});
	};
	await inFlight(groups.length, requestsInFlight(ctx), sameRecordWaits(groups), runGroup);
	if (failed.length > 0) {
		failed.sort((a, b) => a.itemIndex - b.itemIndex);
		notSent.sort((a, b) => a - b);
		throw runFailure(ctx, verbOf(batch), failed, writtenBy.flat(), notSent, itemCount);
	}
	return slots;
}

/**
 * For each request, the earlier ones that update or delete one of its records (the same id on the same
 * object), whose answers it waits for: two items of one record in different requests then apply in
 * input order, the later wins, as one request after another would. Batches in flight otherwise finish
 * in any order (Feishu takes longer for a bigger batch). Creates have no id and never wait; requests
 * of distinct records stay in flight together.
 */
function sameRecordWaits(groups: Entry[][]): number[][] {
	const lastOf = new Map<string, number>();
	return groups.map((group, g) => {
		const waits = new Set<number>();
		for (const entry of group) {
			if (entry.id === undefined) continue;
			// The object's batch path, or the single-record path (which holds the id): one record either way.
			const record = `${entry.path}\n${entry.id}`;
			const last = lastOf.get(record);
			if (last !== undefined && last !== g) waits.add(last);
			lastOf.set(record, g);
		}
		return [...waits];
	});
}

function verbOf(batch: BatchSpec): string {
	return batch.entry === 'record' ? 'created' : batch.entry === 'id' ? 'deleted' : 'updated';
}

/** The Records Per Request option of every batch row. */
export const RECORDS_PER_REQUEST_OPTION: INodeProperties = {
	displayName: 'Records Per Request',
	name: 'recordsPerRequest',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 500 },
	// Feishu's batch maximum (BatchSpec.maxSize of every record row; a test keeps them equal).
	default: 500,
	description:
		"How many records go in one request to Feishu's batch endpoint (at most 500). 1 uses the single-record endpoint, one request per item. Read from the first item.",
};

/** The most Requests In Flight any row allows (the option's maximum). */
export const MAX_REQUESTS_IN_FLIGHT = 50;

/** The Requests In Flight option of every batch row. */
export const REQUESTS_IN_FLIGHT_OPTION: INodeProperties = {
	displayName: 'Requests In Flight',
	name: 'requestsInFlight',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_REQUESTS_IN_FLIGHT },
	// 50: Feishu's per-second window for record writes; more could never be sent at once anyway.
	default: 50,
	description:
		"How many requests of this run may wait on Feishu at the same time. Feishu's rate limits for the API still apply (the node paces every request to them), so the default sends as fast as Feishu allows; 1 sends one request after another. Read from the first item.",
};

/**
 * Requests In Flight of the run (first item); unset, the option's default (Feishu's per-second window
 * of the API: 50 for object records, 10 for the data platform's rows, whose option passes itself).
 */
export function requestsInFlight(ctx: IExecuteFunctions, option: INodeProperties = REQUESTS_IN_FLIGHT_OPTION): number {
	const raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject).requestsInFlight;
	if (raw === undefined || raw === null || raw === '') return option.default as number;
	const param = { displayName: 'Options → Requests In Flight', name: 'requestsInFlight' };
	return shapeValue(ctx, param, integerIn(1, MAX_REQUESTS_IN_FLIGHT), raw, 0);
}

export function recordsPerRequest(ctx: IExecuteFunctions, batch: BatchSpec): number {
	const raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject).recordsPerRequest;
	if (raw === undefined || raw === null || raw === '') return batch.maxSize;
	const param = { displayName: 'Options → Records Per Request', name: 'recordsPerRequest' };
	return shapeValue(ctx, param, integerIn(1, batch.maxSize), raw, 0);
}

/** An item's path and settings, the same object for every item when their parameters hold no expression. */
interface Shared {
	single: boolean;
	path: (itemIndex: number) => string;
	settings: (itemIndex: number) => TransportSettings;
}

function prepareEntry(ctx: IExecuteFunctions, spec: OperationSpec, batch: BatchSpec, itemIndex: number, shared: Shared): Entry {
	const { single } = shared;
	const entry: Entry = { itemIndex, path: shared.path(itemIndex), settings: shared.settings(itemIndex) };
	if (batch.entry !== 'record') entry.id = shapeValue(ctx, RECORD_ID_PARAM, digitsId, ctx.getNodeParameter('recordId', itemIndex, ''), itemIndex);
	if (batch.entry !== 'id') {
		if (!batch.input) throw new Error(`${spec.resource}/${spec.operation}: a batch of records needs an input`);
		const fields = batch.input.fieldsOf(ctx, itemIndex);
		entry.fields = fields;
		// The record as the JSON string it is sent as, written now: one that cannot be written is an
		// error on its own item before anything of its batch is sent. A single create/update sends the
		// fields (the id is in the path), a batch update the id too.
		try {
			entry.json = single ? recordText(fields) : recordJson(fields, entry.id);
		} catch (error) {
			const reason = `cannot be written as JSON (${cutText((error as Error).message, 200)})`;
			throw invalid(ctx, batch.input.param(ctx, itemIndex), itemIndex, reason);
		}
	}
	return entry;
}

/** Consecutive entries for the same path, at most `size` in a group: the requests, in input order. */
function requestGroups(entries: Entry[], size: number): Entry[][] {
	const groups: Entry[][] = [];
	for (const entry of entries) {
		const last = groups[groups.length - 1];
		if (last && last.length < size && last[0].path === entry.path) last.push(entry);
		else groups.push([entry]);
	}
	return groups;
}

/**
 * A record as the JSON string Feishu takes, with the `_id` of an update written as a bare int64
 * number, its type in Feishu's records (a JavaScript number would lose the digits of a 19-digit id).
 */
function recordJson(fields: IDataObject, id?: string): string {
	const json = recordText(fields);
	if (id === undefined) return json;
	// `id` is digits only (digitsId), so it is a valid JSON number literal.
	return json === '{}' ? `{"_id":${id}}` : `{"_id":${id},${json.slice(1)}`;
}

/**
 * A record's fields as JSON. They passed checkJsonValue (fieldsOf), so they hold no cycle and nest at
 * most MAX_JSON_DEPTH deep: looking for an Int64 first is safe, and most records (an input item's
 * JSON) have none, so they skip stringifyExact's replacer, a function call per value.
 */
function recordText(fields: IDataObject): string {
	return holdsInt64(fields) ? stringifyExact(fields) : JSON.stringify(fields);
}

/**
 * One request's results. Whatever goes wrong in it is a failure of its own entries, never an escape
 * past the run's bookkeeping: the error of the run still names every id written before.
 */
async function sendGroup(ctx: IExecuteFunctions, spec: OperationSpec, batch: BatchSpec, group: Entry[], single: boolean): Promise<Result[]> {
	try {
		return single ? [await sendSingle(ctx, spec, group[0])] : await sendBatch(ctx, spec, batch, group);
	} catch (error) {
		return group.map(() => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }));
	}
}

export async function sendBatch(ctx: IExecuteFunctions, spec: OperationSpec, batch: BatchSpec, group: Entry[]): Promise<Result[]> {
	const body: IDataObject =
		batch.bodyKey === 'ids'
			? { ids: group.map((entry) => entry.id as string) }
			: { records: `[${group.map((entry) => entry.json ?? recordJson(entry.fields ?? {}, entry.id)).join(',')}]` };
	const [first] = group;
	try {
		const { data, logId } = await callFeishu(
			ctx,
			{ method: batch.method, path: first.path, body, itemIndex: first.itemIndex, api: apiOf(spec, batch), credentialType: credentialTypeOf(spec) },
			first.settings,
		);
		const items = Array.isArray(data.items) ? (data.items as IDataObject[]) : [];
		// ASSUMPTION: Feishu answers one result per record, in the order the records were sent.
		return group.map((entry, k) => recordResult(ctx, entry, items[k], logId));
	} catch (error) {
		// The whole request failed: every record in it shares the error.
		return group.map(() => ({ ok: false, error: error as Error }));
	}
}

async function sendSingle(ctx: IExecuteFunctions, spec: OperationSpec, entry: Entry): Promise<Result> {
	// A single delete has no fields; the official SDK still sends an empty JSON body.
	const body = entry.json !== undefined ? { record: entry.json } : {};
	try {
		const { data } = await callFeishu(
			ctx,
			{ method: spec.method, path: entry.path, body, itemIndex: entry.itemIndex, api: apiOf(spec), credentialType: credentialTypeOf(spec) },
			entry.settings,
		);
		return { ok: true, id: entry.id ?? String(data.id ?? '') };
	} catch (error) {
		return { ok: false, error: error as Error };
	}
}

/** One record's result in a batch answer: `{success, id?, errors?[{code, message, sub_code?, fields?}]}`. */
function recordResult(ctx: IExecuteFunctions, entry: Entry, item: IDataObject | undefined, logId?: string): Result {
	if (item?.success === true) return { ok: true, id: entry.id ?? String(item.id ?? '') };
	const errors = Array.isArray(item?.errors) ? (item.errors as IDataObject[]) : [];
	const first = errors[0] ?? {};
	const details: JsonObject = {
		code: (first.code as string | undefined) ?? null,
		msg: typeof first.message === 'string' ? cutText(first.message) : 'Feishu gave no result for this record',
		item_index: entry.itemIndex,
	};
	if (first.sub_code !== undefined) details.sub_code = first.sub_code as string;
	if (Array.isArray(first.fields)) details.fields = first.fields as string[];
	if (errors.length > 1) details.errors = errors as JsonObject[];
	if (logId) details.log_id = logId;
	const message = item
		? `Feishu refused the record${details.code !== null ? ` (${String(details.code)})` : ''}: ${String(details.msg)}`
		: 'Feishu answered the batch without a result for this record';
	const error = new NodeApiError(ctx.getNode(), details, { message, itemIndex: entry.itemIndex });
	// NodeApiError copies Feishu's msg into the description, which the message already says: once is enough.
	error.description = undefined;
	return { ok: false, error };
}

function successJson(batch: BatchSpec, entry: Entry, id: string): IDataObject {
	if (batch.entry === 'record') {
		// The entry's fields are the run's own copy (fieldsOf), sent already: they become the output.
		// int64 values typed in Record Fields (JSON) come out as exact strings, as Feishu's own do.
		const fields = entry.fields ?? {};
		const json = holdsInt64(fields) ? (int64AsStrings(fields) as IDataObject) : fields;
		json._id = id;
		return json;
	}
	return { _id: id, success: true };
}

/**
 * The error of a run without Continue On Fail, readable however many records failed: the message
 * says how many and the main reason; the description names each failed item once, grouped by reason
 * in ranges ("items 0–499"), then the records written beside the failure (so nothing done is unknown)
 * and the items never sent. The details keep every failure in full (`failed_items`).
 */
export function runFailure(
	ctx: IExecuteFunctions,
	verb: string,
	failed: Array<{ itemIndex: number; error: Error }>,
	written: string[],
	notSent: number[],
	itemCount: number,
): NodeApiError {
	const [first] = failed;
	if (written.length === 0 && failed.every(({ error }) => error === first.error) && first.error instanceof NodeApiError) {
		// One request failed as a whole and nothing was written: Feishu's own error says it all
		// (code, msg, log id), as for every other operation; only the items it did not reach are added.
		if (notSent.length > 0) {
			first.error.description = [first.error.description, `${notSent.length} more items were not sent (items ${range(notSent)}).`]
				.filter(Boolean)
				.join(' — ');
		}
		return first.error;
	}
	const { reasons, text } = failureReasons(failed);
	const others = reasons.length - 1;
	const message = `${failed.length} of ${itemCount} records failed: ${reasons[0][0]}${others > 0 ? ` (and ${others} other reason${others > 1 ? 's' : ''})` : ''}`;
	// Hints of whole-request failures (e.g. "not sent again") are said once, at most a few.
	const hints = [...new Set(failed.map(({ error }) => (error as { description?: unknown }).description))]
		.filter((hint): hint is string => typeof hint === 'string' && hint !== '')
		.slice(0, 3)
		.map(asSentence);
	const description = [
		`Failed — ${text}.`,
		...hints,
		written.length > 0
			? `${written.length} ${written.length === 1 ? 'record was' : 'records were'} ${verb} in this run (ids: ${written.slice(0, 5).join(', ')}${written.length > 5 ? ', … all in written_ids' : ''}).`
			: `No record was ${verb}.`,
		notSent.length > 0 ? `${notSent.length} ${notSent.length === 1 ? 'item was' : 'items were'} not sent after the failure (${itemsText(notSent)}).` : '',
		'Turn on Continue On Fail to get one error item per failed record and let the rest through.',
	]
		.filter(Boolean)
		.join(' ');
	const details: JsonObject = {
		failed_items: failed.map(({ itemIndex, error }) => ({
			...((error as { errorResponse?: JsonObject }).errorResponse ?? {}),
			item_index: itemIndex,
			message: error.message,
		})),
		written_ids: written,
		not_sent_items: notSent,
	};
	const error = new NodeApiError(ctx.getNode(), details, { message, description, itemIndex: failed[0].itemIndex });
	error.message = message;
	return error;
}

/**
 * The failed items grouped by reason (the error's message), most items first, and as text naming at
 * most five reasons: "items 0–499: reason; item 3: other reason".
 */
export function failureReasons(failed: Array<{ itemIndex: number; error: Error }>): { reasons: Array<[string, number[]]>; text: string } {
	const byReason = new Map<string, number[]>();
	for (const { itemIndex, error } of failed) byReason.set(error.message, [...(byReason.get(error.message) ?? []), itemIndex]);
	const reasons = [...byReason.entries()].sort((a, b) => b[1].length - a[1].length);
	const SHOWN_REASONS = 5;
	const lines = reasons.slice(0, SHOWN_REASONS).map(([reason, items]) => `${itemsText(items)}: ${reason}`);
	if (reasons.length > SHOWN_REASONS) {
		const rest = reasons.slice(SHOWN_REASONS).flatMap(([, items]) => items);
		lines.push(`${itemsText(rest)}: ${reasons.length - SHOWN_REASONS} other reasons (see failed_items)`);
	}
	return { reasons, text: lines.join('; ') };
}

/**
 * A description part as a sentence: Feishu's ends "… · HTTP 400", which the next sentence of a
 * failure report would otherwise run into.
 */
export function asSentence(text: string): string {
	return text.replace(/([^.!?。\s])\s*$/u, '$1.');
}

/** Item indexes as few words: "item 3", "items 0–499", "items 1, 4–6, 9 and 12 more". */
export function itemsText(indexes: number[]): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const runs: string[] = [];
	for (let k = 0; k < sorted.length; ) {
		let end = k;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		runs.push(end === k ? String(sorted[k]) : `${sorted[k]}–${sorted[end]}`);
		k = end + 1;
	}
	const SHOWN = 8;
	if (runs.length > SHOWN) {
		const shownItems = runs.slice(0, SHOWN).reduce((n, run) => n + (run.includes('–') ? Number(run.split('–')[1]) - Number(run.split('–')[0]) + 1 : 1), 0);
		return `items ${runs.slice(0, SHOWN).join(', ')} and ${sorted.length - shownItems} more`;
	}
	return `${sorted.length === 1 ? 'item' : 'items'} ${runs.join(', ')}`;
}

function range(indexes: number[]): string {
	return indexes.length > 1 ? `${indexes[0]}–${indexes[indexes.length - 1]}` : String(indexes[0]);
}
