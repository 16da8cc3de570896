/**
 * User access tokens for the user-token routes (the gateway's UserTokenVerifier). Stand-in until the
 * emulator's OAuth (emulator/oauth/, issue 19) lands: tests mint one with `emulator.issueUserToken(...)`;
 * the OAuth token store replaces this then. Like Feishu's, a user token belongs to one app and one
 * user and expires.
 */
import { randomBytes } from 'node:crypto';

import type { UserTokenVerifier } from '../context';

export interface UserTokenInfo {
	appId: string;
	userId: string;
	expiresAt: number;
}

export class UserTokenStore implements UserTokenVerifier {
	private readonly tokens = new Map<string, UserTokenInfo>();

	issue(appId: string, userId: string, now: number, lifetimeSeconds = 7200): string {
		const token = `u-${randomBytes(20).toString('hex')}`;
		this.tokens.set(token, { appId, userId, expiresAt: now + lifetimeSeconds * 1000 });
		return token;
	}

	verify(token: string, now: number): { appId: string; userId: string } | null {
		const info = this.tokens.get(token);
		return info && info.expiresAt > now ? { appId: info.appId, userId: info.userId } : null;
	}

	clear(): void {
		this.tokens.clear();
	}
}
