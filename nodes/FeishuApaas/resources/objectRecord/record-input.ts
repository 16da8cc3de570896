import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { shapeValue } from '../../engine/shape';
import type { BatchInput } from '../../engine/types';
import { apiNameList, checkJsonValue, InvalidValue, jsonObject } from '../../engine/values';

/**
 * Where a written record's fields come from: the parameters of Create and Update, and their reading.
 * (How many go in one request is the batch runner's Records Per Request.)
 */

type DisplayOptions = INodeProperties['displayOptions'];

/** An n8n expression reading the input item (n8n's variable is `$json`, lower case). */
const EXPRESSION_EXAMPLE = '{{ $json.company }}';

/** Parameters of rows that take a record's fields (create, update). */
function recordInputProperties(displayOptions: DisplayOptions): INodeProperties[] {
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
			// The example is an expression users copy: n8n's variable is lower-case, and a literal
			// description would be upper-cased by the JSON lint rule, so it is spliced in.
			description: `The record fields as a JSON object keyed by field API name, e.g. {"name": "${EXPRESSION_EXAMPLE}", "amount": 100}`,
			displayOptions: { show: { ...displayOptions?.show, dataMode: ['defineBelow'] } },
		},
	];
}

/** Fields of the input to leave out. */
const IGNORE_FIELDS: INodeProperties = {
	displayName: 'Input Fields to Ignore',
	name: 'ignoreFields',
	type: 'string',
	default: '',
	placeholder: '_id, createdAt',
	description: 'With Use Input Item JSON: fields of the input item not to send, comma-separated',
};

/**
 * The fields of item `itemIndex`'s record, from its JSON or from Record Fields (JSON). The result is a
 * new object (input items are never modified). Throws InvalidValue naming the parameter at fault.
 */
function recordFieldsOf(ctx: IExecuteFunctions, itemIndex: number, source: RecordSource): IDataObject {
	if (source.param === 'recordFields') {
		const raw = ctx.getNodeParameter('recordFields', itemIndex, '{}') as string | object;
		return { ...(jsonObject(raw) as IDataObject) };
	}
	const fields: IDataObject = { ...ctx.getInputData()[itemIndex].json };
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const ignored = options.ignoreFields ? apiNameList(options.ignoreFields) : [];
	for (const name of ignored) delete fields[name];
	// The item's numbers are JavaScript numbers already: one beyond 2^53 has lost digits, NaN would be
	// sent as null, a circular or 10,000-deep value cannot be written at all. Refused here, naming the field.
	checkJsonValue(fields, { fromText: false });
	return fields;
}

/** The parameter an item's record fields come from (named in errors). */
interface RecordSource {
	param: 'dataMode' | 'recordFields';
	displayName: string;
}

function recordSourceOf(ctx: IExecuteFunctions, itemIndex: number): RecordSource {
	return (ctx.getNodeParameter('dataMode', itemIndex, 'autoMapInputData') as string) === 'defineBelow'
		? { param: 'recordFields', displayName: 'Record Fields (JSON)' }
		: { param: 'dataMode', displayName: 'Fields Source' };
}

/** A record must have at least one field to write. */
function requireFields(fields: IDataObject): IDataObject {
	if (Object.keys(fields).length === 0) throw new InvalidValue('has no fields to write');
	return fields;
}

/**
 * The record input of Create and Update: the fields of an item's record, `_id` left out (it is
 * Feishu's: a create cannot set it, an update takes it from Record ID), at least one.
 */
export const RECORD_INPUT: BatchInput = {
	properties: recordInputProperties,
	options: [IGNORE_FIELDS],
	param(ctx: IExecuteFunctions, itemIndex: number) {
		const source = recordSourceOf(ctx, itemIndex);
		return { displayName: source.displayName, name: source.param };
	},
	fieldsOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
		const source = recordSourceOf(ctx, itemIndex);
		const read = () => {
			const fields = recordFieldsOf(ctx, itemIndex, source);
			delete fields._id;
			return requireFields(fields);
		};
		return shapeValue(ctx, { displayName: source.displayName, name: source.param }, read, undefined, itemIndex);
	},
};
