/**
 * Where the New Audit Log Event trigger stands and what is new since: a cursor (the newest op_time
 * emitted, ms) and the log ids emitted at exactly that millisecond. Bounded by the entries of one
 * millisecond, never a list of every id. The requests go through `fetch` (one call, one request).
 */
import { opTime, walkLogs, type LogItem, type LogPage, type LogPageRequest } from '../FeishuApaas/resources/auditLog/log-walk';

/**
 * How far back activation and Fetch Test Event look for the newest entry.
 * ASSUMPTION: Feishu does not document a maximum span of from/to; 7 days is asked.
 */
export const LOOKBACK_MS = 7 * 24 * 3600 * 1000;

export interface AuditCursor {
	cursor: number;
	idsAtCursor: string[];
}

type Fetch = (request: LogPageRequest) => Promise<LogPage>;

const idOf = (item: LogItem) => String(item.log_id ?? '');

/**
 * The position at activation: the newest entry's time and the ids sharing it, so that only entries
 * logged later are emitted (nothing is replayed). The position comes from Feishu's data, not from
 * n8n's clock, so a clock skew between the two neither loses nor repeats an entry. No entry in
 * the lookback: the start of the lookback.
 */
export async function positionNow(fetch: Fetch, now: number): Promise<AuditCursor> {
	let newest: number | undefined;
	const ids: string[] = [];
	// Newest first, until the time changes (usually within the first page).
	outer: for await (const page of walkLogs({ from: now - LOOKBACK_MS, to: now, order: 'desc', fetch })) {
		for (const item of page) {
			const t = opTime(item);
			newest ??= t;
			if (t !== newest) break outer;
			ids.push(idOf(item));
		}
	}
	return newest === undefined ? { cursor: now - LOOKBACK_MS, idsAtCursor: [] } : { cursor: newest, idsAtCursor: ids };
}

/**
 * Every entry logged since `position` up to `now` (inclusive), oldest first, exactly once, past
 * Feishu's 10,000-row cap, and the position after them.
 */
export async function entriesSince(fetch: Fetch, position: AuditCursor, now: number): Promise<{ entries: LogItem[]; next: AuditCursor }> {
	const entries: LogItem[] = [];
	for await (const page of walkLogs({ from: position.cursor, to: Math.max(now, position.cursor), order: 'asc', skipAtStart: position.idsAtCursor, fetch })) {
		entries.push(...page);
	}
	if (entries.length === 0) return { entries, next: position };
	const newest = opTime(entries[entries.length - 1]);
	const atNewest = entries.filter((e) => opTime(e) === newest).map(idOf);
	// While the cursor stays, its ids accumulate (entries of one millisecond); once it moves, only the new ones remain.
	const ids = newest === position.cursor ? [...new Set([...position.idsAtCursor, ...atNewest])] : atNewest;
	return { entries, next: { cursor: newest, idsAtCursor: ids } };
}
