import type { FieldSpec, ResourceDefinition } from '../../engine/types';
import { text } from '../../engine/values';
import { AUDIT_LOG_SCOPES, logGet, logList } from '../auditLog';
import { DOCS } from '../shared/fields';

/**
 * ASSUMPTION: Feishu's page does not list the data-change log types; the type is sent as given, and
 * 10000 (all logs, as for audit logs) is the default.
 */
const logType: FieldSpec = {
	param: 'logType',
	api: 'log_type',
	displayName: 'Log Type',
	description: 'Feishu\'s log type code of the data-change logs to list (10000 = all)',
	type: 'string',
	required: true,
	default: '10000',
	in: 'query',
	shape: text,
};

/** Data Change Log: record changes in an aPaaS application (数据变更日志). Needs a user credential. */
export const dataChangeLog: ResourceDefinition = {
	value: 'dataChangeLog',
	name: 'Data Change Log',
	description: 'Read an aPaaS application\'s data-change logs (who changed which records)',
	authentication: 'userToken',
	scopes: AUDIT_LOG_SCOPES,
	operations: [
		logList(
			'dataChangeLog',
			'applications/{namespace}/audit_log/data_change_logs_list',
			`${DOCS}/application-audit_log/data_change_logs_list`,
			logType,
			'data-change log entries',
		),
		logGet('dataChangeLog', 'applications/{namespace}/audit_log/data_change_log_detail', `${DOCS}/application-audit_log/data_change_log_detail`, 'a data-change log entry'),
	],
};
