/** The trigger as n8n loads it: its description, and that its parameters are the Query row's. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { findOperation } from '../../../nodes/FeishuApaas/resources';
import { loadPackage, REPO_ROOT } from '../../helpers/harness';

const TYPE = 'n8n-nodes-feishu-apaas.feishuApaasTrigger';

describe('Feishu aPaaS Trigger: description', () => {
	let properties: INodeProperties[];
	let description: INodeType['description'];
	let loaded: Awaited<ReturnType<typeof loadPackage>>;
	beforeAll(async () => {
		loaded = await loadPackage();
		description = (loaded.nodeTypes.getByNameAndVersion(TYPE, 1) as INodeType).description;
		properties = description.properties;
	});

	it('is a polling trigger named as promised, with the package credential and no inputs', () => {
		expect(description).toMatchObject({
			name: 'feishuApaasTrigger',
			displayName: 'Feishu aPaaS Trigger',
			polling: true,
			group: ['trigger'],
			inputs: [],
			credentials: [
				{ name: 'feishuApaasApi', required: true, displayOptions: { show: { authentication: ['tenantToken'] } } },
				{ name: 'feishuApaasOAuth2Api', required: true, displayOptions: { show: { authentication: ['userToken'] } } },
			],
		});
		expect(properties.find((p) => p.name === 'authentication')).toMatchObject({ type: 'options', default: 'tenantToken' });
		// n8n's loader adds Poll Times to polling nodes.
		expect(properties[0]).toMatchObject({ name: 'pollTimes', default: { item: [{ mode: 'everyMinute' }] } });
		expect(properties.find((p) => p.name === 'event')).toMatchObject({
			type: 'options',
			default: 'newUserTask',
			options: [
				expect.objectContaining({ name: 'New User Task', value: 'newUserTask' }),
				expect.objectContaining({ name: 'New Audit Log Event', value: 'newAuditLogEvent' }),
			],
		});
	});

	it("describes the nodes panel's merged Feishu aPaaS entry (n8n shows the trigger's description there), then itself", () => {
		expect(description.description).toMatch(/^Feishu \/ Lark aPaaS: human tasks, records, OQL, flows, functions, variables, roles, the data platform and administration\. This trigger starts/);
		// The action node's description is that first sentence, so the merged entry says the same whichever n8n shows.
		const action = (loaded.nodeTypes.getByNameAndVersion('n8n-nodes-feishu-apaas.feishuApaas', 1) as INodeType).description.description;
		expect(description.description.startsWith(`${action}. `)).toBe(true);
	});

	it('takes kunlunUserId, source, type and apiIds from the Query row (names, types, options, defaults)', () => {
		const query = findOperation('userTask', 'query');
		for (const name of ['kunlunUserId', 'source', 'type', 'apiIds']) {
			const field = query?.fields.find((f) => f.param === name);
			const property = properties.find((p) => p.name === name);
			expect(field).toBeDefined();
			expect(property).toMatchObject({ displayName: field?.displayName, type: field?.type, default: field?.default });
			expect(property?.options).toEqual(field?.options);
		}
		expect(properties.find((p) => p.name === 'kunlunUserId')?.required).toBe(true);
		expect(properties.find((p) => p.name === 'source')?.default).toBe('assignMe');
		expect(properties.find((p) => p.name === 'type')?.default).toBe('pending');
	});

	it('is listed in package.json and has its codex file and icons beside it', () => {
		const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		expect(pkg.n8n.nodes).toContain('dist/nodes/FeishuApaasTrigger/FeishuApaasTrigger.node.js');
		const dir = path.join(REPO_ROOT, 'dist', 'nodes', 'FeishuApaasTrigger');
		const codex = JSON.parse(readFileSync(path.join(dir, 'FeishuApaasTrigger.node.json'), 'utf8')) as { node: string };
		expect(codex.node).toBe(TYPE);
		for (const icon of ['feishuApaas.svg', 'feishuApaas.dark.svg']) expect(readFileSync(path.join(dir, icon), 'utf8')).toContain('<svg');
	});
});
