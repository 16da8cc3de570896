import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ConditionError, conditionProperties, readConditions, readMatchType } from '../../engine/conditions';
import { invalid, isUnset } from '../../engine/shape';
import { jsonObjectUnlessEmpty } from '../../engine/values';
import { compileCriterion, MAX_CONDITIONS, VALUE_TYPE_VALUES, VALUE_TYPES, type Criterion } from './criterion';

/**
 * The filter builder of aPaaS reads (Object Record → Get Many, Object → Search): the shared condition
 * rows, compiled into Feishu's criterion. The raw Filter (JSON) option stays; both at once is an error.
 */

export function filterBuilderProperties(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return conditionProperties({
		displayOptions,
		keyNameHint: "The field's API name, e.g. amount (or _id)",
		keyValueHint: 'The value to compare with; Value Type says how it is sent (text, number, boolean, date-time, record ID)',
		valueTypes: VALUE_TYPES,
		maxConditions: MAX_CONDITIONS,
	});
}

const FILTERS = { displayName: 'Filters', name: 'filters' };

/** The builder's rows for one item as Feishu's criterion on `objectApiName`; undefined when empty. */
export function builtCriterion(ctx: IExecuteFunctions, itemIndex: number, objectApiName: string): Criterion | undefined {
	try {
		const conditions = readConditions((ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject), MAX_CONDITIONS, VALUE_TYPE_VALUES);
		const matchType = readMatchType(ctx.getNodeParameter('matchType', itemIndex, 'allFilters'));
		return compileCriterion(objectApiName, conditions, matchType);
	} catch (error) {
		const reason = error instanceof ConditionError ? error.asReason : (error as Error).message;
		throw invalid(ctx, FILTERS, itemIndex, reason);
	}
}

/** Whether the raw Options → Filter (JSON) is set for the item. */
export function rawFilterSet(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const raw = (ctx.getNodeParameter('options', itemIndex, {}) as IDataObject).filter;
	if (isUnset(raw)) return false;
	try {
		return jsonObjectUnlessEmpty(raw) !== undefined;
	} catch {
		// Not JSON: set (and the engine has already refused it, naming the option).
		return true;
	}
}

/** The error for both the builder and the raw filter set: which one applies would be a guess. */
export function bothFiltersError(ctx: IExecuteFunctions, itemIndex: number) {
	return invalid(
		ctx,
		FILTERS,
		itemIndex,
		'is set together with Options → Filter (JSON) (filter): use one of the two — the builder, or Feishu\'s raw filter object',
	);
}
