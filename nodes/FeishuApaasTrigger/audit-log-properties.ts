/** The trigger's parameters of the New Audit Log Event: the Get Many Audit Logs row's own fields. */
import type { INodeProperties } from 'n8n-workflow';

import { toProperty } from '../FeishuApaas/engine/properties';
import { auditField } from './new-audit-log-events';

export const newAuditLogEvent = { show: { event: ['newAuditLogEvent'] } };

export const AUDIT_LOG_PROPERTIES: INodeProperties[] = [
	{ ...toProperty(auditField('namespace')), required: true, displayOptions: newAuditLogEvent },
	{ ...toProperty(auditField('logType')), displayOptions: newAuditLogEvent },
	{
		...toProperty(auditField('filter')),
		description: 'Only entries matching Feishu\'s filter expression for the audit log list, sent as given (empty = all)',
		displayOptions: newAuditLogEvent,
	},
];
