import { apiName, bool, digitsId, email, stringList, text } from '../../engine/values';
import { Int64 } from '../../engine/exact-json';
import { DOCS, namespace, params } from '../shared/fields';
import type { ResourceDefinition } from '../../engine/types';
import { executeFlow } from './execute';

/** Flow: an aPaaS flow (自动化流程) run from n8n. */
export const flow: ResourceDefinition = {
	value: 'flow',
	name: 'Flow',
	description: 'Run an aPaaS flow (自动化流程)',
	authentication: 'tenantToken',
	scopes: ['app_engine:application.flow:write'],
	// ASSUMPTION: Feishu's pages we could read name no scope for these APIs; check them in the developer console.
	scopesAssumed: true,
	operations: [
		{
			resource: 'flow',
			operation: 'execute',
			name: 'Execute',
			action: 'Execute a flow',
			description:
				"Runs an aPaaS flow by its API name as a given aPaaS user, with input parameters, and outputs its status, execution_id and output parameters (out_params, parsed). A flow that ran and failed is an item error with Feishu's words. Every run carries an idempotent key, stable per item and execution, so a retry never starts the flow twice.",
			docsUrl: `${DOCS}/application-flow/execute`,
			method: 'POST',
			path: 'applications/{namespace}/flows/{flow_id}/execute',
			pathFields: [
				namespace,
				{
					param: 'flowId',
					api: 'flow_id',
					displayName: 'Flow API Name',
					description: 'API name of the flow, from the flow\'s settings in the aPaaS developer console',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'approve_order',
					shape: apiName,
				},
			],
			fields: [
				{
					param: 'operatorUserId',
					api: 'operator._id',
					displayName: 'Operator User ID',
					description: 'The aPaaS user _id the flow runs as (digits). Or set Options → Operator Email instead.',
					type: 'string',
					required: false,
					topLevel: true,
					requiredUnless: 'operatorEmail',
					default: '',
					placeholder: '1700000000000001',
					// Feishu's operator is a JSON string whose _id is an int64: written as a bare number, exactly.
					shape: (value) => new Int64(digitsId(value)),
				},
				params('Input parameters of the flow, as a JSON object keyed by parameter API name'),
				{
					param: 'operatorEmail',
					api: 'operator.email',
					displayName: 'Operator Email',
					description: 'The email of the aPaaS user the flow runs as, instead of (or besides) Operator User ID',
					type: 'string',
					required: false,
					default: '',
					placeholder: 'name@example.com',
					shape: email,
				},
				{
					param: 'isAsync',
					api: 'is_async',
					displayName: 'Asynchronous',
					description: 'Whether to return at once with the execution_id instead of waiting for the flow to end',
					type: 'boolean',
					required: false,
					default: false,
					shape: bool,
				},
				{
					param: 'idempotentKey',
					api: 'idempotent_key',
					displayName: 'Idempotent Key',
					description:
						'Feishu runs a key once and refuses it when repeated. Default: one key per item and execution, so retries are safe and every new execution runs. Set your own to run a flow once across executions.',
					type: 'string',
					required: false,
					default: '',
					shape: text,
					},
				{
					param: 'loopMasks',
					api: 'loop_masks',
					displayName: 'Loop Masks',
					description: "Feishu's loop_masks of the flow run, comma-separated",
					type: 'string',
					required: false,
					default: '',
					shape: stringList,
				},
			],
			execute: executeFlow,
			rateLimits: [{ limit: 100, windowMs: 60_000 }],
		},
	],
};
