import type { INodePropertyOptions } from 'n8n-workflow';

import { ConditionError, type Condition, type ConditionOperator, type MatchType } from '../../engine/conditions';

/**
 * The filter builder's rows compiled into Feishu's record filter ("criterion"), the `filter` of
 * records/batch_query and of each `search_objects[]` entry of objects/search:
 *
 *   {conditions: [{index: "1",
 *                  left:  {type: "metadataVariable", settings: "{\"fieldPath\":[{\"fieldApiName\":\"amount\",\"objectApiName\":\"customer\"}]}"},
 *                  right: {type: "constant", settings: "{\"data\":100}"},
 *                  operator: "greaterThan"}],
 *    logic_expression: "1 AND 2"}
 *
 * Feishu's API pages type these fields (conditions ≤ 10, left type only "metadataVariable", settings a
 * string) but do not list the operators or the settings' JSON. Both come from Feishu's own aPaaS
 * server SDK (byted-apaas/server-sdk-go, service/data/op and cond/expression.go), which builds the same
 * criterion for the same records: left settings `{"fieldPath":[{"objectApiName","fieldApiName"}]}`,
 * right settings `{"data": value}`, no right side for isEmpty / isNotEmpty.
 * ASSUMPTION: the OpenAPI accepts the server SDK's operator names (equals, notEquals, greaterThan,
 * greaterThanOrEquals, lessThan, lessThanOrEquals, contains, isEmpty, isNotEmpty, isAnyOf).
 */

export interface CriterionCondition {
	index: string;
	left: { type: 'metadataVariable'; settings: string };
	right?: { type: 'constant'; settings: string };
	operator: string;
}

export interface Criterion {
	conditions: CriterionCondition[];
	logic_expression: string;
}

/** Feishu's documented maximum of conditions per filter (the API pages: conditions 0 ~ 10). */
export const MAX_CONDITIONS = 10;

export const FEISHU_OPERATORS: Record<ConditionOperator, string> = {
	eq: 'equals',
	neq: 'notEquals',
	gt: 'greaterThan',
	gte: 'greaterThanOrEquals',
	lt: 'lessThan',
	lte: 'lessThanOrEquals',
	contains: 'contains',
	isEmpty: 'isEmpty',
	isNotEmpty: 'isNotEmpty',
};

export const VALUE_TYPES: INodePropertyOptions[] = [
	{
		name: 'Auto',
		value: 'auto',
		description: 'True/false as a boolean, a plain decimal number as a number, long digit strings (IDs) kept exact as text, anything else as text',
	},
	{ name: 'Text', value: 'text', description: 'Sent as entered, as text' },
	{ name: 'Number', value: 'number' },
	{ name: 'Boolean', value: 'boolean' },
	{
		name: 'Date-Time',
		value: 'dateTime',
		description: 'An ISO 8601 date-time (with Z or an offset) or milliseconds since 1970; sent as milliseconds',
	},
	{
		name: 'Record ID (Lookup)',
		value: 'lookup',
		description: "A record's _id or a lookup field's value: digits, sent exactly as an int64 string",
	},
];

export const VALUE_TYPE_VALUES = VALUE_TYPES.map((o) => o.value as string);

const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const INTEGER_DIGITS = /^-?\d+$/;
/** ISO 8601 with a zone: without one, the instant would depend on the n8n server's time zone. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function describe(v: unknown): string {
	return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** The row's value in the kind of the field it is compared with (what goes into `{"data": …}`). */
export function typedValue(c: Condition): string | number | boolean {
	const v = c.keyValue;
	const bad = (expected: string): never => {
		throw new ConditionError(c.row, 'keyValue', `must be ${expected} (Value Type ${c.valueType}), got ${describe(v)}`);
	};
	const text = typeof v === 'string' ? v.trim() : v;
	switch (c.valueType) {
		case 'text':
			if (typeof v === 'string') return v;
			if (typeof v === 'number' || typeof v === 'boolean') return String(v);
			return bad('text');
		case 'number': {
			if (typeof v === 'number' && Number.isFinite(v)) return v;
			if (typeof text === 'string' && text !== '' && Number.isFinite(Number(text))) return Number(text);
			return bad('a number');
		}
		case 'boolean':
			if (typeof v === 'boolean') return v;
			if (text === 'true') return true;
			if (text === 'false') return false;
			return bad('true or false');
		case 'dateTime': {
			if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
			if (typeof text === 'string' && /^\d{1,15}$/.test(text)) return Number(text);
			if (typeof text === 'string' && ISO_WITH_ZONE.test(text)) {
				const ms = Date.parse(text);
				if (Number.isFinite(ms)) return ms;
			}
			return bad('an ISO 8601 date-time with a zone (2026-12-01T09:00:00Z) or milliseconds');
		}
		case 'lookup': {
			// A number from an expression is exact only while safe; larger ids must come as strings.
			if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return String(v);
			if (typeof text === 'string' && /^\d{1,19}$/.test(text)) return text;
			return bad('a record id (digits)');
		}
		default: {
			// auto
			if (typeof v === 'number' || typeof v === 'boolean') return v;
			if (typeof v !== 'string') return bad('text, a number or a boolean');
			if (text === 'true' || text === 'false') return text === 'true';
			if (typeof text === 'string' && DECIMAL.test(text)) {
				const n = Number(text);
				// Digits a double cannot hold exactly (ids, int64s) stay text so no digit is lost.
				if (INTEGER_DIGITS.test(text) && !Number.isSafeInteger(n)) return text;
				return n;
			}
			return v;
		}
	}
}

/** One condition of Feishu's criterion for `objectApiName`. */
export function criterionCondition(objectApiName: string, c: Condition, index: number): CriterionCondition {
	const out: CriterionCondition = {
		index: String(index),
		left: {
			type: 'metadataVariable',
			settings: JSON.stringify({ fieldPath: [{ fieldApiName: c.keyName, objectApiName }] }),
		},
		operator: FEISHU_OPERATORS[c.condition],
	};
	if (c.condition === 'isEmpty' || c.condition === 'isNotEmpty') return out;
	const data = typedValue(c);
	if (c.condition === 'contains' && typeof data !== 'string') {
		throw new ConditionError(c.row, 'keyValue', 'must be text for Contains');
	}
	out.right = { type: 'constant', settings: JSON.stringify({ data }) };
	return out;
}

/** The rows as Feishu's criterion; undefined for no rows (no filter at all). */
export function compileCriterion(objectApiName: string, conditions: Condition[], matchType: MatchType): Criterion | undefined {
	if (conditions.length === 0) return undefined;
	if (conditions.length > MAX_CONDITIONS) {
		throw new ConditionError(MAX_CONDITIONS, 'keyName', `has ${conditions.length} conditions; Feishu accepts at most ${MAX_CONDITIONS}`, true);
	}
	const compiled = conditions.map((c, n) => criterionCondition(objectApiName, c, n + 1));
	return {
		conditions: compiled,
		logic_expression: compiled.map((c) => c.index).join(matchType === 'anyFilter' ? ' OR ' : ' AND '),
	};
}

/**
 * A condition "field is any of these values" (the upsert's lookup by key): one condition however many
 * values, so a lookup of 500 keys stays within Feishu's 10 conditions. ASSUMPTION: isAnyOf takes
 * `{"data": [v1, v2, …]}` (the server SDK's In operator, whose right value is a list).
 */
export function anyOfCondition(objectApiName: string, fieldApiName: string, values: ReadonlyArray<string | number | boolean>, index: number): CriterionCondition {
	return {
		index: String(index),
		left: { type: 'metadataVariable', settings: JSON.stringify({ fieldPath: [{ fieldApiName, objectApiName }] }) },
		right: { type: 'constant', settings: JSON.stringify({ data: values }) },
		operator: 'isAnyOf',
	};
}
