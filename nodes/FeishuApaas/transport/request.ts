import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import { isFeishuTokenError, type FeishuErrorInfo } from './errors';
import { withMintLock } from './mint-lock';
import { judge, type Exchange } from './response';
import { resolveBaseUrl, type BaseUrlError } from './domain';
import { tokenIssuer, usableToken } from './token';

export const CREDENTIAL_TYPE = 'feishuApaasApi';
export const API_PREFIX = '/open-apis/apaas/v1/';

export interface TransportSettings {
	timeout: number;
	maxRetries: number;
}

export interface FeishuCall {
	/** Path under /open-apis/apaas/v1/ with ids already checked. */
	path: string;
	body: IDataObject;
	itemIndex: number;
}

export interface FeishuSuccess {
	data: IDataObject;
	logId?: string;
}

/** Network failures worth another try: the request may not have reached Feishu, or its answer was lost. */
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function backoffMs(attempt: number): number {
	return Math.min(250 * 2 ** attempt, 4000);
}

/**
 * One Feishu aPaaS call: a tenant token that is valid for at least the refresh margin, the request
 * through n8n's `httpRequestWithAuthentication` (so n8n's proxy and TLS settings apply), Feishu's
 * envelope judged, rate limits waited out, transient faults retried, and a dead token re-minted once.
 */
export async function callFeishu(
	ctx: IExecuteFunctions,
	call: FeishuCall,
	settings: TransportSettings,
): Promise<FeishuSuccess> {
	let reminted = false;
	for (let attempt = 0; ; attempt++) {
		let exchange: AuthorizedExchange;
		try {
			exchange = await authorizedExchange(ctx, call, settings, reminted);
		} catch (error) {
			const failure = describeThrown(error);
			if (failure.retryable && attempt < settings.maxRetries) {
				await sleep(backoffMs(attempt));
				continue;
			}
			throw feishuError(ctx, failure.info, call.itemIndex, failure.hint);
		}
		reminted = reminted || exchange.reminted;
		const verdict = judge(exchange);
		switch (verdict.kind) {
			case 'ok':
				return { data: verdict.data, logId: verdict.logId };
			case 'rateLimited':
				if (attempt < settings.maxRetries) {
					await sleep(verdict.waitMs);
					continue;
				}
				throw feishuError(ctx, verdict.info, call.itemIndex, 'Feishu rate-limited this app and Max Retries ran out');
			case 'transient':
				if (attempt < settings.maxRetries) {
					await sleep(backoffMs(attempt));
					continue;
				}
				throw feishuError(ctx, verdict.info, call.itemIndex);
			case 'invalidToken':
				throw feishuError(
					ctx,
					verdict.info,
					call.itemIndex,
					'Feishu rejected a freshly minted tenant access token too. Check that the app is enabled and has the aPaaS scopes.',
				);
			default:
				throw feishuError(ctx, verdict.info, call.itemIndex);
		}
	}
}

interface AuthorizedExchange extends Exchange {
	/** Whether a token rejection was followed by a re-mint during this exchange. */
	reminted: boolean;
}

/**
 * Sends once with a usable token; if Feishu says the token is invalid (any HTTP status), re-mints once
 * and sends once more. A second rejection is returned to the caller, never looped on.
 */
async function authorizedExchange(
	ctx: IExecuteFunctions,
	call: FeishuCall,
	settings: TransportSettings,
	alreadyReminted: boolean,
): Promise<AuthorizedExchange> {
	const first = await sendWithToken(ctx, call, settings);
	if (alreadyReminted || judge(first).kind !== 'invalidToken') return { ...first, reminted: false };
	const second = await sendWithToken(ctx, call, settings, first.tokenUsed);
	return { ...second, reminted: true };
}

interface SentExchange extends Exchange {
	tokenUsed: string;
}

async function sendWithToken(
	ctx: IExecuteFunctions,
	call: FeishuCall,
	settings: TransportSettings,
	rejected?: string,
): Promise<SentExchange> {
	const stored = await readCredentials(ctx, call.itemIndex);
	if (usableToken(stored, rejected) !== undefined) return await send(ctx, call, settings, stored);

	// No usable token: one mint per credential at a time. Whoever waited re-reads the stored
	// credential first, since the mint it waited for has usually just persisted a fresh token.
	const decided = await withMintLock(lockKey(ctx, stored), async () => {
		const latest = await readCredentials(ctx, call.itemIndex);
		if (usableToken(latest, rejected) !== undefined) return { latest };
		return { minted: await send(ctx, call, settings, { ...latest, tenantAccessToken: '' }) };
	});
	return decided.minted ?? (await send(ctx, call, settings, decided.latest));
}

async function readCredentials(ctx: IExecuteFunctions, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
	return await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex);
}

function lockKey(ctx: IExecuteFunctions, credentials: ICredentialDataDecryptedObject): string {
	const ref = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	return `${ref?.id ?? ref?.name ?? ''}|${tokenIssuer(credentials)}`;
}

/**
 * One request through n8n. With an empty `tenantAccessToken`, n8n's credentials helper runs the
 * credential's `preAuthentication` (the mint), stores the result and writes it into `data`, which is
 * why the token actually used is read back from `data` afterwards.
 */
async function send(
	ctx: IExecuteFunctions,
	call: FeishuCall,
	settings: TransportSettings,
	credentials: ICredentialDataDecryptedObject,
): Promise<SentExchange> {
	const ref = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	const data = { ...credentials };
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${resolveBaseUrl(data)}${API_PREFIX}${call.path}`,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
		body: call.body,
		json: true,
		timeout: settings.timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options, {
		credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? '', type: CREDENTIAL_TYPE, data },
	})) as Exchange;
	return {
		statusCode: response.statusCode,
		headers: response.headers ?? {},
		body: response.body,
		tokenUsed: String(data.tenantAccessToken ?? ''),
	};
}

interface ThrownFailure {
	retryable: boolean;
	info: FeishuErrorInfo;
	hint?: string;
}

/** Walks the cause chain n8n builds around a failed request and keeps only what is safe to show. */
function describeThrown(error: unknown): ThrownFailure {
	const chain: unknown[] = [];
	for (let current: unknown = error; current && chain.length < 6; current = (current as { cause?: unknown }).cause) {
		chain.push(current);
	}
	const tokenError = chain.find(isFeishuTokenError);
	if (tokenError) {
		const status = tokenError.info.httpStatus ?? 0;
		return {
			retryable: status === 429 || status >= 500,
			info: { ...tokenError.info, msg: tokenError.message },
			hint: 'Check the App ID, App Secret and Domain of the Feishu aPaaS credential.',
		};
	}
	const baseUrlError = chain.find((e): e is BaseUrlError => e instanceof Error && e.name === 'BaseUrlError');
	if (baseUrlError) return { retryable: false, info: { msg: baseUrlError.message } };

	const codes = chain
		.map((e) => (e as { code?: unknown }).code)
		.filter((code): code is string => typeof code === 'string');
	const messages = chain.map((e) => (e instanceof Error ? e.message : '')).join(' ');
	const timedOut = codes.includes('ECONNABORTED') || codes.includes('ETIMEDOUT') || /timeout/i.test(messages);
	const networkCode = codes.find((code) => RETRYABLE_NETWORK_CODES.has(code));
	if (timedOut) {
		return { retryable: true, info: { msg: 'Feishu did not answer within the timeout' }, hint: 'Raise Options → Timeout, or check the network path to Feishu.' };
	}
	if (networkCode || /socket hang up/i.test(messages)) {
		return { retryable: true, info: { msg: `The connection to Feishu failed (${networkCode ?? 'socket hang up'})` } };
	}
	return { retryable: false, info: { msg: `The request to Feishu failed: ${codes[0] ?? 'unknown error'}` } };
}

/**
 * The error shown in n8n: Feishu's code and msg in the message; code, msg, log id, troubleshooter,
 * HTTP status and item index in the details. Built from scratch, never from the request, so neither
 * the app secret nor the tenant token can leak into it.
 */
export function feishuError(
	ctx: IExecuteFunctions,
	info: FeishuErrorInfo,
	itemIndex: number,
	hint?: string,
): NodeApiError {
	const details: JsonObject = { msg: info.msg, item_index: itemIndex };
	if (info.code !== undefined) details.code = info.code;
	if (info.logId) details.log_id = info.logId;
	if (info.troubleshooter) details.troubleshooter = info.troubleshooter;
	if (info.httpStatus !== undefined) details.http_status = info.httpStatus;
	const message = info.code !== undefined ? `Feishu error ${info.code}: ${info.msg}` : info.msg;
	const description = [hint, info.troubleshooter, info.logId ? `Feishu log id: ${info.logId}` : undefined]
		.filter(Boolean)
		.join(' — ');
	return new NodeApiError(ctx.getNode(), details, {
		message,
		description: description || undefined,
		httpCode: info.httpStatus !== undefined ? String(info.httpStatus) : undefined,
		itemIndex,
	});
}

export function missingCredentialError(ctx: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), 'Select a "Feishu aPaaS API" credential for this node');
}
