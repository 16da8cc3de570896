/**
 * Errors of Feishu's OAuth endpoints. The v2 token endpoint answers flat, RFC 6749 style:
 * `{code, error, error_description}`.
 *
 * ASSUMPTION: the numeric codes below follow Feishu's v2 token page as far as it could be recalled
 * (20003/20004 code not found/expired, 20037 refresh token expired, 20064 revoked, 20073 already used,
 * 20049 PKCE, 20071 redirect_uri mismatch); the HTTP status is 400 for all of them (the page shows 400
 * for grant errors; 401 for a bad client is RFC 6749's choice for Basic auth, and Feishu takes the
 * client in the body).
 */
import type { OAuthFailure } from './store';

export interface OAuthErrorSpec {
	status: number;
	code: number;
	error: string;
	description: string;
}

export const OAUTH_ERRORS: Record<OAuthFailure, OAuthErrorSpec> = {
	invalidRequest: { status: 400, code: 20001, error: 'invalid_request', description: 'The request is missing a required parameter.' },
	invalidClient: { status: 400, code: 20002, error: 'invalid_client', description: 'The client_id or client_secret is invalid.' },
	invalidCode: { status: 400, code: 20003, error: 'invalid_grant', description: 'The authorization code is not found.' },
	codeExpired: { status: 400, code: 20004, error: 'invalid_grant', description: 'The authorization code has expired.' },
	codeUsed: { status: 400, code: 20065, error: 'invalid_grant', description: 'The authorization code has been used.' },
	redirectMismatch: { status: 400, code: 20071, error: 'invalid_grant', description: 'The redirect_uri does not match the authorization request.' },
	pkceFailed: { status: 400, code: 20049, error: 'invalid_grant', description: 'PKCE verification failed: code_verifier does not match.' },
	refreshInvalid: { status: 400, code: 20026, error: 'invalid_grant', description: 'The refresh token is invalid.' },
	refreshExpired: { status: 400, code: 20037, error: 'invalid_grant', description: 'The refresh token has expired.' },
	refreshRevoked: { status: 400, code: 20064, error: 'invalid_grant', description: 'The refresh token has been revoked.' },
	refreshUsed: { status: 400, code: 20073, error: 'invalid_grant', description: 'The refresh token has been used.' },
	unsupportedGrant: { status: 400, code: 20001, error: 'unsupported_grant_type', description: 'The grant_type is not supported.' },
};

/** The authorisation page's own errors (an HTML page, no redirect). */
export const PAGE_ERRORS = {
	// Documented: an unregistered redirect URL is refused with 20029.
	redirectNotRegistered: { status: 400, code: 20029, msg: 'redirect_uri is not registered in the app\'s security settings' },
	// ASSUMPTION: code and status for an unknown client_id or a missing parameter.
	unknownClient: { status: 400, code: 20001, msg: 'client_id is invalid' },
	missingParameter: { status: 400, code: 20001, msg: 'a required parameter is missing' },
} as const;

/** Gateway answers for a refused user_access_token ('user' routes). */
export const USER_TOKEN_ERRORS = {
	expired: { code: 99991677, msg: 'Authentication token expired. Please refresh or re-obtain the token.' },
	invalid: { code: 99991668, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
	// ASSUMPTION: Feishu's "the token lacks the scope" answer (99991679), HTTP 400.
	missingScope: { code: 99991679, msg: 'Unauthorized. You do not have permission to perform the requested operation on the resource. Please request user re-authorization and try again.' },
} as const;
