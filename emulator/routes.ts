/**
 * Every Feishu API the emulator answers: the concatenation of each domain's `ROUTES`, compiled
 * once. A new domain adds one import and one spread here (see docs/emulator.md).
 */
import { ROUTES as ADMIN } from './admin/routes';
import { ROUTES as AUTH } from './auth/routes';
import { ROUTES as EVENTS } from './events';
import { ROUTES as HUMAN_TASKS } from './human-tasks/routes';
import { ROUTES as LOGIC } from './logic/routes';
import { ROUTES as OAUTH } from './oauth';
import { ROUTES as OBJECTS } from './objects/routes';
import { ROUTES as WORKSPACES } from './workspaces';
import { rateKey, RouteTable, type Route } from './routing';

export const ROUTES: readonly Route[] = [...AUTH, ...HUMAN_TASKS, ...OBJECTS, ...LOGIC, ...OAUTH, ...WORKSPACES, ...ADMIN, ...EVENTS];

export const ROUTE_TABLE = new RouteTable(ROUTES);

/**
 * The rate-limit key of a request: method + path template of its route (the path itself when no
 * route matches), e.g. "POST /open-apis/apaas/v1/approval_instances/:id/cancel".
 */
export function apiKey(method: string, path: string): string {
	const found = ROUTE_TABLE.match(method, path);
	return found && found !== 'wrongMethod' ? rateKey(found.route) : `${method} ${path}`;
}
