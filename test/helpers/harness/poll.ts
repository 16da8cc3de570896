/**
 * Runs a polling trigger through n8n-core's own polling machinery, as the n8n server does:
 * `ActiveWorkflows.add` activates a real `Workflow` (it polls once at activation and registers the
 * "Poll Times" cron with the `ScheduledTaskManager`), every poll gets n8n-core's real `PollContext`
 * (static data, parameters, credentials, request helpers), and `tick()` fires the registered cron job
 * the way its timer does (`CronJob.fireOnTick`) instead of waiting a minute. "Fetch Test Event" is
 * `TriggersAndPollers.runPoll` with a `PollContext` in `manual` mode, as the editor runs it.
 *
 * What the server adds around this is mirrored where it matters: static data is "persisted" when the
 * poll emits and after activation (`persistedStaticData`), and a restart is a new activation of a new
 * Workflow built with that persisted static data (`activation: 'init'`).
 */
import { randomUUID } from 'node:crypto';

import { Container } from '@n8n/di';
import { ActiveWorkflows, InstanceSettings, PollContext } from 'n8n-core';
// Not re-exported from n8n-core's index; deep imports of the built files (the same modules ActiveWorkflows uses).
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { TriggersAndPollers } from 'n8n-core/dist/execution-engine/triggers-and-pollers';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IPollFunctions,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentials-helper';
import { loadPackage } from './load';
import { LOOPBACK_URLS } from './run-workflow';

export interface TriggerOptions {
	/** Full node type, e.g. `n8n-nodes-feishu-apaas.feishuApaasTrigger`. */
	type: string;
	parameters: INodeParameters;
	credentials: INode['credentials'];
	helper: TestCredentialsHelper;
	/** Static data as n8n would load it from its database (a restart). */
	staticData?: IDataObject;
	/** Same id across a restart, like the workflow row in n8n's database. */
	workflowId?: string;
}

export interface PollOutcome {
	/** What the poll emitted (one execution), if anything. */
	emitted?: INodeExecutionData[][];
	/** What the poll failed with (n8n shows it in the trigger's error view), if it failed. */
	error?: Error;
}

let polls: Array<Promise<unknown>> = [];
let observed = false;

/** Keeps each poll's promise so a test can wait for it (the cron does not); calls through unchanged. */
function observePolls(): void {
	if (observed) return;
	observed = true;
	const pollers = Container.get(TriggersAndPollers);
	const runPoll = pollers.runPoll.bind(pollers);
	pollers.runPoll = (...args: Parameters<TriggersAndPollers['runPoll']>) => {
		const poll = runPoll(...args);
		polls.push(poll.catch(() => undefined));
		return poll;
	};
	// The engine's SSH manager starts a 60 s interval when first built; let jest exit anyway.
	(Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout }).cleanupTimer?.unref();
	// n8n polls only on the leader instance.
	Container.get(InstanceSettings).markAsLeader();
}

function additionalDataFor(helper: TestCredentialsHelper): IWorkflowExecuteAdditionalData {
	const fields: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: helper,
		currentNodeExecutionIndex: 0,
		variables: {},
		...LOOPBACK_URLS,
	};
	return fields as IWorkflowExecuteAdditionalData;
}

export const TRIGGER_NODE_NAME = 'Feishu aPaaS Trigger';

async function buildWorkflow(options: TriggerOptions, workflowId: string): Promise<Workflow> {
	const pkg = await loadPackage();
	const node: INode = {
		id: 'trigger-node-1',
		name: TRIGGER_NODE_NAME,
		type: options.type,
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(options.parameters),
		credentials: options.credentials,
	};
	return new Workflow({
		id: workflowId,
		name: 'Trigger test workflow',
		nodes: [node],
		connections: {},
		nodeTypes: pkg.nodeTypes,
		active: true,
		staticData: options.staticData ? structuredClone(options.staticData) : undefined,
		settings: { executionOrder: 'v1' },
	});
}

/** A workflow activated with n8n-core's ActiveWorkflows; each `tick()` is one "Poll Times" cron tick. */
export class ActiveTrigger {
	readonly outcomes: PollOutcome[] = [];
	private persisted: IDataObject = {};

	private constructor(
		readonly workflow: Workflow,
		private readonly activation: WorkflowActivateMode,
	) {}

	/**
	 * Activates the workflow (n8n polls once right away; a failure there fails the activation, as in
	 * n8n). Returns the activated trigger; the activation poll's outcome is `outcomes[0]`.
	 */
	static async activate(options: TriggerOptions, activation: WorkflowActivateMode = 'activate'): Promise<ActiveTrigger> {
		observePolls();
		const workflow = await buildWorkflow(options, options.workflowId ?? `trigger-${randomUUID()}`);
		const trigger = new ActiveTrigger(workflow, activation);
		const additionalData = additionalDataFor(options.helper);
		const getPollFunctions = (
			wf: Workflow,
			node: INode,
			data: IWorkflowExecuteAdditionalData,
			mode: WorkflowExecuteMode,
			act: WorkflowActivateMode,
		): IPollFunctions => {
			// __emit / __emitError stand where n8n's ActiveWorkflowManager saves the static data and starts
			// an execution, or records the error for the trigger's error view.
			const context = new PollContext(
				wf,
				node,
				data,
				mode,
				act,
				(emitted) => {
					trigger.persist();
					trigger.current.emitted = emitted;
				},
				(error) => {
					trigger.current.error = error;
				},
			);
			return context;
		};
		trigger.current = {};
		trigger.outcomes.push(trigger.current);
		await Container.get(ActiveWorkflows).add(
			workflow.id,
			workflow,
			additionalData,
			'trigger',
			activation,
			() => {
				throw new Error('no trigger nodes expected');
			},
			getPollFunctions,
		);
		// n8n's ActiveWorkflowManager saves the static data once the workflow is active.
		trigger.persist();
		return trigger;
	}

	private current: PollOutcome = {};

	private persist(): void {
		// What n8n writes to its database: the JSON of the (proxied, observable) static data.
		this.persisted = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** The static data n8n would have saved to its database by now. */
	persistedStaticData(): IDataObject {
		return structuredClone(this.persisted);
	}

	/** The node's own static data (`getWorkflowStaticData('node')`) as persisted. */
	nodeStaticData(): IDataObject {
		return (this.persisted[`node:${TRIGGER_NODE_NAME}`] ?? {}) as IDataObject;
	}

	/** One tick of the registered "Poll Times" cron, waited for. */
	async tick(): Promise<PollOutcome> {
		const manager = Container.get(ScheduledTaskManager) as unknown as {
			cronsByWorkflow: Map<string, Map<string, { job: { fireOnTick(): void } }>>;
		};
		const crons = manager.cronsByWorkflow.get(this.workflow.id);
		if (!crons || crons.size === 0) throw new Error(`workflow ${this.workflow.id} has no poll cron (activation: ${this.activation})`);
		this.current = {};
		this.outcomes.push(this.current);
		polls = [];
		for (const { job } of crons.values()) job.fireOnTick();
		await Promise.all(polls);
		// __emit / __emitError run right after the poll's promise settles.
		await new Promise((resolve) => setImmediate(resolve));
		return this.current;
	}

	async deactivate(): Promise<void> {
		await Container.get(ActiveWorkflows).remove(this.workflow.id);
	}
}

/** "Fetch Test Event" in the editor: one poll in manual mode. Resolves with what it returns, or rejects. */
export async function fetchTestEvent(options: TriggerOptions): Promise<INodeExecutionData[][] | null> {
	observePolls();
	const workflow = await buildWorkflow(options, options.workflowId ?? `trigger-${randomUUID()}`);
	const node = workflow.getNode(TRIGGER_NODE_NAME) as INode;
	const context = new PollContext(workflow, node, additionalDataFor(options.helper), 'manual', 'manual');
	return await Container.get(TriggersAndPollers).runPoll(workflow, node, context);
}
