/**
 * What every operation of the table must do, whatever it is: surface Feishu's error with its code, msg
 * and log id; and under Continue On Fail turn a bad item into one paired error item (nothing sent for
 * it) while the good items still run.
 */
import type { FeishuEmulator } from '../../../../emulator';
import { apiRequests, runNode, useEmulator } from '../../../helpers/feishu';
import { OPERATION_CASES } from '../../../helpers/operation-cases';
import { findOperation } from '../../../../nodes/FeishuApaas/resources';

const cases = OPERATION_CASES.map((c) => [`${c.resource}/${c.operation}${c.variant ? ` (${c.variant})` : ''}`, c] as const);

describe('every operation', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { preset: 'workflow' } });

	it.each(cases)('%s surfaces a Feishu error as "Feishu error <code>: <msg>" with its details', async (_name, c) => {
		emulator.addFault({ kind: 'feishuError', code: 2329999, msg: 'simulated failure', status: 400, path: '/apaas/' });
		const { error } = await runNode(emulator, { parameters: { resource: c.resource, operation: c.operation, ...c.node }, items: c.items });
		expect(error?.message).toBe('Feishu error 2329999: simulated failure');
		const details = (error as unknown as { errorResponse: Record<string, unknown> }).errorResponse;
		expect(details).toMatchObject({ code: 2329999, http_status: 400, item_index: 0, log_id: expect.any(String) });
	});

	it.each(cases)('%s with Continue On Fail: a bad item becomes a paired error item, nothing sent for it', async (_name, c) => {
		const spec = findOperation(c.resource, c.operation);
		// Break the operation's first required value for item 1 only, through an expression.
		const [first] = [...(spec?.pathFields ?? []), ...(spec?.fields ?? [])].filter((f) => f?.required);
		const param = first!.param;
		const good = c.node[param];
		const { items, error } = await runNode(emulator, {
			items: [{ v: good }, { v: ' ' }, { v: good }],
			parameters: { resource: c.resource, operation: c.operation, ...c.node, [param]: '={{ $json.v }}' },
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const errorItems = items.filter((i) => i.json.error !== undefined && i.json.item_index === 1);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].pairedItem).toEqual({ item: 1 });
		expect(errorItems[0].json.error).toContain(`(${param}) in item 1`);
		// Items 0 and 2 were sent (whatever Feishu answered them); item 1 was not. Record writes send
		// them together in one batch request.
		const sent = apiRequests(emulator);
		if (spec?.batch && !c.variant) {
			expect(sent).toHaveLength(1);
			const body = sent[0].body as { records?: string; ids?: string[] };
			expect(body.ids ?? JSON.parse(body.records ?? '[]')).toHaveLength(2);
		} else expect(sent).toHaveLength(2);
		const pairs = items.map((i) => (i.pairedItem as { item: number }).item);
		expect(pairs).toEqual([...pairs].sort((a, b) => a - b));
		expect(new Set(pairs)).toEqual(new Set([0, 1, 2]));
	});
});
