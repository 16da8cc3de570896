/**
 * The sample tenant every domain's sample refers to: three users (task assignees, flow operators
 * by id or email, role members; loaded by seed presets 'sample' and 'workflow' as the top-level
 * `users` key) and the sample's base time.
 */
import type { EmulatorUser } from './human-tasks/types';

export const SAMPLE_USERS = {
	zhang: '1700000000000001',
	li: '1700000000000002',
	wang: '1700000000000003',
} as const;

/** Emails of the sample users (a flow `operator` may name a user by email). */
export const SAMPLE_EMAILS = {
	zhang: 'zhangsan@example.com',
	li: 'lisi@example.com',
	wang: 'wangwu@example.com',
} as const;

/** 2026-01-01T00:00:00Z; task start times are whole hours after it, logic timestamps whole days. */
export const SAMPLE_BASE_TIME = 1_767_225_600_000;

/** The users of seed preset 'sample'. */
export function sampleUsers(): EmulatorUser[] {
	const { zhang, li, wang } = SAMPLE_USERS;
	return [
		{ userId: zhang, name: '张三 Zhang San', email: SAMPLE_EMAILS.zhang },
		{ userId: li, name: '李四 Li Si', email: SAMPLE_EMAILS.li },
		{ userId: wang, name: '王五 Wang Wu', email: SAMPLE_EMAILS.wang },
	];
}
