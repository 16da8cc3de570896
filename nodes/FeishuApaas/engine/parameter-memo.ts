import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

const EXPRESSION = Symbol('expression');
const MEMO = Symbol('parameter memo');

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
	// A context that is one already (a row that reads its own parameters through the memo, then hands
	// it to the batch runner) is used as it is.
	if ((ctx as { [MEMO]?: true })[MEMO]) return ctx;
	const parameters = ctx.getNode().parameters;
	// Per name and fallback: the value, or EXPRESSION for a parameter read afresh for every item.
	const memo = new Map<string, unknown>();
	const read = ctx.getNodeParameter.bind(ctx) as (name: string, itemIndex: number, fallback?: unknown, options?: object) => unknown;
	const readJson = jsonReader(ctx);
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
		if (value !== EXPRESSION) return value;
		return readJson(name, itemIndex) ?? read(name, itemIndex, fallback);
	};
	// The rest of the context as it is: methods still run with the real context's state.
	return Object.create(ctx, { getNodeParameter: { value: getNodeParameter }, [MEMO]: { value: true } }) as IExecuteFunctions;
}

/**
 * `={{ $json.id }}`, the Record ID of nearly every update and delete, is a plain read of the item:
 * n8n's evaluation of it builds a data proxy per item ($now, $env, …), ~100 µs, which for 20,000
 * records was most of the run's time before the first request (bench part 8). The reader gives the
 * item's own value when the parameter is exactly such a read and the value is a string or a finite
 * number — what n8n gives for it too (a template of one expression returns the value itself, not a
 * string of it; parameter-memo.engine.test.ts compares the two on n8n's engine). Anything else
 * (missing, null, objects, other expressions) is undefined: the caller asks n8n.
 *
 * Safe only because no parameter of this node declares `validateType` (n8n would check an
 * expression's result against it; the engine test fails the day one does).
 */
function jsonReader(ctx: IExecuteFunctions): (name: string, itemIndex: number) => string | number | undefined {
	const parameters = ctx.getNode().parameters;
	const paths = new Map<string, string[] | null>();
	let items: INodeExecutionData[] | undefined;
	return (name, itemIndex) => {
		let keys = paths.get(name);
		if (keys === undefined) {
			keys = jsonPathOf(valueAt(parameters, name));
			paths.set(name, keys);
		}
		if (keys === null) return undefined;
		// n8n's `$json` is the item of the node's first input, the array getInputData() gives.
		items ??= ctx.getInputData();
		let value: unknown = items[itemIndex]?.json;
		for (const key of keys) {
			if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
			value = (value as Record<string, unknown>)[key];
		}
		return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
	};
}

const KEY = String.raw`(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])`;
const JSON_PATH = new RegExp(String.raw`^=\{\{\s*\$json((?:${KEY})+)\s*\}\}$`);
const JSON_KEY = new RegExp(KEY, 'g');

/**
 * The keys of a parameter that is exactly a read of the item's JSON — `={{ $json.id }}`,
 * `={{ $json["order id"] }}`, `={{ $json.customer.id }}` (what n8n writes when a field is dragged in)
 * — or null. Keys with quotes or backslashes inside, indexes and anything else stay n8n's.
 */
function jsonPathOf(raw: unknown): string[] | null {
	if (typeof raw !== 'string') return null;
	const match = JSON_PATH.exec(raw);
	if (!match) return null;
	return [...match[1].matchAll(JSON_KEY)].map((m) => m[1] ?? m[2] ?? m[3]);
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
