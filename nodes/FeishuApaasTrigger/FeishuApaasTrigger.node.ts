import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { searchApps } from '../FeishuApaas/methods/apps';
import { AUDIT_LOG_PROPERTIES } from './audit-log-properties';
import { pollNewAuditLogEvents } from './new-audit-log-events';

import { toProperty } from '../FeishuApaas/engine/properties';
import { RUN_OPTIONS } from '../FeishuApaas/engine/run-options';
import { forOneRun } from '../FeishuApaas/transport/run-credentials';
import { POLL_TRANSPORT_OPTIONS, pollNewUserTasks, queryField } from './new-user-tasks';

const newUserTask = { show: { event: ['newUserTask'] } };

/** The Query row's field as a top-level trigger parameter. */
function parameter(param: Parameters<typeof queryField>[0], overrides: Partial<INodeProperties> = {}): INodeProperties {
	return { ...toProperty(queryField(param)), displayOptions: newUserTask, ...overrides };
}

export class FeishuApaasTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu aPaaS Trigger',
		name: 'feishuApaasTrigger',
		icon: { light: 'file:feishuApaas.svg', dark: 'file:feishuApaas.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] === "newAuditLogEvent" ? "New audit log event" : "New user task: " + $parameter["source"] + ", " + $parameter["type"]}}',
		// n8n's nodes panel shows this node and Feishu aPaaS as one entry, "Feishu aPaaS", with this
		// description: so it says what the whole entry offers, then what this trigger does.
		description:
			'Feishu / Lark aPaaS: human tasks, records, OQL, flows, functions, variables, roles, the data platform and administration. This trigger starts the workflow when a human task arrives for a user (polls Query User Tasks) or an audit log entry is written (polls the audit logs).',
		defaults: {
			name: 'Feishu aPaaS Trigger',
		},
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'feishuApaasApi',
				required: true,
				displayOptions: { show: { authentication: ['tenantToken'] } },
			},
			{
				name: 'feishuApaasOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['userToken'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'App (Tenant Token)', value: 'tenantToken', description: 'The Feishu aPaaS API credential (app ID and secret): New User Task' },
					{ name: 'User (OAuth2)', value: 'userToken', description: 'A Feishu user\'s OAuth2 credential: New Audit Log Event' },
				],
				default: 'tenantToken',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New User Task',
						value: 'newUserTask',
						description:
							'A task appears in the user\'s list: one item per task, shaped like a Query User Tasks item (task ID, workflow instance ID, …). Needs the app credential.',
					},
					{
						name: 'New Audit Log Event',
						value: 'newAuditLogEvent',
						description:
							'An audit log entry is written in an aPaaS application: one item per entry, shaped like a Get Many Audit Logs item (log ID, time, operator, operation, …). Needs the user credential.',
					},
				],
				default: 'newUserTask',
			},
			parameter('kunlunUserId', { required: true, description: 'Kunlun user ID (aPaaS user ID) whose new tasks start the workflow — not an open_id' }),
			parameter('source', { description: 'Tasks assigned to the user, copied to the user, or started by the user' }),
			parameter('type', {
				description:
					'Pending tasks (still open) or archived tasks (done). A task counts as new by its start time, so an older task that is archived later is not emitted.',
			}),
			parameter('apiIds', {
				description: 'Only tasks of these processes: API names of the aPaaS flows, comma-separated (empty = all)',
			}),
			...AUDIT_LOG_PROPERTIES,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				displayOptions: { show: { event: ['newUserTask', 'newAuditLogEvent'] } },
				options: RUN_OPTIONS.filter((option) =>
					(POLL_TRANSPORT_OPTIONS as readonly string[]).includes(option.name),
				),
			},
		],
	};

	methods = { listSearch: { searchApps } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'newUserTask');
		const authentication = this.getNodeParameter('authentication', 'tenantToken');
		// A poll is a run: its requests share one read of the stored credential, and the next poll (n8n
		// hands it the same poll context) starts afresh (see transport/run-credentials.ts).
		const poll = forOneRun(this);
		if (event === 'newAuditLogEvent') {
			// Feishu's audit logs answer only user tokens.
			if (authentication !== 'userToken') throw wrongCredential(this, 'New Audit Log Event', 'User (OAuth2)');
			return await pollNewAuditLogEvents(poll);
		}
		if (authentication !== 'tenantToken') throw wrongCredential(this, 'New User Task', 'App (Tenant Token)');
		return await pollNewUserTasks(poll);
	}
}

function wrongCredential(ctx: IPollFunctions, event: string, authentication: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `The event "${event}" needs Authentication "${authentication}"`, {
		description: 'Set Authentication (authentication) to the credential the event works with. Nothing was sent to Feishu.',
	});
}
