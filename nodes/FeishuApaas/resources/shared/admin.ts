/**
 * What the administration resources share (apps, audit and data-change logs, seats, metrics): the
 * user-token namespace picker, the log fields and the paging of Feishu's GET lists.
 */
import type { INodeParameterResourceLocator } from 'n8n-workflow';

import type { FieldSpec, PageTokenPagination } from '../../engine/types';
import { apiName, epochMillis, InvalidValue, stringList, text } from '../../engine/values';
import { namespace } from './fields';

/** The value of a resource locator (`{__rl, mode, value}`), or the value itself (a plain text field, an expression). */
export function locatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && (value as INodeParameterResourceLocator).__rl === true) {
		return (value as INodeParameterResourceLocator).value;
	}
	return value;
}

/** The name of n8n's list-search method that lists the tenant's apps (methods/app.ts). */
export const SEARCH_APPS = 'searchApps';

/**
 * `namespace` under the user credential: a searchable list of the tenant's apps (from Get Many Apps)
 * beside "By Name". Saved as `{"__rl": true, "mode": "name", "value": "package_abc__c"}`.
 */
export const namespaceLocator: FieldSpec = {
	...namespace,
	type: 'resourceLocator',
	description: 'The aPaaS application: pick one of the tenant\'s apps, or give its namespace (API name, e.g. package_abc__c)',
	default: { __rl: true, mode: 'list', value: '' },
	property: {
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an app…',
				typeOptions: { searchListMethod: SEARCH_APPS, searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'package_abc__c' },
		],
	},
	shape: (value) => apiName(locatorValue(value)),
};

/** Feishu's GET lists paged by token in the query string, answering the next token as `page_token`. */
export function queryPageToken(maxPageSize: number): PageTokenPagination {
	return { kind: 'pageToken', maxPageSize, pageSizeAsString: true, in: 'query', nextTokenKey: 'page_token' };
}

/** A date-time bound of a log query, sent as ms since the epoch (a string). ASSUMPTION (issue 20): ms, inclusive. */
export function timeBound(param: 'from' | 'to'): FieldSpec {
	return {
		param,
		api: param,
		displayName: param === 'from' ? 'From' : 'To',
		description:
			param === 'from'
				? 'Oldest entries to return: the start of the time range (inclusive)'
				: 'Newest entries to return: the end of the time range (inclusive)',
		type: 'dateTime',
		required: true,
		default: '',
		in: 'query',
		shape: epochMillis,
	};
}

export const quickQuery: FieldSpec = {
	param: 'quickQuery',
	api: 'quick_query',
	displayName: 'Search',
	description: 'Fuzzy search over the entries (Feishu\'s quick_query), e.g. an IP address or "Intel Mac OS"',
	type: 'string',
	required: false,
	default: '',
	in: 'query',
	shape: text,
};

export const logFilter: FieldSpec = {
	param: 'filter',
	api: 'filter',
	displayName: 'Filter',
	description: 'Feishu\'s filter expression for the list, sent as given',
	type: 'string',
	required: false,
	default: '',
	in: 'query',
	shape: text,
};

export const logColumns: FieldSpec = {
	param: 'columns',
	api: 'columns',
	displayName: 'Columns',
	description: 'Only these fields of each entry, comma-separated (e.g. op_type,operator,client_ip); log_id and op_time always come; empty = all',
	type: 'string',
	required: false,
	default: '',
	in: 'query',
	shape: (value) => {
		const names = stringList(value);
		const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
		if (bad !== undefined) throw new InvalidValue(`has an entry that is not a field name: ${JSON.stringify(bad)}`);
		return names;
	},
};

export const sortOrder: FieldSpec = {
	param: 'sortOrder',
	api: 'sort_order',
	displayName: 'Order',
	description: 'Oldest entries first (default) or newest first. Return All reads the whole range in this order.',
	type: 'options',
	options: [
		{ name: 'Oldest First', value: 'asc' },
		{ name: 'Newest First', value: 'desc' },
	],
	required: false,
	default: 'asc',
	in: 'query',
	shape: (value) => {
		if (value === 'asc' || value === 'desc') return value;
		throw new InvalidValue(`must be asc or desc, got ${JSON.stringify(value)}`);
	},
};

export const logId: FieldSpec = {
	param: 'logId',
	api: 'log_id',
	displayName: 'Log ID',
	description: 'ID of the log entry (log_id of a Get Many item)',
	type: 'string',
	required: true,
	default: '',
	placeholder: '7405456257290600492',
	in: 'query',
	shape: (value) => {
		const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
		if (typeof id === 'string' && /^\d{1,19}$/.test(id.trim())) return id.trim();
		throw new InvalidValue(`must be a log ID (digits), got ${JSON.stringify(value)}`);
	},
};
