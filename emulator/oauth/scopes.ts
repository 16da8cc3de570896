/** The scope check of 'user' routes, after the gateway admitted the token (ex.caller is set). */
import { sendError, METHOD_IDS, type Exchange } from '../envelope';
import { USER_TOKEN_ERRORS } from './errors';

/** True when the caller's token carries one of `scopes`; otherwise answers 99991679 and returns false. */
export function requireScope(ex: Exchange, scopes: readonly string[]): boolean {
	const granted = ex.caller?.scopes ?? [];
	if (scopes.length === 0 || scopes.some((s) => granted.includes(s))) return true;
	sendError(ex, { status: 400, ...USER_TOKEN_ERRORS.missingScope }, METHOD_IDS.gateway);
	return false;
}
