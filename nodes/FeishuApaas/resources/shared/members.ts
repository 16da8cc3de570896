import type { FieldSpec } from '../../engine/types';
import { stringList, userIdList } from '../../engine/values';
import { KUNLUN } from './fields';
import { sentInParts } from './split-lists';

/** Fields of the member APIs shared by Role Member and Record Permission Member. */

/**
 * ASSUMPTION: Feishu's pages give no per-call maximum for the member lists; 100 is the common cap of
 * Feishu's batch APIs (and the emulator's). An item with more ids is sent in several requests.
 */
export const MAX_MEMBERS_PER_CALL = 100;

/** The users of a member list (`user_ids`): required, or an alternative to Department IDs. */
export const memberUserIds = (required: boolean): FieldSpec => ({
	param: 'userIds',
	api: 'user_ids',
	displayName: 'User IDs',
	description: `Users: ${KUNLUN}s, comma-separated or an array from an expression`,
	type: 'string',
	required,
	topLevel: true,
	...(required ? {} : { requiredUnless: 'departmentIds' }),
	default: '',
	placeholder: '1700000000000001, 1700000000000002',
	shape: userIdList,
});

/** The departments of a member list (`department_ids`). */
export const departmentIds: FieldSpec = {
	param: 'departmentIds',
	api: 'department_ids',
	displayName: 'Department IDs',
	description: 'Departments (their aPaaS department IDs), comma-separated or an array from an expression',
	type: 'string',
	required: false,
	topLevel: true,
	default: '',
	placeholder: 'od-sales',
	shape: stringList,
};

/** The executor of the add/remove rows: member lists longer than Feishu takes in one call go in several requests. */
export const inMemberParts = (keys: string[]) => sentInParts({ keys, max: MAX_MEMBERS_PER_CALL });
