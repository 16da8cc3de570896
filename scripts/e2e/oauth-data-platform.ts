/**
 * The OAuth e2e's data-platform run (scripts/e2e/oauth.ts): one workflow, run once by `n8n execute` with
 * the credential connected in the browser, that reads and writes a workspace table through every kind of
 * data-platform call, and the checks of what it did — against its output, the emulator's request log and
 * the table's rows (read exactly):
 * - Create: 1,200 rows (Set + Split Out) in exactly 3 requests of 500, 500 and 200 rows, one output item
 *   per input item with the _id of its own row, in order;
 * - Create or Update on `sku` (the resource mapper's matchingColumns): two existing rows and two new ones
 *   in one request (`columns`, `on_conflict=sku`), existing rows keep their _id;
 * - Update and Delete by a structured filter (all / any conditions), exactly the matching rows changed;
 * - Data View Get Many: the view's filter and columns;
 * - Workspace Execute SQL: 19-digit ids (a literal in WHERE, serials beside it) come out exact, as strings;
 * - a filter value full of PostgREST metacharacters (& = % + , . : ( ) " \ and spaces), as one condition
 *   (`customer=eq.…`) and as an any-group (`or=(customer.eq."…")`), matches only the row holding exactly
 *   it; decoy rows hold what a mis-encoded value would match (+ read as a space, \ or " dropped, the part
 *   before &).
 */
import { parseExact } from '../../emulator/objects/json-int64';
import type { EmulatorProcess } from './emulator';
import { nodeItems, type RawRun } from './n8n';

export const DATA_WORKFLOW_ID = 'fApaasOAuthDataPlatform';
export const WS = 'ws_e2e';
const TABLE = 'orders';
const SEED_ID = '1790000000000000001';
/** The filter value: every PostgREST metacharacter the issue names, and spaces. */
export const META = 'a&b=c%d+e,f.g:(h)"i\\j k';
const DECOYS = ['a&b=c%d e,f.g:(h)"i\\j k', 'a', 'a&b=c%d+e,f.g:(h)"ij k', 'a&b=c%d+e,f.g:(h)i\\j k'];
const CREATED = 1200;
/** Create: qty 1..5 by row; the rows with qty 3 (i % 5 === 2) are the ones Delete's any-filter removes. */
const qtyOf = (i: number) => (i % 5) + 1;
const UPSERT = [
	{ sku: 'B-0', qty: 50 },
	{ sku: 'B-1', qty: 51 },
	{ sku: 'U-1', qty: 52 },
	{ sku: 'U-2', qty: 53 },
];

/** The table and the view the run works on (seeded through the emulator's control API). */
export function dataPlatformSeed(): unknown {
	return {
		id: WS,
		tables: [
			{
				name: TABLE,
				columns: [
					{ name: 'id', data_type: 'int8', is_primary_key: true, is_auto_increment: true },
					{ name: 'sku', data_type: 'text', is_unique: true, is_allow_null: false },
					{ name: 'qty', data_type: 'int4', default_value: '1' },
					{ name: 'customer', data_type: 'text' },
					{ name: 'paid', data_type: 'bool', default_value: 'false' },
				],
				records: [
					// As a string: a JS number literal this size would already be rounded before it reached the emulator.
					{ id: SEED_ID, sku: 'SEED-1', qty: 5 },
					{ sku: 'M-1', qty: 9, customer: META },
					...DECOYS.map((customer, k) => ({ sku: `M-${k + 2}`, qty: 9, customer })),
				],
			},
		],
		views: [{ name: 'paid_orders', table: TABLE, columns: ['id', 'sku', 'qty'], filter: 'paid=is.true' }],
	};
}

const CREDENTIAL_REF = (credential: unknown) => ({ feishuApaasOAuth2Api: credential });
const table = { __rl: true, mode: 'name', value: TABLE };
const rows = (name: string) => ({ mode: 'raw', jsonOutput: name, options: {} });

/** The workflow: each Feishu node after the 1,200-row create runs once (Execute Once) or on its own input. */
export function dataPlatformWorkflow(credential: unknown): unknown {
	const feishu = (id: string, name: string, x: number, parameters: Record<string, unknown>, once = false) => ({
		id,
		name,
		type: 'n8n-nodes-feishu-apaas.feishuApaas',
		typeVersion: 1,
		position: [x, 0],
		...(once ? { executeOnce: true } : {}),
		parameters: { authentication: 'userToken', workspaceId: WS, ...parameters },
		credentials: CREDENTIAL_REF(credential),
	});
	const set = (id: string, name: string, x: number, json: string, once = false) => ({
		id,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, 0],
		...(once ? { executeOnce: true } : {}),
		parameters: rows(json),
	});
	const split = (id: string, name: string, x: number) => ({
		id,
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [x, 0],
		parameters: { fieldToSplitOut: 'rows', include: 'noOtherFields', options: {} },
	});
	const metaFilter = (matchType: string) => ({
		resource: 'dataRecord',
		operation: 'getAll',
		tableName: table,
		returnAll: true,
		filterType: 'manual',
		matchType,
		filters: { conditions: [{ keyName: 'customer', condition: 'eq', keyValue: META }] },
		options: { select: 'sku,customer' },
	});
	const nodes = [
		{ id: 'd0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		// No `}}` inside the expressions: n8n's template would end there.
		set('d1', 'Rows', 200, `={{ JSON.stringify({ rows: Array.from({ length: ${CREATED} }, (_, i) => ({ sku: "B-" + i, qty: (i % 5) + 1 })) }) }}`),
		split('d2', 'Split Rows', 400),
		feishu('d3', 'Create Rows', 600, { resource: 'dataRecord', operation: 'create', tableName: table, options: {} }),
		set('d4', 'Upsert Input', 800, JSON.stringify({ rows: UPSERT }), true),
		split('d5', 'Split Upsert', 1000),
		feishu('d6', 'Upsert Rows', 1200, {
			resource: 'dataRecord',
			operation: 'upsert',
			tableName: table,
			columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['sku'], schema: [] },
			options: {},
		}),
		feishu(
			'd7',
			'Update Rows',
			1400,
			{
				resource: 'dataRecord',
				operation: 'update',
				tableName: table,
				filterType: 'manual',
				matchType: 'allFilters',
				filters: { conditions: [{ keyName: 'qty', condition: 'gte', keyValue: '50' }, { keyName: 'sku', condition: 'like', keyValue: 'B-*' }] },
				columns: { mappingMode: 'defineBelow', value: { paid: true }, matchingColumns: [], schema: [] },
			},
			true,
		),
		feishu(
			'd8',
			'Delete Rows',
			1600,
			{
				resource: 'dataRecord',
				operation: 'delete',
				tableName: table,
				filterType: 'manual',
				matchType: 'anyFilter',
				filters: { conditions: [{ keyName: 'sku', condition: 'eq', keyValue: 'U-1' }, { keyName: 'qty', condition: 'eq', keyValue: '3' }] },
			},
			true,
		),
		feishu(
			'd9',
			'View Rows',
			1800,
			{ resource: 'dataView', operation: 'getAll', viewName: { __rl: true, mode: 'name', value: 'paid_orders' }, returnAll: true, options: { order: 'sku.asc' } },
			true,
		),
		feishu(
			'd10',
			'SQL',
			2000,
			{ resource: 'workspace', operation: 'executeSql', sql: `SELECT id, sku FROM ${TABLE} WHERE id = ${SEED_ID} OR sku IN ('B-0', 'B-${CREATED - 1}') ORDER BY id` },
			true,
		),
		feishu('d11', 'Filter All', 2200, metaFilter('allFilters'), true),
		feishu('d12', 'Filter Any', 2400, metaFilter('anyFilter'), true),
	];
	const connections: Record<string, unknown> = {};
	for (let k = 0; k + 1 < nodes.length; k++) connections[nodes[k].name] = { main: [[{ node: nodes[k + 1].name, type: 'main', index: 0 }]] };
	return {
		id: DATA_WORKFLOW_ID,
		name: 'Feishu aPaaS: the data platform with a user token',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

interface LoggedRequest {
	method: string;
	path: string;
	query: string;
	body: unknown;
	status: number;
}

function check(ok: unknown, message: string): void {
	if (!ok) throw new Error(`data platform: ${message}`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** For messages: the table's int8 values are bigints (read exactly), written as their digits. */
const show = (v: unknown) => String(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))).slice(0, 600);

/** The table's rows as the emulator holds them, parsed exactly (int8 as bigint). */
async function storedRows(emulator: EmulatorProcess): Promise<Array<Record<string, unknown>>> {
	const res = await fetch(`${emulator.url}/__emulator/workspace-records?workspace=${WS}&table=${TABLE}`);
	const parsed = parseExact(await res.text()) as unknown as { records: Array<Record<string, unknown>> };
	return parsed.records;
}

/** Checks the run; returns one line per thing proven. `requests`: the emulator's log of this run. */
export async function checkDataPlatformRun(raw: RawRun | undefined, requests: LoggedRequest[], emulator: EmulatorProcess): Promise<string[]> {
	const proven: string[] = [];
	const records = requests.filter((r) => r.path === `/open-apis/apaas/v1/workspaces/${WS}/tables/${TABLE}/records`);
	const rowsIn = (r: LoggedRequest) => (JSON.parse(String((r.body as { records?: string }).records ?? '[]')) as unknown[]).length;
	const stored = await storedRows(emulator);
	const bySku = new Map(stored.map((r) => [String(r.sku), r]));

	// Create: 3 requests (no `columns`: not an upsert), 500 + 500 + 200 rows, output paired and in order.
	// The three are in flight together (Requests In Flight), so the log may hold them in any order.
	const creates = records.filter((r) => r.method === 'POST' && !new URLSearchParams(r.query).has('columns'));
	check(same(creates.map(rowsIn).sort((a, b) => b - a), [500, 500, 200]) && creates.every((r) => r.status === 200), `expected 3 create requests of 500/500/200 rows, got ${show(creates.map((r) => [rowsIn(r), r.status]))}`);
	const created = nodeItems(raw, 'Create Rows');
	check(created.length === CREATED, `Create Rows output ${created.length} items, expected ${CREATED}`);
	created.forEach((item, i) => {
		check(item.sku === `B-${i}` && item.qty === qtyOf(i), `Create Rows item ${i} is ${show(item)}`);
		// Rows deleted later (qty 3) are gone from the table; the others hold the _id the node output.
		if (qtyOf(i) !== 3) check(bySku.get(`B-${i}`)?._id === item._id, `Create Rows item ${i}: _id ${String(item._id)} is not the stored row's`);
	});
	proven.push(`Create: ${CREATED} rows in ${creates.length} requests (${creates.map(rowsIn).join(' + ')}), output in order with each row's _id`);

	// Upsert: one request on sku; the two existing rows keep their _id, the two new ones are inserted.
	const upserts = records.filter((r) => r.method === 'POST' && new URLSearchParams(r.query).has('columns'));
	check(
		upserts.length === 1 && same(Object.fromEntries(new URLSearchParams(upserts[0].query)), { columns: 'sku,qty', on_conflict: 'sku' }) && rowsIn(upserts[0]) === 4,
		`expected one upsert request (columns=sku,qty, on_conflict=sku, 4 rows), got ${show(upserts.map((r) => [r.query, rowsIn(r)]))}`,
	);
	const upserted = nodeItems(raw, 'Upsert Rows');
	check(same(upserted.map((i) => [i.sku, i.qty]), UPSERT.map((u) => [u.sku, u.qty])), `Upsert Rows output ${show(upserted)}`);
	check(upserted[0]._id === created[0]._id && upserted[1]._id === created[1]._id, 'Upsert Rows: an existing row got a new _id');
	check(bySku.get('U-2')?._id === upserted[3]._id && bySku.get('B-1')?.qty === 51, `Upsert: table rows ${show([bySku.get('B-1'), bySku.get('U-2')])}`);
	proven.push('Create or Update on sku (matchingColumns): 2 existing rows updated in place, 2 inserted, one request');

	// Update by a structured filter (all conditions): exactly B-0 and B-1.
	const update = nodeItems(raw, 'Update Rows');
	check(update.length === 1 && update[0].updated === 2 && update[0].filter === 'qty=gte.50&sku=like.B-*', `Update Rows output ${show(update)}`);
	const paid = stored.filter((r) => r.paid === true).map((r) => r.sku);
	check(same(paid, ['B-0', 'B-1']), `rows paid after Update: ${show(paid)}`);
	proven.push(`Update by a structured filter (${String(update[0].filter)}): exactly the 2 matching rows`);

	// Delete by a structured filter (any condition): U-1 and the 240 created rows with qty 3.
	const deleted = nodeItems(raw, 'Delete Rows');
	check(deleted.length === 1 && deleted[0].success === true && deleted[0].filter === 'or=(sku.eq.%22U-1%22%2Cqty.eq.%223%22)', `Delete Rows output ${show(deleted)}`);
	const expectedLeft = 1 + 1 + DECOYS.length + CREATED - CREATED / 5 + 1; // seed, M-1, decoys, created minus qty 3, U-2
	check(stored.length === expectedLeft && !bySku.has('U-1') && !stored.some((r) => r.qty === 3), `after Delete: ${stored.length} rows (expected ${expectedLeft}), U-1 ${bySku.has('U-1') ? 'still there' : 'gone'}`);
	proven.push(`Delete by a structured filter (${String(deleted[0].filter)}): ${CREATED / 5 + 1} rows, the other ${expectedLeft} kept`);

	// Data View: the view's filter (paid) and columns.
	const view = nodeItems(raw, 'View Rows');
	check(same(view.map((r) => Object.keys(r).sort()), [['id', 'qty', 'sku'], ['id', 'qty', 'sku']]) && same(view.map((r) => r.sku), ['B-0', 'B-1']), `View Rows output ${show(view)}`);
	check(view.every((r) => r.id === String(bySku.get(String(r.sku))?.id)), `View Rows ids ${show(view.map((r) => r.id))} are not the stored ones`);
	proven.push('Data View Get Many: the view\'s rows and columns, int8 ids exact');

	// SQL: 19-digit ids exact, as strings of the stored digits.
	const sql = nodeItems(raw, 'SQL');
	const expected = [SEED_ID, String(bySku.get('B-0')?.id), String(bySku.get(`B-${CREATED - 1}`)?.id)];
	check(same(sql.map((r) => r.id), expected) && expected.every((id) => /^\d{19}$/.test(id)), `SQL ids ${show(sql.map((r) => r.id))}, expected ${show(expected)}`);
	check(BigInt(expected[2]) - BigInt(expected[1]) === BigInt(CREATED - 1), `SQL: serial ids not consecutive: ${expected.join(', ')}`);
	check(same(sql.map((r) => r.sku), ['SEED-1', 'B-0', `B-${CREATED - 1}`]), `SQL skus ${show(sql)}`);
	proven.push(`Execute SQL: 19-digit ids exact as strings (${expected.join(', ')})`);

	// The metacharacter value: only M-1, as a single condition and inside or=().
	for (const name of ['Filter All', 'Filter Any']) {
		const found = nodeItems(raw, name);
		check(same(found, [{ sku: 'M-1', customer: META }]), `${name}: ${show(found)}, expected only M-1`);
	}
	// What went over the wire: the value percent-encoded (& = % + , : " \ and spaces), quoted inside or=().
	const filters = requests
		.filter((r) => r.method === 'GET' && r.path.endsWith(`/tables/${TABLE}/records`))
		.map((r) => new URLSearchParams(r.query).get('filter'));
	const sentFilters = [
		'customer=eq.a%26b%3Dc%25d%2Be%2Cf.g%3A(h)%22i%5Cj%20k',
		'or=(customer.eq.%22a%26b%3Dc%25d%2Be%2Cf.g%3A(h)%5C%22i%5C%5Cj%20k%22)',
	];
	check(same(filters, sentFilters), `filters sent ${show(filters)}, expected ${show(sentFilters)}`);
	proven.push(`a value full of PostgREST metacharacters matches only its own row, alone and in or=() (filters sent: ${filters.join('  ')})`);
	return proven;
}
