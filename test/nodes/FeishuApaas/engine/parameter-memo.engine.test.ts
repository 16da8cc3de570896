/**
 * withParameterMemo reads `={{ $json.… }}` from the item itself instead of asking n8n to evaluate it
 * (parameter-memo.ts, jsonReader). That is only right while it gives exactly what n8n's own
 * evaluation gives: these tests run both on n8n's real engine (WorkflowExecute, a real data proxy)
 * for the same parameter and item, over values and expression forms where they could part.
 */
import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
} from 'n8n-workflow';

import { withParameterMemo } from '../../../../nodes/FeishuApaas/engine/parameter-memo';
import { loadPackage, runWorkflow, testNodeDescription } from '../../../helpers/harness';

const PROBE = 'test.parameterProbe';

type Read = { threw: true; message: string } | { threw: false; value: unknown };

function readWith(read: () => unknown): Read {
	try {
		return { threw: false, value: read() };
	} catch (error) {
		return { threw: true, message: (error as Error).message };
	}
}

/** Reads its `value` parameter for every item twice: through n8n, and through the memo. */
class ParameterProbe implements INodeType {
	description = testNodeDescription(PROBE, 'Probe', 'Test-only', [{ displayName: 'Value', name: 'value', type: 'string', default: '' }]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let askedN8n = 0;
		const counting = Object.create(this, {
			getNodeParameter: {
				value: (...args: Parameters<IExecuteFunctions['getNodeParameter']>) => {
					askedN8n++;
					return (this.getNodeParameter as (...a: unknown[]) => unknown)(...args);
				},
			},
		}) as IExecuteFunctions;
		const memo = withParameterMemo(counting);
		return [
			this.getInputData().map((_, i) => {
				const n8n = readWith(() => this.getNodeParameter('value', i, ''));
				const before = askedN8n;
				const fast = readWith(() => memo.getNodeParameter('value', i, ''));
				const same =
					n8n.threw === fast.threw &&
					(n8n.threw ? n8n.message === (fast as { message: string }).message : Object.is(n8n.value, (fast as { value: unknown }).value) || JSON.stringify(n8n.value) === JSON.stringify((fast as { value: unknown }).value));
				return {
					json: { same, n8n: shown(n8n), memo: shown(fast), readItself: askedN8n === before } as IDataObject,
					pairedItem: { item: i },
				};
			}),
		];
	}
}

function shown(read: Read): string {
	if (read.threw) return `threw ${read.message}`;
	const { value } = read;
	return `${typeof value} ${Object.is(value, -0) ? '-0' : typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value))}`;
}

beforeAll(async () => {
	const pkg = await loadPackage();
	pkg.nodeTypes.byFullName[PROBE] = { type: new ParameterProbe(), sourcePath: __filename };
});

async function probe(value: string, items: IDataObject[]): Promise<IDataObject[]> {
	const result = await runWorkflow({
		nodes: [
			{ name: 'Items', type: 'test.items', parameters: { items: '' } },
			{ name: 'Probe', type: PROBE, parameters: { value } },
		],
		connections: { Items: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
		startItems: items.map((json) => ({ json })),
	});
	if (result.workflowError) throw result.workflowError;
	return result.output('Probe').map((item) => item.json);
}

const VALUES: IDataObject[string][] = [
	'123',
	'1700000000000000001',
	'',
	' padded ',
	'=not an expression',
	'{{ $json.other }}',
	'中文 é',
	123,
	0,
	-0,
	-1.5,
	2 ** 53 + 2,
	1e21,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	null,
	true,
	false,
	{ nested: 1 },
	[1, 2],
	[],
];

describe('the memo reads `={{ $json.… }}` exactly as n8n evaluates it', () => {
	it.each<[string, (v: unknown) => IDataObject]>([
		['={{ $json.v }}', (v) => ({ v }) as IDataObject],
		['={{$json.v}}', (v) => ({ v }) as IDataObject],
		['={{ $json["v"] }}', (v) => ({ v }) as IDataObject],
		["={{ $json['a b'] }}", (v) => ({ 'a b': v }) as IDataObject],
		['={{ $json.customer.id }}', (v) => ({ customer: { id: v } }) as IDataObject],
		['={{ $json["order"][\'id\'] }}', (v) => ({ order: { id: v } }) as IDataObject],
	])('%s: the same value for strings, numbers and everything else, and only strings and finite numbers skip n8n', async (expression, itemOf) => {
		const items = [...VALUES.map(itemOf), {}, { other: 1 }];
		const out = await probe(expression, items);
		expect(out).toHaveLength(items.length);
		for (const [i, row] of out.entries()) {
			expect({ i, ...row }).toEqual({ i, same: true, n8n: row.memo, memo: row.memo, readItself: row.readItself });
		}
		// The fast path is taken (or the test above proves nothing) exactly for strings and finite numbers.
		const fast = out.map((row, i) => [i, row.readItself]);
		const expected = items.map((item, i) => {
			const value = VALUES[i];
			return [i, i < VALUES.length && (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))];
		});
		expect(fast).toEqual(expected);
	});

	it.each([
		'={{ $json.v + "" }}',
		'=id {{ $json.v }}',
		'={{ $json.v }} ',
		'={{ $json.v.length }}',
		'={{ $json["a\\"b"] }}',
		'={{ $json[0] }}',
		'={{ $("Items").item.json.v }}',
		'={{ $input.item.json.v }}',
	])('%s is left to n8n', async (expression) => {
		const out = await probe(expression, [{ v: 'x1', 'a"b': 'y', 0: 'z' }, { v: 42 }]);
		for (const row of out) expect(row).toMatchObject({ same: true, readItself: false });
	});

	it('no parameter of the Feishu node declares validateType (n8n would check an expression result with it, the memo does not)', async () => {
		const pkg = await loadPackage();
		const node = pkg.nodeTypes.getByNameAndVersion(pkg.fullNodeType('feishuApaas'));
		const declaring: string[] = [];
		const walk = (properties: readonly unknown[], where: string): void => {
			for (const raw of properties) {
				const property = raw as INodeProperties & { values?: unknown[] };
				if (property.validateType !== undefined) declaring.push(`${where}${property.name}`);
				if (Array.isArray(property.options)) walk(property.options, `${where}${property.name}.`);
				if (Array.isArray(property.values)) walk(property.values, `${where}${property.name}.`);
			}
		};
		walk(node.description.properties, '');
		expect(node.description.properties.length).toBeGreaterThan(10);
		expect(declaring).toEqual([]);
	});
});
