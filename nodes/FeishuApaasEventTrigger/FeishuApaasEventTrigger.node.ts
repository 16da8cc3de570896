import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { answer, rawBodyOf } from './answer';
import { CHANGE_TYPES, matchesFilter, rawEventItem, recordChangeItem, RECORD_CHANGE_EVENT } from './record-change';
import { seenEvents } from './seen-events';
import { DEFAULT_TOLERANCE_SECONDS, verifyDelivery, type EventSecrets } from './verify';

const recordChange = { show: { event: ['recordChange'] } };

async function secretsOf(ctx: IWebhookFunctions | IHookFunctions): Promise<EventSecrets> {
	const credentials = await ctx.getCredentials('feishuApaasApi');
	return {
		encryptKey: String(credentials.encryptKey ?? '').trim(),
		verificationToken: String(credentials.verificationToken ?? '').trim(),
	};
}

function splitNames(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

export class FeishuApaasEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu aPaaS Event Trigger',
		name: 'feishuApaasEventTrigger',
		icon: { light: 'file:feishuApaas.svg', dark: 'file:feishuApaas.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "recordChange" ? "Record change" : "Any event"}}',
		description:
			'Starts the workflow when Feishu / Lark pushes an event of the app: data-platform record changes, verified, decrypted and de-duplicated',
		defaults: {
			name: 'Feishu aPaaS Event Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'feishuApaasApi',
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node answers Feishu itself (challenge, 401, or 200 at once), before the workflow runs.
				responseMode: 'onReceived',
				path: '',
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName:
					'Feishu has no API to set the request URL: copy this node\'s Production URL (above) into the developer console, Events and Callbacks → Event Configuration → Request URL, with the Encrypt Key and Verification Token of the credential, subscribe to the event, and publish a new app version',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Record Change',
						value: 'recordChange',
						description: `A row of a data-platform table is inserted, updated or deleted (${RECORD_CHANGE_EVENT}, scope app_engine:data.record.change:read)`,
					},
					{
						name: 'Any Event',
						value: 'anyEvent',
						description: 'Every event the app receives, as Feishu sent it (verified and de-duplicated the same way)',
					},
				],
				default: 'recordChange',
			},
			{
				displayName: 'Workspace ID',
				name: 'workspaceId',
				type: 'string',
				default: '',
				placeholder: 'workspace_xxx',
				description: 'Only changes in this workspace (empty = every workspace of the app)',
				displayOptions: recordChange,
			},
			{
				displayName: 'Table Names',
				name: 'tableNames',
				type: 'string',
				default: '',
				placeholder: 'orders, customers',
				description: 'Only changes in these tables, comma-separated (empty = every table)',
				displayOptions: recordChange,
			},
			{
				displayName: 'Change Types',
				name: 'changeTypes',
				type: 'multiOptions',
				options: CHANGE_TYPES.map((type) => ({ name: type.charAt(0) + type.slice(1).toLowerCase(), value: type })),
				default: [],
				description: 'Only these kinds of change (empty = all)',
				displayOptions: recordChange,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'timestampToleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TOLERANCE_SECONDS,
						description:
							'A signed request whose X-Lark-Request-Timestamp is further than this from n8n\'s clock is refused (a captured request cannot be replayed later). Applies when the credential has an Encrypt Key.',
					},
				],
			},
		],
	};

	// Feishu has no API for the request URL, so "registering" is local: activation checks that the
	// credential can verify deliveries and remembers the URL the user must paste; nothing is sent anywhere.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				return staticData.requestUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const secrets = await secretsOf(this);
				if (secrets.verificationToken === '') {
					throw new NodeOperationError(
						this.getNode(),
						'The credential has no Verification Token: copy it from the developer console (Events and Callbacks → Encryption Strategy) into the credential',
					);
				}
				this.getWorkflowStaticData('node').requestUrl = this.getNodeWebhookUrl('default');
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Feishu keeps pushing to the URL until it is removed in the developer console; deliveries to an
				// inactive workflow get n8n's 404 and Feishu retries them, then gives up.
				delete this.getWorkflowStaticData('node').requestUrl;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const tolerance = Number(options.timestampToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
		const verdict = verifyDelivery(
			{ rawBody: rawBodyOf(req), headers: req.headers },
			await secretsOf(this),
			Date.now(),
			Number.isFinite(tolerance) && tolerance > 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS,
		);
		if (!verdict.ok) {
			// The reason only: never a header, the body or a secret.
			this.logger.warn(`Feishu aPaaS Event Trigger refused a request: ${verdict.reason}`);
			answer(res, 401, { msg: 'unauthorized' });
			return { noWebhookResponse: true };
		}
		const { envelope } = verdict;
		if (envelope.kind === 'challenge') {
			answer(res, 200, { challenge: envelope.challenge });
			return { noWebhookResponse: true };
		}

		const event = this.getNodeParameter('event', 'recordChange') as string;
		let item: IDataObject | undefined;
		if (event === 'anyEvent') item = rawEventItem(envelope);
		else if (envelope.header.event_type === RECORD_CHANGE_EVENT) {
			const filter = {
				workspaceId: String(this.getNodeParameter('workspaceId', '')).trim(),
				tableNames: splitNames(this.getNodeParameter('tableNames', '')),
				changeTypes: this.getNodeParameter('changeTypes', []) as string[],
			};
			if (matchesFilter(envelope.event, filter)) item = recordChangeItem(envelope);
		}

		// Only events that start an execution are remembered: the others change nothing if they come again.
		// The mode is part of the scope: an event sent to the Test URL must not silence the production URL.
		const scope = `${this.getWorkflow().id ?? ''}\u0000${this.getNode().name}\u0000${this.getMode()}`;
		const duplicate = item !== undefined && seenEvents(scope, this.getWorkflowStaticData('node')).checkAndRecord(envelope.header.event_id);
		// Feishu needs a 200 within 3 s; the workflow runs after this answer, whatever it does.
		answer(res, 200, {});
		if (item === undefined || duplicate) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray([item])] };
	}
}
