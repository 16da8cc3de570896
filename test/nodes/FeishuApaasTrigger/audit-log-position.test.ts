/** The New Audit Log Event position: no replay at activation, each entry once, equal timestamps, >10,000 per poll. */
import type { LogEntry } from '../../../emulator/admin/store';
import { entriesSince, LOOKBACK_MS, positionNow, type AuditCursor } from '../../../nodes/FeishuApaasTrigger/audit-log-position';
import { generatedLogs, logBackend } from '../../helpers/log-backend';

const DAY = 1_795_996_800_000;

describe('audit log trigger position', () => {
	let log: LogEntry[];
	const { fetch, requests } = logBackend(() => log);
	const add = (entries: LogEntry[]) => (log = [...log, ...entries].sort((a, b) => a.op_time - b.op_time || (a.log_id < b.log_id ? -1 : 1)));
	beforeEach(() => {
		log = [];
		requests.length = 0;
	});

	it('activation records the newest entry and its equal-time siblings; nothing old comes back', async () => {
		add(generatedLogs(9, 3, DAY, DAY + 2_000, 7405000000000000000n));
		const position = await positionNow(fetch, DAY + 10_000);
		expect(position.cursor).toBe(DAY + 2_000);
		expect(position.idsAtCursor.sort()).toEqual(log.slice(6).map((e) => e.log_id).sort());
		const { entries, next } = await entriesSince(fetch, position, DAY + 20_000);
		expect(entries).toEqual([]);
		expect(next).toEqual(position);
	});

	it('with no entry in the lookback, starts at the lookback and emits what comes later', async () => {
		const position = await positionNow(fetch, DAY);
		expect(position).toEqual({ cursor: DAY - LOOKBACK_MS, idsAtCursor: [] });
		add(generatedLogs(2, 1, DAY + 5, DAY + 6));
		expect((await entriesSince(fetch, position, DAY + 10)).entries.map((e) => e.log_id)).toEqual(log.map((e) => e.log_id));
	});

	it('emits each new entry once across polls, also one logged later at the cursor millisecond', async () => {
		add(generatedLogs(3, 3, DAY, DAY, 7405000000000000000n));
		let position: AuditCursor = await positionNow(fetch, DAY + 1);
		const seen: string[] = [];
		// A late sibling at the cursor millisecond, then new entries whose last two share a time.
		add([{ ...log[0], log_id: '7405000000000000100' }]);
		add(generatedLogs(4, 2, DAY + 50, DAY + 60, 7405000000000000200n));
		for (const now of [DAY + 100, DAY + 200]) {
			const { entries, next } = await entriesSince(fetch, position, now);
			seen.push(...entries.map((e) => String(e.log_id)));
			position = next;
		}
		expect(seen).toEqual(['7405000000000000100', '7405000000000000200', '7405000000000000201', '7405000000000000202', '7405000000000000203']);
		expect(position).toEqual({ cursor: DAY + 60, idsAtCursor: ['7405000000000000202', '7405000000000000203'] });
	});

	it('more than 10,000 new entries in one poll: all of them, once, oldest first; the state stays small', async () => {
		let position = await positionNow(fetch, DAY);
		add(generatedLogs(12_345, 4, DAY + 1, DAY + 3_600_000));
		const { entries, next } = await entriesSince(fetch, position, DAY + 3_600_000);
		expect(entries).toHaveLength(12_345);
		expect(new Set(entries.map((e) => e.log_id)).size).toBe(12_345);
		expect(next.cursor).toBe(DAY + 3_600_000);
		expect(next.idsAtCursor.length).toBeLessThanOrEqual(4);
		position = next;
		expect((await entriesSince(fetch, position, DAY + 4_000_000)).entries).toEqual([]);
	});
});
