/**
 * The emulator's Route contract (PLAN: emulator/routing.ts), declared here until routing.ts lands on
 * main; then this file becomes a re-export of it. `match` is the smallest dispatcher for it.
 */
import type { RouteContext } from '../context';
import type { Exchange } from '../envelope';

export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Path template with :params, e.g. '/open-apis/apaas/v1/applications/:namespace/audit_log'. */
	path: string;
	/** The API's name: rate-limit key and request-log label (e.g. 'app.list'). */
	api: string;
	/** Which token the route accepts. */
	token: 'tenant' | 'user' | 'none';
	handle(ctx: RouteContext, ex: Exchange, params: Record<string, string>): void | Promise<void>;
}

/** The route of `routes` for this method and path, with its decoded :params; undefined when none matches. */
export function matchRoute(
	routes: readonly Route[],
	method: string,
	path: string,
): { route: Route; params: Record<string, string> } | undefined {
	const parts = path.split('/');
	for (const route of routes) {
		if (route.method !== method) continue;
		const template = route.path.split('/');
		if (template.length !== parts.length) continue;
		const params: Record<string, string> = {};
		let ok = true;
		for (let i = 0; i < template.length && ok; i++) {
			if (template[i].startsWith(':')) {
				try {
					params[template[i].slice(1)] = decodeURIComponent(parts[i]);
				} catch {
					ok = false;
				}
			} else ok = template[i] === parts[i];
		}
		if (ok) return { route, params };
	}
	return undefined;
}
