/**
 * Requests with a user_access_token (the `feishuApaasOAuth2Api` credential), and its lifecycle.
 *
 * n8n's OAuth2 helpers own the token: they sign the request with the stored access token and, when the
 * answer has the status they are told means "expired", refresh it with the stored refresh token, store
 * the new pair (Feishu rotates refresh tokens: each works once) and send the request again. What they do
 * not know is Feishu: its gateway may refuse a user token with HTTP 400 and code 99991677 (expired) or
 * 99991668 (invalid) rather than 401. So:
 *
 *  1. the request goes through `httpRequestWithAuthentication` with HTTP errors returned, not thrown
 *     (n8n refreshes nothing here), signed with the credential as the run knows it (run-credentials.ts:
 *     read once per run while Feishu accepts its token);
 *  2. when Feishu refused the token (HTTP 401, or one of its user-token codes), the request goes once more
 *     through n8n's `requestOAuth2` told that exactly that status means "expired": n8n re-reads the
 *     credential (a token another execution refreshed meanwhile is simply used), and if Feishu refuses
 *     again it refreshes, stores the rotated pair and sends once more. A refused request never ran, so
 *     sending it again cannot write twice;
 *  3. when the refresh itself is refused — another execution or worker spent the same refresh token a
 *     moment earlier (strict rotation), or the refresh token expired or was revoked — the credential is
 *     read again: if it holds a different access token than the one refused, that execution won the race
 *     and its token is used; otherwise the credential must be reconnected, and the error says so.
 *
 * After steps 2 and 3 the run forgets the credential it knew (n8n may have stored a rotated pair), so its
 * next request reads the stored one.
 *
 * Nothing of the request (headers, token) and nothing of n8n's errors reaches our errors: they are built
 * from scratch.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { withOverrides, type TransportContext } from './context';
import { INVALID_TOKEN_CODES } from './errors';
import { USER_TOKEN_REJECTED_CODES } from './oauth';
import { parseBody, type Exchange } from './response';
import type { RunCredentials } from './run-credentials';

export const USER_CREDENTIAL_TYPE = 'feishuApaasOAuth2Api';

/** The options of n8n's `requestOAuth2` (its legacy request shape; the only helper that refreshes on a chosen status). */
type LegacyRequestOptions = Parameters<TransportContext['helpers']['requestOAuth2']>[1];

/** A user-token request, already resolved to a URL. */
export interface UserTokenRequest {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	url: string;
	body?: IDataObject;
	qs?: IDataObject;
	timeout: number;
	itemIndex: number;
}

/** A failure of the token lifecycle (not connected, refresh refused): the message is the whole story. */
export class UserTokenError extends Error {
	override name = 'UserTokenError';

	constructor(
		message: string,
		readonly hint: string,
		/** Feishu's OAuth code (e.g. 20037 refresh token expired), when it said one. */
		readonly code?: number,
	) {
		super(message);
	}
}

/** How the user-token path talks to n8n; the node run's context in production. */
export interface UserTokenContext {
	ctx: TransportContext;
	/** The credential's name as the node references it (for messages). */
	credentialName: string;
	/** The credential as the node run knows it. */
	run: RunCredentials;
}

/** True when Feishu refused the user access token of this answer (so a refresh may help). */
export function tokenRefused(exchange: Exchange): boolean {
	if (exchange.statusCode === 401) return true;
	// The body comes as text (int64 kept exact by parseBody), see httpOptions.
	const code = parseBody(exchange.body)?.code;
	return typeof code === 'number' && (USER_TOKEN_REJECTED_CODES.has(code) || INVALID_TOKEN_CODES.has(code));
}

function tokenData(credentials: ICredentialDataDecryptedObject): IDataObject | undefined {
	const data = credentials.oauthTokenData;
	return typeof data === 'object' && data !== null ? (data as IDataObject) : undefined;
}

function accessTokenOf(credentials: ICredentialDataDecryptedObject): string {
	return String(tokenData(credentials)?.access_token ?? '');
}

export const RECONNECT_HINT =
	'Open the credential and click "Reconnect" (Feishu keeps a refresh token about 7 days without use; it also ends when the user revokes the app or its scopes change). Keep offline_access in the scopes, or Feishu issues no refresh token.';

/** The credential as the run knows it (read now if it was not yet); throws when it was never connected. */
export async function connectedCredentials(
	u: UserTokenContext,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	const credentials = await u.run.read(u.ctx, USER_CREDENTIAL_TYPE, itemIndex);
	if (!accessTokenOf(credentials)) {
		throw new UserTokenError(
			`The Feishu aPaaS OAuth2 credential "${u.credentialName}" is not connected`,
			'Open the credential and click "Connect my account" to sign in with Feishu.',
		);
	}
	return credentials;
}

/**
 * The JSON body. n8n's helpers drop an empty object body; Feishu's SDK sends `{}` (e.g. with DELETE), so
 * an empty one goes as the string `{}`.
 */
function setBody(options: IHttpRequestOptions | LegacyRequestOptions, req: UserTokenRequest): void {
	if (req.body === undefined) return;
	if (Object.keys(req.body).length > 0) {
		options.body = req.body;
		return;
	}
	options.body = '{}';
	options.headers = { 'Content-Type': 'application/json' };
}

function httpOptions(req: UserTokenRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: req.method,
		url: req.url,
		json: true,
		// The body as text, parsed with int64 kept exact (seats' and apps' user ids are bare 19-digit numbers).
		encoding: 'text',
		timeout: req.timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
	};
	setBody(options, req);
	if (req.qs !== undefined) {
		options.qs = req.qs;
		// Lists as Feishu's SDK sends them: `columns=a&columns=b`.
		options.arrayFormat = 'repeat';
	}
	return options;
}

/** The same request in the legacy shape `requestOAuth2` takes (full response, no throw on status). */
function legacyOptions(req: UserTokenRequest): LegacyRequestOptions {
	const options: LegacyRequestOptions = {
		method: req.method,
		uri: req.url,
		json: true,
		// The raw bytes (n8n's legacy helper would JSON-parse and round int64s), parsed exactly by the transport.
		encoding: null,
		timeout: req.timeout,
		resolveWithFullResponse: true,
		simple: false,
		followRedirect: false,
		followAllRedirects: false,
	};
	setBody(options, req);
	if (req.qs !== undefined) {
		options.qs = req.qs;
		options.qsStringifyOptions = { arrayFormat: 'repeat' };
	}
	return options;
}

function asExchange(response: unknown): Exchange {
	const r = (response ?? {}) as { statusCode?: unknown; status?: unknown; headers?: unknown; body?: unknown };
	return {
		statusCode: Number(r.statusCode ?? r.status ?? 0),
		headers: (r.headers ?? {}) as Record<string, unknown>,
		body: r.body,
	};
}

/**
 * One send through n8n's authenticated helper (no refresh by n8n: HTTP errors come back as answers),
 * signed with `credentials`. For an OAuth2 type n8n ignores `credentialsDecrypted` and reads the
 * credential itself through `this.getCredentials`, so that read is answered with `credentials`.
 */
async function sendOnce(u: UserTokenContext, req: UserTokenRequest, credentials: ICredentialDataDecryptedObject): Promise<Exchange> {
	const signWith = withOverrides(u.ctx, {
		getCredentials: async (type: string, itemIndex?: number) =>
			type === USER_CREDENTIAL_TYPE ? { ...credentials } : await u.ctx.getCredentials(type, itemIndex),
	});
	const response: unknown = await u.ctx.helpers.httpRequestWithAuthentication.call(signWith, USER_CREDENTIAL_TYPE, httpOptions(req));
	return asExchange(response);
}

/** The refresh answer Feishu gave, when the error is n8n's OAuth client refusing a refresh. */
function refreshRefusal(error: unknown): { refused: boolean; code?: number } {
	const e = error as { body?: unknown; code?: unknown; name?: unknown; message?: unknown; description?: unknown };
	const body = (typeof e?.body === 'object' && e.body !== null ? e.body : {}) as { error?: unknown; code?: unknown };
	const code = typeof body.code === 'number' ? body.code : undefined;
	if (body.error === 'invalid_grant' || e?.code === 'EAUTH') return { refused: true, code };
	// n8n 2.x turns an invalid_grant into its own "needs to be reconnected" error.
	if (typeof e?.message === 'string' && /needs to be reconnected/.test(e.message)) return { refused: true, code };
	// The OAuth client asserts a refresh token exists before refreshing.
	if (typeof e?.message === 'string' && /refreshToken is required/.test(e.message)) return { refused: true, code };
	return { refused: false };
}

/** Feishu's answer, or why there is none: a UserTokenError (reconnect) or n8n's error for a network failure. */
export type UserTokenOutcome = { ok: true; exchange: Exchange } | { ok: false; error: unknown };

/**
 * Sends a user-token request and takes the token through its lifecycle (see the file comment). Returns
 * Feishu's answer (whatever its status), or the failure: a UserTokenError when the credential must be
 * (re)connected, n8n's own error for a network failure (the caller describes it without its contents).
 */
export async function userTokenExchange(
	u: UserTokenContext,
	req: UserTokenRequest,
	before: ICredentialDataDecryptedObject,
): Promise<UserTokenOutcome> {
	let first: Exchange;
	try {
		first = await sendOnce(u, req, before);
	} catch (error) {
		return { ok: false, error };
	}
	if (!tokenRefused(first)) return { ok: true, exchange: first };

	const refusedToken = accessTokenOf(before);
	let refusal: { refused: boolean; code?: number };
	try {
		// n8n reads the stored credential itself here (not the run's): a pair stored meanwhile is used.
		const response: unknown = await u.ctx.helpers.requestOAuth2.call(u.ctx, USER_CREDENTIAL_TYPE, legacyOptions(req), {
			tokenExpiredStatusCode: first.statusCode,
		});
		return { ok: true, exchange: asExchange(response) };
	} catch (error) {
		refusal = refreshRefusal(error);
		if (!refusal.refused) return { ok: false, error };
	} finally {
		// n8n may have refreshed and stored a rotated pair: the run's next request reads it.
		u.run.forget(USER_CREDENTIAL_TYPE);
	}
	// Did another execution rotate the pair a moment ago? Its new token is in the credential now.
	const latest = await u.run.fresh(u.ctx, USER_CREDENTIAL_TYPE, req.itemIndex);
	if (accessTokenOf(latest) !== '' && accessTokenOf(latest) !== refusedToken) {
		try {
			return { ok: true, exchange: await sendOnce(u, req, latest) };
		} catch (error) {
			return { ok: false, error };
		}
	}
	const code = refusal.code !== undefined ? ` (code ${refusal.code})` : '';
	return {
		ok: false,
		error: new UserTokenError(
			`The Feishu aPaaS OAuth2 credential "${u.credentialName}" needs to be reconnected: Feishu refused to refresh its access token${code}`,
			RECONNECT_HINT,
			refusal.code,
		),
	};
}
