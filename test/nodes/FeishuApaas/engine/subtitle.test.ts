/** The canvas subtitle as n8n's expression engine evaluates it: display names, not internal values. */
import { Workflow, type INode, type INodeTypes } from 'n8n-workflow';

import { FeishuApaas } from '../../../../nodes/FeishuApaas/FeishuApaas.node';

const type = new FeishuApaas();

function subtitle(parameters: INode['parameters']): unknown {
	const node: INode = { id: '1', name: 'Feishu aPaaS', type: 'feishuApaas', typeVersion: 1, position: [0, 0], parameters };
	const nodeTypes = { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, type.description.subtitle as string, 'internal', {});
}

describe('canvas subtitle', () => {
	it.each([
		['objectRecord', 'create', 'Create: Object Record'],
		['objectRecord', 'upsert', 'Create or Update: Object Record'],
		['objectRecord', 'getAll', 'Get Many: Object Record'],
		['approvalInstance', 'cancel', 'Cancel: Approval Instance'],
		['userTask', 'query', 'Query: User Task'],
	])('%s / %s → "%s"', (resource, operation, expected) => {
		expect(subtitle({ resource, operation })).toBe(expected);
	});
});
