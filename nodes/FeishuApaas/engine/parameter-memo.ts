import type { IExecuteFunctions } from 'n8n-workflow';

const EXPRESSION = Symbol('expression');

/**
 * The node's context for one batch write, with every parameter that holds no expression read once
 * instead of once per item. Such a parameter has the same value for every item (only an expression
 * can read the item), and n8n's `getNodeParameter` costs a few microseconds a call (expression check,
 * deep copy, type validation): with five reads per record, 100,000 records spent ~1.7 s in it before
 * the first request could leave (bench part 8).
 *
 * It lives for one call of the node only, created and dropped by the batch runner: nothing is kept
 * between runs, so a reused context (n8n reuses poll contexts) cannot see stale values. A value read
 * through it is frozen, because the same object now reaches every item: a caller that tried to change
 * it would throw at once instead of leaking one item's change into the next.
 */
export function withParameterMemo(ctx: IExecuteFunctions): IExecuteFunctions {
	const parameters = ctx.getNode().parameters;
	// Per name and fallback: the value, or EXPRESSION for a parameter read afresh for every item.
	const memo = new Map<string, unknown>();
	const read = ctx.getNodeParameter.bind(ctx) as (name: string, itemIndex: number, fallback?: unknown, options?: object) => unknown;
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: object): unknown => {
		if (options !== undefined) return read(name, itemIndex, fallback, options);
		const key =
			fallback === null || typeof fallback !== 'object'
				? `${name}\u0000${String(fallback)}`
				: `${name}\u0000${isEmptyObject(fallback) ? '{}' : JSON.stringify(fallback)}`;
		let value = memo.get(key);
		if (value === undefined && !memo.has(key)) {
			value = hasExpression(valueAt(parameters, name)) ? EXPRESSION : deepFreeze(read(name, itemIndex, fallback));
			memo.set(key, value);
		}
		return value === EXPRESSION ? read(name, itemIndex, fallback) : value;
	};
	// The rest of the context as it is: methods still run with the real context's state.
	return Object.create(ctx, { getNodeParameter: { value: getNodeParameter } }) as IExecuteFunctions;
}

/** The raw saved value of a parameter (`options.timeout` walks into the collection). */
function valueAt(parameters: object, name: string): unknown {
	let value: unknown = parameters;
	for (const key of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** Whether any string inside is an n8n expression (`=…`), the only kind of value that can differ per item. */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value === null || typeof value !== 'object') return false;
	return Object.values(value).some(hasExpression);
}

function isEmptyObject(value: object): boolean {
	for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
	return !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}

/**
 * `compute` for an item, worked out once per batch write when none of the parameters it reads holds an
 * expression (then every item gets the same answer). A failure is not kept: each item that reaches it
 * gets its own error, naming its own index.
 */
export function oncePerRunUnless<T>(ctx: IExecuteFunctions, names: readonly string[], compute: (itemIndex: number) => T): (itemIndex: number) => T {
	const parameters = ctx.getNode().parameters;
	if (names.some((name) => hasExpression(valueAt(parameters, name)))) return compute;
	let done: { value: T } | undefined;
	return (itemIndex) => (done ??= { value: compute(itemIndex) }).value;
}
