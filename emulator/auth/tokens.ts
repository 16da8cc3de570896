/**
 * Tenant access tokens, with Feishu's reuse rule: while the app's current token has at
 * least 30 minutes left, the token endpoint returns that same token (and its remaining
 * lifetime); below 30 minutes it mints a new one, and the old one stays valid until it expires.
 */
import { randomBytes } from 'node:crypto';

const REUSE_THRESHOLD_MS = 30 * 60 * 1000;

interface TokenInfo {
	appId: string;
	expiresAt: number;
}

export interface IssuedToken {
	token: string;
	/** Seconds of life left, as the `expire` field reports it. */
	expire: number;
	/** true when a new token was minted, false when the current one was reused. */
	minted: boolean;
}

export class TokenStore {
	private readonly tokens = new Map<string, TokenInfo>();
	private readonly current = new Map<string, string>();

	issue(appId: string, lifetimeSeconds: number, now: number): IssuedToken {
		const existing = this.current.get(appId);
		const info = existing ? this.tokens.get(existing) : undefined;
		if (existing && info && info.expiresAt - now >= REUSE_THRESHOLD_MS) {
			// ASSUMPTION: remaining seconds are floored (Feishu reports whole seconds).
			return { token: existing, expire: Math.floor((info.expiresAt - now) / 1000), minted: false };
		}
		const token = `t-${randomBytes(20).toString('hex')}`;
		this.tokens.set(token, { appId, expiresAt: now + lifetimeSeconds * 1000 });
		this.current.set(appId, token);
		this.prune(now);
		return { token, expire: lifetimeSeconds, minted: true };
	}

	/** The app that owns a valid token, or null for an unknown/expired/invalidated token. */
	appOf(token: string, now: number): string | null {
		const info = this.tokens.get(token);
		if (!info || info.expiresAt <= now) return null;
		return info.appId;
	}

	/** Every token issued so far stops working; the next token request mints a new one. */
	invalidateAll(): void {
		this.tokens.clear();
		this.current.clear();
	}

	/** Drops expired tokens so a long benchmark does not grow the map forever. */
	private prune(now: number): void {
		for (const [token, info] of this.tokens) if (info.expiresAt <= now) this.tokens.delete(token);
	}
}
