import type { FieldSpec } from '../../engine/types';
import { apiName, digitsId, jsonObjectStringUnlessEmpty, requiredText, userId, userIdList } from '../../engine/values';

/** Field rows shared by several resources' operations. */

export const DOCS = 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/apaas-v1';

export const KUNLUN = 'kunlun user ID (aPaaS user ID, from the aPaaS user management page) — not an open_id or union_id';

/** The approval task in the path: Query's `task_id`. */
export const approvalTaskId: FieldSpec = {
	param: 'approvalTaskId',
	api: 'approval_task_id',
	displayName: 'Approval Task ID',
	description: 'ID of the approval task, digits only: the task_id of a Query User Tasks item ({{ $json.task_id }})',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1788173550023689',
	shape: digitsId,
};

/** The user task in the path (user_tasks/:task_id/…): Query's `task_id`. */
export const userTaskId: FieldSpec = {
	...approvalTaskId,
	param: 'taskId',
	api: 'task_id',
	displayName: 'Task ID',
	description: 'ID of the user task, digits only: the task_id of a Query User Tasks item ({{ $json.task_id }})',
};

/** The user acting on an approval task (body `user_id`). */
export const actingUserId: FieldSpec = {
	param: 'userId',
	api: 'user_id',
	displayName: 'User ID',
	description: `The ${KUNLUN}, of the assignee acting on the task`,
	type: 'string',
	required: true,
	default: '',
	placeholder: '1234',
	shape: userId,
};

/** The user on whose behalf a user-task action runs (body `operator_user_id`). */
export const operatorUserId: FieldSpec = {
	...actingUserId,
	param: 'operatorUserId',
	api: 'operator_user_id',
	displayName: 'Operator User ID',
	description: `The ${KUNLUN}, of the user on whose behalf the action runs`,
};

/** An optional comment recorded with the action. */
export const optionalOpinion: FieldSpec = {
	param: 'opinion',
	api: 'opinion',
	displayName: 'Opinion',
	description: 'Comment recorded with the action in the approval history',
	type: 'string',
	required: false,
	default: '',
	shape: requiredText,
};

/** A list of kunlun user ids in the body (`to_user_ids`, `cc_user_ids`, …). */
export function userIdListField(param: string, api: string, displayName: string, description: string, required = true): FieldSpec {
	return {
		param,
		api,
		displayName,
		description: `${description}: ${KUNLUN}s, comma-separated or an array from an expression`,
		type: 'string',
		required,
		default: '',
		placeholder: '1234, 5678',
		shape: userIdList,
	};
}

/** The application (`:namespace` in every application-data path). */
export const namespace: FieldSpec = {
	param: 'namespace',
	api: 'namespace',
	displayName: 'Namespace',
	description:
		'API name of the aPaaS application (its namespace, e.g. package_abc__c), shown in the app\'s developer console. Letters, digits and underscores.',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'package_abc__c',
	shape: apiName,
};

/** The object whose records are read or written (`:object_api_name`). */
export const objectApiName: FieldSpec = {
	param: 'objectApiName',
	api: 'object_api_name',
	displayName: 'Object API Name',
	description: 'API name of the aPaaS object (data table), e.g. customer or object_order. Letters, digits and underscores.',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'customer',
	shape: apiName,
};

/** One record (`:id`): aPaaS record ids are int64, so they travel as digit strings. */
export const recordId: FieldSpec = {
	param: 'recordId',
	api: 'id',
	displayName: 'Record ID',
	description:
		'The record\'s _id, digits only. Map it as a string ({{ $json._id }} from Get Many): aPaaS ids have 19 digits, more than a JavaScript number holds exactly.',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1790000000000000001',
	shape: digitsId,
};

/** Input of a flow or function: a JSON object (or JSON text), sent as Feishu's JSON string `params`. */
export function params(description: string): FieldSpec {
	return {
		param: 'params',
		api: 'params',
		displayName: 'Parameters (JSON)',
		description,
		type: 'json',
		required: false,
		topLevel: true,
		// '{}', not '': an empty JSON parameter shows n8n's error mark as soon as the node opens.
		default: '{}',
		shape: jsonObjectStringUnlessEmpty,
	};
}
