/**
 * Deterministic administration sample: three apps (demo_app is the application-data sample's), a few
 * audit and data-change log entries (two with equal op_time), seats of both types and a day of metrics.
 * User ids are 19 digits, beyond 2^53, so a client that rounds them is caught.
 */
import { DEFAULT_OAUTH_USER } from '../oauth/store';
import type { AdminSeed, LogEntry } from './store';

/** The sample's aPaaS system admin (may call the seat APIs); the OAuth consent page's default user is one too. */
export const ADMIN_USER = '1790000000000000001';
/** A sample user who is not a system admin. */
export const PLAIN_USER = '1790000000000000002';
/** 2026-11-30T00:00:00Z, the day the sample logs fall on. */
export const SAMPLE_DAY = 1_795_996_800_000;

const text = (en: string, zh: string) => [
	{ language_code: 'en_us', text: en },
	{ language_code: 'zh_cn', text: zh },
];

export function adminSampleData(): AdminSeed {
	const operator = { id: ADMIN_USER, name: 'Ada Admin', email: 'ada@example.com', tenant_id: '7000000000000000001' };
	const log = (n: number, opTime: number, extra: Partial<LogEntry> = {}): LogEntry => ({
		log_id: String(7405456257290600000n + BigInt(n)),
		op_time: opTime,
		log_type: '10003',
		namespace: 'demo_app',
		operator,
		module: 'app_management',
		op_type: 'update_record',
		status: 'success',
		client_ip: '10.0.0.1',
		user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)',
		audit_scope: '15002',
		env_type: 'online',
		...extra,
	});
	return {
		systemAdmins: [ADMIN_USER, DEFAULT_OAUTH_USER.userId],
		apps: [
			{
				namespace: 'demo_app',
				name: text('Demo App', '演示应用'),
				description: text('The sample application', '示例应用'),
				status: 'enabled',
				created_at: 1_767_225_600_000,
				creator: ADMIN_USER,
				owner: ADMIN_USER,
				app_roles_info: { admins: [ADMIN_USER], developers: [PLAIN_USER], test_users: [], data_admins: [ADMIN_USER] },
				type: 'custom',
				charge_mode: 'per_user',
			},
			{
				namespace: 'package_abc__c',
				name: text('Purchasing', '采购'),
				status: 'enabled',
				created_at: 1_767_312_000_000,
				creator: PLAIN_USER,
				owner: ADMIN_USER,
				app_roles_info: { admins: [ADMIN_USER, PLAIN_USER], developers: [], test_users: [PLAIN_USER], data_admins: [] },
				type: 'custom',
				charge_mode: 'per_user_per_app',
			},
			{
				namespace: 'hr_portal',
				name: text('HR Portal', '人事门户'),
				status: 'disabled',
				created_at: 1_767_398_400_000,
				creator: ADMIN_USER,
				owner: PLAIN_USER,
				app_roles_info: { admins: [PLAIN_USER], developers: [], test_users: [], data_admins: [] },
				type: 'client_isv_saas',
				charge_mode: 'free',
			},
		],
		auditLogs: [
			log(1, SAMPLE_DAY + 1_000, { module: 'login', log_type: '10002', op_type: 'login' }),
			log(2, SAMPLE_DAY + 60_000),
			log(3, SAMPLE_DAY + 60_000, { op_type: 'delete_record', op_detail: { record: '1790000000000000099' } }),
			log(4, SAMPLE_DAY + 3_600_000, { status: 'failed', client_ip: '192.168.1.7' }),
			log(5, SAMPLE_DAY + 7_200_000, { namespace: 'package_abc__c' }),
		],
		dataChangeLogs: [
			log(11, SAMPLE_DAY + 5_000, { log_type: '20001', module: 'data', data_object: 'customer', data_changes: ['name'] }),
			log(12, SAMPLE_DAY + 9_000, { log_type: '20001', module: 'data', data_object: 'customer', data_changes: ['email'] }),
		],
		seats: [
			{ seat_type: 'per_user', user_id: ADMIN_USER, status: 'in_use', active_time: SAMPLE_DAY + 120_000 },
			{ seat_type: 'per_user', user_id: PLAIN_USER, status: 'released' },
			{ seat_type: 'per_user_per_app', user_id: ADMIN_USER, namespace: 'package_abc__c', status: 'in_use', active_time: SAMPLE_DAY },
			{ seat_type: 'per_user_per_app', user_id: PLAIN_USER, namespace: 'package_abc__c', status: 'in_use', active_time: SAMPLE_DAY - 86_400_000 },
		],
		metrics: [
			{ namespace: 'demo_app', date: '2026-11-30', data: { active_users: 12, page_views: 340, storage_bytes: 5_368_709_120, api_calls: 1_200 } },
			{ namespace: 'package_abc__c', date: '2026-11-30', data: { active_users: 3, page_views: 41, storage_bytes: 1_048_576, api_calls: 17 } },
		],
	};
}
