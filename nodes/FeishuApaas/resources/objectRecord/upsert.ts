import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { recordsPerRequest, requestsInFlight, runFailure, sendBatch, type Entry } from '../../engine/batch-runner';
import { errorItem } from '../../engine/error-items';
import { inFlight } from '../../engine/in-flight';
import { holdsInt64, int64AsStrings, stringifyExact } from '../../engine/exact-json';
import { entriesOf } from '../../engine/output';
import { apiOf, credentialTypeOf } from '../../engine/request/api';
import { buildPath } from '../../engine/request/path';
import { runSettings } from '../../engine/request/settings';
import { invalid, shapeValue } from '../../engine/shape';
import type { BatchSpec, OperationSpec } from '../../engine/types';
import { apiNameList } from '../../engine/values';
import { callFeishu, type TransportSettings } from '../../transport/request';
import { RECORD_INPUT } from './record-input';
import { planUpsert, resolveGroup, type KeyedItem, type UpsertGroup } from './upsert-plan';

/**
 * Object Record → Create or Update: for each group of up to Records Per Request (500) items, one
 * batch_query lookup by the match fields (more pages only if Feishu holds more matches than a page),
 * one batch_update of the items found and one batch_create of the rest. 1,200 items cost 3 lookups
 * and at most 6 writes. Every item is checked and planned before anything is sent. Not atomic: a
 * record another writer creates between a lookup and the create is created twice.
 */

export const RECORDS = 'applications/{namespace}/objects/{object_api_name}/records';
const LOOKUP = { method: 'POST' as const, path: `${RECORDS}/batch_query` };
const UPDATE: BatchSpec = { method: 'PATCH', path: `${RECORDS}/batch_update`, entry: 'recordWithId', bodyKey: 'records', maxSize: 500 };
const CREATE: BatchSpec = { method: 'POST', path: `${RECORDS}/batch_create`, entry: 'record', bodyKey: 'records', maxSize: 500 };
const LOOKUP_PAGE = 500;

const MATCH_FIELDS = { displayName: 'Match Fields', name: 'matchFields' };

/** The row's own parameter: which fields identify a record. */
export function upsertProperties(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Match Fields',
			name: 'matchFields',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'email',
			description:
				"API names of the fields that identify a record, comma-separated (e.g. email, or shop, order_no): a record with the same values is updated, otherwise one is created. Read from the first item.",
			displayOptions,
		},
	];
}

interface Prepared {
	itemIndex: number;
	fields: IDataObject;
	lookupPath: string;
	updatePath: string;
	createPath: string;
	objectApiName: string;
	settings: TransportSettings;
}

export async function runUpsert(ctx: IExecuteFunctions, spec: OperationSpec): Promise<INodeExecutionData[]> {
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const slots: INodeExecutionData[] = new Array(itemCount);
	const groupSize = recordsPerRequest(ctx, spec.batch!);
	const matchFields = shapeValue(ctx, MATCH_FIELDS, apiNameList, ctx.getNodeParameter('matchFields', 0, ''), 0);

	const reject = (itemIndex: number, error: Error) => {
		// Without Continue On Fail nothing is sent when any item is bad.
		if (!continueOnFail) throw new NodeOperationError(ctx.getNode(), error, { itemIndex });
		slots[itemIndex] = errorItem(error, itemIndex);
	};

	// Items of one object go together (namespace and object may differ per item).
	const byObject = new Map<string, Prepared[]>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const item = prepare(ctx, spec, itemIndex);
			byObject.set(item.lookupPath, [...(byObject.get(item.lookupPath) ?? []), item]);
		} catch (error) {
			reject(itemIndex, error as Error);
		}
	}
	const planned: Array<{ group: UpsertGroup; of: Map<number, Prepared> }> = [];
	for (const items of byObject.values()) {
		let plan;
		try {
			plan = planUpsert(items[0].objectApiName, items, matchFields, groupSize);
		} catch (error) {
			throw invalid(ctx, MATCH_FIELDS, 0, (error as Error).message);
		}
		for (const r of plan.rejected) {
			reject(
				r.itemIndex,
				new NodeOperationError(ctx.getNode(), `Item ${r.itemIndex} ${r.message}`, {
					itemIndex: r.itemIndex,
					description: 'Nothing was sent to Feishu for this item.',
				}),
			);
		}
		const of = new Map(items.map((item) => [item.itemIndex, item]));
		for (const group of plan.groups) planned.push({ group, of });
	}

	// Ids written, per group: reported in input order, whatever order the groups finished in.
	const writtenBy: string[][] = planned.map(() => []);
	const failed: Array<{ itemIndex: number; error: Error }> = [];
	const notSent: number[] = [];
	const fail = (itemIndex: number, error: Error) => {
		if (continueOnFail) slots[itemIndex] = errorItem(error, itemIndex);
		else failed.push({ itemIndex, error });
	};
	const runGroup = async (g: number): Promise<void> => {
		const { group, of } = planned[g];
		if (failed.length > 0 && !continueOnFail) {
			notSent.push(...group.items.map((item) => item.itemIndex));
			return;
		}
		let found: IDataObject[];
		try {
			found = await lookup(ctx, spec, group, of.get(group.items[0].itemIndex)!);
		} catch (error) {
			for (const item of group.items) fail(item.itemIndex, error as Error);
			return;
		}
		const resolution = resolveGroup(group, found, matchFields);
		for (const { item, ids } of resolution.ambiguous) {
			fail(
				item.itemIndex,
				new NodeOperationError(ctx.getNode(), `${ids.length} records have this item's match key (ids ${ids.join(', ')}): not written`, {
					itemIndex: item.itemIndex,
					description: 'Which one to update would be a guess; make the match fields unique in Feishu, or update by Record ID.',
				}),
			);
		}
		const writes: Array<{ batch: BatchSpec; rowSpec: OperationSpec; action: 'updated' | 'created'; entries: Entry[] }> = [
			{
				batch: UPDATE,
				rowSpec: spec,
				action: 'updated',
				entries: resolution.updates.map(({ item, id }) => entryOf(of.get(item.itemIndex)!, item, 'updatePath', id)),
			},
			// A create that got no answer may have been written: never sent again.
			{ batch: CREATE, rowSpec: { ...spec, retryUnanswered: false }, action: 'created', entries: resolution.creates.map((item) => entryOf(of.get(item.itemIndex)!, item, 'createPath')) },
		];
		for (const { batch, rowSpec, action, entries } of writes) {
			if (entries.length === 0) continue;
			const results = await sendBatch(ctx, rowSpec, batch, entries);
			entries.forEach((entry, k) => {
				const result = results[k];
				if (result.ok) {
					writtenBy[g].push(result.id);
					// int64 values typed in Record Fields (JSON) come out as exact strings, as Feishu's own do.
					const json = { ...(int64AsStrings(entry.fields) as IDataObject), _id: result.id, _upsert: action };
					slots[entry.itemIndex] = { json, pairedItem: { item: entry.itemIndex } };
				} else fail(entry.itemIndex, result.error);
			});
		}
	};
	// Groups in flight together, up to Requests In Flight, none waiting for another: a key is in one
	// group only (two items with the same key are refused above), so no group's lookup can see another's
	// writes, and each group's lookup, update and create stay in order. The transport paces each API.
	await inFlight(planned.length, requestsInFlight(ctx), [], runGroup);
	const written = writtenBy.flat();
	notSent.sort((a, b) => a - b);
	if (failed.length > 0) {
		failed.sort((a, b) => a.itemIndex - b.itemIndex);
		throw runFailure(ctx, 'created or updated', failed, written, notSent, itemCount);
	}
	return slots;
}

function prepare(ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number): Prepared {
	const fields = RECORD_INPUT.fieldsOf(ctx, itemIndex);
	const lookup = buildPath(ctx, spec, itemIndex, LOOKUP.path);
	return {
		itemIndex,
		fields,
		lookupPath: lookup.path,
		updatePath: buildPath(ctx, spec, itemIndex, UPDATE.path).path,
		createPath: buildPath(ctx, spec, itemIndex, CREATE.path).path,
		objectApiName: String(lookup.pathValues.object_api_name),
		settings: runSettings(ctx, itemIndex),
	};
}

function entryOf(prepared: Prepared, item: KeyedItem, path: 'updatePath' | 'createPath', id?: string): Entry {
	return { itemIndex: item.itemIndex, path: prepared[path], fields: prepared.fields, id, settings: prepared.settings };
}

/** The group's lookup: every record matching its keys, page after page (one page for unique keys). */
async function lookup(ctx: IExecuteFunctions, spec: OperationSpec, group: UpsertGroup, first: Prepared): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	let pageToken: string | undefined;
	for (;;) {
		const body: IDataObject = {
			select: group.select,
			filter: group.filter as unknown as IDataObject,
			page_size: LOOKUP_PAGE,
			use_page_token: true,
		};
		if (pageToken !== undefined) body.page_token = pageToken;
		const { data } = await callFeishu(
			ctx,
			{
				method: LOOKUP.method,
				path: first.lookupPath,
				body,
				// A match key typed as an int64 (Record Fields JSON) goes out with all its digits.
				bodyJson: holdsInt64(body) ? stringifyExact(body) : undefined,
				itemIndex: first.itemIndex,
				api: apiOf(spec, LOOKUP),
				credentialType: credentialTypeOf(spec),
			},
			first.settings,
		);
		found.push(...entriesOf(data, { kind: 'list', itemsKey: 'items', json: true }));
		const next = data.next_page_token;
		if (data.has_more !== true || typeof next !== 'string' || next === '' || next === pageToken) return found;
		pageToken = next;
	}
}
