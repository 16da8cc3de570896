/**
 * The filter parameters of the data-platform operations, in the vocabulary of n8n's Supabase node (also
 * PostgREST): Filter (none | manual | string), Must Match (all | any), Conditions {keyName, condition,
 * keyValue}, and the raw PostgREST filter. Compiled by postgrest-filter.ts.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { compileFilter, FILTER_CONDITIONS, FilterInputError, type FilterInput, type FilterRow } from './postgrest-filter';

const CONDITION_NAMES: Record<(typeof FILTER_CONDITIONS)[number], string> = {
	eq: 'Equals',
	neq: 'Not Equals',
	gt: 'Greater Than',
	gte: 'Greater Than or Equal',
	lt: 'Less Than',
	lte: 'Less Than or Equal',
	like: 'Like (* or % Wildcard, Case-Sensitive)',
	ilike: 'ILike (* or % Wildcard, Case-Insensitive)',
	is: 'Is (Null, True, False)',
	in: 'In (Comma-Separated or JSON Array)',
};

const FILTER_TYPE: INodeProperties = {
	displayName: 'Filter',
	name: 'filterType',
	type: 'options',
	options: [
		{ name: 'None', value: 'none' },
		{ name: 'Build Manually', value: 'manual' },
		{ name: 'String (PostgREST)', value: 'string' },
	],
	default: 'none',
};

/** The filter parameters; `writes` (update, delete) adds All Rows and defaults to a manual filter. */
export function filterProperties(displayOptions: INodeProperties['displayOptions'], writes: boolean): INodeProperties[] {
	const show = displayOptions?.show ?? {};
	const when = (extra: IDataObject): INodeProperties['displayOptions'] => ({ show: { ...show, ...extra } as never });
	const properties: INodeProperties[] = [];
	if (writes) {
		properties.push({
			displayName: 'All Rows',
			name: 'allRows',
			type: 'boolean',
			default: false,
			description:
				'Whether to act on every row of the table. Off (the default), the operation refuses to run without a filter, so an empty filter can never touch the whole table.',
			displayOptions,
		});
	}
	properties.push(
		writes
			? { ...FILTER_TYPE, default: 'manual', displayOptions: when({ allRows: [false] }) }
			: { ...FILTER_TYPE, displayOptions },
		{
			displayName: 'Must Match',
			name: 'matchType',
			type: 'options',
			options: [
				{ name: 'All Filters', value: 'allFilters' },
				{ name: 'Any Filter', value: 'anyFilter' },
			],
			default: 'allFilters',
			displayOptions: when({ filterType: ['manual'], ...(writes ? { allRows: [false] } : {}) }),
		},
		{
			displayName: 'Conditions',
			name: 'filters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Condition',
			default: {},
			displayOptions: when({ filterType: ['manual'], ...(writes ? { allRows: [false] } : {}) }),
			options: [
				{
					displayName: 'Conditions',
					name: 'conditions',
					values: [
						{
							displayName: 'Field Name',
							name: 'keyName',
							type: 'string',
							default: '',
							placeholder: 'status',
							description: 'Column of the table',
						},
						{
							displayName: 'Condition',
							name: 'condition',
							type: 'options',
							options: FILTER_CONDITIONS.map((value) => ({ name: CONDITION_NAMES[value], value })),
							default: 'eq',
						},
						{
							displayName: 'Field Value',
							name: 'keyValue',
							type: 'string',
							default: '',
							description:
								'Compared as is: commas, dots, quotes, & or = inside it stay part of the value (they are encoded for Feishu)',
						},
					],
				},
			],
		},
		{
			displayName: 'Filter (PostgREST)',
			name: 'filterString',
			type: 'string',
			default: '',
			placeholder: 'age=gt.18&status=eq.active',
			description:
				'A PostgREST filter, sent as is: pairs column=operator.value joined by &, or=(…) / and=(…) groups. Percent-encode &, =, %, + inside a value; double-quote values holding , . : ( ) in lists.',
			displayOptions: when({ filterType: ['string'], ...(writes ? { allRows: [false] } : {}) }),
		},
	);
	return properties;
}

function compiled(input: FilterInput): string | undefined | FilterInputError {
	try {
		return compileFilter(input);
	} catch (error) {
		return error instanceof FilterInputError ? error : new FilterInputError(String(error));
	}
}

/**
 * The compiled `filter` for item `itemIndex`, or undefined for none. With `writes`, no filter and no
 * All Rows is refused (nothing is sent), and All Rows gives the filter that matches every row.
 */
export function filterOf(ctx: IExecuteFunctions, itemIndex: number, writes: boolean): string | undefined {
	if (writes && (ctx.getNodeParameter('allRows', itemIndex, false) as boolean)) {
		// ASSUMPTION: Feishu requires `filter` on PATCH / DELETE records; every row has an _id.
		return '_id=not.is.null';
	}
	const input: FilterInput = {
		filterType: ctx.getNodeParameter('filterType', itemIndex, writes ? 'manual' : 'none') as FilterInput['filterType'],
		matchType: ctx.getNodeParameter('matchType', itemIndex, 'allFilters') as FilterInput['matchType'],
		conditions: ((ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject).conditions ?? []) as FilterRow[],
		filterString: String(ctx.getNodeParameter('filterString', itemIndex, '')),
	};
	const filter = compiled(input);
	if (filter instanceof FilterInputError) {
		throw new NodeOperationError(ctx.getNode(), `${filter.message} (item ${itemIndex})`, { itemIndex });
	}
	if (writes && filter === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No filter (item ${itemIndex}): add a condition, or turn on All Rows to act on every row of the table`,
			{ itemIndex },
		);
	}
	return filter;
}
