import { NodeOperationError, type INode } from 'n8n-workflow';

import { InvalidValue } from './values';

/** The parameter a value belongs to, as error messages name it. */
export interface ParamRef {
	displayName: string;
	name: string;
}

/** Anything that knows its node: an action node's run or a trigger's poll. */
interface HasNode {
	getNode(): INode;
}

/** An added-but-empty value means "not set", as everywhere in n8n. */
export function isUnset(raw: unknown): boolean {
	return raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
}

/**
 * The error for a parameter value that cannot be sent, naming the parameter and (for an item of an
 * action node) the item. Thrown before anything is sent.
 */
export function invalid(ctx: HasNode, param: ParamRef, itemIndex: number | undefined, reason: string): NodeOperationError {
	if (itemIndex === undefined) {
		return new NodeOperationError(ctx.getNode(), `Invalid "${param.displayName}" (${param.name}): it ${reason}`, {
			description: 'Nothing was sent to Feishu.',
		});
	}
	return new NodeOperationError(ctx.getNode(), `Invalid "${param.displayName}" (${param.name}) in item ${itemIndex}: it ${reason}`, {
		itemIndex,
		description: 'Nothing was sent to Feishu for this item.',
	});
}

/**
 * `shape(raw)`: the value in the form Feishu expects, or the invalid-value error naming `param` (and
 * the item) with the shape's reason. The one place a parameter value is checked.
 */
export function shapeValue<T>(ctx: HasNode, param: ParamRef, shape: (value: unknown) => T, raw: unknown, itemIndex?: number): T {
	try {
		return shape(raw);
	} catch (error) {
		const reason = error instanceof InvalidValue ? error.message : 'could not be read';
		throw invalid(ctx, param, itemIndex, reason);
	}
}
