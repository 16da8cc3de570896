/**
 * Feishu's OAuth state for user_access_tokens: registered redirect URLs, users who can consent,
 * authorisation codes, access tokens and refresh tokens.
 *
 * Facts from Feishu's pages: a code is single-use and lives 5 minutes; an access token about 2 hours
 * (`expires_in` 7200); a refresh token is issued only with the `offline_access` scope, lives about 7
 * days (`refresh_token_expires_in` 604800) and **rotates**: after a refresh use the new pair, never the
 * old one. The rest is marked ASSUMPTION where it is decided.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ErrorSpec } from '../envelope';
import { USER_TOKEN_ERRORS } from './errors';

export interface OAuthUser {
	/** open_id-like id the consent page offers, e.g. 'ou_emulator_user'. */
	userId: string;
	name: string;
}

export interface OAuthSeed {
	/** Redirect URLs registered in the app's security settings (exact match); others get 20029. */
	redirectUris?: string[];
	/** Users the consent page offers (added/replaced by userId). Default: one user. */
	users?: OAuthUser[];
}

export interface OAuthKnobs {
	/** `expires_in` of new access tokens, seconds. Default 7200. */
	accessTokenLifetimeSeconds: number;
	/** `refresh_token_expires_in` of new refresh tokens, seconds. Default 604800 (7 days). */
	refreshTokenLifetimeSeconds: number;
	/**
	 * HTTP status of the gateway's answer to a refused user token (99991677 / 99991668). Default 400.
	 * ASSUMPTION: Feishu answers its tenant-token codes with HTTP 400; its pages do not say which status
	 * carries the user-token codes, and clients have been seen to get both, so it is a knob.
	 */
	userTokenRejectStatus: 400 | 401;
}

export const DEFAULT_OAUTH_KNOBS: OAuthKnobs = {
	accessTokenLifetimeSeconds: 7200,
	refreshTokenLifetimeSeconds: 604800,
	userTokenRejectStatus: 400,
};

export const DEFAULT_OAUTH_USER: OAuthUser = { userId: 'ou_emulator_user', name: 'Emulator User' };

const CODE_LIFETIME_MS = 5 * 60 * 1000;

interface CodeInfo {
	appId: string;
	userId: string;
	redirectUri: string;
	scopes: string[];
	challenge?: string;
	challengeMethod?: string;
	expiresAt: number;
	used: boolean;
}

interface AccessInfo {
	appId: string;
	userId: string;
	scopes: string[];
	expiresAt: number;
	revoked: boolean;
}

interface RefreshInfo {
	appId: string;
	userId: string;
	scopes: string[];
	expiresAt: number;
	/** Set once the token was exchanged: strict rotation refuses it afterwards. */
	used: boolean;
	revoked: boolean;
}

export interface IssuedPair {
	access_token: string;
	expires_in: number;
	refresh_token?: string;
	refresh_token_expires_in?: number;
	scope: string;
	token_type: 'Bearer';
}

/** Why a user token is refused: 'expired' → 99991677, 'invalid' → 99991668. */
export type UserTokenRefusal = 'expired' | 'invalid';

export interface UserCaller {
	appId: string;
	userId: string;
	scopes: string[];
}

export interface OAuthCounters {
	/** Successful authorization_code exchanges. */
	codeExchanges: number;
	/** Successful refresh_token exchanges. */
	refreshes: number;
	/** Refused refresh_token exchanges (used, expired, revoked, unknown). */
	refusedRefreshes: number;
}

export type OAuthFailure =
	| 'invalidRequest'
	| 'invalidClient'
	| 'invalidCode'
	| 'codeExpired'
	| 'codeUsed'
	| 'redirectMismatch'
	| 'pkceFailed'
	| 'refreshInvalid'
	| 'refreshExpired'
	| 'refreshRevoked'
	| 'refreshUsed'
	| 'unsupportedGrant';

const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

export class OAuthStore {
	readonly knobs: OAuthKnobs = { ...DEFAULT_OAUTH_KNOBS };
	readonly counters: OAuthCounters = { codeExchanges: 0, refreshes: 0, refusedRefreshes: 0 };
	private readonly redirectUris = new Set<string>();
	private readonly users = new Map<string, OAuthUser>();
	private readonly codes = new Map<string, CodeInfo>();
	private readonly access = new Map<string, AccessInfo>();
	private readonly refresh = new Map<string, RefreshInfo>();

	constructor() {
		this.reset();
	}

	reset(): void {
		this.redirectUris.clear();
		this.users.clear();
		this.users.set(DEFAULT_OAUTH_USER.userId, DEFAULT_OAUTH_USER);
		this.codes.clear();
		this.access.clear();
		this.refresh.clear();
		Object.assign(this.knobs, DEFAULT_OAUTH_KNOBS);
		Object.assign(this.counters, { codeExchanges: 0, refreshes: 0, refusedRefreshes: 0 });
	}

	seed(seed: OAuthSeed): void {
		for (const uri of seed.redirectUris ?? []) {
			if (typeof uri !== 'string' || !URL.canParse(uri)) throw new Error(`oauth.redirectUris: not a URL: ${String(uri)}`);
			this.redirectUris.add(uri);
		}
		for (const user of seed.users ?? []) {
			if (typeof user?.userId !== 'string' || user.userId === '') throw new Error('oauth.users[].userId must be a string');
			this.users.set(user.userId, { userId: user.userId, name: String(user.name ?? user.userId) });
		}
	}

	configure(knobs: Partial<OAuthKnobs>): void {
		for (const key of ['accessTokenLifetimeSeconds', 'refreshTokenLifetimeSeconds'] as const) {
			const v = knobs[key];
			if (v === undefined) continue;
			if (!(typeof v === 'number' && v > 0)) throw new Error(`${key} must be > 0`);
			this.knobs[key] = v;
		}
		if (knobs.userTokenRejectStatus !== undefined) {
			if (knobs.userTokenRejectStatus !== 400 && knobs.userTokenRejectStatus !== 401) {
				throw new Error('userTokenRejectStatus must be 400 or 401');
			}
			this.knobs.userTokenRejectStatus = knobs.userTokenRejectStatus;
		}
	}

	isRegistered(redirectUri: string): boolean {
		return this.redirectUris.has(redirectUri);
	}

	listUsers(): OAuthUser[] {
		return [...this.users.values()];
	}

	user(userId: string): OAuthUser | undefined {
		return this.users.get(userId);
	}

	/** A fresh single-use code for a consent the user gave on the authorisation page. */
	issueCode(info: Omit<CodeInfo, 'expiresAt' | 'used'>, now: number): string {
		const code = randomBytes(16).toString('hex');
		this.codes.set(code, { ...info, expiresAt: now + CODE_LIFETIME_MS, used: false });
		return code;
	}

	/** The authorization_code grant. */
	exchangeCode(
		req: { appId: string; code: string; redirectUri?: string; codeVerifier?: string },
		now: number,
	): IssuedPair | OAuthFailure {
		const info = this.codes.get(req.code);
		if (!info || info.appId !== req.appId) return 'invalidCode';
		if (info.used) return 'codeUsed';
		if (info.expiresAt <= now) return 'codeExpired';
		// ASSUMPTION: when the token request carries redirect_uri it must equal the authorisation's
		// (RFC 6749 §4.1.3); Feishu marks it optional.
		if (req.redirectUri !== undefined && req.redirectUri !== info.redirectUri) return 'redirectMismatch';
		if (info.challenge !== undefined) {
			if (!req.codeVerifier || !pkceMatches(info.challenge, info.challengeMethod, req.codeVerifier)) return 'pkceFailed';
		}
		info.used = true;
		this.counters.codeExchanges++;
		return this.issuePair(info.appId, info.userId, info.scopes, now);
	}

	/** The refresh_token grant, with strict rotation: the presented refresh token is spent. */
	exchangeRefresh(req: { appId: string; refreshToken: string }, now: number): IssuedPair | OAuthFailure {
		const info = this.refresh.get(req.refreshToken);
		const refuse = (why: OAuthFailure): OAuthFailure => {
			this.counters.refusedRefreshes++;
			return why;
		};
		if (!info || info.appId !== req.appId) return refuse('refreshInvalid');
		if (info.revoked) return refuse('refreshRevoked');
		// ASSUMPTION: presenting a spent refresh token is refused, but does not revoke the pair issued
		// for it (Feishu documents the rotation, not a reuse detection that kills the family).
		if (info.used) return refuse('refreshUsed');
		if (info.expiresAt <= now) return refuse('refreshExpired');
		info.used = true;
		this.counters.refreshes++;
		// ASSUMPTION: the access token issued with the old pair stays valid until it expires (as tenant tokens do).
		return this.issuePair(info.appId, info.userId, info.scopes, now);
	}

	private issuePair(appId: string, userId: string, scopes: string[], now: number): IssuedPair {
		const accessToken = token('u-');
		this.access.set(accessToken, {
			appId,
			userId,
			scopes,
			expiresAt: now + this.knobs.accessTokenLifetimeSeconds * 1000,
			revoked: false,
		});
		const pair: IssuedPair = {
			access_token: accessToken,
			expires_in: this.knobs.accessTokenLifetimeSeconds,
			scope: scopes.join(' '),
			token_type: 'Bearer',
		};
		// Feishu: refresh_token and refresh_token_expires_in come only with the offline_access scope.
		if (scopes.includes('offline_access')) {
			const refreshToken = token('ur-');
			this.refresh.set(refreshToken, {
				appId,
				userId,
				scopes,
				expiresAt: now + this.knobs.refreshTokenLifetimeSeconds * 1000,
				used: false,
				revoked: false,
			});
			pair.refresh_token = refreshToken;
			pair.refresh_token_expires_in = this.knobs.refreshTokenLifetimeSeconds;
		}
		return pair;
	}

	/** Who a user_access_token belongs to, or why it is refused. */
	check(accessToken: string, now: number): UserCaller | UserTokenRefusal {
		const info = this.access.get(accessToken);
		if (!info || info.revoked) return 'invalid';
		if (info.expiresAt <= now) return 'expired';
		return { appId: info.appId, userId: info.userId, scopes: [...info.scopes] };
	}

	/** The routing contract's UserTokenVerifier: the caller with its scopes, or the gateway's refusal. */
	verify(accessToken: string, now: number): UserCaller | { refused: ErrorSpec } {
		const result = this.check(accessToken, now);
		if (typeof result !== 'string') return result;
		return { refused: { status: this.knobs.userTokenRejectStatus, ...USER_TOKEN_ERRORS[result] } };
	}

	/** Test knob: every access token issued so far is expired (99991677); refresh tokens still work. */
	expireAccessTokens(now: number): void {
		for (const info of this.access.values()) info.expiresAt = Math.min(info.expiresAt, now);
	}

	/** Test knob: every refresh token issued so far is expired (~7 days idle). */
	expireRefreshTokens(now: number): void {
		for (const info of this.refresh.values()) info.expiresAt = Math.min(info.expiresAt, now);
	}

	/** Test knob: the user revoked the app's authorisation: every token and refresh token is refused. */
	revokeAll(): void {
		for (const info of this.access.values()) info.revoked = true;
		for (const info of this.refresh.values()) info.revoked = true;
	}

	/** How many refresh tokens are live (unused, unexpired, unrevoked) — a rotation leaves exactly one per grant. */
	liveRefreshTokens(now: number): number {
		let n = 0;
		for (const info of this.refresh.values()) if (!info.used && !info.revoked && info.expiresAt > now) n++;
		return n;
	}
}

/** RFC 7636: S256 = BASE64URL(SHA256(verifier)); 'plain' compares as is. */
function pkceMatches(challenge: string, method: string | undefined, verifier: string): boolean {
	if ((method ?? 'plain').toUpperCase() === 'S256') {
		return createHash('sha256').update(verifier).digest('base64url') === challenge;
	}
	return verifier === challenge;
}
