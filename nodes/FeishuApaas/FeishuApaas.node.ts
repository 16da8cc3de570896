import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { buildProperties } from './operations/properties';
import { route } from './router';

export class FeishuApaas implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu aPaaS',
		name: 'feishuApaas',
		icon: { light: 'file:feishuApaas.svg', dark: 'file:feishuApaas.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Feishu / Lark aPaaS: human tasks (query, cancel, agree, reject, …) and application data (records, OQL, search)',
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
			},
		],
		properties: buildProperties(),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
