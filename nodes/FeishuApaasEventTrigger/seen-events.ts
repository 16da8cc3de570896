/**
 * Which event ids this trigger has already started an execution for.
 *
 * Feishu delivers at least once and retries an unanswered delivery after 15 s, 5 min, 1 h and 6 h:
 * the same id can come back for about 7.1 h. Two places remember ids, for two different failures:
 *   - the workflow's static data (n8n saves it to its database right after `webhook()` returns for a
 *     production webhook, before the execution starts), so a retry after an n8n restart is caught;
 *   - this process's memory, because n8n loads the static data from the database afresh for every
 *     request: a duplicate arriving while the first is still being handled would see the old copy,
 *     and of two concurrent requests the later save would drop the other's id. Memory is merged into
 *     every save, so the database copy heals on the next event.
 * Both are bounded: ids older than REMEMBER_MS are dropped, and at most MAX_REMEMBERED are kept
 * (oldest dropped first), so the static data stays under ~250 KB.
 */
import type { IDataObject } from 'n8n-workflow';

/** Feishu's whole retry window (15 s + 5 min + 1 h + 6 h ≈ 7.09 h) plus margin. */
export const REMEMBER_MS = 8 * 60 * 60 * 1000;
/** ASSUMPTION: 5 000 events per 8 h per trigger is enough; more and the oldest ids are forgotten early. */
export const MAX_REMEMBERED = 5000;

/** Static data key: `[eventId, receivedAtMs][]`, oldest first (an array keeps order for any id). */
const KEY = 'seenEvents';

const memory = new Map<string, Map<string, number>>();

function stored(staticData: IDataObject): Array<[string, number]> {
	const list = staticData[KEY];
	if (!Array.isArray(list)) return [];
	return list.filter(
		(entry): entry is [string, number] =>
			Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number',
	);
}

function prune(ids: Map<string, number>, now: number, max: number): void {
	for (const [id, at] of ids) if (now - at > REMEMBER_MS || at - now > REMEMBER_MS) ids.delete(id);
	if (ids.size <= max) return;
	const oldestFirst = [...ids].sort((a, b) => a[1] - b[1]);
	for (const [id] of oldestFirst.slice(0, ids.size - max)) ids.delete(id);
}

export interface SeenEvents {
	/**
	 * True if `eventId` was seen before; otherwise records it (memory and static data) and returns
	 * false. Synchronous on purpose: nothing can interleave between the check and the record.
	 */
	checkAndRecord(eventId: string): boolean;
}

/**
 * The seen-ids log of one trigger node (`scope`: workflow id + node name), merged from this
 * process's memory and the static data n8n loaded for this request.
 */
export function seenEvents(scope: string, staticData: IDataObject, now = Date.now(), max = MAX_REMEMBERED): SeenEvents {
	let ids = memory.get(scope);
	if (!ids) {
		ids = new Map();
		memory.set(scope, ids);
	}
	const known = ids;
	return {
		checkAndRecord(eventId: string): boolean {
			for (const [id, at] of stored(staticData)) if (!known.has(id)) known.set(id, at);
			prune(known, now, max);
			if (known.has(eventId)) return true;
			known.set(eventId, now);
			prune(known, now, max);
			staticData[KEY] = [...known].sort((a, b) => a[1] - b[1]);
			return false;
		},
	};
}

/** Test hook: what an n8n restart does to this process's memory. */
export function forgetProcessMemory(): void {
	memory.clear();
}
