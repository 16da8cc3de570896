/**
 * User access tokens for the user-token routes. Stand-in until the emulator's OAuth (emulator/oauth/,
 * issue 19) lands: tests mint one with `emulator.issueUserToken(...)`; the OAuth verifier replaces
 * `userOf` then. Like Feishu's, a user token belongs to one app and one user and expires.
 */
import { randomBytes } from 'node:crypto';

export interface UserTokenInfo {
	appId: string;
	userId: string;
	expiresAt: number;
}

export class UserTokenStore {
	private readonly tokens = new Map<string, UserTokenInfo>();

	issue(appId: string, userId: string, now: number, lifetimeSeconds = 7200): string {
		const token = `u-${randomBytes(20).toString('hex')}`;
		this.tokens.set(token, { appId, userId, expiresAt: now + lifetimeSeconds * 1000 });
		return token;
	}

	userOf(token: string, now: number): UserTokenInfo | null {
		const info = this.tokens.get(token);
		return info && info.expiresAt > now ? info : null;
	}

	clear(): void {
		this.tokens.clear();
	}
}
