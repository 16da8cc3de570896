/**
 * The emulator's audit-log list query (emulator/admin/logs.ts, the code behind its HTTP route) as a
 * `fetch` for the log walk, so unit tests meet Feishu's cap, inclusive bounds and order as the
 * emulator models them. It throws where the emulator would answer 2320001.
 */
import { parseLogQuery, queryLogs } from '../../emulator/admin/logs';
import { AdminStore, type LogEntry } from '../../emulator/admin/store';
import type { LogItem, LogPageRequest } from '../../nodes/FeishuApaas/resources/auditLog/log-walk';

export function logBackend(entries: () => readonly LogEntry[]) {
	const requests: LogPageRequest[] = [];
	const fetch = async (r: LogPageRequest) => {
		requests.push(r);
		const params = new URLSearchParams({
			page_size: String(r.pageSize),
			offset: String(r.offset),
			from: String(r.from),
			to: String(r.to),
			log_type: '10000',
			sort_order: r.order,
		});
		const parsed = parseLogQuery('demo_app', params, true);
		if (!parsed.ok) throw new Error(`refused: ${params.toString()}`);
		const { page, total } = queryLogs(entries(), parsed.query);
		return { items: page.map((e) => ({ ...e, op_time: String(e.op_time) })) as LogItem[], total };
	};
	return { fetch, requests };
}

/** `count` audit entries of demo_app spread over [from, to], `sameTime` consecutive ones per timestamp. */
export function generatedLogs(count: number, sameTime: number, from: number, to: number, firstLogId?: bigint): LogEntry[] {
	const store = new AdminStore();
	store.generateLogs({ kind: 'audit', namespace: 'demo_app', count, from, to, sameTime, firstLogId });
	return store.auditLogs;
}
