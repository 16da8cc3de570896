/**
 * Application logic and access: the eight APIs under /open-apis/apaas/v1/applications/:namespace/
 *
 *   POST flows/:flow_id/execute                                   → {status, out_params, execution_id, error_msg, code}
 *   POST functions/:function_api_name/invoke                      → {result}
 *   GET  environment_variables/:environment_variable_api_name     → {item}
 *   POST environment_variables/query                              → {items, total}
 *   GET  roles/:role_api_name/member                              → {role_member}
 *   POST roles/:role_api_name/member/batch_create_authorization   → {}
 *   POST roles/:role_api_name/member/batch_remove_authorization   → {}
 *   POST record_permissions/:record_permission_api_name/member/batch_create_authorization → {}
 *   POST record_permissions/:record_permission_api_name/member/batch_remove_authorization → {}
 *
 * Shapes as `@larksuiteoapi/node-sdk` types them (apaas.v1.applicationFlow, applicationFunction,
 * applicationEnvironmentVariable, applicationRoleMember, applicationRecordPermissionMember);
 * the handlers are in ../logic/.
 *
 * ASSUMPTION: every refused request (unknown namespace or name, bad field) is 400 / 2320001 with a
 * msg that names the problem ("param is invalid: ..."), like the object routes.
 */
import type { RouteContext } from '../context';
import { METHOD_IDS, sendError, sendSuccess, type Exchange } from '../envelope';
import { changeRecordPermissionMembers, changeRoleMembers, getRoleMember } from '../logic/access';
import { invalid, LogicError, type LogicCall } from '../logic/call';
import { getEnvVar, queryEnvVars } from '../logic/env-vars';
import { executeFlow } from '../logic/flows';
import { invokeFunction } from '../logic/functions';
import type { NamespaceLogic } from '../logic/store';
import { admitApiRequest, jsonObjectBody } from './api';

export const LOGIC_PATH = /^\/open-apis\/apaas\/v1\/applications\/([^/]+)\/(flows|functions|environment_variables|roles|record_permissions)\/(.+)$/;

type Op = keyof typeof METHOD_IDS &
	(
		| 'flow_execute'
		| 'function_invoke'
		| 'env_var_get'
		| 'env_var_query'
		| 'role_member_get'
		| 'role_member_batch_create'
		| 'role_member_batch_remove'
		| 'record_permission_member_batch_create'
		| 'record_permission_member_batch_remove'
	);

/** Which API a method + path (after the namespace) is, and its path name; null when none. */
function resolve(method: string, kind: string, rest: string): { op: Op; name: string } | null {
	let m: RegExpExecArray | null;
	switch (kind) {
		case 'flows':
			m = /^([^/]+)\/execute$/.exec(rest);
			return m && method === 'POST' ? { op: 'flow_execute', name: m[1] } : null;
		case 'functions':
			m = /^([^/]+)\/invoke$/.exec(rest);
			return m && method === 'POST' ? { op: 'function_invoke', name: m[1] } : null;
		case 'environment_variables':
			if (rest === 'query' && method === 'POST') return { op: 'env_var_query', name: '' };
			return /^[^/]+$/.test(rest) && method === 'GET' ? { op: 'env_var_get', name: rest } : null;
		case 'roles':
			m = /^([^/]+)\/member$/.exec(rest);
			if (m) return method === 'GET' ? { op: 'role_member_get', name: m[1] } : null;
			m = /^([^/]+)\/member\/batch_(create|remove)_authorization$/.exec(rest);
			return m && method === 'POST' ? { op: `role_member_batch_${m[2] as 'create' | 'remove'}`, name: m[1] } : null;
		case 'record_permissions':
			m = /^([^/]+)\/member\/batch_(create|remove)_authorization$/.exec(rest);
			return m && method === 'POST' ? { op: `record_permission_member_batch_${m[2] as 'create' | 'remove'}`, name: m[1] } : null;
		default:
			return null;
	}
}

function decode(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		throw invalid(`bad path segment ${JSON.stringify(raw)}`);
	}
}

const EMPTY_LOGIC = (): NamespaceLogic => ({
	flows: new Map(),
	functions: new Map(),
	envVars: new Map(),
	roles: new Map(),
	recordPermissions: new Map(),
});

async function run(op: Op, call: LogicCall): Promise<Record<string, unknown> | null> {
	switch (op) {
		case 'flow_execute':
			return executeFlow(call);
		case 'function_invoke':
			return invokeFunction(call);
		case 'env_var_get':
			return getEnvVar(call);
		case 'env_var_query':
			return queryEnvVars(call);
		case 'role_member_get':
			return getRoleMember(call);
		case 'role_member_batch_create':
			return changeRoleMembers(call, 'create');
		case 'role_member_batch_remove':
			return changeRoleMembers(call, 'remove');
		case 'record_permission_member_batch_create':
			return changeRecordPermissionMembers(call, 'create');
		case 'record_permission_member_batch_remove':
			return changeRecordPermissionMembers(call, 'remove');
	}
}

/** Dispatches a logic/access request; false when no route matches (the server answers 404). */
export async function handleLogicRoute(ctx: RouteContext, ex: Exchange): Promise<boolean> {
	const m = LOGIC_PATH.exec(ex.path);
	const route = m && resolve(ex.method, m[2], m[3]);
	if (!m || !route) return false;
	const methodId = METHOD_IDS[route.op];
	const appId = admitApiRequest(ctx, ex);
	if (appId === null) return true;

	let body: Record<string, unknown> = {};
	// GETs carry no body. ASSUMPTION: an empty POST body is an empty object (the SDK's `data` is
	// optional for every POST here except execute, whose missing operator is refused anyway).
	if (ex.method === 'POST' && ex.rawBody.trim() !== '') {
		const parsed = jsonObjectBody(ex, methodId);
		if (!parsed) return true;
		body = parsed;
	}
	try {
		const namespace = decode(m[1]);
		// ASSUMPTION: a namespace is known when it has logic or application objects; one with objects
		// only has no flows, functions, variables, roles or record permissions.
		const logic = ctx.logic.namespace(namespace) ?? (ctx.objects.hasNamespace(namespace) ? EMPTY_LOGIC() : undefined);
		if (!logic) throw invalid(`unknown namespace "${namespace}"`);
		const query = new URL(ex.req.url ?? '/', 'http://127.0.0.1').searchParams;
		const data = await run(route.op, { ctx, appId, namespace, logic, name: decode(route.name), body, query });
		if (data) sendSuccess(ex, data);
	} catch (e) {
		if (e instanceof LogicError) sendError(ex, { ...e.spec, msg: e.message }, methodId);
		else throw e;
	}
	return true;
}
