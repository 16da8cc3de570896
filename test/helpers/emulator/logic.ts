/** Helpers for the application logic and access (flows, functions, variables, members) emulator tests. */
import type { FeishuEmulator } from '../../../emulator';
import { call, type Reply } from './http';

export const NS = 'demo_app';
export const appPath = (rest: string, namespace = NS) => `/open-apis/apaas/v1/applications/${namespace}/${rest}`;

export interface EnvVarJson {
	api_name: string;
	label: { zh_cn: string; en_us: string };
	description: string;
	value: string;
	is_encrypted: boolean;
	object_api_name?: string;
	object_label?: { zh_cn: string; en_us: string };
	created_at: number;
	updated_at: number;
	type: string;
}

export interface RoleMemberJson {
	role_api_id: string;
	role_api_name: string;
	users: string[];
	departments: string[];
	type: string;
	user_display_infos?: Array<{ id: string; name: string }>;
	department_display_infos?: Array<{ id: string; name: string }>;
	updated_by: string;
	updated_at: number;
}

/** Every `data` shape of the eight APIs, merged (a field a response lacks is undefined). */
export interface LogicDataJson {
	status: string;
	out_params: string;
	execution_id: string;
	error_msg: string;
	code: string;
	result: string;
	item: EnvVarJson;
	items: EnvVarJson[];
	total: number;
	role_member: RoleMemberJson;
}

export interface LogicReply extends Omit<Reply, 'json'> {
	json: { code: number; msg: string; data: LogicDataJson; error: { log_id: string; troubleshooter: string } };
}

export async function logicApi(
	em: FeishuEmulator,
	token: string,
	method: string,
	rest: string,
	body?: unknown,
	namespace = NS,
): Promise<LogicReply> {
	return (await call(em, appPath(rest, namespace), { method, token, body })) as unknown as LogicReply;
}

/** The operator JSON string of a flow execute. */
export const operator = (o: { _id?: string | number; email?: string }) => JSON.stringify(o);
