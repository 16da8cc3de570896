import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The filter builder's parameters and their reading, shared by every operation that filters rows
 * (aPaaS Get Many and Search; the data platform's PostgREST reads). The vocabulary is that of n8n's
 * Supabase node, so a workflow author meets the same names: `filters.conditions[]` of
 * `{keyName, condition, keyValue}` and `matchType` `allFilters` | `anyFilter`. Each API compiles the
 * rows into its own filter language; this module only gives the UI and checked rows. Public names.
 */

export const CONDITION_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'isEmpty', 'isNotEmpty'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** Operators that compare with nothing: the row's value is not shown and not read. */
export const VALUELESS: readonly ConditionOperator[] = ['isEmpty', 'isNotEmpty'];

export type MatchType = 'allFilters' | 'anyFilter';

/** One checked row of the builder (`row` counts from 0, in the order shown). */
export interface Condition {
	row: number;
	keyName: string;
	/** One of the builder's operators (ConditionOperator unless the API passed its own). */
	condition: ConditionOperator;
	/** As entered (a string, or a number/boolean from an expression); undefined for isEmpty / isNotEmpty. */
	keyValue?: unknown;
	/** The row's value type, when the API types values (`auto` when not chosen). */
	valueType: string;
}

/** A row that cannot be used; `param` is the row's parameter at fault. The caller adds the item index. */
export class ConditionError extends Error {
	override name = 'ConditionError';
	constructor(
		readonly row: number,
		readonly param: 'keyName' | 'condition' | 'keyValue' | 'valueType',
		readonly reason: string,
		/** A reason about the whole builder, not one row. */
		readonly whole = false,
	) {
		super(whole ? `Filters ${reason}` : `Filters → condition ${row + 1} → ${PARAM_NAMES[param]} ${reason}`);
	}

	/** What follows "it" in an invalid-parameter message about Filters. */
	get asReason(): string {
		return this.whole ? this.reason : `has a bad condition ${this.row + 1}: ${PARAM_NAMES[this.param]} ${this.reason}`;
	}
}

const PARAM_NAMES = { keyName: 'Field Name', condition: 'Condition', keyValue: 'Field Value', valueType: 'Value Type' };

/** The builder's default operators (an API with more, e.g. PostgREST's like / in, passes its own). */
export const OPERATOR_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Equals', value: 'eq' },
	{ name: 'Not Equals', value: 'neq' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Greater Than or Equal', value: 'gte' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Less Than or Equal', value: 'lte' },
	{ name: 'Contains', value: 'contains' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
];

export interface ConditionUi {
	/** Where the builder shows (the operation's displayOptions). */
	displayOptions: INodeProperties['displayOptions'];
	/** What a field name is in this API (e.g. "the field's API name, e.g. amount"). */
	keyNameHint: string;
	/** The value types the API tells apart; without them no Value Type is shown. */
	valueTypes?: INodePropertyOptions[];
	/** Shown under Field Value (how values are written for this API). */
	keyValueHint: string;
	/** The most rows the API accepts (say it in the UI; checked by readConditions). */
	maxConditions?: number;
	/** The Condition options; default OPERATOR_OPTIONS (eq … isNotEmpty). */
	operators?: INodePropertyOptions[];
	/** Conditions that take no value (Field Value hidden); default isEmpty, isNotEmpty. */
	valueless?: readonly string[];
}

/** `matchType` and `filters` (a fixedCollection of rows). */
export function conditionProperties(ui: ConditionUi): INodeProperties[] {
	const hideWithoutValue = { hide: { condition: [...(ui.valueless ?? VALUELESS)] } };
	const values: INodeProperties[] = [
		{
			displayName: 'Field Name',
			name: 'keyName',
			type: 'string',
			default: '',
			placeholder: 'amount',
			description: ui.keyNameHint,
		},
		{
			displayName: 'Condition',
			name: 'condition',
			type: 'options',
			options: ui.operators ?? OPERATOR_OPTIONS,
			default: 'eq',
		},
		{
			displayName: 'Field Value',
			name: 'keyValue',
			type: 'string',
			default: '',
			description: ui.keyValueHint,
			displayOptions: hideWithoutValue,
		},
	];
	if (ui.valueTypes) {
		values.push({
			displayName: 'Value Type',
			name: 'valueType',
			type: 'options',
			options: ui.valueTypes,
			default: 'auto',
			description: 'How Field Value is sent: as the kind of the field compared',
			displayOptions: hideWithoutValue,
		});
	}
	return [
		{
			displayName: 'Must Match',
			name: 'matchType',
			type: 'options',
			options: [
				{ name: 'All Filters', value: 'allFilters' },
				{ name: 'Any Filter', value: 'anyFilter' },
			],
			default: 'allFilters',
			displayOptions: ui.displayOptions,
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Condition',
			default: {},
			description: `Conditions on the records' fields${ui.maxConditions ? ` (at most ${ui.maxConditions})` : ''}`,
			displayOptions: ui.displayOptions,
			options: [{ displayName: 'Conditions', name: 'conditions', values }],
		},
	];
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The rows of a `filters` parameter value, checked. An empty builder gives []. A row with an empty
 * Field Name is an error (not skipped): a half-filled row silently matching everything would be worse.
 */
export function readConditions(
	raw: unknown,
	maxConditions = Infinity,
	valueTypes: readonly string[] = ['auto'],
	operators: readonly string[] = CONDITION_OPERATORS,
	valueless: readonly string[] = VALUELESS,
): Condition[] {
	const rows = raw && typeof raw === 'object' ? (raw as { conditions?: unknown }).conditions : undefined;
	if (rows === undefined || rows === null) return [];
	if (!Array.isArray(rows)) throw new ConditionError(0, 'keyName', 'is not a list of conditions', true);
	if (rows.length > maxConditions) {
		throw new ConditionError(maxConditions, 'keyName', `has ${rows.length} conditions; at most ${maxConditions} are accepted`, true);
	}
	return rows.map((entry: unknown, row): Condition => {
		const r = (entry ?? {}) as Record<string, unknown>;
		const keyName = typeof r.keyName === 'string' ? r.keyName.trim() : r.keyName;
		if (typeof keyName !== 'string' || keyName === '') throw new ConditionError(row, 'keyName', 'is required');
		if (!FIELD_NAME.test(keyName)) {
			throw new ConditionError(row, 'keyName', `must be a field API name (letters, digits, _), got ${JSON.stringify(keyName)}`);
		}
		const condition = (r.condition ?? 'eq') as ConditionOperator;
		if (!operators.includes(condition)) {
			throw new ConditionError(row, 'condition', `must be one of ${operators.join(', ')}, got ${JSON.stringify(r.condition)}`);
		}
		const valueType = typeof r.valueType === 'string' && r.valueType !== '' ? r.valueType : 'auto';
		if (!valueTypes.includes(valueType)) {
			throw new ConditionError(row, 'valueType', `must be one of ${valueTypes.join(', ')}, got ${JSON.stringify(valueType)}`);
		}
		if (valueless.includes(condition)) return { row, keyName, condition, valueType };
		return { row, keyName, condition, keyValue: r.keyValue ?? '', valueType };
	});
}

/** `matchType` checked (default allFilters). */
export function readMatchType(raw: unknown): MatchType {
	if (raw === undefined || raw === null || raw === '' || raw === 'allFilters') return 'allFilters';
	if (raw === 'anyFilter') return 'anyFilter';
	throw new Error(`Must Match must be allFilters or anyFilter, got ${JSON.stringify(raw)}`);
}
