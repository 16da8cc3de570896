/**
 * Runs a webhook trigger the way n8n's production webhook server does (packages/cli
 * `LiveWebhooks.executeWebhook` → `WebhookHelpers.executeWebhook` → `WebhookService.runWebhook`),
 * over real HTTP on 127.0.0.1:
 *   - every request gets a fresh `Workflow` built from the static data "in the database" (n8n loads
 *     the workflow row per request), with the body parsed and the raw bytes kept as `req.rawBody`
 *     (n8n's `parseBody`);
 *   - `webhook()` runs with n8n-core's real `WebhookContext` (parameters, credentials, static data,
 *     request and response objects);
 *   - the static data is saved when it changed, right after `webhook()` returns (the response
 *     callback's `saveStaticData`), and the returned `workflowData` counts as one execution;
 *   - activation / deactivation run the node's `webhookMethods` with n8n-core's `HookContext`, as
 *     `WebhookService.createWebhookIfNotExists` / `deleteWebhook` do;
 *   - `restart()` is what an n8n restart does: the process memory is gone, the database stays.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { HookContext, WebhookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentials-helper';
import { loadPackage, REPO_ROOT } from './load';
import { LOOPBACK_URLS } from './run-workflow';

export const EVENT_TRIGGER_TYPE = 'n8n-nodes-feishu-apaas.feishuApaasEventTrigger';
export const EVENT_TRIGGER_NAME = 'Feishu aPaaS Event Trigger';
const WEBHOOK_ID = '5f1c7e0e-7a8b-4a61-9c53-0e2f4b1d9a77';

export interface WebhookTriggerOptions {
	parameters: INodeParameters;
	credentials: INode['credentials'];
	helper: TestCredentialsHelper;
	workflowId?: string;
	/**
	 * Time between loading the static data and running `webhook()`: in n8n that span holds several
	 * database reads (project, credentials), so concurrent requests overlap there. Default 0.
	 */
	loadToRunMs?: number;
}

export interface Answer {
	status: number;
	body: string;
}

export class WebhookTrigger {
	/** One entry per execution n8n would start: the items `webhook()` returned. */
	readonly executions: INodeExecutionData[][] = [];
	/** What `webhook()` threw, if anything (n8n answers 500 then). */
	readonly errors: Error[] = [];
	/** The workflow row's static data column. */
	private database: IDataObject = {};
	private server: Server | undefined;
	private nodeType!: INodeType;
	url = '';

	/** At most 16 characters: n8n 1.x skips saving the static data of a longer workflow id (`isWorkflowIdValid`). */
	private readonly workflowId: string;

	constructor(private readonly options: WebhookTriggerOptions) {
		this.workflowId = options.workflowId ?? `evt${Math.random().toString(36).slice(2, 12)}`;
	}

	private node(): INode {
		return {
			id: 'event-trigger-1',
			name: EVENT_TRIGGER_NAME,
			type: EVENT_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: structuredClone(this.options.parameters),
			credentials: this.options.credentials,
		};
	}

	private async workflow(): Promise<Workflow> {
		const pkg = await loadPackage();
		this.nodeType = pkg.nodeTypes.getByNameAndVersion(EVENT_TRIGGER_TYPE, 1) as INodeType;
		return new Workflow({
			id: this.workflowId,
			name: 'Event trigger test workflow',
			nodes: [this.node()],
			connections: {},
			nodeTypes: pkg.nodeTypes,
			active: true,
			staticData: structuredClone(this.database),
			settings: { executionOrder: 'v1' },
		});
	}

	private additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		return { credentialsHelper: this.options.helper, currentNodeExecutionIndex: 0, variables: {}, ...LOOPBACK_URLS, ...extra } as IWorkflowExecuteAdditionalData;
	}

	/** The saved static data of the node (what survives a restart). */
	nodeStaticData(): IDataObject {
		return structuredClone((this.database[`node:${EVENT_TRIGGER_NAME}`] ?? {}) as IDataObject);
	}

	private save(workflow: Workflow): void {
		if (workflow.staticData.__dataChanged === true) {
			this.database = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			workflow.staticData.__dataChanged = false;
		}
	}

	/** n8n's activation: checkExists, then create if it says no; the static data is saved after. */
	async activate(): Promise<void> {
		const workflow = await this.workflow();
		const node = workflow.getNode(EVENT_TRIGGER_NAME) as INode;
		const webhookData = this.webhookData(workflow);
		const context = () => new HookContext(workflow, node, this.additionalData(), 'trigger', 'activate', webhookData);
		const methods = this.nodeType.webhookMethods!.default!;
		if (!(await methods.checkExists.call(context()))) await methods.create.call(context());
		this.save(workflow);
		await this.listen();
	}

	async deactivate(): Promise<void> {
		const workflow = await this.workflow();
		const node = workflow.getNode(EVENT_TRIGGER_NAME) as INode;
		const hook = new HookContext(workflow, node, this.additionalData(), 'trigger', 'activate', this.webhookData(workflow));
		await this.nodeType.webhookMethods!.default!.delete.call(hook);
		this.save(workflow);
		await this.close();
	}

	private webhookData(workflow: Workflow): IWebhookData {
		const description = this.nodeType.description.webhooks![0] as IWebhookDescription;
		return {
			httpMethod: 'POST',
			node: EVENT_TRIGGER_NAME,
			path: WEBHOOK_ID,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: this.additionalData(),
		};
	}

	private port = 0;

	/** Listens on a free port, and on the same one again after a restart (the request URL does not change). */
	private async listen(): Promise<void> {
		if (this.server) return;
		const server = createServer((req, res) => {
			this.handle(req, res).catch((error: Error) => {
				this.errors.push(error);
				if (!res.headersSent) {
					res.writeHead(500);
					res.end();
				}
			});
		});
		await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
		this.server = server;
		this.port = (server.address() as AddressInfo).port;
		this.url = `http://127.0.0.1:${this.port}/webhook/${WEBHOOK_ID}`;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== `/webhook/${WEBHOOK_ID}`) {
			res.writeHead(404);
			res.end();
			return;
		}
		const request = req as IncomingMessage & { rawBody: Buffer; body: unknown };
		request.rawBody = Buffer.concat(chunks);
		try {
			request.body = JSON.parse(request.rawBody.toString('utf8'));
		} catch {
			request.body = {};
		}
		const workflow = await this.workflow();
		if (this.options.loadToRunMs) await new Promise((resolve) => setTimeout(resolve, this.options.loadToRunMs));
		const node = workflow.getNode(EVENT_TRIGGER_NAME) as INode;
		const additionalData = this.additionalData({ httpRequest: request as never, httpResponse: res as never });
		const context = new WebhookContext(workflow, node, additionalData, 'webhook', this.webhookData(workflow), [], null);
		const result = await this.nodeType.webhook!.call(context);
		this.save(workflow);
		if (!result.noWebhookResponse && !res.headersSent) {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
		}
		if (result.workflowData) this.executions.push(result.workflowData[0]);
	}

	/** An n8n restart: the HTTP server and this process's memory go, the saved static data stays. */
	async restart(): Promise<void> {
		await this.close();
		await forgetProcessMemory();
		await this.listen();
	}

	async close(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}

	async post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
		const response = await fetch(this.url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
		return { status: response.status, body: await response.text() };
	}
}

/** The node module's in-process memory lives in dist (the module n8n-core's loader required). */
async function forgetProcessMemory(): Promise<void> {
	const seen = (await import(path.join(REPO_ROOT, 'dist', 'nodes', 'FeishuApaasEventTrigger', 'seen-events.js'))) as {
		forgetProcessMemory(): void;
	};
	seen.forgetProcessMemory();
}
