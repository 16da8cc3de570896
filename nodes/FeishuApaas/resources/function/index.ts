import { apiName } from '../../engine/values';
import { DOCS, namespace, params } from '../shared/fields';
import { TEN_PER_SECOND } from '../shared/limits';
import type { ResourceDefinition } from '../../engine/types';
import { invokeFunction } from './result';

/** Function: an aPaaS cloud function (云函数) invoked from n8n. */
export const functionResource: ResourceDefinition = {
	value: 'function',
	name: 'Function',
	description: 'Invoke an aPaaS cloud function (云函数)',
	authentication: 'tenantToken',
	scopes: ['app_engine:application.function:write'],
	// ASSUMPTION: Feishu's pages we could read name no scope for these APIs; check them in the developer console.
	scopesAssumed: true,
	operations: [
		{
			resource: 'function',
			operation: 'invoke',
			name: 'Invoke',
			action: 'Invoke a function',
			description:
				"Invokes an aPaaS cloud function by its API name with input parameters and outputs its result, parsed: an object as the item, a list as one item per entry, a single value under result. int64 values come out as exact strings.",
			docsUrl: `${DOCS}/application-function/invoke`,
			method: 'POST',
			path: 'applications/{namespace}/functions/{function_api_name}/invoke',
			pathFields: [
				namespace,
				{
					param: 'functionApiName',
					api: 'function_api_name',
					displayName: 'Function API Name',
					description: 'API name of the cloud function, from the aPaaS developer console',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'calculate_discount',
					shape: apiName,
				},
			],
			fields: [params('Input parameters of the function, as a JSON object')],
			execute: invokeFunction,
			rateLimits: TEN_PER_SECOND,
		},
	],
};
