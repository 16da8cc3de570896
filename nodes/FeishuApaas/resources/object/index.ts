import { jsonArrayStringUnlessEmpty, jsonObjectStringUnlessEmpty, oneOf, requiredText, searchObjects } from '../../engine/values';
import { DOCS, namespace } from '../shared/fields';
import { RECORD_LIMITS } from '../shared/limits';
import { filterBuilderProperties } from '../shared/filter-builder';
import { searchRecords } from './search';
import type { ResourceDefinition } from '../../engine/types';
import { executeOql } from './oql-rows';

/** Object: queries across an application's objects (OQL, full-text search). */
export const object: ResourceDefinition = {
	value: 'object',
	name: 'Object',
	description: 'Queries across an aPaaS application\'s objects: OQL and search',
	authentication: 'tenantToken',
	scopes: ['app_engine:application.record:read'],
	// ASSUMPTION: Feishu's pages we could read name no scope for these APIs; check them in the developer console.
	scopesAssumed: true,
	operations: [
		{
			resource: 'object',
			operation: 'oqlQuery',
			name: 'Execute OQL',
			action: 'Execute an OQL query',
			description:
				'Runs an OQL statement (aPaaS\'s SQL-like query language) in an application and outputs one item per row, keyed by the selected columns. Page with LIMIT / OFFSET in the statement. int64 values come out as exact strings.',
			docsUrl: `${DOCS}/application-object/oql_query`,
			method: 'POST',
			path: 'applications/{namespace}/objects/oql_query',
			pathFields: [namespace],
			fields: [
				{
					param: 'query',
					api: 'query',
					displayName: 'Query',
					description: 'The OQL statement, e.g. SELECT _id, name FROM customer WHERE amount > $1 LIMIT 100',
					type: 'string',
					typeOptions: { rows: 4 },
					required: true,
					default: '',
					placeholder: 'SELECT _id, name FROM customer LIMIT 100',
					shape: requiredText,
				},
				{
					param: 'args',
					api: 'args',
					displayName: 'Arguments (JSON Array)',
					description: 'Values for $1, $2, … in the statement, as a JSON array: [100, "Beijing"]',
					type: 'json',
					required: false,
					default: '[]',
					shape: jsonArrayStringUnlessEmpty,
				},
				{
					param: 'namedArgs',
					api: 'named_args',
					displayName: 'Named Arguments (JSON Object)',
					description: 'Values for $name placeholders in the statement, as a JSON object: {"city": "Beijing"}',
					type: 'json',
					required: false,
					default: '{}',
					shape: jsonObjectStringUnlessEmpty,
				},
			],
			execute: executeOql,
			rateLimits: RECORD_LIMITS,
		},
		{
			resource: 'object',
			operation: 'search',
			name: 'Search',
			action: 'Search records',
			description:
				'Full-text search over the records of an application\'s objects; one item per record found, paging by page token. int64 values come out as exact strings.',
			docsUrl: `${DOCS}/application-object/search`,
			method: 'POST',
			path: 'applications/{namespace}/objects/search',
			pathFields: [namespace],
			fields: [
				{
					param: 'searchText',
					api: 'q',
					displayName: 'Search Text',
					description: 'Text to search for',
					type: 'string',
					required: true,
					default: '',
					shape: requiredText,
				},
				{
					param: 'searchObjects',
					api: 'search_objects',
					displayName: 'Objects to Search',
					description:
						'API names of the objects to search, comma-separated (default: all), or Feishu\'s search_objects as a JSON array to name search_fields and select per object',
					type: 'string',
					required: false,
					default: '',
					placeholder: 'customer, order',
					shape: searchObjects,
				},
				{
					param: 'metadata',
					api: 'metadata',
					displayName: 'Metadata',
					description: 'Which field set Feishu returns per record: the labels, or the fields of the search layout',
					type: 'options',
					required: false,
					default: 'Label',
					options: [
						{ name: 'Label', value: 'Label' },
						{ name: 'Search Layout', value: 'SearchLayout' },
					],
					shape: oneOf(['Label', 'SearchLayout']),
				},
			],
			output: { kind: 'list', itemsKey: 'records', json: true },
			pagination: { kind: 'pageToken', maxPageSize: 2000, pageSizeAsString: true },
			rateLimits: RECORD_LIMITS,
			properties: filterBuilderProperties,
			execute: searchRecords,
		},
	],
};
