import type { IDataObject } from 'n8n-workflow';

import { apiName, bool, digitsId, email, stringList, text } from '../../engine/values';
import { Int64 } from '../../engine/exact-json';
import { DOCS, namespace, params } from '../shared/fields';
import type { FieldContext, ResourceDefinition } from '../../engine/types';

/**
 * ASSUMPTION: Feishu documents only that a repeated `idempotent_key` "will report an error", not the
 * code; this is the emulator's. Met on a retry, it means the first attempt arrived (see the transport).
 */
export const REPEATED_IDEMPOTENT_KEY_CODE = 2320010;

/**
 * The default idempotency key: the same for the same item of the same execution, so a retry of a
 * request whose answer was lost cannot start the flow a second time, while every new execution runs.
 */
export function defaultIdempotentKey({ executionId, nodeId, itemIndex }: FieldContext): string {
	return `n8n-${executionId}-${nodeId.replace(/-/g, '').slice(0, 12)}-${itemIndex}`;
}

/** Statuses Feishu reports for a flow that ran and failed. ASSUMPTION: the docs show only "end". */
const FAILED_STATUSES = new Set(['failed', 'fail', 'error', 'terminated', 'canceled', 'cancelled']);

/** A flow that ran but reports a failure (status, error_msg or code), in Feishu's words; else undefined. */
export function flowFailure(data: IDataObject): string | undefined {
	const status = typeof data.status === 'string' ? data.status : '';
	const errorMsg = typeof data.error_msg === 'string' ? data.error_msg : '';
	const code = data.code === undefined || data.code === null ? '' : String(data.code);
	if (!FAILED_STATUSES.has(status.toLowerCase()) && errorMsg === '' && (code === '' || code === '0')) return undefined;
	const what = [status && `status ${status}`, code && code !== '0' && `code ${code}`].filter(Boolean).join(', ');
	return `The flow ran and failed${what ? ` (${what})` : ''}${errorMsg ? `: ${errorMsg}` : ''}`;
}

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
					fallback: defaultIdempotentKey,
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
			jsonStringKeys: ['operator'],
			output: { kind: 'acknowledge', parse: ['out_params'], echo: ['idempotent_key'] },
			failure: flowFailure,
			repeatedKeyCode: REPEATED_IDEMPOTENT_KEY_CODE,
			rateLimits: [{ limit: 100, windowMs: 60_000 }],
		},
	],
};
