import { apiName, text } from '../../engine/values';
import { DOCS, namespace } from '../shared/fields';
import { TEN_PER_SECOND } from '../shared/limits';
import type { ResourceDefinition } from '../../engine/types';

const ABOUT = 'Each item is Feishu\'s variable: api_name, label, description, value (encrypted ones come masked), is_encrypted, type, created_at, updated_at.';

/** Environment Variable: an aPaaS application's environment variables (环境变量). */
export const environmentVariable: ResourceDefinition = {
	value: 'environmentVariable',
	name: 'Environment Variable',
	description: 'Read an aPaaS application\'s environment variables',
	authentication: 'tenantToken',
	scopes: ['app_engine:application.environment_variable:read'],
	// ASSUMPTION: Feishu's pages we could read name no scope for these APIs; check them in the developer console.
	scopesAssumed: true,
	operations: [
		{
			resource: 'environmentVariable',
			operation: 'get',
			name: 'Get',
			action: 'Get an environment variable',
			description: `Reads one environment variable of an aPaaS application by its API name. ${ABOUT}`,
			docsUrl: `${DOCS}/application-environment_variable/get`,
			method: 'GET',
			path: 'applications/{namespace}/environment_variables/{environment_variable_api_name}',
			pathFields: [
				namespace,
				{
					param: 'environmentVariableApiName',
					api: 'environment_variable_api_name',
					displayName: 'Environment Variable API Name',
					description: 'The environment variable: pick it from the list (the application\'s variables, searchable) or type its API name',
					type: 'resourceLocator',
					property: {
						modes: [
							{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchEnvironmentVariables', searchable: true } },
							{ displayName: 'By API Name', name: 'name', type: 'string', placeholder: 'api_base_url' },
						],
					},
					required: true,
					default: { __rl: true, mode: 'list', value: '' },
					placeholder: 'api_base_url',
					shape: apiName,
				},
			],
			fields: [],
			output: { kind: 'record', itemKey: 'item' },
			rateLimits: TEN_PER_SECOND,
		},
		{
			resource: 'environmentVariable',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many environment variables',
			description: `Lists the environment variables of an aPaaS application, one item per variable, optionally matching a search text. ${ABOUT}`,
			docsUrl: `${DOCS}/application-environment_variable/query`,
			method: 'POST',
			path: 'applications/{namespace}/environment_variables/query',
			pathFields: [namespace],
			fields: [
				{
					param: 'quickQuery',
					api: 'filter.quick_query',
					displayName: 'Search',
					description: 'Only variables whose API name or label contains this text',
					type: 'string',
					required: false,
					default: '',
					shape: text,
				},
			],
			output: { kind: 'list', itemsKey: 'items' },
			pagination: { kind: 'offset', countKey: 'total', maxPageSize: 500, numbers: true },
			rateLimits: TEN_PER_SECOND,
		},
	],
};
