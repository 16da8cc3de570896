/** The workflows the queue-mode test imports: Webhook → Feishu aPaaS Cancel, instance id from the body. */
import type { IDataObject } from 'n8n-workflow';

export const CREDENTIAL_ID = 'feishuApaasEmulator';
/** The emulator user the generated instances belong to, who cancels them. */
export const OPERATOR = '1700000000000009';
export const CANCEL_NODE = 'Cancel Approval Instance';

export interface QueueWorkflow {
	id: string;
	path: string;
	/** The Cancel node's Options. */
	options: IDataObject;
}

/** Pacing off: the emulator has no rate limit in scenarios 1, 2 and 4. */
export const PLAIN: QueueWorkflow = { id: 'fApaasQueueCancel', path: 'queue-cancel', options: { maxRequestsPerMinute: 0 } };

/**
 * Scenario 3: each worker paces itself to 15 requests per 6 s, 1.5x the emulator's 10 per 6 s (Feishu's
 * 100/min scaled down); two workers push up to 3x. Max Retries at its maximum (10).
 */
export const PACED: QueueWorkflow = {
	id: 'fApaasQueueCancelPaced',
	path: 'queue-cancel-paced',
	options: { maxRequestsPerMinute: 15, paceWindowSeconds: 6, maxRetries: 10 },
};

export function workflowJson(w: QueueWorkflow): IDataObject {
	return {
		id: w.id,
		name: `Queue test: webhook ${w.path} → cancel`,
		nodes: [
			{
				id: `${w.id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${w.id}-hook`,
				parameters: { httpMethod: 'POST', path: w.path, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${w.id}-cancel`,
				name: CANCEL_NODE,
				type: 'n8n-nodes-feishu-apaas.feishuApaas',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'approvalInstance',
					operation: 'cancel',
					approvalInstanceId: '={{ $json.body.instanceId }}',
					userId: OPERATOR,
					opinion: 'Cancelled by the queue-mode test',
					options: w.options,
				},
				credentials: { feishuApaasApi: { id: CREDENTIAL_ID, name: 'Feishu aPaaS (emulator)' } },
			},
		],
		connections: { Webhook: { main: [[{ node: CANCEL_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}
