/**
 * Role members and record-permission members:
 *
 *   GET  roles/:role_api_name/member?need_display_name=&use_api_id=          → {role_member}
 *   POST roles/:role_api_name/member/batch_create_authorization   {user_ids?, department_ids?} → {}
 *   POST roles/:role_api_name/member/batch_remove_authorization   {user_ids?, department_ids?} → {}
 *   POST record_permissions/:record_permission_api_name/member/batch_create_authorization {user_ids} → {}
 *   POST record_permissions/:record_permission_api_name/member/batch_remove_authorization {user_ids} → {}
 */
import { booleanQuery, invalid, optionalStringArray, type LogicCall } from './call';
import type { RoleState } from './store';

/** ASSUMPTION: Feishu's per-call maximum of user ids (and of department ids) is not documented; 100 is ours. */
export const MAX_MEMBERS_PER_CALL = 100;

function findRole(call: LogicCall, useApiId: boolean): RoleState {
	// ASSUMPTION: with use_api_id=true the path segment is the role's api id, not its api name.
	const role = useApiId ? call.ctx.logic.roleByApiId(call.logic, call.name) : call.logic.roles.get(call.name);
	if (!role) throw invalid(`unknown ${useApiId ? 'role api id' : 'role'} "${call.name}" in namespace "${call.namespace}"`);
	return role;
}

export function getRoleMember(call: LogicCall): Record<string, unknown> {
	const needDisplayName = booleanQuery(call.query, 'need_display_name');
	const role = findRole(call, booleanQuery(call.query, 'use_api_id'));
	const member: Record<string, unknown> = {
		role_api_id: role.apiId,
		role_api_name: role.apiName,
		users: [...role.users],
		departments: [...role.departments],
		// ASSUMPTION: the emulator models member lists only ("custom"), never "all" or a user_filter.
		type: 'custom',
	};
	if (needDisplayName) {
		const users = call.ctx.state.users;
		// ASSUMPTION: an id without a known name is shown with an empty name (user) or its id (department).
		member.user_display_infos = role.users.map((id) => ({ id, name: users.get(id)?.name ?? '' }));
		member.department_display_infos = role.departments.map((id) => ({ id, name: call.ctx.logic.departmentNames.get(id) ?? id }));
	}
	member.updated_by = role.updatedBy;
	member.updated_at = role.updatedAt;
	return { role_member: member };
}

function idList(call: LogicCall, name: string): string[] {
	const ids = optionalStringArray(call.body, name) ?? [];
	if (ids.length > MAX_MEMBERS_PER_CALL) throw invalid(`${name} has ${ids.length} entries; at most ${MAX_MEMBERS_PER_CALL} per request`);
	if (ids.some((id) => id.trim() === '')) throw invalid(`${name} has an empty id`);
	return ids;
}

/** ASSUMPTION: adding refuses (2320001, nothing changed) a user id that is not a user of the app. */
function checkUsersExist(call: LogicCall, ids: string[]): void {
	const unknown = ids.find((id) => !call.ctx.state.users.has(id));
	if (unknown !== undefined) throw invalid(`user_ids: ${unknown} is not a user of this app`);
}

function addAll(list: string[], ids: string[]): void {
	for (const id of ids) if (!list.includes(id)) list.push(id);
}

function removeAll(list: string[], ids: string[]): void {
	const drop = new Set(ids);
	const kept = list.filter((id) => !drop.has(id));
	list.length = 0;
	list.push(...kept);
}

export function changeRoleMembers(call: LogicCall, action: 'create' | 'remove'): Record<string, unknown> {
	const role = findRole(call, false);
	const users = idList(call, 'user_ids');
	const departments = idList(call, 'department_ids');
	// ASSUMPTION: a call with neither user_ids nor department_ids is a parameter error.
	if (users.length === 0 && departments.length === 0) throw invalid('user_ids or department_ids must name at least one member');
	if (action === 'create') {
		checkUsersExist(call, users);
		// ASSUMPTION: department ids are not checked (the emulator has no department directory);
		// adding a present member, or removing an absent one, is not an error.
		addAll(role.users, users);
		addAll(role.departments, departments);
	} else {
		removeAll(role.users, users);
		removeAll(role.departments, departments);
	}
	// ASSUMPTION: a change through the API records the calling app id as updated_by.
	role.updatedBy = call.appId;
	role.updatedAt = call.ctx.clock.now();
	return {};
}

export function changeRecordPermissionMembers(call: LogicCall, action: 'create' | 'remove'): Record<string, unknown> {
	const members = call.logic.recordPermissions.get(call.name);
	if (!members) throw invalid(`unknown record permission "${call.name}" in namespace "${call.namespace}"`);
	const users = idList(call, 'user_ids');
	// ASSUMPTION: an absent or empty user_ids is a parameter error.
	if (users.length === 0) throw invalid('user_ids must name at least one user');
	if (action === 'create') {
		checkUsersExist(call, users);
		addAll(members, users);
	} else removeAll(members, users);
	return {};
}
