import type { INodePropertyOptions, NodePropertyTypes } from 'n8n-workflow';

/** Resources as they appear in the node's "Resource" selector (public names: saved workflows use them). */
export type ResourceName = 'approvalInstance' | 'approvalTask' | 'userTask';

/**
 * One Feishu request or response field. The same row gives the n8n parameter (name, type, default,
 * description), the check run on its value, and the key it is sent under.
 */
export interface FieldSpec {
	/** n8n parameter name (public: saved workflows reference it). */
	param: string;
	/** Key in the Feishu JSON body (or the path placeholder). */
	api: string;
	displayName: string;
	description: string;
	type: NodePropertyTypes;
	/** Required fields are top-level parameters; optional ones sit in the operation's Options collection. */
	required: boolean;
	default: string | number | boolean | string[];
	placeholder?: string;
	options?: INodePropertyOptions[];
	/** Turns the parameter value into what Feishu expects, or throws `InvalidValue`. */
	shape: (value: unknown) => unknown;
}

/** Feishu lists that are paged with string `limit` / `offset` and return `count` as a string. */
export interface OffsetPagination {
	/** Key of the total in `data`. */
	countKey: string;
	/** Largest page Feishu accepts. */
	maxPageSize: number;
}

/**
 * What one call's output looks like:
 * - `acknowledge`: one item saying what was acted on (`success`, the path id, Feishu's `data`, `log_id`);
 * - `list`: one item per entry of `data[itemsKey]`, Feishu's field names kept as they are.
 */
export type OutputShape = { kind: 'acknowledge' } | { kind: 'list'; itemsKey: string };

export interface OperationSpec {
	resource: ResourceName;
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
	/** Path under /open-apis/apaas/v1/, with `{placeholder}` for the path field. */
	path: string;
	/** The id that goes into the path; digits only. */
	pathField?: FieldSpec;
	fields: FieldSpec[];
	output: OutputShape;
	/** Only for `list` outputs that Feishu pages. */
	pagination?: OffsetPagination;
}

