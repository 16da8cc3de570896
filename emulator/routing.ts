/**
 * The route table shape of PLAN's emulator routing contract (issue 17's emulator helper owns the full
 * version; this minimal one lets the OAuth and workspace domains be written in that shape before it
 * lands): a row per API, a matcher, and nothing else.
 */
import type { RouteContext } from './context';
import type { Exchange } from './envelope';

export type RouteMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Route {
	method: RouteMethod;
	/** Path template with :params, e.g. '/open-apis/apaas/v1/workspaces/:workspace_id/tables/:table_name' */
	path: string;
	/** The API's name: rate-limit key and request-log label (e.g. 'workspace.tables.get'). */
	api: string;
	/** Which token the route accepts: 'tenant', 'user' (OAuth user_access_token), or 'none' (auth/control endpoints). */
	token: 'tenant' | 'user' | 'none';
	handle(ctx: RouteContext, ex: Exchange, params: Record<string, string>): void | Promise<void>;
}

export type RouteMatch = { route: Route; params: Record<string, string> };

function decodeParam(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

/** First route whose method and template match; literal segments beat :params. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | null {
	const parts = path.split('/');
	let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
	for (const route of routes) {
		if (route.method !== method) continue;
		const template = route.path.split('/');
		if (template.length !== parts.length) continue;
		const params: Record<string, string> = {};
		let literals = 0;
		let ok = true;
		for (let i = 0; i < parts.length && ok; i++) {
			if (template[i].startsWith(':')) {
				if (parts[i] === '') ok = false;
				else params[template[i].slice(1)] = decodeParam(parts[i]);
			} else if (template[i] === parts[i]) literals++;
			else ok = false;
		}
		if (ok && (!best || literals > best.literals)) best = { route, params, literals };
	}
	return best && { route: best.route, params: best.params };
}
