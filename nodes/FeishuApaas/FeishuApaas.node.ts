import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { scheduleItems } from './engine/item-scheduler';
import { buildProperties, subtitleExpression } from './engine/properties';
import type { OperationSpec } from './engine/types';
import { METHODS } from './methods';
import { DEFAULT_RESOURCES, findOperation, OPERATIONS, RESOURCES } from './resources';
import { forOneRun } from './transport/run-credentials';

export class FeishuApaas implements INodeType {
	methods = METHODS;

	description: INodeTypeDescription = {
		displayName: 'Feishu aPaaS',
		name: 'feishuApaas',
		icon: { light: 'file:feishuApaas.svg', dark: 'file:feishuApaas.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleExpression(RESOURCES),
		// The first sentence is the trigger's too: the nodes panel's merged entry shows the trigger's description.
		description: 'Feishu / Lark aPaaS: human tasks, records, OQL, flows, functions, variables, roles, the data platform and administration',
		defaults: {
			name: 'Feishu aPaaS',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'feishuApaasApi',
				required: true,
				displayOptions: { show: { authentication: ['tenantToken'] } },
			},
			{
				name: 'feishuApaasOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['userToken'] } },
			},
		],
		properties: buildProperties(RESOURCES, OPERATIONS, DEFAULT_RESOURCES),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getInputData().length === 0) return [[]];
		// This run's requests share one read of the stored credential (see transport/run-credentials.ts).
		return await scheduleItems.call(forOneRun(this), operationOf(this));
	}
}

/**
 * The operation of this run. Resource and operation take no expressions (`noDataExpression`), so they
 * are the same for every item and are read once, not per item.
 */
function operationOf(ctx: IExecuteFunctions): OperationSpec {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const spec = findOperation(resource, operation);
	if (!spec) {
		throw new NodeOperationError(ctx.getNode(), `Unsupported operation "${operation}" for resource "${resource}"`);
	}
	return spec;
}
