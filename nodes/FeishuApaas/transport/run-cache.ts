import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INode,
	NodeParameterValueType,
} from 'n8n-workflow';

import type { TransportContext } from './context';

/**
 * What stays the same for every item of one node run, read once instead of per item. n8n's
 * `getNode` deep-copies the node, `getNodeParameter` resolves, copies and validates the value, and
 * `getCredentials` reads and decrypts the credential, on every call; at Concurrency 20 that per-item
 * work is a visible share of the run. Keyed by the execute context, which n8n creates per run, so
 * nothing outlives the run.
 */
export interface RunCache {
	node?: INode;
	parameters: Map<string, unknown>;
	/** The credential as last read or minted in this run (kept by the transport, which knows when to re-read). */
	credentials?: ICredentialDataDecryptedObject;
	/** The execution's id (or a stand-in when n8n gives none), for values derived from it. */
	executionId?: string;
}

const caches = new WeakMap<TransportContext, RunCache>();

export function runCache(ctx: TransportContext): RunCache {
	let cache = caches.get(ctx);
	if (!cache) {
		cache = { parameters: new Map() };
		caches.set(ctx, cache);
	}
	return cache;
}

/**
 * Forgets what was read for `ctx`. n8n keeps one poll context for every poll of an active trigger, so
 * the trigger calls this at the start of each poll: a poll is a run.
 */
export function forgetRun(ctx: TransportContext): void {
	caches.delete(ctx);
}

/** The node of this run (treat as read-only: it is shared by every item). */
export function nodeOfRun(ctx: TransportContext): INode {
	const cache = runCache(ctx);
	cache.node ??= ctx.getNode();
	return cache.node;
}

/** Whether a stored parameter value holds an n8n expression (a string starting with "=") anywhere. */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * `getNodeParameter` for one item; a parameter whose stored value holds no expression is the same
 * for every item, so its first reading is kept for the rest of the run (read-only for callers).
 */
export function itemParameter<T extends NodeParameterValueType | object>(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: T,
): T {
	const cache = runCache(ctx);
	if (cache.parameters.has(name)) return cache.parameters.get(name) as T;
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as T;
	if (!holdsExpression(nodeOfRun(ctx).parameters[name])) cache.parameters.set(name, value);
	return value;
}
