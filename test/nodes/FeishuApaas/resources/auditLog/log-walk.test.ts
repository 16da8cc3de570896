/**
 * The walk past Feishu's 10,000-row cap, against the emulator's own list query (emulator/admin/logs.ts,
 * the code behind its HTTP route) so that the cap, the inclusive bounds and the order are Feishu's as
 * the emulator models them; the engine tests run the same over HTTP.
 */
import { MAX_ROWS_PER_QUERY } from '../../../../../emulator/admin/logs';
import type { LogEntry } from '../../../../../emulator/admin/store';
import { LogWalkError, walkLogs, type LogItem } from '../../../../../nodes/FeishuApaas/resources/auditLog/log-walk';
import { generatedLogs, logBackend } from '../../../../helpers/log-backend';

const DAY = 1_795_996_800_000;
const backend = (entries: LogEntry[]) => logBackend(() => entries);

async function collect(walk: AsyncGenerator<LogItem[]>): Promise<LogItem[]> {
	const out: LogItem[] = [];
	for await (const page of walk) out.push(...page);
	return out;
}

const generate = (count: number, sameTime: number, from = DAY, to = DAY + 86_399_999) => generatedLogs(count, sameTime, from, to);

const ids = (items: LogItem[]) => items.map((i) => String(i.log_id));
const times = (items: LogItem[]) => items.map((i) => Number(i.op_time));

describe('walkLogs', () => {
	it.each([3, 7, 600])('returns 25,000 entries of a day exactly once, oldest first (%i per timestamp)', async (sameTime) => {
		const entries = generate(25_000, sameTime);
		const { fetch, requests } = backend(entries);
		const got = await collect(walkLogs({ from: DAY, to: DAY + 86_399_999, order: 'asc', fetch }));
		expect(got).toHaveLength(25_000);
		expect(new Set(ids(got)).size).toBe(25_000);
		expect(ids(got).sort()).toEqual(entries.map((e) => e.log_id).sort());
		const t = times(got);
		expect(t.every((v, i) => i === 0 || t[i - 1] <= v)).toBe(true);
		expect(requests.every((r) => r.offset + r.pageSize <= MAX_ROWS_PER_QUERY)).toBe(true);
		// A split costs at most one request beyond ⌈25,000 / 500⌉ per split (plus the re-read edge).
		expect(requests.length).toBeLessThanOrEqual(Math.ceil(25_000 / 500) + 6);
	});

	it('walks newest first for desc, exactly once', async () => {
		const entries = generate(21_000, 5);
		const { fetch } = backend(entries);
		const got = await collect(walkLogs({ from: DAY, to: DAY + 86_399_999, order: 'desc', fetch }));
		expect(new Set(ids(got)).size).toBe(21_000);
		const t = times(got);
		expect(t.every((v, i) => i === 0 || t[i - 1] >= v)).toBe(true);
	});

	it('stops at the limit, and skips the ids already delivered at the start (a cursor)', async () => {
		const entries = generate(30, 3);
		const { fetch, requests } = backend(entries);
		const limited = await collect(walkLogs({ from: DAY, to: DAY + 86_399_999, order: 'asc', limit: 4, pageSize: 10, fetch }));
		expect(ids(limited)).toEqual(entries.slice(0, 4).map((e) => e.log_id));
		expect(requests).toHaveLength(1);
		const start = entries[4].op_time;
		const skip = entries.filter((e) => e.op_time === start).slice(0, 2).map((e) => e.log_id);
		const rest = await collect(walkLogs({ from: start, to: DAY + 86_399_999, order: 'asc', skipAtStart: skip, fetch }));
		expect(ids(rest)).toEqual(entries.filter((e) => e.op_time >= start && !skip.includes(e.log_id)).map((e) => e.log_id));
	});

	it('fails clearly when 10,000 or more entries share one millisecond and more follow', async () => {
		const entries = [...generate(10_001, 10_001, DAY, DAY), ...generate(5, 1, DAY + 10, DAY + 20).map((e) => ({ ...e, log_id: `9${e.log_id.slice(1)}` }))];
		const { fetch } = backend(entries);
		await expect(collect(walkLogs({ from: DAY, to: DAY + 100, order: 'asc', fetch }))).rejects.toThrow(LogWalkError);
		await expect(collect(walkLogs({ from: DAY, to: DAY + 100, order: 'asc', fetch }))).rejects.toThrow(/10,000 or more log entries share the timestamp 2026-11-30T00:00:00.000Z/);
	});

	it('an empty or inverted range asks nothing / returns nothing', async () => {
		const { fetch, requests } = backend(generate(3, 1));
		expect(await collect(walkLogs({ from: DAY + 5, to: DAY, order: 'asc', fetch }))).toEqual([]);
		expect(requests).toHaveLength(0);
	});
});
