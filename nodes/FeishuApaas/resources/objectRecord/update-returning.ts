import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type JsonObject } from 'n8n-workflow';

import { runRecordWrites } from '../../engine/batch-runner';
import { errorItem } from '../../engine/error-items';
import { entriesOf } from '../../engine/output';
import { withParameterMemo } from '../../engine/parameter-memo';
import { apiOf, credentialTypeOf } from '../../engine/request/api';
import { buildPath } from '../../engine/request/path';
import { runSettings } from '../../engine/request/settings';
import { isUnset, shapeValue } from '../../engine/shape';
import type { FieldSpec, OperationSpec } from '../../engine/types';
import { apiNameList } from '../../engine/values';
import { callFeishu } from '../../transport/request';
import { anyOfCondition } from '../shared/criterion';

/**
 * Update, and with Options → Return Fields the records as they are after the update (as Airtable and
 * Notion return them): the batched writes as always, then one batch_query per 500 updated records
 * (`_id` isAnyOf the ids), merged into each item's output.
 */

export const RETURN_FIELDS: FieldSpec = {
	param: 'returnFields',
	api: 'select',
	displayName: 'Return Fields',
	description:
		'Field API names to read back after the update, comma-separated: each output item then holds the record as it is now (one extra request per 500 records). Read from the first item.',
	type: 'string',
	required: false,
	default: '',
	placeholder: 'name, amount',
	shape: apiNameList,
};

const READ = { method: 'POST' as const, path: 'applications/{namespace}/objects/{object_api_name}/records/batch_query' };
const PAGE = 500;

export async function runUpdate(nodeCtx: IExecuteFunctions, spec: OperationSpec): Promise<INodeExecutionData[]> {
	// Options read once per run, not once per record (the batch runner uses the same memo).
	const ctx = withParameterMemo(nodeCtx);
	// Checked with each item's own parameters, before anything is written: a bad Return Fields is an
	// error on its item, not a failure after the updates happened. The first updated item's value says
	// which fields are read back.
	const returnFields = (itemIndex: number): string[] => {
		const raw = (ctx.getNodeParameter('options', itemIndex, {}) as IDataObject).returnFields;
		return !isUnset(raw) ? shapeValue(ctx, { displayName: RETURN_FIELDS.displayName, name: RETURN_FIELDS.param }, apiNameList, raw, itemIndex) : [];
	};
	const slots = await runRecordWrites(ctx, spec, spec.batch!, (itemIndex) => void returnFields(itemIndex));
	const first = slots.findIndex((slot) => slot.json.success === true);
	const select = first < 0 ? [] : returnFields(first);
	if (select.length === 0) return slots;

	// Updated items (error items have no `success`), grouped by object (its path), 500 per read.
	const groups = new Map<string, number[]>();
	slots.forEach((slot, itemIndex) => {
		if (slot.json.success !== true) return;
		const { path } = buildPath(ctx, spec, itemIndex, READ.path);
		groups.set(path, [...(groups.get(path) ?? []), itemIndex]);
	});
	for (const [path, indexes] of groups) {
		for (let start = 0; start < indexes.length; start += PAGE) {
			const chunk = indexes.slice(start, start + PAGE);
			const ids = chunk.map((i) => String(slots[i].json._id));
			const objectApiName = String(buildPath(ctx, spec, chunk[0], '{object_api_name}').path);
			try {
				const { data } = await callFeishu(
					ctx,
					{
						method: READ.method,
						path,
						body: {
							select: [...new Set(['_id', ...select])],
							filter: { conditions: [anyOfCondition(objectApiName, '_id', ids, 1)], logic_expression: '1' } as unknown as IDataObject,
							page_size: PAGE,
							use_page_token: true,
						},
						itemIndex: chunk[0],
						api: apiOf(spec, READ),
						credentialType: credentialTypeOf(spec),
					},
					runSettings(ctx, chunk[0]),
				);
				const byId = new Map(entriesOf(data, { kind: 'list', itemsKey: 'items', json: true }).map((r) => [String(r._id), r]));
				for (const i of chunk) slots[i] = { json: { success: true, ...(byId.get(String(slots[i].json._id)) ?? { _id: slots[i].json._id }) }, pairedItem: { item: i } };
			} catch (error) {
				// The updates happened; only reading them back failed. Said so, never hidden.
				const details: JsonObject = { updated_ids: ids, read_error: (error as Error).message };
				const failure = new NodeApiError(ctx.getNode(), details, {
					message: `The records were updated, but reading them back failed: ${(error as Error).message}`,
					description: `Updated ids: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', … (updated_ids)' : ''}. Nothing is sent again.`,
					itemIndex: chunk[0],
				});
				if (!ctx.continueOnFail()) throw failure;
				for (const i of chunk) slots[i] = errorItem(failure, i);
			}
		}
	}
	return slots;
}
