import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { toProperty } from '../FeishuApaas/engine/properties';
import { RUN_OPTIONS } from '../FeishuApaas/engine/run-options';
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
		subtitle: '={{"New user task: " + $parameter["source"] + ", " + $parameter["type"]}}',
		// n8n's nodes panel shows this node and Feishu aPaaS as one entry, "Feishu aPaaS", with this
		// description: so it says what the whole entry offers, then what this trigger does.
		description:
			'Feishu / Lark aPaaS: human tasks, application records, OQL, flows and functions. This trigger starts the workflow when a human task arrives for a user (polls Query User Tasks).',
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
			},
		],
		properties: [
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
							'A task appears in the user\'s list: one item per task, shaped like a Query User Tasks item (task ID, workflow instance ID, …)',
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
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				displayOptions: newUserTask,
				options: RUN_OPTIONS.filter((option) =>
					(POLL_TRANSPORT_OPTIONS as readonly string[]).includes(option.name),
				),
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollNewUserTasks(this);
	}
}
