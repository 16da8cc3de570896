import {
	NodeApiError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import type { FeishuErrorInfo, FeishuTokenError } from './errors';
import type { TransportContext, TransportSettings } from './context';
import { withMintLock } from './mint-lock';
import { runCredentialsOf } from './run-credentials';
import { pacerFor, type RateWindow } from './pacer';
import { judge, type Exchange, type Verdict } from './response';
import { resolveBaseUrl } from './domain';
import { mintBounds, mintFailures, tokenIssuer, usableToken, type TenantTokenFields } from './token';
import { Deadline, executionSignal, withCancelSignal } from './deadline';
import {
	connectedCredentials,
	RECONNECT_HINT,
	tokenRefused,
	USER_CREDENTIAL_TYPE,
	userTokenExchange,
	UserTokenError,
} from './user-token';

/** The tenant-token credential (App ID + App Secret); the default of every call. */
export const CREDENTIAL_TYPE = 'feishuApaasApi';
export const API_PREFIX = '/open-apis/apaas/v1/';

export type { TransportContext, TransportSettings };

/** One Feishu API as Feishu counts it for rate limits, and how its requests may be repeated. */
export interface FeishuApi {
	/** Method and path template, e.g. `POST approval_instances/{approval_instance_id}/cancel`. */
	key: string;
	/** Feishu's documented limits for it. */
	limits: readonly RateWindow[];
	/** False where a request that may have arrived must not be sent again (record creates). */
	retryUnanswered?: boolean;
	/** Feishu's code for a repeated idempotency key (see OperationSpec.repeatedKeyCode). */
	repeatedKeyCode?: number;
}

export interface FeishuCall {
	/** POST when absent. */
	method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Path under /open-apis/apaas/v1/ with ids already checked. */
	path: string;
	/** JSON body; none is sent when absent. */
	body?: IDataObject;
	/**
	 * The body already written as JSON text, sent instead of `body` (which stays for reading): how an
	 * int64 the user typed (a filter value, a search object's id) goes out with all its digits.
	 */
	bodyJson?: string;
	/** Query-string parameters. */
	query?: IDataObject;
	itemIndex: number;
	api: FeishuApi;
	/**
	 * The n8n credential type the call authenticates with (default: the tenant-token credential). The
	 * resource's `authentication` picks it; the user-token credential arrives with issue 19.
	 */
	credentialType?: string;
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

/** Failures before any byte of the request could reach Feishu. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function backoffMs(attempt: number): number {
	return Math.min(250 * 2 ** attempt, 4000);
}

/**
 * One Feishu aPaaS call: a tenant token that is valid for at least the refresh margin, the request
 * through n8n's `httpRequestWithAuthentication` (so n8n's proxy and TLS settings apply), Feishu's
 * envelope judged, rate limits waited out, transient faults retried, and a dead token re-minted once.
 */
export async function callFeishu(
	ctx: TransportContext,
	call: FeishuCall,
	settings: TransportSettings,
): Promise<FeishuSuccess> {
	let reminted = false;
	for (let attempt = 0; ; attempt++) {
		const outcome = await authorizedExchange(ctx, call, settings, reminted);
		const mayRepeat = call.api.retryUnanswered !== false;
		if (!outcome.ok) {
			const { failure } = outcome;
			if (failure.retryable && (mayRepeat || !failure.mayHaveArrived) && attempt < settings.maxRetries) {
				await sleep(backoffMs(attempt));
				continue;
			}
			const hint = !mayRepeat && failure.retryable && failure.mayHaveArrived ? NOT_REPEATED : failure.hint;
			throw feishuError(ctx, failure.info, call.itemIndex, hint);
		}
		reminted = reminted || outcome.reminted;
		const { verdict } = outcome;
		switch (verdict.kind) {
			case 'ok':
				return { data: verdict.data, logId: verdict.logId };
			case 'rateLimited':
				// Every request of this credential to this API waits, not only this one: Feishu counts per app and API.
				pacerFor(outcome.paceKey).pause(Date.now() + verdict.waitMs);
				if (attempt < settings.maxRetries) continue;
				throw feishuError(ctx, verdict.info, call.itemIndex, 'Feishu rate-limited this app and Max Retries ran out.');
			case 'transient':
				// A 5xx may come after the write happened; only requests that are safe to repeat go again.
				if (mayRepeat && attempt < settings.maxRetries) {
					await sleep(backoffMs(attempt));
					continue;
				}
				throw feishuError(ctx, verdict.info, call.itemIndex, mayRepeat ? undefined : NOT_REPEATED);
			case 'invalidToken':
				throw feishuError(
					ctx,
					verdict.info,
					call.itemIndex,
					credentialTypeOf(call) === USER_CREDENTIAL_TYPE
						? `Feishu rejected the user access token after it was refreshed. ${RECONNECT_HINT}`
						: 'Feishu rejected a freshly minted tenant access token too. Check that the app is enabled and has the aPaaS scopes.',
				);
			default:
				if (attempt > 0 && verdict.info.code !== undefined && verdict.info.code === call.api.repeatedKeyCode) {
					// This request was sent before and its answer lost; Feishu refusing the key now proves
					// that the earlier attempt arrived, and the key kept it from running twice.
					throw feishuError(ctx, verdict.info, call.itemIndex, REPEATED_KEY);
				}
				throw feishuError(ctx, verdict.info, call.itemIndex);
		}
	}
}

/** Why a write that got no usable answer is not sent again. */
export const NOT_REPEATED =
	'Feishu may have written this before the answer was lost, so it was not sent again (that could write it twice). Check what was written (e.g. with Get Many) before running these items again.';

/** Why a retry refused for its repeated idempotency key is not a second run. */
export const REPEATED_KEY =
	'An earlier attempt of this request reached Feishu but its answer was lost; Feishu refused the retry because its idempotent key was already used, so it did not run a second time. Its result is not known here: check the run in aPaaS.';

interface SendFailure {
	retryable: boolean;
	/** False when the request certainly never reached Feishu's API (mint failed, connection refused). */
	mayHaveArrived?: boolean;
	info: FeishuErrorInfo;
	hint?: string;
}

/** A request that got an HTTP answer, or one that got none (or could not mint). */
type Sent =
	| ({ ok: true; tokenUsed: string; paceKey: string; credentials: ICredentialDataDecryptedObject } & Exchange)
	| { ok: false; failure: SendFailure };

type Outcome = { ok: true; verdict: Verdict; reminted: boolean; paceKey: string } | { ok: false; failure: SendFailure };

/**
 * Sends once with a usable token; if Feishu says the token is invalid (any HTTP status), re-mints once
 * and sends once more. A second rejection is returned to the caller, never looped on.
 */
async function authorizedExchange(
	ctx: TransportContext,
	call: FeishuCall,
	settings: TransportSettings,
	alreadyReminted: boolean,
): Promise<Outcome> {
	if (credentialTypeOf(call) === USER_CREDENTIAL_TYPE) {
		// The user token's refresh (and the one re-send it allows) happened inside sendWithUserToken.
		const sent = await sendWithUserToken(ctx, call, settings);
		if (!sent.ok) return sent;
		const verdict: Verdict = tokenRefused(sent) ? { kind: 'invalidToken', info: judgeInfo(sent) } : judge(sent);
		return { ok: true, verdict, reminted: true, paceKey: sent.paceKey };
	}
	const first = await sendWithToken(ctx, call, settings);
	if (!first.ok) return first;
	const verdict = judge(first);
	if (alreadyReminted || verdict.kind !== 'invalidToken') return { ok: true, verdict, reminted: false, paceKey: first.paceKey };
	const second = await sendWithToken(ctx, call, settings, first.tokenUsed);
	return second.ok ? { ok: true, verdict: judge(second), reminted: true, paceKey: second.paceKey } : second;
}

async function sendWithToken(
	ctx: TransportContext,
	call: FeishuCall,
	settings: TransportSettings,
	rejected?: string,
): Promise<Sent> {
	const type = credentialTypeOf(call);
	const run = runCredentialsOf(ctx);
	// The credential as this run knows it: read once, then kept while its token is usable.
	const known = await run.read(ctx, type, call.itemIndex);
	if (usableToken(known, rejected) !== undefined) return await send(ctx, call, settings, known);

	// No usable token (refused, inside the margin, missing): one mint per credential at a time, and
	// the stored credential is read fresh first. A token another execution stored meanwhile, the mint
	// this one waited for, or one a request still in flight has just minted is used; only when there
	// is none is a token minted.
	const key = lockKey(ctx, call, known);
	const decided = await withMintLock(key, async () => {
		const latest = await run.fresh(ctx, type, call.itemIndex);
		if (usableToken(latest, rejected) !== undefined) return { latest };
		const handed = { ...latest, ...mintsInFlight.get(key) };
		if (usableToken(handed, rejected) !== undefined) {
			run.remember(type, handed);
			return { latest: handed };
		}
		// n8n writes the new token into the credentials object of that request (and into its database,
		// where other executions find it); the run's next requests use that object. The lock is held
		// until the token is known, not until Feishu answers the request that carried the mint: the
		// requests queued behind it go at once with the new token instead of one latency later.
		let tokenKnown!: () => void;
		const issued = new Promise<void>((resolve) => (tokenKnown = resolve));
		const sending = send(ctx, call, settings, { ...latest, tenantAccessToken: '' }, ({ tenantAccessToken, expiresAt, issuedFor }) => {
			const token = { tenantAccessToken, expiresAt, issuedFor };
			mintsInFlight.set(key, token);
			run.remember(type, { ...latest, ...token });
			tokenKnown();
		}).finally(() => {
			// n8n has stored the token by the time the request that carried it ends.
			mintsInFlight.delete(key);
			tokenKnown();
		});
		await issued;
		return { sending };
	});
	if (!decided.sending) return await send(ctx, call, settings, decided.latest);
	const minted = await decided.sending;
	if (minted.ok) run.remember(type, minted.credentials);
	return minted;
}

/**
 * A token just minted by a request still waiting on Feishu's answer, per mint lock (credential and
 * issuer), for the requests queued behind that mint; dropped when that request ends, when n8n has
 * stored the token where every execution reads it.
 */
const mintsInFlight = new Map<string, ICredentialDataDecryptedObject>();

/**
 * One request with the user's access token (the OAuth2 credential): see user-token.ts for the refresh.
 * Paced like every call, per credential and API; the one re-send after a refused token shares the slot.
 */
async function sendWithUserToken(ctx: TransportContext, call: FeishuCall, settings: TransportSettings): Promise<Sent> {
	const ref = ctx.getNode().credentials?.[USER_CREDENTIAL_TYPE];
	const u = { ctx, credentialName: ref?.name ?? USER_CREDENTIAL_TYPE, run: runCredentialsOf(ctx) };
	let credentials: ICredentialDataDecryptedObject;
	let baseUrl: string;
	try {
		credentials = await connectedCredentials(u, call.itemIndex);
		baseUrl = resolveBaseUrl(credentials);
	} catch (error) {
		const hint = error instanceof UserTokenError ? error.hint : undefined;
		return { ok: false, failure: { retryable: false, mayHaveArrived: false, info: { msg: (error as Error).message }, hint } };
	}
	const paceKey = `${ref?.id ?? ref?.name ?? ''}|user@${baseUrl}|${call.api.key}`;
	const pacer = pacerFor(paceKey);
	const windows = paceWindows(settings, call.api.limits);
	const finished = await pacer.acquire(windows);
	// Timeout is a deadline here too (issue 16): the refresh and the re-send count within it.
	const deadline = new Deadline(settings.timeout, executionSignal(ctx));
	try {
		const outcome = await userTokenExchange(
			{ ...u, ctx: withCancelSignal(ctx, deadline.signal) },
			{
				method: call.method ?? 'POST',
				url: `${baseUrl}${API_PREFIX}${call.path}`,
				body: call.body,
				qs: call.query,
				timeout: settings.timeout,
				itemIndex: call.itemIndex,
			},
			credentials,
		);
		if (outcome.ok) return { ok: true, ...outcome.exchange, tokenUsed: '', paceKey, credentials };
		const { error } = outcome;
		if (error instanceof UserTokenError) {
			return {
				ok: false,
				failure: { retryable: false, mayHaveArrived: false, info: { msg: error.message, code: error.code }, hint: error.hint },
			};
		}
		return { ok: false, failure: describeFailure(error, undefined, deadline) };
	} finally {
		deadline.clear();
		finished();
	}
}

/** Feishu's code and msg of an answer (for a refused user token). */
function judgeInfo(exchange: Exchange): FeishuErrorInfo {
	const verdict = judge(exchange);
	return verdict.kind === 'ok' ? { msg: 'Feishu refused the user access token', httpStatus: exchange.statusCode } : verdict.info;
}

/**
 * The windows to pace one API by: Feishu's documented ones, or the user's Max Requests Per Minute over
 * Pace Window, which replaces the documented windows of that length or longer (Feishu still enforces
 * its shorter ones, e.g. 50 per second); 0 turns pacing off.
 */
export function paceWindows(settings: TransportSettings, documented: readonly RateWindow[]): readonly RateWindow[] {
	const limit = settings.maxRequestsPerMinute;
	if (limit === undefined) return documented;
	if (limit === 0) return [];
	const windowMs = settings.paceWindowSeconds * 1000;
	return [{ limit, windowMs }, ...documented.filter((w) => w.windowMs < windowMs)];
}

function credentialTypeOf(call: FeishuCall): string {
	return call.credentialType ?? CREDENTIAL_TYPE;
}

function lockKey(ctx: TransportContext, call: FeishuCall, credentials: ICredentialDataDecryptedObject, baseUrl?: string): string {
	const ref = ctx.getNode().credentials?.[credentialTypeOf(call)];
	return `${ref?.id ?? ref?.name ?? ''}|${tokenIssuer(credentials, baseUrl)}`;
}

/**
 * One request through n8n. With an empty `tenantAccessToken`, n8n's credentials helper runs the
 * credential's `preAuthentication` (the mint), stores the result and writes it into `data`, which is
 * why the token actually used is read back from `data` afterwards.
 */
async function send(
	ctx: TransportContext,
	call: FeishuCall,
	settings: TransportSettings,
	credentials: ICredentialDataDecryptedObject,
	onMinted?: (token: TenantTokenFields) => void,
): Promise<Sent> {
	const credentialType = credentialTypeOf(call);
	const ref = ctx.getNode().credentials?.[credentialType];
	const data = { ...credentials };
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(data);
	} catch (error) {
		return { ok: false, failure: { retryable: false, info: { msg: (error as Error).message } } };
	}
	const paceKey = `${lockKey(ctx, call, data, baseUrl)}|${call.api.key}`;
	const pacer = pacerFor(paceKey);
	const windows = paceWindows(settings, call.api.limits);
	// This request tells the pacer when it leaves (after a mint, below), so Feishu's arrival bound applies.
	const finished = await pacer.acquire(windows, true);
	// Timeout from here (waiting for the pace is not the request) to the last byte of the answer.
	const deadline = new Deadline(settings.timeout, executionSignal(ctx));
	// Should n8n mint with this object, the mint has a deadline of the same Timeout, which the
	// request's deadline does not count; the request leaves when the mint ends.
	mintBounds.set(data, {
		timeout: settings.timeout,
		signal: deadline.outer,
		onStart: () => deadline.pause(),
		onEnd: () => {
			deadline.restart();
			finished.sent();
		},
		onMinted,
	});
	const options: IHttpRequestOptions = {
		method: call.method ?? 'POST',
		url: `${baseUrl}${API_PREFIX}${call.path}`,
		json: true,
		// The body as text, parsed by judge() with int64s kept exact: n8n's (axios's) JSON parsing
		// would round the bare 19-digit user ids Feishu sends in some answers (seats, apps).
		encoding: 'text',
		timeout: settings.timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Feishu's APIs answer, they never redirect; following a 3xx would re-send the Bearer token
		// (and turn the POST into a GET) towards wherever the Location points.
		disableFollowRedirect: true,
	};
	if (call.body !== undefined && Object.keys(call.body).length === 0) {
		// n8n's helper drops an empty object body; Feishu's SDK sends `{}` as JSON (a body-less DELETE).
		options.body = '{}';
		options.headers = { 'Content-Type': 'application/json' };
	} else if (call.bodyJson !== undefined) {
		options.body = call.bodyJson;
		options.headers = { 'Content-Type': 'application/json' };
	} else if (call.body !== undefined) options.body = call.body;
	if (call.query !== undefined) {
		options.qs = call.query;
		// Lists as Feishu's SDK sends them: `columns=a&columns=b`, not axios's `columns[]=a`.
		options.arrayFormat = 'repeat';
	}
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(withCancelSignal(ctx, deadline.signal), credentialType, options, {
			credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? '', type: credentialType, data },
		})) as Exchange;
		return {
			ok: true,
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: response.body,
			tokenUsed: String(data.tenantAccessToken ?? ''),
			paceKey,
			credentials: data,
		};
	} catch (error) {
		return { ok: false, failure: describeFailure(error, mintFailures.get(data), deadline) };
	} finally {
		deadline.clear();
		finished();
	}
}

/**
 * Why a request got no answer, from what n8n leaves on the error it throws: it wraps failures in a
 * NodeApiError that keeps the message and the network code (as `httpCode`) but drops the original
 * error, which is also why nothing of the request (headers, body) can reach the message.
 */
function describeFailure(error: unknown, mintFailure: FeishuTokenError | undefined, deadline: Deadline): SendFailure {
	if (deadline.cancelled) {
		return { retryable: false, mayHaveArrived: true, info: { msg: 'The execution was cancelled while waiting for Feishu' } };
	}
	if (mintFailure) {
		const status = mintFailure.info.httpStatus ?? 0;
		return {
			retryable: mintFailure.info.network === true || status === 429 || status >= 500,
			// The mint failed, so the API request itself was never sent.
			mayHaveArrived: false,
			info: { ...mintFailure.info, msg: mintFailure.message },
			hint: 'Check the App ID, App Secret and Domain of the Feishu aPaaS credential.',
		};
	}
	const seen = error as { code?: unknown; httpCode?: unknown; message?: unknown; messages?: unknown };
	const codes = [seen.code, seen.httpCode].filter((c): c is string => typeof c === 'string');
	const text = [seen.message, ...(Array.isArray(seen.messages) ? seen.messages : [])].join(' ');
	if (deadline.expired || codes.includes('ECONNABORTED') || codes.includes('ETIMEDOUT') || /timeout/i.test(text)) {
		return {
			retryable: true,
			mayHaveArrived: true,
			info: { msg: 'Feishu did not answer within the timeout' },
			hint: 'Raise Options → Timeout, or check the network path to Feishu.',
		};
	}
	const networkCode = codes.find((code) => RETRYABLE_NETWORK_CODES.has(code));
	if (networkCode || /socket hang up|ECONNRESET/i.test(text)) {
		return {
			retryable: true,
			// A refused or unresolvable connection carried nothing; a reset may have carried the request.
			mayHaveArrived: !NEVER_CONNECTED_CODES.has(networkCode ?? ''),
			info: { msg: `The connection to Feishu failed (${networkCode ?? 'connection reset'})` },
		};
	}
	const message = typeof seen.message === 'string' && seen.message ? seen.message : 'unknown error';
	return { retryable: false, info: { msg: `The request to Feishu failed: ${message}` } };
}

/**
 * The error shown in n8n: Feishu's code and msg in the message; code, msg, log id, troubleshooter,
 * HTTP status and item index in the details. Built from scratch, never from the request, so neither
 * the app secret nor the tenant token can leak into it.
 */
export function feishuError(
	ctx: TransportContext,
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
	// n8n's error panel shows `httpCode` as "Error code" and the description as text: Feishu's code
	// goes there (the HTTP status alone, often 400 for every error, says little), and the log id
	// Feishu's support asks for is spelled out in the description.
	const facts = [
		info.logId ? `Feishu log id: ${info.logId}` : undefined,
		info.code !== undefined && info.httpStatus !== undefined ? `HTTP ${info.httpStatus}` : undefined,
	].filter(Boolean);
	const description = [hint, info.troubleshooter, facts.join(' · ')].filter(Boolean).join(' — ');
	const httpCode = info.code !== undefined ? String(info.code) : info.httpStatus !== undefined ? String(info.httpStatus) : undefined;
	const error = new NodeApiError(ctx.getNode(), details, {
		message,
		description: description || undefined,
		httpCode,
		itemIndex,
	});
	// NodeApiError swaps a message that mentions a network code (ECONNRESET, ETIMEDOUT, …) for n8n's
	// generic wording, which would drop Feishu's code and msg; keep ours.
	error.message = message;
	return error;
}
