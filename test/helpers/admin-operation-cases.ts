/**
 * One valid set of inputs per administration operation (user token), as n8n parameters and as the
 * same call through the official Lark SDK with `withUserAccessToken`. Shared by the SDK conformance
 * test and the engine tests.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { INodeParameters } from 'n8n-workflow';

export interface AdminOperationCase {
	resource: string;
	operation: string;
	node: INodeParameters;
	sdk: (client: lark.Client, userToken: string) => Promise<unknown>;
}

export const NS = 'demo_app';
/** namespace as the user-token resource locator saves it. */
export const NS_LOCATOR = { __rl: true, mode: 'name', value: NS };
const FROM = '2026-11-30T00:00:00.000Z';
const TO = '2026-11-30T23:59:59.999Z';
const FROM_MS = String(Date.parse(FROM));
const TO_MS = String(Date.parse(TO));
const LOG = '7405456257290600004';
const CHANGE = '7405456257290600011';

export const ADMIN_OPERATION_CASES: AdminOperationCase[] = [
	{
		resource: 'app',
		operation: 'getAll',
		node: { returnAll: false, limit: 5 },
		sdk: (c, token) => c.apaas.v1.app.list({ params: { page_size: '5' } }, lark.withUserAccessToken(token)),
	},
	{
		resource: 'auditLog',
		operation: 'getAll',
		node: {
			namespace: NS_LOCATOR,
			from: FROM,
			to: TO,
			logType: '10003',
			returnAll: false,
			limit: 10,
			options: { quickQuery: 'Mac', columns: 'op_type, status', sortOrder: 'desc' },
		},
		sdk: (c, token) =>
			c.apaas.v1.applicationAuditLog.auditLogList(
				{
					path: { namespace: NS },
					params: {
						from: FROM_MS,
						to: TO_MS,
						log_type: '10003',
						quick_query: 'Mac',
						// log_id and op_time are always asked for: the walk past the cap needs them.
						columns: ['op_type', 'status', 'log_id', 'op_time'],
						sort_order: 'desc',
						offset: '0',
						page_size: '10',
						sort_by: 'op_time',
					},
				},
				lark.withUserAccessToken(token),
			),
	},
	{
		resource: 'auditLog',
		operation: 'get',
		node: { namespace: NS_LOCATOR, logId: LOG },
		sdk: (c, token) => c.apaas.v1.applicationAuditLog.get({ path: { namespace: NS }, params: { log_id: LOG } }, lark.withUserAccessToken(token)),
	},
	{
		resource: 'dataChangeLog',
		operation: 'getAll',
		node: { namespace: NS_LOCATOR, from: FROM, to: TO, logType: '10000', returnAll: false, limit: 20 },
		sdk: (c, token) =>
			c.apaas.v1.applicationAuditLog.dataChangeLogsList(
				{
					path: { namespace: NS },
					params: { from: FROM_MS, to: TO_MS, log_type: '10000', offset: '0', page_size: '20', sort_by: 'op_time', sort_order: 'asc' },
				},
				lark.withUserAccessToken(token),
			),
	},
	{
		resource: 'dataChangeLog',
		operation: 'get',
		node: { namespace: NS_LOCATOR, logId: CHANGE },
		sdk: (c, token) =>
			c.apaas.v1.applicationAuditLog.dataChangeLogDetail({ path: { namespace: NS }, params: { log_id: CHANGE } }, lark.withUserAccessToken(token)),
	},
	{
		resource: 'seat',
		operation: 'getAssignments',
		node: { seatType: 'per_user_per_app', returnAll: false, limit: 3 },
		sdk: (c, token) => c.apaas.v1.seatAssignment.list({ params: { seat_type: 'per_user_per_app', page_size: '3' } }, lark.withUserAccessToken(token)),
	},
	{
		resource: 'seat',
		operation: 'getActivities',
		node: { seatType: 'per_user', returnAll: false, limit: 7 },
		sdk: (c, token) => c.apaas.v1.seatActivity.list({ params: { seat_type: 'per_user', page_size: '7' } }, lark.withUserAccessToken(token)),
	},
	{
		resource: 'appMetrics',
		operation: 'query',
		node: { namespaces: 'demo_app, package_abc__c', date: '2026-11-30' },
		sdk: (c, token) =>
			c.apaas.v1.tenantAppMetrics.query({ data: { namespaces: ['demo_app', 'package_abc__c'], date: '2026-11-30' } }, lark.withUserAccessToken(token)),
	},
];
