/**
 * The Columns resource mapper of Data Record's writes (getColumns, methods/dataPlatform.ts) through
 * n8n-core's LoadOptionsContext, the way n8n's server answers the editor's resource-mapper-fields
 * request: the table's schema (one GET with the user token) as mapper fields — id, type, required,
 * defaultMatch, canBeUsedToMatch — per operation.
 */
import type { INodeParameters, ResourceMapperField } from 'n8n-workflow';

import { DEFAULT_APP, type FeishuEmulator, type WorkspaceSeed } from '../../../../emulator';
import { connectedCredential } from '../../../helpers/data-platform';
import { resourceMapping } from '../../../helpers/harness/load-options';
import { NODE_TYPE, useEmulator } from '../../../helpers/feishu';

const WS = 'ws_types';
const SCHEMAS: WorkspaceSeed = {
	id: WS,
	tables: [
		{
			name: 'items',
			columns: [
				{ name: 'id', data_type: 'int8', is_primary_key: true, is_auto_increment: true },
				{ name: 'code', data_type: 'text', is_unique: true, is_allow_null: false },
				{ name: 'title', data_type: 'varchar', is_allow_null: false, default_value: "'untitled'::character varying" },
				{ name: 'qty', data_type: 'int4', is_allow_null: false, default_value: '1' },
				{ name: 'price', data_type: 'numeric' },
				{ name: 'ratio', data_type: 'float8' },
				{ name: 'paid', data_type: 'bool', default_value: 'false' },
				{ name: 'due', data_type: 'date' },
				{ name: 'seen_at', data_type: 'timestamptz' },
				{ name: 'meta', data_type: 'jsonb' },
				{ name: 'tags', data_type: 'text', is_array: true },
				{ name: 'counts', data_type: 'int8', is_array: true },
				{ name: 'owner', data_type: 'uuid' },
				{ name: 'note', data_type: 'text', is_allow_null: false },
			],
		},
		{
			name: 'lines',
			columns: [
				{ name: 'order_id', data_type: 'int8', is_primary_key: true },
				{ name: 'line', data_type: 'int4', is_primary_key: true },
				{ name: 'sku', data_type: 'text' },
			],
		},
		{ name: 'notes', columns: [{ name: 'body', data_type: 'text' }, { name: 'slug', data_type: 'text', is_unique: true }] },
	],
};

/** A mapper field as getColumns builds it. */
const field = (id: string, type: ResourceMapperField['type'], flags: { required?: boolean; key?: boolean; unique?: boolean } = {}): ResourceMapperField => ({
	id,
	displayName: id,
	required: flags.required ?? false,
	defaultMatch: flags.key ?? false,
	canBeUsedToMatch: Boolean(flags.key || flags.unique),
	display: true,
	type,
});

/** `items` for Create (and Create or Update): the columns that need a value are required. */
const ITEMS_CREATE = [
	// int8 as text: a 19-digit id would lose digits as a JavaScript number.
	field('id', 'string', { key: true }),
	field('code', 'string', { required: true, unique: true }),
	field('title', 'string'),
	field('qty', 'number'),
	field('price', 'number'),
	field('ratio', 'number'),
	field('paid', 'boolean'),
	field('due', 'dateTime'),
	field('seen_at', 'dateTime'),
	field('meta', 'object'),
	field('tags', 'array'),
	field('counts', 'array'),
	field('owner', 'string'),
	field('note', 'string', { required: true }),
];
const notRequired = (fields: ResourceMapperField[]) => fields.map((f) => ({ ...f, required: false }));

describe('Columns mapper (getColumns through n8n-core\'s LoadOptionsContext)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { workspaces: [SCHEMAS] } });

	const columns = async (
		operation: string,
		options: { tableName?: unknown; workspaceId?: unknown; credential?: Record<string, unknown> } = {},
	) =>
		await resourceMapping('getColumns', {
			nodeType: NODE_TYPE,
			parameters: {
				authentication: 'userToken',
				resource: 'dataRecord',
				operation,
				workspaceId: (options.workspaceId ?? WS) as string,
				tableName: (options.tableName ?? { __rl: true, mode: 'list', value: 'items' }) as INodeParameters[string],
				columns: { mappingMode: 'defineBelow', value: null },
			},
			path: 'parameters.columns',
			credential: { type: 'feishuApaasOAuth2Api', data: (options.credential ?? (await connectedCredential(emulator))) as never },
		});
	const failure = async (operation: string, options: Parameters<typeof columns>[1] = {}) =>
		await columns(operation, options).then(() => undefined, (e: Error & { description?: string }) => e);
	const tableGets = () => emulator.requests.filter((r) => r.path.includes('/workspaces/'));

	it('Create: every user column with its type; required when it needs a value; the primary key matches by default', async () => {
		const { result } = await columns('create');
		expect(result).toEqual({ fields: ITEMS_CREATE });
		expect(tableGets().map((r) => [r.method, r.path])).toEqual([['GET', `/open-apis/apaas/v1/workspaces/${WS}/tables/items`]]);
		expect(tableGets()[0].headers.authorization).toMatch(/^Bearer u-/);
	});

	it('Create or Update: the same fields; the primary key and the unique columns can be matched on', async () => {
		const { result } = await columns('upsert');
		expect(result.fields).toEqual(ITEMS_CREATE);
		expect(result.fields.filter((f) => f.canBeUsedToMatch).map((f) => f.id)).toEqual(['id', 'code']);
	});

	it('Update (by filter): the same fields, none required', async () => {
		const { result } = await columns('update');
		expect(result.fields).toEqual(notRequired(ITEMS_CREATE));
	});

	it('Update Many (by _id): _id first and the only required field; the other system columns never', async () => {
		const { result } = await columns('updateMany');
		expect(result.fields).toEqual([field('_id', 'string', { required: true, key: true }), ...notRequired(ITEMS_CREATE)]);
	});

	it('a composite primary key: both columns match by default, and both are required to create', async () => {
		const { result } = await columns('upsert', { tableName: { __rl: true, mode: 'name', value: 'lines' } });
		expect(result.fields).toEqual([
			field('order_id', 'string', { required: true, key: true }),
			field('line', 'number', { required: true, key: true }),
			field('sku', 'string'),
		]);
	});

	it('no primary key of its own: nothing matches by default, a unique column can be matched on', async () => {
		const { result } = await columns('upsert', { tableName: 'notes' });
		expect(result.fields).toEqual([field('body', 'string'), field('slug', 'string', { unique: true })]);
	});

	it('the Workspace may be the pasted URL', async () => {
		const { result } = await columns('create', { workspaceId: `https://apaas.feishu.cn/suda/workspace/${WS}/table/items` });
		expect(result.fields).toEqual(ITEMS_CREATE);
	});

	it.each([
		['no table picked yet', { __rl: true, mode: 'list', value: '' }, /^Table is required: pick a table from the list or enter its name/],
		['a name that is not a table name', { __rl: true, mode: 'name', value: 'a/b' }, /^Table must be a table name/],
	])('%s: an error naming Table, nothing sent', async (_label, tableName, message) => {
		const credential = await connectedCredential(emulator);
		emulator.clearLog();
		const error = await failure('create', { tableName, credential });
		expect(error?.message).toMatch(message);
		expect(emulator.requests).toHaveLength(0);
	});

	it('an empty Workspace: an error naming it, nothing sent', async () => {
		const credential = await connectedCredential(emulator);
		emulator.clearLog();
		const error = await failure('create', { workspaceId: '', credential });
		expect(error?.message).toMatch(/^Workspace is empty/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('an unknown table: Feishu\'s code and message, without the token or the secret', async () => {
		const credential = await connectedCredential(emulator);
		const error = await failure('create', { tableName: { __rl: true, mode: 'name', value: 'missing' }, credential });
		expect(error?.message).toBe('Feishu error 2320001: param is invalid: table "missing" does not exist');
		const shown = `${error?.message} ${error?.description ?? ''} ${JSON.stringify(error)}`;
		const tokens = credential.oauthTokenData as { access_token: string; refresh_token: string };
		for (const secret of [tokens.access_token, tokens.refresh_token, DEFAULT_APP.appSecret]) expect(shown).not.toContain(secret);
	});
});
