import type { FieldSpec, OperationSpec, ResourceDefinition } from '../../engine/types';
import { logColumns, logFilter, logId, namespaceLocator, quickQuery, sortOrder, timeBound } from '../shared/admin';
import { DOCS } from '../shared/fields';
import { TEN_PER_SECOND } from '../shared/limits';
import { oneOf } from '../../engine/values';
import { getAllLogs } from './get-all';
import { LOG_PAGE_SIZE } from './log-walk';

/** Feishu's audit log types. */
export const AUDIT_LOG_TYPES = [
	{ name: 'All', value: '10000' },
	{ name: 'Enterprise Management', value: '10001' },
	{ name: 'Login', value: '10002' },
	{ name: 'App Management', value: '10003' },
];

const logType: FieldSpec = {
	param: 'logType',
	api: 'log_type',
	displayName: 'Log Type',
	description: 'Which audit logs: all, enterprise management, login or app management',
	type: 'options',
	options: AUDIT_LOG_TYPES,
	required: true,
	default: '10000',
	in: 'query',
	shape: oneOf(AUDIT_LOG_TYPES.map((t) => t.value)),
};

export const AUDIT_LOG_SCOPES = ['app_engine:security.audit_log:read'];

const ENTRY =
	'Each item is one entry: log_id, op_time (ms), log_type, operator {id, name, email}, module, op_type, status, client_ip, user_agent, app_name, …';

/** Get Many of a log list (audit or data change): the walk past the 10,000-row cap. */
export function logList(resource: string, path: string, docsUrl: string, type: FieldSpec, what: string): OperationSpec {
	return {
		resource,
		operation: 'getAll',
		name: 'Get Many',
		action: `Get many ${what}`,
		description: `Lists the ${what} of an aPaaS application within a time range. Return All gets every entry of the range exactly once, in time order, also past Feishu's 10,000 rows per query (the range is re-queried from the last timestamp read). ${ENTRY}`,
		docsUrl,
		method: 'GET',
		path,
		pathFields: [namespaceLocator],
		fields: [timeBound('from'), timeBound('to'), type, quickQuery, logFilter, logColumns, sortOrder],
		output: { kind: 'list', itemsKey: 'items' },
		// The engine's Return All / Limit parameters; the paging itself is the walk (execute).
		pagination: { kind: 'offset', countKey: 'total', maxPageSize: LOG_PAGE_SIZE, in: 'query' },
		rateLimits: TEN_PER_SECOND,
		execute: getAllLogs,
	};
}

/** Get of one log entry by log_id: Feishu's detail (`data.data`) as the item. */
export function logGet(resource: string, path: string, docsUrl: string, what: string): OperationSpec {
	return {
		resource,
		operation: 'get',
		name: 'Get',
		action: `Get ${what}`,
		description: `Reads one ${what} by its log ID: log_id, basic_info (log type, module, operation), op_info (operator, time, status, details), login_info, device_info, net_info.`,
		docsUrl,
		method: 'GET',
		path,
		pathFields: [namespaceLocator],
		fields: [logId],
		output: { kind: 'record', itemKey: 'data' },
		rateLimits: TEN_PER_SECOND,
	};
}

/** Audit Log: who did what in an aPaaS application (审计日志). Needs a user credential. */
export const auditLog: ResourceDefinition = {
	value: 'auditLog',
	name: 'Audit Log',
	description: 'Read an aPaaS application\'s audit logs (logins, enterprise and app management)',
	authentication: 'userToken',
	scopes: AUDIT_LOG_SCOPES,
	operations: [
		logList('auditLog', 'applications/{namespace}/audit_log/audit_log_list', `${DOCS}/application-audit_log/audit_log_list`, logType, 'audit log entries'),
		logGet('auditLog', 'applications/{namespace}/audit_log', `${DOCS}/application-audit_log/get`, 'an audit log entry'),
	],
};
