/**
 * Fields the data-platform resources share (workspace tables: dataTable, dataRecord, dataView, dataEnum,
 * workspace). All of them take the user's token (the OAuth2 credential).
 */
import type { INodeProperties } from 'n8n-workflow';

import type { FieldSpec } from '../../engine/types';
import { InvalidValue } from '../../engine/values';
import { TEN_PER_SECOND } from './limits';
import { parseWorkspaceId } from './workspace-id';

export const DATA_DOCS = 'https://open.feishu.cn/document/apaas-v1/workspace';

/**
 * 10 requests/s per app and API: documented for records_batch_update; ASSUMPTION for the other
 * workspace APIs (their pages state no limit; the same family is assumed to share it).
 */
export const WORKSPACE_LIMITS = TEN_PER_SECOND;

/** Documented: at most 500 rows per records POST / records_batch_update, and per page. */
export const MAX_ROWS_PER_REQUEST = 500;

export const WORKSPACE = 'workspaces/{workspace_id}';

export const workspaceId: FieldSpec = {
	param: 'workspaceId',
	api: 'workspace_id',
	displayName: 'Workspace',
	description:
		'The workspace ID, or the data platform URL pasted as is (…/suda/workspace/<workspace_id>/…)',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'https://apaas.feishu.cn/suda/workspace/ws_xxxx/…',
	shape: (value) => {
		const id = parseWorkspaceId(value);
		if (id instanceof Error) throw new InvalidValue(id.message.replace(/^Workspace:? ?/, ''));
		return id;
	},
};

/** ASSUMPTION: table, view and enum names are identifiers (letters, digits, _), as Postgres names unquoted. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * ASSUMPTION: no name is longer (Postgres keeps 63 bytes of a name; Feishu documents none). A longer one
 * would only be refused further on, by the HTTP server's header limit (HTTP 431).
 */
const MAX_NAME_LENGTH = 200;

/** The value of a resource locator (`{__rl, mode, value}`) or a plain string. */
export function locatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && '__rl' in value) return (value as { value?: unknown }).value;
	return value;
}

function identifier(what: string) {
	return (value: unknown): string => {
		const raw = locatorValue(value);
		const text = typeof raw === 'string' ? raw.trim() : '';
		if (text === '') throw new InvalidValue(`is required: pick a ${what} from the list or enter its name`);
		if (!NAME.test(text)) throw new InvalidValue(`must be a ${what} name (letters, digits and _), got "${text.slice(0, 60)}"`);
		if (text.length > MAX_NAME_LENGTH) throw new InvalidValue(`must be a ${what} name of at most ${MAX_NAME_LENGTH} characters, got ${text.length}`);
		return text;
	};
}

/**
 * A Table / View / Enum locator: From List (`list`) and By Name (`name`), the public modes. `noList`: the
 * hint of a list Feishu offers no API for (the mode stays, saved workflows and the contract name it),
 * and By Name is the default, so a new node opens on the mode that works.
 */
function locator(what: string, searchListMethod: string, placeholder: string, noList?: string): Partial<INodeProperties> {
	return {
		default: { mode: noList ? 'name' : 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: noList ? `No list: enter the ${what}'s name in By Name` : `Select a ${what}…`,
				...(noList ? { hint: noList } : {}),
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: NAME.source, errorMessage: `Not a ${what} name (letters, digits and _)` },
					},
				],
			},
		],
	};
}

export const tableName: FieldSpec = {
	param: 'tableName',
	api: 'table_name',
	displayName: 'Table',
	description: 'The data-platform table',
	type: 'resourceLocator',
	required: true,
	default: '',
	property: locator('table', 'searchTables', 'orders'),
	shape: identifier('table'),
};

/**
 * Feishu's aPaaS v1 API has no endpoint that lists a workspace's views (the reference's 11 workspace
 * endpoints and the official SDK's `workspaceView` hold only `views/:view_name/records`), and the tables
 * list does not include them.
 */
export const VIEWS_NOT_LISTED =
	"Feishu's API cannot list a workspace's views (it lists tables and enums only), so this list stays empty. Choose By Name and enter the view's name as the data platform shows it.";

export const viewName: FieldSpec = {
	param: 'viewName',
	api: 'view_name',
	displayName: 'View',
	description: 'The data-platform view',
	type: 'resourceLocator',
	required: true,
	default: '',
	property: locator('view', 'searchViews', 'open_orders', VIEWS_NOT_LISTED),
	shape: identifier('view'),
};

export const enumName: FieldSpec = {
	param: 'enumName',
	api: 'enum_name',
	displayName: 'Enum',
	description: 'The data-platform enum (custom option set)',
	type: 'resourceLocator',
	required: true,
	default: '',
	property: locator('enum', 'searchEnums', 'order_status'),
	shape: identifier('enum'),
};

/** Scopes (named in a generated SDK's doc comments). */
export const SCOPES = {
	tableRead: 'app_engine:workspace.table:read',
	tableWrite: 'app_engine:workspace.table:write',
	recordRead: 'app_engine:workspace.table.record:read',
	recordWrite: 'app_engine:workspace.table.record:write',
	sql: 'app_engine:workspace.sql_commands:write',
} as const;

const COLUMN_LIST = /^(\*|[A-Za-z_][A-Za-z0-9_]*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)$/;
const ORDER_LIST = /^[A-Za-z_][A-Za-z0-9_]*(\.(asc|desc|nullsfirst|nullslast))*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*(\.(asc|desc|nullsfirst|nullslast))*)*$/;

/** Query `select`: columns to return, comma-separated (PostgREST). */
export const selectColumns: FieldSpec = {
	param: 'select',
	api: 'select',
	in: 'query',
	displayName: 'Columns to Return',
	description: 'Columns to return, comma-separated (PostgREST select); all columns when empty',
	type: 'string',
	required: false,
	default: '',
	placeholder: 'id, sku, qty',
	shape: (value) => {
		const text = typeof value === 'string' ? value.trim() : '';
		if (!COLUMN_LIST.test(text)) throw new InvalidValue('must be column names separated by commas (or *)');
		return text.replace(/\s+/g, '');
	},
};

/** Query `order`: `column.asc|desc`, comma-separated (PostgREST). */
export const orderColumns: FieldSpec = {
	param: 'order',
	api: 'order',
	in: 'query',
	displayName: 'Sort',
	description: 'PostgREST order: column.asc or column.desc (optionally .nullsfirst / .nullslast), comma-separated',
	type: 'string',
	required: false,
	default: '',
	placeholder: 'created.desc, id',
	shape: (value) => {
		const text = typeof value === 'string' ? value.trim() : '';
		if (!ORDER_LIST.test(text)) throw new InvalidValue('must be column.asc / column.desc terms separated by commas');
		return text.replace(/\s+/g, '');
	},
};

/** Records and view records page by `page_token` in the query; the next token comes back as `page_token`. */
export const ROW_PAGES = { kind: 'pageToken', maxPageSize: MAX_ROWS_PER_REQUEST, in: 'query', nextTokenKey: 'page_token' } as const;
