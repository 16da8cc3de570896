import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { resolveBaseUrl } from './domain';
import { cutText, FeishuTokenError } from './errors';
import { headerValue, redirectMessage } from './response';

export const MINT_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/**
 * Refresh this long before Feishu's `expire`, as the official SDKs do (3 minutes), so a token never
 * expires between being read and being used.
 */
export const REFRESH_MARGIN_MS = 3 * 60 * 1000;

/** The hidden credential fields the mint writes; n8n persists them with the credential. */
export interface TenantTokenFields extends IDataObject {
	tenantAccessToken: string;
	expiresAt: number;
	issuedFor: string;
}

/**
 * Which app and endpoint a token was minted for. A token stored for another app id or domain (the user
 * edited the credential) is never reused.
 */
export function tokenIssuer(
	credentials: ICredentialDataDecryptedObject,
	baseUrl = resolveBaseUrl(credentials),
): string {
	return `${String(credentials.appId ?? '').trim()}@${baseUrl}`;
}

/** The stored token if it may still be sent: same issuer, not the one just rejected, outside the margin. */
export function usableToken(
	credentials: ICredentialDataDecryptedObject,
	rejected?: string,
	now = Date.now(),
): string | undefined {
	const token = credentials.tenantAccessToken;
	if (typeof token !== 'string' || token === '' || token === rejected) return undefined;
	if (credentials.issuedFor !== tokenIssuer(credentials)) return undefined;
	const expiresAt = Number(credentials.expiresAt);
	if (!Number.isFinite(expiresAt) || expiresAt - now <= REFRESH_MARGIN_MS) return undefined;
	return token;
}

/**
 * The last mint failure for a credentials object. n8n wraps whatever `preAuthentication` throws in a
 * NodeApiError that drops the original error, so the mint leaves its reason here, keyed by the very
 * object n8n hands it (the one the transport passed in), for the transport to report precisely.
 */
export const mintFailures = new WeakMap<object, FeishuTokenError>();

/** How the call that triggered a mint wants it bounded, keyed the same way. */
export interface MintBounds {
	/** The call's Timeout: the mint's own deadline, from its start to the last byte of its answer. */
	timeout: number;
	/** The execution's cancel signal: a cancelled execution aborts the mint too. */
	signal?: AbortSignal;
	/** Told when the mint starts and ends (the API request's deadline does not count the mint). */
	onStart?: () => void;
	onEnd?: () => void;
	/** Told the new token the moment Feishu issued it (before n8n stores it and sends the request). */
	onMinted?: (token: TenantTokenFields) => void;
}

export const mintBounds = new WeakMap<object, MintBounds>();

/**
 * Node's network error codes in words. The code itself must not be in the message: n8n replaces a
 * message that contains one of its known codes (ECONNREFUSED, ENOTFOUND, …) with its own generic
 * sentence ("The service refused the connection - perhaps it is offline"), which drops the host,
 * and in the credential dialog that sentence was all a user saw.
 */
const NETWORK_WORDS: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed without an answer',
	ECONNABORTED: 'the connection was aborted',
	ETIMEDOUT: 'the connection timed out',
	ENOTFOUND: 'the host name was not found (DNS)',
	EAI_AGAIN: 'the host name could not be resolved (DNS)',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EADDRNOTAVAIL: 'the address is not available',
	EPIPE: 'the connection was closed while sending',
};

/** Used when a mint runs outside a node call (the credential test in n8n's UI). */
const DEFAULT_MINT_TIMEOUT_MS = 30_000;

interface MintResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
}

/**
 * Mints a tenant_access_token (`POST /open-apis/auth/v3/tenant_access_token/internal`). Runs as the
 * credential's `preAuthentication`, through n8n's own request helper. Errors carry Feishu's code and
 * message only: the request body holds the app secret, so nothing of the request is ever attached.
 */
export async function mintTenantToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<TenantTokenFields> {
	const appId = String(credentials.appId ?? '').trim();
	const appSecret = String(credentials.appSecret ?? '');
	if (appId === '' || appSecret === '') {
		throw failed(credentials, new FeishuTokenError('Feishu credential is incomplete: "App ID" and "App Secret" are required', {
			msg: 'missing app id or app secret',
		}));
	}
	const baseUrl = resolveBaseUrl(credentials);
	const bounds = mintBounds.get(credentials);
	const timeout = bounds?.timeout ?? DEFAULT_MINT_TIMEOUT_MS;
	// A deadline, not only axios's idle timer: a token endpoint that drips its answer held a mint 40 s.
	const deadline = AbortSignal.timeout(timeout);
	let response: MintResponse | undefined;
	let failure = '';
	bounds?.onStart?.();
	try {
		response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${baseUrl}${MINT_PATH}`,
			body: { app_id: appId, app_secret: appSecret },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect would carry the app secret in the body to wherever it points: never follow one.
			disableFollowRedirect: true,
			timeout,
			// n8n's plain httpRequest honours the signal it is given (1.x and 2.x).
			abortSignal: bounds?.signal ? AbortSignal.any([deadline, bounds.signal]) : deadline,
		})) as MintResponse;
	} catch (error) {
		// The request error holds the request body, app secret included: keep only its code.
		const code = (error as { code?: unknown }).code;
		if (deadline.aborted) failure = `no complete answer within ${timeout} ms`;
		else if (bounds?.signal?.aborted) failure = 'the execution was cancelled';
		else failure = typeof code === 'string' ? (NETWORK_WORDS[code] ?? code) : 'no answer';
	} finally {
		bounds?.onEnd?.();
	}
	if (response === undefined) {
		throw failed(
			credentials,
			new FeishuTokenError(`Could not reach ${baseUrl} to issue a tenant access token: ${failure}`, {
				msg: `no answer from the token endpoint (${failure})`,
				network: true,
			}),
		);
	}

	const logId = headerValue(response.headers, 'x-tt-logid');
	const redirect = redirectMessage(response.statusCode, response.headers);
	if (redirect !== undefined) {
		throw failed(credentials, new FeishuTokenError(redirect, { msg: redirect, logId, httpStatus: response.statusCode }));
	}
	const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as IDataObject;
	const code = typeof body.code === 'number' ? body.code : undefined;
	const token = body.tenant_access_token;
	const expire = Number(body.expire);
	if (code !== 0 || typeof token !== 'string' || token === '' || !(expire > 0)) {
		if (typeof body.msg !== 'string') {
			// Not Feishu's envelope (a proxy's error page, another service): say who answered, not what.
			const msg = `${baseUrl} answered HTTP ${response.statusCode} without a Feishu answer: check the Domain and Base URL of the credential`;
			throw failed(credentials, new FeishuTokenError(msg, { code, msg, logId, httpStatus: response.statusCode }));
		}
		const msg = cutText(body.msg);
		throw failed(
			credentials,
			new FeishuTokenError(
				`Feishu refused to issue a tenant access token${code === undefined ? '' : ` (code ${code})`}: ${msg}`,
				{ code, msg, logId, httpStatus: response.statusCode },
			),
		);
	}
	const minted: TenantTokenFields = {
		tenantAccessToken: token,
		expiresAt: Date.now() + expire * 1000,
		issuedFor: tokenIssuer(credentials),
	};
	bounds?.onMinted?.(minted);
	return minted;
}

function failed(credentials: object, error: FeishuTokenError): FeishuTokenError {
	mintFailures.set(credentials, error);
	return error;
}
