/**
 * Runs a shipped example workflow (examples/*.workflow.json) through n8n's engine against the
 * emulator: its Manual Trigger becomes the test node that emits one empty item (n8n-nodes-base is
 * not loaded in the engine tests), its one credential points at the emulator.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { FeishuEmulator } from '../../emulator';
import { REPO_ROOT, runWorkflow, TEST_ITEMS_NODE_TYPE, type WorkflowNode, type WorkflowRunResult } from './harness';
import { credentialSeed, NODE_TYPE } from './feishu';

export interface ExampleRun {
	result: WorkflowRunResult;
	/** The example's Feishu aPaaS nodes. */
	feishuNodes: WorkflowNode[];
}

export async function runExample(file: string, emulator: FeishuEmulator): Promise<ExampleRun> {
	const example = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8')) as {
		nodes: Array<WorkflowNode & { credentials?: Record<string, { id: string; name: string }> }>;
		connections: Parameters<typeof runWorkflow>[0]['connections'];
		settings: Parameters<typeof runWorkflow>[0]['settings'];
	};
	const trigger = example.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`${file} has no Manual Trigger`);
	const nodes = example.nodes.map((node) => (node === trigger ? { ...node, type: TEST_ITEMS_NODE_TYPE, parameters: { items: '[{}]' } } : node));
	const feishuNodes = nodes.filter((n) => n.type === NODE_TYPE);
	const credentialIds = new Set(feishuNodes.map((n) => n.credentials?.feishuApaasApi?.id));
	if (credentialIds.size !== 1) throw new Error(`${file} should use one credential, uses ${credentialIds.size}`);
	const [credentialId] = [...credentialIds] as string[];
	const result = await runWorkflow({
		nodes,
		connections: example.connections,
		settings: example.settings,
		credentials: { [credentialId]: credentialSeed(emulator) },
	});
	return { result, feishuNodes };
}
