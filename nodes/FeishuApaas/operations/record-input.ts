import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../run-cache';
import { apiNameList, checkJsonValue, integerIn, InvalidValue, jsonObject } from '../validation/values';
import type { BatchSpec } from './types';

/**
 * Where a written record's fields come from, and how many records go in one request: the parameters
 * of the record-writing operations (create, update, delete) and their reading.
 */

type DisplayOptions = INodeProperties['displayOptions'];

/** Parameters of rows that take a record's fields (create, update). */
export function recordInputProperties(batch: BatchSpec, displayOptions: DisplayOptions): INodeProperties[] {
	if (batch.entry === 'id') return [];
	return [
		{
			displayName: 'Fields Source',
			name: 'dataMode',
			type: 'options',
			options: [
				{
					name: 'Use Input Item JSON',
					value: 'autoMapInputData',
					description: "Every field of the input item's JSON becomes a field of the record (names are field API names)",
				},
				{ name: 'Define Below', value: 'defineBelow', description: 'Set the record fields as a JSON object' },
			],
			default: 'autoMapInputData',
			description: 'Where the record fields come from',
			displayOptions,
		},
		{
			displayName: 'Record Fields (JSON)',
			name: 'recordFields',
			type: 'json',
			default: '{}',
			description: 'The record fields as a JSON object keyed by field API name, e.g. {"name": "{{ $JSON.company }}", "amount": 100}',
			displayOptions: { show: { ...displayOptions?.show, dataMode: ['defineBelow'] } },
		},
	];
}

/** Options of the record-writing rows: batch size, and fields of the input to leave out. */
export function recordInputOptions(batch: BatchSpec): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Records Per Request',
			name: 'recordsPerRequest',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 500 },
			// Feishu's batch maximum (BatchSpec.maxSize of every record row; a test keeps them equal).
			default: 500,
			description:
				"How many records go in one request to Feishu's batch endpoint (at most 500). 1 uses the single-record endpoint, one request per item. Read from the first item.",
		},
	];
	if (batch.entry !== 'id') {
		options.push({
			displayName: 'Input Fields to Ignore',
			name: 'ignoreFields',
			type: 'string',
			default: '',
			placeholder: '_id, createdAt',
			description: 'With Use Input Item JSON: fields of the input item not to send, comma-separated',
		});
	}
	return options;
}

export const recordsPerRequestShape = (max: number) => integerIn(1, max);

/**
 * The fields of item `itemIndex`'s record, from its JSON or from Record Fields (JSON). The result is a
 * new object (input items are never modified). Throws InvalidValue naming the parameter at fault.
 */
export function recordFieldsOf(ctx: IExecuteFunctions, itemIndex: number, source: RecordSource): IDataObject {
	if (source.param === 'recordFields') {
		const raw = itemParameter<string | object>(ctx, 'recordFields', itemIndex, '{}');
		return { ...(jsonObject(raw) as IDataObject) };
	}
	const fields: IDataObject = { ...ctx.getInputData()[itemIndex].json };
	const options = itemParameter<IDataObject>(ctx, 'options', itemIndex, {});
	const ignored = options.ignoreFields ? apiNameList(options.ignoreFields) : [];
	for (const name of ignored) delete fields[name];
	// The item's numbers are JavaScript numbers already: one beyond 2^53 has lost digits, NaN would be
	// sent as null, a circular or 10,000-deep value cannot be written at all. Refused here, naming the field.
	checkJsonValue(fields, { fromText: false });
	return fields;
}

/** The parameter an item's record fields come from (named in errors). */
export interface RecordSource {
	param: 'dataMode' | 'recordFields';
	displayName: string;
}

export function recordSourceOf(ctx: IExecuteFunctions, itemIndex: number): RecordSource {
	return itemParameter<string>(ctx, 'dataMode', itemIndex, 'autoMapInputData') === 'defineBelow'
		? { param: 'recordFields', displayName: 'Record Fields (JSON)' }
		: { param: 'dataMode', displayName: 'Fields Source' };
}

/** A record must have at least one field to write. */
export function requireFields(fields: IDataObject): IDataObject {
	if (Object.keys(fields).length === 0) throw new InvalidValue('has no fields to write');
	return fields;
}
