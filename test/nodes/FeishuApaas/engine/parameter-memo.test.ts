import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { oncePerRunUnless, withParameterMemo } from '../../../../nodes/FeishuApaas/engine/parameter-memo';

/** A context whose getNodeParameter counts its calls and evaluates "={{item}}" as the item index. */
function fakeContext(parameters: INodeParameters, items: IDataObject[] = []) {
	const calls: string[] = [];
	const ctx = {
		marker: 'the real context',
		getNode: () => ({ parameters }),
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			calls.push(name);
			const raw = name.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], parameters);
			if (raw === undefined) return fallback;
			if (typeof raw === 'string' && raw.startsWith('=')) return `item ${itemIndex}`;
			return structuredClone(raw);
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions & { marker: string }, calls };
}

describe('withParameterMemo: one batch write reads an expression-free parameter once', () => {
	it('reads a parameter without an expression once, whatever the item', () => {
		const { ctx, calls } = fakeContext({ namespace: 'demo_app', options: { timeout: 1000 } });
		const memo = withParameterMemo(ctx);
		for (let i = 0; i < 100; i++) {
			expect(memo.getNodeParameter('namespace', i, '')).toBe('demo_app');
			expect(memo.getNodeParameter('options', i, {})).toEqual({ timeout: 1000 });
		}
		expect(calls.filter((c) => c === 'namespace')).toHaveLength(1);
		expect(calls.filter((c) => c === 'options')).toHaveLength(1);
	});

	it('reads a parameter holding an expression anywhere inside for every item', () => {
		const { ctx, calls } = fakeContext({ recordId: '={{ $json.id }}', options: { ignoreFields: '={{ $json.skip }}' } });
		const memo = withParameterMemo(ctx);
		expect([0, 1, 2].map((i) => memo.getNodeParameter('recordId', i, ''))).toEqual(['item 0', 'item 1', 'item 2']);
		[0, 1, 2].forEach((i) => memo.getNodeParameter('options', i, {}));
		expect(calls.filter((c) => c === 'recordId')).toHaveLength(3);
		expect(calls.filter((c) => c === 'options')).toHaveLength(3);
	});

	it('keeps reads with different fallbacks apart, and an unset parameter gives its fallback', () => {
		const { ctx } = fakeContext({});
		const memo = withParameterMemo(ctx);
		expect(memo.getNodeParameter('dataMode', 0, 'autoMapInputData')).toBe('autoMapInputData');
		expect(memo.getNodeParameter('dataMode', 0, 'defineBelow')).toBe('defineBelow');
	});

	it('freezes what it hands out, so one item cannot change what the next one reads', () => {
		const { ctx } = fakeContext({ options: { nested: { a: 1 } } });
		const options = withParameterMemo(ctx).getNodeParameter('options', 0, {}) as { nested: { a: number } };
		expect(() => {
			options.nested.a = 2;
		}).toThrow(TypeError);
	});

	it('keeps nothing between runs: a new memo sees the parameter as it is now', () => {
		const parameters: INodeParameters = { namespace: 'first' };
		const { ctx } = fakeContext(parameters);
		expect(withParameterMemo(ctx).getNodeParameter('namespace', 0, '')).toBe('first');
		parameters.namespace = 'second';
		expect(withParameterMemo(ctx).getNodeParameter('namespace', 0, '')).toBe('second');
	});

	it('leaves the rest of the context as it is', () => {
		const { ctx } = fakeContext({});
		expect((withParameterMemo(ctx) as typeof ctx).marker).toBe('the real context');
	});
});

describe('oncePerRunUnless', () => {
	it('computes once without expressions, per item with one, and keeps no failure', () => {
		const { ctx: plain } = fakeContext({ namespace: 'demo_app' });
		let runs = 0;
		const once = oncePerRunUnless(plain, ['namespace'], (i) => `${++runs}:${i}`);
		expect([once(0), once(1), once(2)]).toEqual(['1:0', '1:0', '1:0']);

		const { ctx: expr } = fakeContext({ namespace: '={{ $json.ns }}' });
		runs = 0;
		const each = oncePerRunUnless(expr, ['namespace'], (i) => `${++runs}:${i}`);
		expect([each(0), each(1)]).toEqual(['1:0', '2:1']);

		let attempts = 0;
		const failing = oncePerRunUnless(plain, ['namespace'], (i) => {
			attempts++;
			throw new Error(`item ${i}`);
		});
		expect(() => failing(0)).toThrow('item 0');
		expect(() => failing(1)).toThrow('item 1');
		expect(attempts).toBe(2);
	});
});

describe('withParameterMemo over a memo', () => {
	it('hands a memo back as it is, so a row and the batch runner share one', () => {
		const { ctx, calls } = fakeContext({ namespace: 'demo_app' });
		const memo = withParameterMemo(ctx);
		expect(withParameterMemo(memo)).toBe(memo);
		memo.getNodeParameter('namespace', 0, '');
		withParameterMemo(memo).getNodeParameter('namespace', 1, '');
		expect(calls).toEqual(['namespace']);
	});

	it('reads `={{ $json.id }}` from the item without asking n8n, and anything else from n8n', () => {
		const { ctx, calls } = fakeContext({ recordId: '={{ $json.id }}', other: '={{ $json.id + 1 }}' }, [{ id: '7' }, { id: 8 }, { id: null }, {}]);
		const memo = withParameterMemo(ctx);
		expect([0, 1].map((i) => memo.getNodeParameter('recordId', i, ''))).toEqual(['7', 8]);
		expect(calls).toEqual([]);
		expect([2, 3].map((i) => memo.getNodeParameter('recordId', i, ''))).toEqual(['item 2', 'item 3']);
		expect(memo.getNodeParameter('other', 0, '')).toBe('item 0');
		expect(calls).toEqual(['recordId', 'recordId', 'other']);
	});
});
