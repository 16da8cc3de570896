import { digitsId, requiredText, userId } from '../../engine/values';
import { DOCS } from '../shared/fields';
import { HUMAN_TASK_LIMITS } from '../shared/limits';
import type { ResourceDefinition } from '../../engine/types';

/** Approval Instance: a running aPaaS approval (flow) instance. */
export const approvalInstance: ResourceDefinition = {
	value: 'approvalInstance',
	name: 'Approval Instance',
	description: 'A running aPaaS approval (flow) instance',
	authentication: 'tenantToken',
	scopes: ['app_engine:approval:write'],
	operations: [
		{
			resource: 'approvalInstance',
			operation: 'cancel',
			name: 'Cancel',
			action: 'Cancel an approval instance',
			description:
				'Cancels (撤销) a running aPaaS approval instance on behalf of a user, with a reason. Needs the approval instance ID — Feishu documents only that it comes from Query User Tasks (workflow_instance.id) — and the kunlun user ID of the user who cancels.',
			docsUrl: `${DOCS}/approval_instance/cancel`,
			path: 'approval_instances/{approval_instance_id}/cancel',
			pathFields: [{
				param: 'approvalInstanceId',
				api: 'approval_instance_id',
				displayName: 'Approval Instance ID',
				description:
					'ID of the approval instance to cancel, digits only. Feishu says it can be obtained from Query User Tasks: map {{ $json.workflow_instance.id }} from that node.',
				type: 'string',
				required: true,
				default: '',
				placeholder: '1788173550023689',
				shape: digitsId,
			}],
			fields: [
				{
					param: 'userId',
					api: 'user_id',
					displayName: 'User ID',
					description:
						'Kunlun user ID (aPaaS user ID, from the aPaaS user management page) of the user who cancels — not an open_id or union_id',
					type: 'string',
					required: true,
					default: '',
					placeholder: '1234',
					shape: userId,
				},
				{
					param: 'opinion',
					api: 'opinion',
					displayName: 'Opinion',
					description: 'Reason for cancelling, shown in the approval history',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'Cancelled by automation',
					shape: requiredText,
				},
			],
			output: { kind: 'acknowledge' },
			rateLimits: HUMAN_TASK_LIMITS,
		},
	],
};
