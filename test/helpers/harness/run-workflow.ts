/**
 * Runs a workflow through n8n-core's real `WorkflowExecute` (same engine loop the n8n
 * server uses), with the package's node/credential types loaded by `PackageDirectoryLoader`
 * and credentials served by the in-memory `TestCredentialsHelper`.
 *
 * Pass the same `helper` to several `runWorkflow` calls to share one credential store
 * (e.g. to assert that a token minted in run 1 is reused in run 2).
 */
import { randomUUID } from 'node:crypto';

import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
// Not re-exported from n8n-core's index; deep import of the built file.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ExecutionError,
	IConnections,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials-helper';
import type { CredentialSeed } from './credentials-helper';
import { TEST_ITEMS_NODE_TYPE, loadPackage } from './load';
import type { LoadedPackage } from './load';

/** The server URLs n8n's additional data carries; nothing listens there (the tests need none of them). */
export const LOOPBACK_URLS = {
	restApiUrl: 'http://127.0.0.1:5678/rest',
	instanceBaseUrl: 'http://127.0.0.1:5678/',
	webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
	webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
	webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
	formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
};

/** An INode where the boilerplate fields are optional (filled with defaults). */
export type WorkflowNode = Pick<INode, 'name' | 'type'> & Partial<INode>;

export interface RunWorkflowOptions {
	nodes: WorkflowNode[];
	connections: IConnections;
	/** Seeds the credential store, keyed by credential id (written into `helper` if given). */
	credentials?: Record<string, CredentialSeed>;
	/** Credential store to use (and keep using across runs). Default: a new one. */
	helper?: TestCredentialsHelper;
	/** Input items of the start node. Default: `[{ json: {} }]` (what n8n gives a start node). */
	startItems?: INodeExecutionData[];
	/** Name of the node to start from. Default: the (preferably `test.items`) node without parents. */
	startNode?: string;
	/** Package to load node/credential types from. Default: the repo root. */
	packageRoot?: string;
	/** Default `'manual'`. */
	mode?: WorkflowExecuteMode;
	/** Default `{ executionOrder: 'v1' }`. */
	settings?: IWorkflowSettings;
	pinData?: IPinData;
}

export interface WorkflowRunResult {
	run: IRun;
	/** The credential store used (pass it to the next run to share tokens). */
	helper: TestCredentialsHelper;
	pkg: LoadedPackage;
	/** Node names in the order they finished. */
	nodeExecutionOrder: string[];
	/** All task runs of a node (throws if the node never ran). */
	tasks(nodeName: string): ITaskData[];
	/** Items on `main` output `outputIndex` (default 0) of run `runIndex` (default 0). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The error a node's task ended with (undefined if it succeeded or was continueOnFail'ed). */
	error(nodeName: string, runIndex?: number): ExecutionError | undefined;
	/** The execution-level error (`run.data.resultData.error`). */
	workflowError: ExecutionError | undefined;
}

let executionCounter = 0;

/**
 * n8n-core's SSHClientsManager (a DI singleton built by every ExecuteContext) starts a
 * 60s `setInterval` that is never unref'ed, which keeps jest from exiting. Build it now
 * and unref that timer (behaviour otherwise unchanged).
 */
export function unrefEngineTimers(): void {
	const manager = Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout };
	manager.cleanupTimer?.unref();
}

function normalizeNodes(nodes: WorkflowNode[]): INode[] {
	// Deep copy: `new Workflow()` writes parameter defaults into node.parameters.
	return structuredClone(nodes).map((node, index) => ({
		id: node.id ?? randomUUID(),
		typeVersion: node.typeVersion ?? 1,
		position: node.position ?? [index * 200, 0],
		parameters: node.parameters ?? {},
		...node,
	}));
}

function pickStartNode(workflow: Workflow, nodes: INode[], explicit?: string): INode {
	if (explicit) {
		const node = workflow.getNode(explicit);
		if (!node) throw new Error(`runWorkflow: start node "${explicit}" not found`);
		return node;
	}
	const roots = nodes.filter(
		(node) => !node.disabled && workflow.getParentNodes(node.name).length === 0,
	);
	const start = roots.find((node) => node.type === TEST_ITEMS_NODE_TYPE) ?? roots[0];
	if (!start) throw new Error('runWorkflow: no start node (every node has a parent)');
	return start;
}

function describeErrors(run: IRun): string {
	const lines: string[] = [];
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		tasks.forEach((task, i) => {
			if (task.error) lines.push(`  ${name}[${i}]: ${task.error.message}`);
		});
	}
	if (run.data.resultData.error) lines.push(`  workflow: ${run.data.resultData.error.message}`);
	return lines.length ? `\nerrors:\n${lines.join('\n')}` : '';
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	const pkg = await loadPackage(options.packageRoot);
	unrefEngineTimers();
	const helper = options.helper ?? new TestCredentialsHelper(pkg.credentialTypes);
	for (const [id, seed] of Object.entries(options.credentials ?? {})) helper.set(id, seed);

	const mode = options.mode ?? 'manual';
	const executionId = `test-${++executionCounter}`;
	const nodes = normalizeNodes(options.nodes);
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...options.settings };

	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes,
		connections: options.connections,
		nodeTypes: pkg.nodeTypes,
		active: false,
		settings,
		pinData: options.pinData,
	});

	const hooks = new ExecutionLifecycleHooks(
		mode,
		executionId,
		{
			id: workflow.id,
			name: workflow.name ?? 'Test workflow',
			active: false,
			isArchived: false,
			nodes,
			connections: options.connections,
			settings,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as IWorkflowBase,
	);
	const nodeExecutionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeExecutionOrder.push(nodeName);
	});
	let afterHookRun: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		afterHookRun = fullRunData;
	});

	// A plain object, no auto-mocks: whatever the engine reads that is not here is undefined, as it
	// would be for a server feature that is switched off, so the harness also runs outside jest (demo).
	const fields: Partial<IWorkflowExecuteAdditionalData> = {
		hooks,
		credentialsHelper: helper,
		executionId,
		currentNodeExecutionIndex: 0,
		streamingEnabled: false,
		variables: {},
		...LOOPBACK_URLS,
	};
	const additionalData = fields as IWorkflowExecuteAdditionalData;

	const startNode = pickStartNode(workflow, nodes, options.startNode);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.startItems ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
		resultData: { pinData: options.pinData },
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	// Resolves (not rejects) with the IRun also when a node fails; the workflowExecuteAfter
	// hook has run by then and received the same IRun.
	const returned = await workflowExecute.processRunExecutionData(workflow);
	const run = afterHookRun ?? returned;

	const runDataOf = (nodeName: string): ITaskData[] => {
		const tasks = run.data.resultData.runData[nodeName];
		if (!tasks) {
			throw new Error(
				`Node "${nodeName}" did not run (ran: ${Object.keys(run.data.resultData.runData).join(', ') || 'none'})${describeErrors(run)}`,
			);
		}
		return tasks;
	};

	return {
		run,
		helper,
		pkg,
		nodeExecutionOrder,
		workflowError: run.data.resultData.error,
		tasks: runDataOf,
		output(nodeName, outputIndex = 0, runIndex = 0) {
			const task = runDataOf(nodeName)[runIndex];
			if (!task) throw new Error(`Node "${nodeName}" has no run #${runIndex}`);
			return task.data?.main?.[outputIndex] ?? [];
		},
		error(nodeName, runIndex = 0) {
			return runDataOf(nodeName)[runIndex]?.error;
		},
	};
}
