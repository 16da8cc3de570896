/**
 * The New Audit Log Event: Feishu has no event for audit logs, so the trigger polls Get Many Audit
 * Logs (the same request as the action node's row) from its cursor up to now and emits each entry
 * logged since, exactly once, oldest first — past Feishu's 10,000 rows per query (log-walk.ts).
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { apiOf, credentialTypeOf } from '../FeishuApaas/engine/request/api';
import { isUnset, shapeValue } from '../FeishuApaas/engine/shape';
import type { OperationSpec } from '../FeishuApaas/engine/types';
import { findOperation } from '../FeishuApaas/resources';
import type { LogItem, LogPageRequest } from '../FeishuApaas/resources/auditLog/log-walk';
import { callFeishu } from '../FeishuApaas/transport/request';
import { entriesSince, LOOKBACK_MS, positionNow, type AuditCursor } from './audit-log-position';
import { pollSettings } from './new-user-tasks';

/** The Get Many Audit Logs row: the trigger sends its request and emits its items. */
export const AUDIT_LOG_LIST: OperationSpec = (() => {
	const spec = findOperation('auditLog', 'getAll');
	if (!spec) throw new Error('catalog: auditLog/getAll is missing');
	return spec;
})();

/** The row's fields the trigger offers as its own parameters (same names, same checks). */
export const AUDIT_TRIGGER_FIELDS = ['namespace', 'logType', 'filter'] as const;

export function auditField(param: (typeof AUDIT_TRIGGER_FIELDS)[number]) {
	const field = [...(AUDIT_LOG_LIST.pathFields ?? []), ...AUDIT_LOG_LIST.fields].find((f) => f.param === param);
	if (!field) throw new Error(`catalog: auditLog/getAll has no field ${param}`);
	return field;
}

/** Polls locally in progress, by workflow and node: n8n does not wait for a slow poll before the next tick. */
const inProgress = new Set<string>();

interface AuditQuery {
	namespace: string;
	log_type: string;
	filter?: string;
}

function auditQuery(ctx: IPollFunctions): AuditQuery {
	const read = (param: (typeof AUDIT_TRIGGER_FIELDS)[number]) => {
		const field = auditField(param);
		const raw = ctx.getNodeParameter(param, field.default);
		if (!field.required && isUnset(raw)) return undefined;
		return shapeValue(ctx, { displayName: field.displayName, name: field.param }, field.shape, raw) as string;
	};
	const query: AuditQuery = { namespace: read('namespace') as string, log_type: read('logType') as string };
	const filter = read('filter');
	if (filter !== undefined) query.filter = filter;
	return query;
}

/**
 * What the node keeps in the workflow's static data: the query it applies to (another app, type or
 * filter starts afresh) and the cursor — the newest op_time emitted and the log ids at exactly that
 * millisecond (bounded by the entries of one millisecond).
 */
interface AuditState extends AuditCursor {
	query: string;
}

function readState(staticData: IDataObject, query: string): AuditState | undefined {
	const { auditCursor, auditIdsAtCursor, auditQuery: stored } = staticData;
	if (stored !== query || typeof auditCursor !== 'number' || !Number.isSafeInteger(auditCursor)) return undefined;
	if (!Array.isArray(auditIdsAtCursor) || !auditIdsAtCursor.every((id) => typeof id === 'string')) return undefined;
	return { query, cursor: auditCursor, idsAtCursor: auditIdsAtCursor as string[] };
}

function writeState(staticData: IDataObject, query: string, cursor: AuditCursor): void {
	staticData.auditQuery = query;
	staticData.auditCursor = cursor.cursor;
	staticData.auditIdsAtCursor = cursor.idsAtCursor;
}

/**
 * One poll of the New Audit Log Event.
 * - Manual ("Fetch Test Event"): the newest entry of the last 7 days, or a clear error; the stored
 *   position is neither read nor moved.
 * - First poll after activation (or after the query changed): records the position (Feishu's newest
 *   entry), emits nothing.
 * - Later polls: every entry logged since, one item each, oldest first; null when none was.
 * The position is written only after the whole poll succeeded, so a failing poll loses nothing.
 */
export async function pollNewAuditLogEvents(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const query = auditQuery(ctx);
	const settings = pollSettings(ctx);
	const { namespace, ...params } = query;
	const path = AUDIT_LOG_LIST.path.replace('{namespace}', namespace);
	const fetch = async (page: LogPageRequest) => {
		const { data } = await callFeishu(
			ctx,
			{
				method: 'GET',
				path,
				query: {
					...params,
					from: String(page.from),
					to: String(page.to),
					offset: String(page.offset),
					page_size: String(page.pageSize),
					sort_by: 'op_time',
					sort_order: page.order,
				},
				itemIndex: 0,
				api: apiOf(AUDIT_LOG_LIST),
				credentialType: credentialTypeOf(AUDIT_LOG_LIST),
			},
			settings,
		);
		const total = Number(data.total);
		return { items: Array.isArray(data.items) ? (data.items as LogItem[]) : [], total: Number.isSafeInteger(total) ? total : undefined };
	};
	const now = Date.now();

	if (ctx.getMode() === 'manual') {
		const { items } = await fetch({ from: now - LOOKBACK_MS, to: now, offset: 0, pageSize: 1, order: 'desc' });
		if (!items[0]) {
			throw new NodeOperationError(ctx.getNode(), 'No audit log entry found', {
				description: `Feishu lists no audit log entry of type ${query.log_type}${query.filter ? ' matching the filter' : ''} in ${namespace} in the last 7 days. Do something that is audited (e.g. sign in to the app), then fetch the test event again.`,
			});
		}
		return [ctx.helpers.returnJsonArray([items[0] as IDataObject])];
	}

	const workflowId = ctx.getWorkflow().id ?? '';
	const lock = `${workflowId}|${ctx.getNode().id ?? ctx.getNode().name}`;
	// A poll that outlasts the interval (a backlog of many thousand entries) must not run twice at once.
	if (inProgress.has(lock)) return null;
	inProgress.add(lock);
	try {
		const staticData = ctx.getWorkflowStaticData('node');
		const key = JSON.stringify(query);
		const state = readState(staticData, key);
		if (!state) {
			writeState(staticData, key, await positionNow(fetch, now));
			return null;
		}
		const { entries, next } = await entriesSince(fetch, state, now);
		writeState(staticData, key, next);
		return entries.length > 0 ? [ctx.helpers.returnJsonArray(entries as IDataObject[])] : null;
	} finally {
		inProgress.delete(lock);
	}
}
