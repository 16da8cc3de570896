/**
 * `npm run demo`: runs examples/query-and-cancel.workflow.json through n8n's real workflow engine.
 *
 * Offline (default): starts the Feishu emulator on 127.0.0.1 with sample data and prints what was
 * queried and cancelled. With FEISHU_APP_ID and FEISHU_APP_SECRET set it talks to a real tenant
 * instead, and only lists tasks unless FEISHU_DEMO_CANCEL=yes.
 */
import '../test/helpers/harness/env';

import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialDataDecryptedObject, IConnections, INodeExecutionData } from 'n8n-workflow';

import { FeishuEmulator } from '../emulator';
import { runWorkflow, TEST_ITEMS_NODE_TYPE, type WorkflowNode } from '../test/helpers/harness';

const EXAMPLE = path.join(__dirname, '..', 'examples', 'query-and-cancel.workflow.json');
const QUERY = 'Query User Tasks';
const CANCEL = 'Cancel Approval Instance';

interface ExampleWorkflow {
	nodes: WorkflowNode[];
	connections: IConnections;
}

function env(name: string): string | undefined {
	const value = process.env[name]?.trim();
	return value ? value : undefined;
}

function print(line = ''): void {
	process.stdout.write(`${line}\n`);
}

function taskLine(item: INodeExecutionData): string {
	const json = item.json as {
		task_id?: string;
		workflow_instance?: { id?: string; label?: Array<{ text?: string }>; status?: string };
		initiator?: { name?: string };
	};
	const label = json.workflow_instance?.label?.map((l) => l.text).filter(Boolean).join(' / ') ?? '';
	return `  task ${json.task_id}  instance ${json.workflow_instance?.id}  ${label}  (started by ${json.initiator?.name ?? '?'})`;
}

async function main(): Promise<void> {
	const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as ExampleWorkflow;
	const real = env('FEISHU_APP_ID') !== undefined && env('FEISHU_APP_SECRET') !== undefined;
	const cancelForReal = !real || env('FEISHU_DEMO_CANCEL') === 'yes';

	let emulator: FeishuEmulator | undefined;
	let credential: ICredentialDataDecryptedObject;
	if (real) {
		const baseUrl = env('FEISHU_BASE_URL');
		credential = {
			appId: env('FEISHU_APP_ID') ?? '',
			appSecret: env('FEISHU_APP_SECRET') ?? '',
			domain: baseUrl ? 'custom' : (env('FEISHU_DOMAIN') ?? 'feishu'),
			baseUrl: baseUrl ?? '',
		};
		print(`Using the real Feishu tenant (${baseUrl ?? credential.domain}).`);
	} else {
		emulator = await FeishuEmulator.start({ seed: { preset: 'sample' }, apps: [{ appId: 'cli_demo', appSecret: 'demo_secret' }] });
		credential = { appId: 'cli_demo', appSecret: 'demo_secret', domain: 'custom', baseUrl: emulator.url };
		print(`Feishu emulator with sample data on ${emulator.url} (nothing leaves this machine).`);
	}

	// n8n-nodes-base is not installed here, so the Manual Trigger is stood in for by the harness's
	// start node, which emits the single empty item a Manual Trigger emits.
	const nodes = example.nodes.map((node) => {
		if (node.type === 'n8n-nodes-base.manualTrigger') return { ...node, type: TEST_ITEMS_NODE_TYPE, parameters: {} };
		if (node.name === QUERY && env('FEISHU_KUNLUN_USER_ID')) {
			return { ...node, parameters: { ...node.parameters, kunlunUserId: env('FEISHU_KUNLUN_USER_ID') } };
		}
		if (node.name === CANCEL && env('FEISHU_KUNLUN_USER_ID')) {
			return { ...node, parameters: { ...node.parameters, userId: env('FEISHU_KUNLUN_USER_ID') } };
		}
		return node;
	});
	const connections = cancelForReal
		? example.connections
		: Object.fromEntries(Object.entries(example.connections).filter(([from]) => from !== QUERY));
	const credentialId = Object.values(nodes.find((n) => n.name === QUERY)?.credentials ?? {})[0]?.id ?? 'demo';

	try {
		print(`Running "${path.basename(EXAMPLE)}": Manual Trigger → ${QUERY}${cancelForReal ? ` → ${CANCEL}` : ''}`);
		const result = await runWorkflow({
			nodes: cancelForReal ? nodes : nodes.filter((n) => n.name !== CANCEL),
			connections,
			credentials: { [credentialId]: { name: 'Feishu aPaaS (demo)', type: 'feishuApaasApi', data: credential } },
		});
		if (result.workflowError) {
			print(`\nThe workflow failed: ${result.workflowError.message}`);
			if (result.workflowError.description) print(`  ${result.workflowError.description}`);
			process.exitCode = 1;
			return;
		}

		const tasks = result.output(QUERY);
		print(`\n${QUERY}: ${tasks.length} pending task(s) started by the user`);
		tasks.forEach((task) => print(taskLine(task)));

		if (!cancelForReal) {
			print('\nNot cancelling on a real tenant. Set FEISHU_DEMO_CANCEL=yes to cancel these instances.');
			return;
		}
		const cancelled = result.output(CANCEL);
		print(`\n${CANCEL}: ${cancelled.length} instance(s)`);
		for (const item of cancelled) {
			const json = item.json as { success?: boolean; approval_instance_id?: string; log_id?: string; error?: string };
			print(
				json.success
					? `  cancelled ${json.approval_instance_id}  (Feishu log id ${json.log_id})`
					: `  failed: ${json.error}`,
			);
		}
		if (emulator) {
			const stillRunning = cancelled
				.map((item) => emulator?.instance(String(item.json.approval_instance_id)))
				.filter((instance) => instance?.status !== 'cancelled');
			print(`\nEmulator state: ${cancelled.length - stillRunning.length} of ${cancelled.length} instance(s) now cancelled; tenant tokens minted: ${emulator.mints}.`);
			if (stillRunning.length > 0) process.exitCode = 1;
		}
	} finally {
		await emulator?.stop();
		const folder = process.env.N8N_USER_FOLDER;
		if (folder?.includes('n8n-harness-')) rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
