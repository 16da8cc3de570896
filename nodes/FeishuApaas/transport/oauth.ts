/**
 * Facts of Feishu's OAuth (user_access_token) that the credential and the user-token transport share.
 * Kept free of n8n imports: the credential file loads it.
 */

/** Hosts of the authorisation page (the token endpoint lives on the open platform, FEISHU_DOMAINS). */
export const FEISHU_ACCOUNTS_DOMAINS = {
	feishu: 'https://accounts.feishu.cn',
	lark: 'https://accounts.larksuite.com',
} as const;

export const CONSENT_PAGE_PATH = '/open-apis/authen/v1/authorize';
export const USER_GRANT_PATH = '/open-apis/authen/v2/oauth/token';

/** Scopes of the data platform (workspace tables, views, enums, SQL). */
export const DATA_PLATFORM_SCOPES = [
	'app_engine:workspace.table:read',
	'app_engine:workspace.table:write',
	'app_engine:workspace.table.record:read',
	'app_engine:workspace.table.record:write',
	'app_engine:workspace.sql_commands:write',
] as const;

/** What a new credential asks for: offline_access (else Feishu issues no refresh token) + the data platform. */
export const DEFAULT_USER_SCOPES: readonly string[] = ['offline_access', ...DATA_PLATFORM_SCOPES];

/**
 * Feishu's gateway codes for a user_access_token it refuses: 99991677 expired, 99991668 invalid
 * (revoked, malformed, or of another app).
 */
export const USER_TOKEN_REJECTED_CODES: ReadonlySet<number> = new Set([99991677, 99991668]);
