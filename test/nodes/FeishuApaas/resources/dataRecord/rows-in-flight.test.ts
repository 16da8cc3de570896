/**
 * Data Record Create / Upsert / Update Many with several requests in flight (issue 22), through n8n's
 * engine against the emulator with latency, so that the requests really overlap: output order and
 * pairing stay the input's when the answers come back out of order; a failure names every failed item
 * and every id written in the run (by the requests in flight beside it too); a create that got no
 * answer is never re-sent; a 429 on one request is waited out without writing anything twice; and two
 * items that write the same row in different requests apply in input order (the later wins).
 *
 * Timing is read from the emulator's log (when each request arrived) against the latency it adds, never
 * from the wall clock: a request that arrived less than the latency after another was in flight with it,
 * one that arrived a full latency after another was sent after its answer.
 */
import type { FeishuEmulator, RequestRecord } from '../../../../../emulator';
import { runUserNode, userCredentialStore } from '../../../../helpers/data-platform';
import { SHOP, WS } from '../../../../helpers/emulator/workspaces';
import { errorDetails, useEmulator } from '../../../../helpers/feishu';

const table = { __rl: true, mode: 'list', value: 'orders' };
const records = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'dataRecord', operation, workspaceId: WS, tableName: table, ...extra });
const create = (options: Record<string, unknown> = {}) => records('create', { options });
const upsertOn = (matchingColumns: string[], options: Record<string, unknown> = {}) =>
	records('upsert', { columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns, schema: [] }, options });
const skus = (count: number, prefix = 'S') => Array.from({ length: count }, (_, i) => ({ sku: `${prefix}-${i}`, qty: i + 1 }));
const paired = (count: number) => Array.from({ length: count }, (_, item) => ({ item }));
/** The rows a records POST / records_batch_update carried. */
const rowsOf = (r: RequestRecord) => JSON.parse((r.body as { records: string }).records) as Array<Record<string, unknown>>;
const LATENCY = 150;

describe('Data Record writes: several requests in flight', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { workspaces: [SHOP] }, userApiRateLimit: null });

	const posts = () => emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/tables/orders/records'));
	const patches = () => emulator.requests.filter((r) => r.path.endsWith('/tables/orders/records_batch_update'));
	const stored = () => emulator.workspaceRecords(WS, 'orders');
	/** The most requests that arrived within `latencyMs` of each other: in flight at the same time. */
	const overlap = (requests: RequestRecord[], latencyMs = LATENCY) => {
		const starts = requests.map((r) => r.at);
		return Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + latencyMs).length));
	};
	/** A helper whose user token is already minted, then the latency (the connect goes without it). */
	const connected = async (latency: { latencyMs?: number; latencyPerRecordMs?: number } = { latencyMs: LATENCY }) => {
		const helper = await userCredentialStore(emulator);
		emulator.configure(latency);
		emulator.clearLog();
		return helper;
	};

	it('create: the requests overlap; output order and pairing are the input’s though the answers came back out of order', async () => {
		// 4, 4 and 2 rows; 60 ms per row, so the last request is answered first.
		const helper = await connected({ latencyMs: 100, latencyPerRecordMs: 60 });
		const items = skus(10);
		const run = await runUserNode(helper, create({ rowsPerRequest: 4 }), { items });
		expect(run.error).toBeUndefined();
		expect(posts().map((r) => rowsOf(r).length).sort()).toEqual([2, 4, 4]);
		expect(overlap(posts(), 220)).toBe(3);
		expect(run.items.map((i) => [i.pairedItem, i.json.sku])).toEqual(items.map((item, k) => [{ item: k }, item.sku]));
		const rows = stored();
		const rowOf = (sku: string) => rows.find((r) => r.sku === sku);
		run.items.forEach((i) => expect(rowOf(String(i.json.sku))?._id).toBe(i.json._id));
		// The auto-increment `id` tells the order Feishu wrote them in: the third request's rows first.
		expect(BigInt(rowOf('S-8')?.id as bigint)).toBeLessThan(BigInt(rowOf('S-0')?.id as bigint));
		expect(BigInt(rowOf('S-8')?.id as bigint)).toBeLessThan(BigInt(rowOf('S-4')?.id as bigint));
	});

	it('Requests In Flight bounds the requests in flight (1: one after another); a bad value is refused before anything is sent', async () => {
		const helper = await connected();
		expect((await runUserNode(helper, create({ rowsPerRequest: 2, requestsInFlight: 2 }), { items: skus(12, 'T') })).error).toBeUndefined();
		expect(posts()).toHaveLength(6);
		expect(overlap(posts())).toBe(2);
		emulator.clearLog();
		expect((await runUserNode(helper, create({ rowsPerRequest: 2, requestsInFlight: 1 }), { items: skus(12, 'U') })).error).toBeUndefined();
		expect(overlap(posts())).toBe(1);
		emulator.clearLog();
		for (const bad of [0, 51, 2.5]) {
			const run = await runUserNode(helper, create({ requestsInFlight: bad }), { items: skus(2, `V${bad}`) });
			expect(run.error?.message).toMatch(/Options → Requests In Flight/);
		}
		expect(posts()).toHaveLength(0);
	});

	it('a request failing in the middle, with Continue On Fail: its items are error items in place, the others written', async () => {
		const helper = await connected();
		// Four requests of 3; item 4 repeats a sku the table holds, so Feishu refuses its request (items 3–5).
		const items = skus(12).map((item, k) => (k === 4 ? { sku: 'A-1', qty: 1 } : item));
		const run = await runUserNode(helper, create({ rowsPerRequest: 3 }), { items, continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(overlap(posts())).toBe(4);
		expect(run.items.map((i) => i.pairedItem)).toEqual(paired(12));
		expect(run.items.map((i) => (i.json.error === undefined ? 'ok' : 'error'))).toEqual(items.map((_, k) => (k >= 3 && k <= 5 ? 'error' : 'ok')));
		expect(stored().filter((r) => String(r.sku).startsWith('S-'))).toHaveLength(9);
	});

	it('without Continue On Fail: every failed request is named, and every id written in the run, by the requests in flight beside them too', async () => {
		const helper = await connected();
		// Requests 2 (items 3–5) and 4 (items 9–11) are refused; all four are in flight at once.
		const items = skus(12).map((item, k) => (k === 4 ? { sku: 'A-1', qty: 1 } : k === 10 ? { sku: 'B-2', qty: 1 } : item));
		const run = await runUserNode(helper, create({ rowsPerRequest: 3 }), { items });
		expect(overlap(posts())).toBe(4);
		const details = errorDetails(run.error);
		expect(details.failed_items).toEqual([3, 4, 5, 9, 10, 11]);
		expect(details.not_sent_items).toEqual([]);
		const rows = stored();
		const written = [0, 1, 2, 6, 7, 8].map((k) => rows.find((r) => r.sku === `S-${k}`)?._id);
		// In input order, whichever request was answered first.
		expect(details.written_ids).toEqual(written);
		const description = String((run.error as { description?: string }).description);
		expect(description).toMatch(/6 rows were created in this run/);
		expect(description).toMatch(/items 3–5, 9–11/);
	});

	it('updateMany without Continue On Fail: unknown _ids in two requests in flight are both named, with the rows both wrote', async () => {
		const helper = await connected();
		const ids = stored().map((r) => String(r._id));
		const items = [{ _id: ids[0], qty: 31 }, { _id: 'nope-1', qty: 1 }, { _id: ids[1], qty: 32 }, { _id: 'nope-2', qty: 2 }];
		const run = await runUserNode(helper, records('updateMany', { options: { rowsPerRequest: 2 } }), { items });
		expect(overlap(patches())).toBe(2);
		const details = errorDetails(run.error);
		expect(details.failed_items).toEqual([1, 3]);
		expect(details.written_ids).toEqual([ids[0], ids[1]]);
		expect(details.not_sent_items).toEqual([]);
		expect(run.error?.message).toBe('2 of 4 rows failed: No row was updated for item 1: Feishu reported no row with _id nope-1 (and 1 other reason)');
		const description = String((run.error as { description?: string }).description);
		expect(description).toMatch(/item 3: No row was updated for item 3/);
		expect(description).toMatch(/2 rows were updated in this run/);
		expect(stored().map((r) => r.qty)).toEqual([31, 32, 7]);
	});

	it('without Continue On Fail, no request starts after a failure: the items of those not yet sent are named', async () => {
		const helper = await connected();
		const items = skus(12).map((item, k) => (k === 4 ? { sku: 'A-1', qty: 1 } : item));
		const run = await runUserNode(helper, create({ rowsPerRequest: 3, requestsInFlight: 2 }), { items });
		// Requests 1 and 2 in flight; 2 fails; 3 may start when 1 is answered, 4 never does.
		expect(posts().length).toBeLessThan(4);
		const details = errorDetails(run.error);
		const notSent = details.not_sent_items as number[];
		expect(notSent).toEqual(Array.from({ length: notSent.length }, (_, k) => 12 - notSent.length + k));
		expect(notSent.length).toBeGreaterThanOrEqual(3);
		const written = stored().filter((r) => String(r.sku).startsWith('S-')).map((r) => r._id);
		expect([...(details.written_ids as string[])].sort()).toEqual([...(written as string[])].sort());
		expect(written.length + 3 + notSent.length).toBe(12);
		expect(String((run.error as { description?: string }).description)).toMatch(new RegExp(`${notSent.length} items were not sent`));
	});

	it('a create request whose answer was lost is not sent again while the others succeed', async () => {
		// 4, 4 and 2 rows: the 2-row request is answered first and its answer is the one lost.
		const helper = await connected({ latencyMs: 100, latencyPerRecordMs: 60 });
		emulator.addFault({ kind: 'loseAnswer', path: '/tables/orders/records' });
		const items = skus(10);
		const run = await runUserNode(helper, create({ rowsPerRequest: 4, maxRetries: 3 }), { items, continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(posts()).toHaveLength(3);
		expect(run.items.map((i) => i.pairedItem)).toEqual(paired(10));
		const failed = run.items.filter((i) => i.json.error !== undefined);
		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 8 }, { item: 9 }]);
		expect(failed.every((i) => String(i.json.description).includes('not sent again'))).toBe(true);
		// Feishu wrote the lost request's rows: each row exactly once.
		const rows = stored();
		for (const { sku } of items) expect(rows.filter((r) => r.sku === sku)).toHaveLength(1);
		// Without Continue On Fail: the failure names the ids the other two requests wrote.
		emulator.clearLog();
		emulator.addFault({ kind: 'loseAnswer', path: '/tables/orders/records' });
		const again = await runUserNode(helper, create({ rowsPerRequest: 4, maxRetries: 3 }), { items: skus(10, 'L') });
		expect(posts()).toHaveLength(3);
		const details = errorDetails(again.error);
		expect(details.failed_items).toEqual([8, 9]);
		const after = stored();
		expect(details.written_ids).toEqual(Array.from({ length: 8 }, (_, k) => after.find((r) => r.sku === `L-${k}`)?._id));
		expect(String((again.error as { description?: string }).description)).toMatch(/not sent again/);
	});

	it('a 429 on one request while the others are in flight: it waits for the window and is sent again, nothing written twice', async () => {
		const helper = await connected();
		emulator.configure({ rateLimit: { limit: 3, windowMs: 1000, api: 'workspace.records.post' } });
		const items = skus(8);
		// Pacing off, so that the node meets Feishu's 429 rather than waiting before it.
		const run = await runUserNode(helper, create({ rowsPerRequest: 2, maxRequestsPerMinute: 0, maxRetries: 5 }), { items });
		expect(run.error).toBeUndefined();
		const rateLimited = emulator.stats.rateLimited;
		expect(rateLimited).toBeGreaterThan(0);
		expect(posts()).toHaveLength(4 + rateLimited);
		// The four went out together (the fourth got the 429 while the others were in flight) ...
		const [first] = posts();
		expect(overlap(posts().slice(0, 4))).toBe(4);
		// ... and what was sent again waited for the next window: never more than 3 served in one.
		expect(posts().slice(4).every((r) => r.at - first.at >= 1000)).toBe(true);
		expect(emulator.stats.maxServedInWindow).toBeLessThanOrEqual(3);
		expect(run.items.map((i) => [i.pairedItem, i.json.sku])).toEqual(items.map((item, k) => [{ item: k }, item.sku]));
		const rows = stored();
		for (const { sku } of items) expect(rows.filter((r) => r.sku === sku)).toHaveLength(1);
	});

	it('updateMany: a row in two requests gets the later item’s value though the earlier request is answered last; other rows stay in flight', async () => {
		const helper = await connected({ latencyMs: 0 });
		await runUserNode(helper, create(), { items: skus(20, 'M') });
		const ids = new Map(stored().map((r) => [String(r.sku), String(r._id)]));
		const id = (k: number) => ids.get(`M-${k}`) as string;
		emulator.configure({ latencyMs: 50, latencyPerRecordMs: 20 });
		emulator.clearLog();
		// Request A (items 0–18, qty): 430 ms; request B (item 19, qty and customer) sets M-0 again: 70 ms;
		// request C (item 20, customer only) a row A does not hold: 70 ms.
		const items = [
			...Array.from({ length: 19 }, (_, k) => ({ _id: id(k), qty: 100 })),
			{ _id: id(0), qty: 200, customer: 'later' },
			{ _id: id(19), customer: 'other row' },
		];
		const run = await runUserNode(helper, records('updateMany'), { items });
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => [i.pairedItem, i.json.success])).toEqual(items.map((_, k) => [{ item: k }, true]));
		const after = stored();
		expect(after.find((r) => r._id === id(0))).toMatchObject({ qty: 200, customer: 'later' });
		expect(after.find((r) => r._id === id(19))).toMatchObject({ qty: 20, customer: 'other row' });
		const [a, b, c] = ['qty', 'customer,qty', 'customer'].map((set) =>
			patches().find((r) => Object.keys(rowsOf(r)[0]).filter((k) => k !== '_id').sort().join(',') === set) as RequestRecord,
		);
		// B was sent after A's answer (A takes 430 ms); C went beside A.
		expect(b.at - a.at).toBeGreaterThanOrEqual(430);
		expect(c.at - a.at).toBeLessThan(430);
	});

	it('upsert: a row in two requests (the same value to match on) gets the later item’s value; other rows stay in flight', async () => {
		const helper = await connected({ latencyMs: 50, latencyPerRecordMs: 20 });
		// Request A (items 0–18 on sku P-k): 430 ms; B (item 19) upserts P-0 again with more columns: 70 ms;
		// C (item 20) a sku A does not hold, with other columns: 70 ms.
		const items = [
			...Array.from({ length: 19 }, (_, k) => ({ sku: `P-${k}`, qty: 100 })),
			{ sku: 'P-0', qty: 200, customer: 'later' },
			{ sku: 'P-19', customer: 'other row' },
		];
		const run = await runUserNode(helper, upsertOn(['sku']), { items });
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => [i.pairedItem, i.json.sku])).toEqual(items.map((item, k) => [{ item: k }, item.sku]));
		const after = stored();
		expect(after.filter((r) => r.sku === 'P-0')).toEqual([expect.objectContaining({ qty: 200, customer: 'later' })]);
		expect(after.find((r) => r.sku === 'P-19')).toMatchObject({ qty: 1, customer: 'other row' });
		const byColumns = (columns: string) => posts().find((r) => new URLSearchParams(r.query).get('columns') === columns) as RequestRecord;
		const [a, b, c] = [byColumns('sku,qty'), byColumns('sku,qty,customer'), byColumns('sku,customer')];
		expect(b.at - a.at).toBeGreaterThanOrEqual(430);
		expect(c.at - a.at).toBeLessThan(430);
	});

	it('upsert on the primary key (no columns to match on): the node cannot tell the rows apart, so its requests go one after another', async () => {
		const helper = await connected({ latencyMs: 50, latencyPerRecordMs: 20 });
		const big = 1790000000000000001n;
		// A (items 0–2, qty) sets the seeded rows; B (item 3) sets row 1 again with a customer.
		const items = [
			{ id: String(big), qty: 100 },
			{ id: String(big + 1n), qty: 100 },
			{ id: String(big + 2n), qty: 100 },
			{ id: String(big), qty: 200, customer: 'later' },
		];
		const run = await runUserNode(helper, upsertOn([]), { items });
		expect(run.error).toBeUndefined();
		expect(posts().map((r) => new URLSearchParams(r.query).get('on_conflict'))).toEqual([null, null]);
		const [a, b] = posts();
		expect(b.at - a.at).toBeGreaterThanOrEqual(50 + 3 * 20);
		expect(stored().find((r) => r.id === big)).toMatchObject({ qty: 200, customer: 'later' });
	});
});
