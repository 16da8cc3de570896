/**
 * Application logic and access: the nine APIs under /open-apis/apaas/v1/applications/:namespace/
 * (tenant token), one row each; handlers in this folder.
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
 * applicationEnvironmentVariable, applicationRoleMember, applicationRecordPermissionMember).
 * GET environment_variables/query reads a variable named "query" (the method picks the row).
 */
import { METHOD_IDS } from '../envelope';
import type { Route } from '../routing';
import { changeRecordPermissionMembers, changeRoleMembers, getRoleMember } from './access';
import { logicHandler } from './call';
import { getEnvVar, queryEnvVars } from './env-vars';
import { executeFlow } from './flows';
import { invokeFunction } from './functions';

const A = '/open-apis/apaas/v1/applications/:namespace';
const ROLE = `${A}/roles/:role_api_name/member`;
const RECORD_PERMISSION = `${A}/record_permissions/:record_permission_api_name/member`;
const row = (method: Route['method'], path: string, api: string, handle: Route['handle']): Route => ({
	method,
	path,
	api: `application.${api}`,
	token: 'tenant',
	handle,
});

export const ROUTES: Route[] = [
	row('POST', `${A}/flows/:flow_id/execute`, 'flow.execute', logicHandler(METHOD_IDS.flow_execute, 'flow_id', executeFlow)),
	row(
		'POST',
		`${A}/functions/:function_api_name/invoke`,
		'function.invoke',
		logicHandler(METHOD_IDS.function_invoke, 'function_api_name', invokeFunction),
	),
	row(
		'GET',
		`${A}/environment_variables/:environment_variable_api_name`,
		'environment_variable.get',
		logicHandler(METHOD_IDS.env_var_get, 'environment_variable_api_name', getEnvVar),
	),
	row('POST', `${A}/environment_variables/query`, 'environment_variable.query', logicHandler(METHOD_IDS.env_var_query, null, queryEnvVars)),
	row('GET', ROLE, 'role.member.get', logicHandler(METHOD_IDS.role_member_get, 'role_api_name', getRoleMember)),
	row(
		'POST',
		`${ROLE}/batch_create_authorization`,
		'role.member.batch_create_authorization',
		logicHandler(METHOD_IDS.role_member_batch_create, 'role_api_name', (call) => changeRoleMembers(call, 'create')),
	),
	row(
		'POST',
		`${ROLE}/batch_remove_authorization`,
		'role.member.batch_remove_authorization',
		logicHandler(METHOD_IDS.role_member_batch_remove, 'role_api_name', (call) => changeRoleMembers(call, 'remove')),
	),
	row(
		'POST',
		`${RECORD_PERMISSION}/batch_create_authorization`,
		'record_permission.member.batch_create_authorization',
		logicHandler(METHOD_IDS.record_permission_member_batch_create, 'record_permission_api_name', (call) =>
			changeRecordPermissionMembers(call, 'create'),
		),
	),
	row(
		'POST',
		`${RECORD_PERMISSION}/batch_remove_authorization`,
		'record_permission.member.batch_remove_authorization',
		logicHandler(METHOD_IDS.record_permission_member_batch_remove, 'record_permission_api_name', (call) =>
			changeRecordPermissionMembers(call, 'remove'),
		),
	),
];
