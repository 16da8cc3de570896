import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

/** The node contexts the transport runs in: an action node's run, a polling trigger's poll, or the editor's list lookups (pickers). */
export type TransportContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** How one request is sent: the transport reads nothing else of the node's options. */
export interface TransportSettings {
	timeout: number;
	maxRetries: number;
	/**
	 * The user's pace per credential and API: at most this many requests per `paceWindowSeconds`
	 * (0 = no pacing). Unset: Feishu's documented limits of each API.
	 */
	maxRequestsPerMinute?: number;
	paceWindowSeconds: number;
}

/**
 * `ctx` as n8n's helpers see it, except for the properties in `overrides`. Every other property is the
 * context's own, methods bound to it (so n8n's private state stays reachable). A new object each time:
 * nothing is written onto n8n's context, which n8n may reuse (one poll context for every poll).
 */
export function withOverrides<T extends object>(ctx: T, overrides: Readonly<Record<PropertyKey, unknown>>): T {
	const own = (property: PropertyKey) => Object.prototype.hasOwnProperty.call(overrides, property);
	return new Proxy(ctx, {
		get(target, property) {
			if (own(property)) return overrides[property];
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
		has(target, property) {
			return own(property) || Reflect.has(target, property);
		},
	});
}
