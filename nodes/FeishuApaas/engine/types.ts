import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	NodePropertyTypes,
} from 'n8n-workflow';

import type { RateWindow } from '../transport/pacer';

export type { RateWindow };

/**
 * Which token a resource's operations send: the tenant token the Feishu aPaaS API credential mints,
 * or a user's OAuth token (the user-token credential arrives with issue 19).
 */
export type Authentication = 'tenantToken' | 'userToken';

/**
 * One resource of the node's "Resource" selector and its operations: everything about it in one
 * place (`resources/<resource>/index.ts`). The value, and each row's operation value, are public names.
 */
export interface ResourceDefinition {
	/** Public resource value (saved workflows use it). */
	value: string;
	/** Display name in the Resource selector. */
	name: string;
	description: string;
	/** Which credential its operations use. */
	authentication: Authentication;
	/** Feishu scopes its operations need (a row may override with its own `scopes`); the README lists them. */
	scopes: string[];
	/**
	 * True when the scope names are not in Feishu's pages or the SDK we could read (ASSUMPTION): the
	 * README then tells users to check them in the developer console.
	 */
	scopesAssumed?: boolean;
	operations: OperationSpec[];
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * One Feishu request or response field. The same row gives the n8n parameter (name, type, default,
 * description), the check run on its value, and the key it is sent under.
 */
export interface FieldSpec {
	/** n8n parameter name (public: saved workflows reference it). */
	param: string;
	/**
	 * Key in the Feishu JSON body, the query string, or the path placeholder. A dotted key
	 * (`filter.quick_query`, `operator._id`) sets a value inside a nested object.
	 */
	api: string;
	displayName: string;
	description: string;
	type: NodePropertyTypes;
	/** Required fields are top-level parameters; optional ones sit in the operation's Options collection. */
	required: boolean;
	/** An optional field shown at the top level anyway (the main input of its operation). */
	topLevel?: boolean;
	/**
	 * Required unless this other parameter is set: the two are alternatives (an operator's user id or
	 * email; a role's users or departments). Checked before anything is sent.
	 */
	requiredUnless?: string;
	default: string | number | boolean | string[];
	placeholder?: string;
	options?: INodePropertyOptions[];
	/** Where the value goes: the JSON body (default) or the query string. Path fields are listed apart. */
	in?: 'body' | 'query';
	/** Extra n8n type options (e.g. rows of a text box). */
	typeOptions?: { rows?: number };
	/**
	 * More of the n8n parameter than the fields above describe (a resource locator's `modes`, a
	 * resource mapper's `typeOptions`), merged over what they give.
	 */
	property?: Partial<INodeProperties>;
	/** Turns the parameter value into what Feishu expects, or throws `InvalidValue`. */
	shape: (value: unknown) => unknown;
}

/** Feishu lists paged with `limit` / `offset` that return a total. */
export interface OffsetPagination {
	kind: 'offset';
	/** Key of the total in `data`. */
	countKey: string;
	/** Largest page Feishu accepts. */
	maxPageSize: number;
	/** Newer APIs type `limit` / `offset` as numbers; the human-task query as strings. */
	numbers?: boolean;
	/** Where the paging keys go: the JSON body (default) or the query string (GET lists: n8n drops GET bodies). */
	in?: 'body' | 'query';
}

/** Feishu lists paged with an opaque token: `page_token` in, `next_page_token` + `has_more` out. */
export interface PageTokenPagination {
	kind: 'pageToken';
	/** Largest page Feishu accepts (sent as `page_size`). */
	maxPageSize: number;
	/** Some APIs type `page_size` as a string (search), others as a number. */
	pageSizeAsString?: boolean;
	/** Sent with every page (batch_query needs `use_page_token: true` to page by token, not offset). */
	extraBody?: IDataObject;
	/** Where the paging keys go: the JSON body (default) or the query string (GET lists: n8n drops GET bodies). */
	in?: 'body' | 'query';
	/** Key of the next page's token in `data`: `next_page_token` (default); the data platform says `page_token`. */
	nextTokenKey?: string;
}

export type Pagination = OffsetPagination | PageTokenPagination;

/**
 * What one call's output looks like:
 * - `acknowledge`: one item saying what was acted on (`success`, the path ids, Feishu's `data`, `log_id`);
 * - `list`: one item per entry of `data[itemsKey]` (an array, or a JSON string of one when `json`);
 * - `record`: one item, the object `data[itemKey]` (in a JSON string when `json`).
 * JSON strings are parsed with int64 kept exact (see exact-json.ts). Outputs of one row only (OQL rows,
 * a function's result) are built by that row's own executor.
 */
export type OutputShape = AcknowledgeOutput | { kind: 'list'; itemsKey: string; json?: boolean } | { kind: 'record'; itemKey: string; json?: boolean };

export interface AcknowledgeOutput {
	kind: 'acknowledge';
	/** Keys of `data` holding JSON strings, output parsed. */
	parse?: string[];
	/** Request body keys repeated in the output (e.g. the idempotency key used, the ids sent). */
	echo?: string[];
}

export type ListOutput = Extract<OutputShape, { kind: 'list' }>;


/**
 * Operations that write records: each input item is one record, and up to `maxSize` of them go in
 * one request to the batch endpoint. With Records Per Request = 1 the row's own (single-record)
 * endpoint is used instead, one request per item.
 */
export interface BatchSpec {
	method: HttpMethod;
	/** Path of the batch endpoint, same placeholders as the row's path minus the record id. */
	path: string;
	/**
	 * What an item contributes: `record` (its fields), `recordWithId` (its fields plus `_id` from the
	 * record id), `id` (only the record id).
	 */
	entry: 'record' | 'recordWithId' | 'id';
	/** Body key of the batch: `records` (a JSON string of the array) or `ids` (a plain array). */
	bodyKey: 'records' | 'ids';
	/** Most records Feishu accepts in one request. */
	maxSize: number;
	/** Where an item's record fields come from (entries `record` and `recordWithId`): the resource's parameters. */
	input?: BatchInput;
}

/** The parameters a batch row reads an item's record from, and their reading (the resource's own). */
export interface BatchInput {
	/** Top-level parameters of the row (e.g. Fields Source, Record Fields). */
	properties(displayOptions: INodeProperties['displayOptions']): INodeProperties[];
	/** Entries of the row's Options collection. */
	options: INodeProperties[];
	/**
	 * The fields item `itemIndex` writes, checked for what JSON cannot carry (checkJsonValue); throws
	 * the invalid-value error naming the parameter and item.
	 */
	fieldsOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject;
	/** The parameter item `itemIndex`'s fields come from (named should they still not turn into JSON). */
	param(ctx: IExecuteFunctions, itemIndex: number): { displayName: string; name: string };
}

/**
 * A row's own executor, for a one-off no shared field describes (lark-openapi-mcp's customHandler):
 * built from engine pieces (buildRequest, send, the pagers, output), it returns the item's output JSON.
 */
export type OperationExecutor = (ctx: IExecuteFunctions, spec: OperationSpec, itemIndex: number) => Promise<IDataObject[]>;

export interface OperationSpec {
	/** The resource's value (resources/index.ts checks it against the resource the row is listed in). */
	resource: string;
	/** Operation value (public). */
	operation: string;
	/** Name in the Operation selector. */
	name: string;
	/** Action text shown in the nodes panel and to AI agents. */
	action: string;
	/** What it does, which ids it needs and where they come from (shown in the UI and to AI agents). */
	description: string;
	/** Feishu doc page for the API. */
	docsUrl: string;
	/** HTTP method; POST when absent. */
	method?: HttpMethod;
	/** Path under /open-apis/apaas/v1/, with `{api}` placeholders for the path fields. */
	path: string;
	/** The values that go into the path, in order; each shape admits only characters safe in a path. */
	pathFields?: FieldSpec[];
	fields: FieldSpec[];
	/** What the output looks like; only a row with its own `execute` may leave it out. */
	output?: OutputShape;
	/** Only for `list` outputs that Feishu pages. */
	pagination?: Pagination;
	/** Only for operations that write one record per item (create, update, delete). */
	batch?: BatchSpec;
	/** Feishu's documented limits for this API (per app); the pace used unless the user sets one. */
	rateLimits: readonly RateWindow[];
	/**
	 * Whether a request that got no answer (timeout, reset, 5xx) may be sent again. False where a
	 * repeat could write twice (record creates): those fail instead, saying the write may have happened.
	 */
	retryUnanswered?: boolean;
	/** Scopes of this row when they differ from its resource's (filled in from the resource otherwise). */
	scopes?: string[];
	/** Filled in from the resource by resources/index.ts. */
	authentication?: Authentication;
	/** The escape hatch: this row runs through its own executor instead of the engine's default one. */
	execute?: OperationExecutor;
	/**
	 * A row that handles all input items at once (Create or Update: lookups and writes shared across
	 * items), instead of one item at a time or the record-write runner. Returns one output per item.
	 */
	executeAll?: (ctx: IExecuteFunctions, spec: OperationSpec) => Promise<INodeExecutionData[]>;
	/**
	 * Top-level parameters of the row that no FieldSpec describes (the filter builder, Match Fields),
	 * shown after its required fields; read by the row's own executor.
	 */
	properties?: (displayOptions: INodeProperties['displayOptions']) => INodeProperties[];
	/** Entries the row's own executor reads from its Options collection. */
	extraOptions?: INodeProperties[];
}
