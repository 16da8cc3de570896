/**
 * Record writes with several batches in flight (issue 22), through n8n's engine against the emulator
 * with latency, so that the batches really overlap: output order and pairing stay the input's,
 * per-record failures land on their own items, a failure names every id written in the run (also by
 * batches in flight beside it), a create batch that got no answer is never re-sent, and a 429 on one
 * batch is waited out and sent again without writing anything twice.
 */
import { type FeishuEmulator } from '../../../../emulator';
import { errorDetails, objectRecord, requestsTo, runNode, useEmulator } from '../../../helpers/feishu';

const NS = 'demo_app';
const BATCH = '/records/batch_create';
const customers = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `Customer ${i}`, amount: i }));
/** Four batches of 3; the second batch holds a record Feishu refuses (no name). */
const withBadRecordInTheMiddle = () => customers(12).map((c, i) => (i === 4 ? { amount: 4 } : c));
const create = (options: Record<string, unknown> = {}) => objectRecord('create', { options: { recordsPerRequest: 3, ...options } });

/** The most requests to `fragment` that were in flight at the same time (arrival to answer). */
function overlap(emulator: FeishuEmulator, fragment: string, latencyMs: number): number {
	const starts = requestsTo(emulator, fragment).map((r) => r.at);
	return Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + latencyMs).length));
}

describe('Record writes: several batches in flight', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));
	beforeEach(() => emulator.configure({ latencyMs: 150 }));

	it('sends the batches at once (within Requests In Flight) and keeps the output in input order, paired', async () => {
		const { items, error } = await runNode(emulator, { parameters: create(), items: customers(12) });
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, BATCH)).toHaveLength(4);
		// (The first may still wait on the token mint; at least the other three overlap.)
		expect(overlap(emulator, BATCH, 150)).toBeGreaterThanOrEqual(3);
		expect(items.map((i) => [i.pairedItem, i.json.name])).toEqual(customers(12).map((c, k) => [{ item: k }, c.name]));
		const ids = items.map((i) => BigInt(String(i.json._id)));
		// The records each batch created are the ones of its own items.
		const stored = new Map(emulator.records(NS, 'customer').map((r) => [String(r._id), r.name]));
		items.forEach((i) => expect(stored.get(String(i.json._id))).toBe(i.json.name));
		expect(new Set(ids).size).toBe(12);
	});

	it('Requests In Flight bounds the batches in flight; 1 sends one after another', async () => {
		const { error } = await runNode(emulator, { parameters: create({ requestsInFlight: 2 }), items: customers(12) });
		expect(error).toBeUndefined();
		expect(overlap(emulator, BATCH, 150)).toBeLessThanOrEqual(2);
		emulator.clearLog();
		await runNode(emulator, { parameters: create({ requestsInFlight: 1 }), items: customers(12) });
		expect(overlap(emulator, BATCH, 150)).toBe(1);
	});

	it('a refused record in a batch in the middle, with Continue On Fail: an error item in its place, the rest written', async () => {
		const { items, error } = await runNode(emulator, { parameters: create(), items: withBadRecordInTheMiddle(), continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 12 }, (_, k) => ({ item: k })));
		expect(items.filter((i) => i.json.error !== undefined).map((i) => i.pairedItem)).toEqual([{ item: 4 }]);
		expect(items.filter((i) => i.json._id !== undefined)).toHaveLength(11);
		expect(emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('Customer '))).toHaveLength(11);
	});

	it('without Continue On Fail: the failure names every id written, by the batches in flight beside it too', async () => {
		const { error } = await runNode(emulator, { parameters: create(), items: withBadRecordInTheMiddle() });
		const written = emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('Customer ')).map((r) => String(r._id));
		// All four batches were in flight before the failure came back: each wrote its good records.
		expect(written).toHaveLength(11);
		const details = errorDetails(error);
		expect([...(details.written_ids as string[])].sort()).toEqual([...written].sort());
		expect((details.failed_items as Array<{ item_index: number }>).map((f) => f.item_index)).toEqual([4]);
		expect(details.not_sent_items).toEqual([]);
		expect(error?.message).toMatch(/^1 of 12 records failed/);
	});

	it('without Continue On Fail, no batch starts after a failure: the ones not yet sent are named', async () => {
		const { error } = await runNode(emulator, { parameters: create({ requestsInFlight: 2 }), items: withBadRecordInTheMiddle() });
		// Batches 1 and 2 in flight; batch 2 fails; batch 3 started when batch 1 finished, batch 4 never.
		expect(requestsTo(emulator, BATCH).length).toBeLessThan(4);
		const details = errorDetails(error);
		const notSent = details.not_sent_items as number[];
		expect(notSent.length).toBeGreaterThan(0);
		expect(notSent).toEqual([...notSent].sort((a, b) => a - b));
		const written = emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('Customer ')).map((r) => String(r._id));
		expect([...(details.written_ids as string[])].sort()).toEqual([...written].sort());
		expect(written.length + 1 + notSent.length).toBe(12);
	});

	it('a create batch that got no answer is not re-sent while the others succeed; the failure says it may have been written', async () => {
		emulator.addFault({ kind: 'reset', path: BATCH });
		const { items, error } = await runNode(emulator, { parameters: create({ maxRetries: 3 }), items: customers(12), continueOnFail: true });
		expect(error).toBeUndefined();
		expect(requestsTo(emulator, BATCH)).toHaveLength(4);
		const failed = items.filter((i) => i.json.error !== undefined);
		expect(failed).toHaveLength(3);
		expect(failed.every((i) => String(i.json.description).includes('not sent again'))).toBe(true);
		expect(items.filter((i) => i.json._id !== undefined)).toHaveLength(9);
		expect(items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 12 }, (_, k) => ({ item: k })));
	});

	it('a 429 on one batch while others are in flight: it waits for the reset and is sent again, nothing written twice', async () => {
		emulator.configure({ rateLimit: { limit: 2, windowMs: 1000, api: 'records/batch_create' } });
		const { items, error } = await runNode(emulator, {
			// Pacing off, so that the node meets Feishu's 429 rather than waiting before it.
			parameters: create({ maxRequestsPerMinute: 0, maxRetries: 5 }),
			items: customers(12),
		});
		expect(error).toBeUndefined();
		expect(emulator.stats.rateLimited).toBeGreaterThan(0);
		expect(items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 12 }, (_, k) => ({ item: k })));
		const stored = emulator.records(NS, 'customer').filter((r) => String(r.name).startsWith('Customer '));
		expect(stored).toHaveLength(12);
		expect(new Set(stored.map((r) => r.name)).size).toBe(12);
		// After the 429, the other batches waited for the window too: never more than 2 served per window.
		expect(emulator.stats.maxServedInWindow).toBeLessThanOrEqual(2);
	});

	it.each([
		['update', (id: string, i: number) => ({ id, amount: i })],
		['delete', (id: string) => ({ id })],
	] as const)('%s: the same record in two batches in flight applies in input order (the later batch waits for the earlier)', async (op, itemOf) => {
		emulator.seed({ objects: { generate: [{ namespace: NS, objectApiName: 'customer', count: 20 }] } });
		const ids = emulator.records(NS, 'customer').map((r) => String(r._id)).slice(-20);
		// Batch 1: items 0–4 (the last is `twice`), batch 2: items 5–9 (other records), batch 3: item 10
		// (`twice` again). With 20 ms per record, batch 3 alone would be answered before batch 1.
		emulator.configure({ latencyMs: 50, latencyPerRecordMs: 20 });
		const twice = ids[4];
		const input = [...ids.slice(0, 10), twice].map((id, i) => itemOf(id, i));
		const options = { recordsPerRequest: 5 };
		const parameters =
			op === 'update'
				? objectRecord('update', { recordId: '={{ $json.id }}', options: { ...options, ignoreFields: 'id' } })
				: objectRecord('delete', { recordId: '={{ $json.id }}', options });
		const { items, error } = await runNode(emulator, { parameters, items: input, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual(input.map((_, k) => ({ item: k })));
		const batches = requestsTo(emulator, `/records/batch_${op}`).sort((a, b) => a.at - b.at);
		const size = (r: (typeof batches)[number]) =>
			(op === 'update' ? (JSON.parse(String((r.body as { records: string }).records)) as unknown[]) : (r.body as { ids: string[] }).ids).length;
		expect(batches.map(size)).toEqual([5, 5, 1]);
		// Batches 1 and 2 (distinct records) went together; batch 3 only after batch 1's answer (50 + 5 × 20 ms).
		expect(batches[1].at - batches[0].at).toBeLessThan(100);
		expect(batches[2].at - batches[0].at).toBeGreaterThanOrEqual(150 - 10);
		if (op === 'update') {
			expect(emulator.records(NS, 'customer').find((r) => String(r._id) === twice)?.amount).toBe(10);
			expect(items.every((i) => i.json.success === true)).toBe(true);
		} else {
			// The second delete of the record is the one that finds it gone.
			expect(items.filter((i) => i.json.error !== undefined).map((i) => i.pairedItem)).toEqual([{ item: 10 }]);
		}
	});
});
