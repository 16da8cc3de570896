/** What the routes share: the store, the tokens, the knobs and the counters. */
import type { ErrorSpec } from './envelope';
import type { Clock, RateLimiter } from './knobs';
import type { OqlRowsAs } from './objects/oql';
import type { LogicStore } from './logic/store';
import type { ObjectStore } from './objects/store';
import type { OAuthStore } from './oauth/store';
import type { WorkspaceStore } from './workspaces/store';
import type { EmulatorState } from './human-tasks/state';
import type { TokenStore } from './auth/tokens';

export interface AppCredentials {
	appId: string;
	appSecret: string;
}

export interface Counters {
	/** Tokens newly issued (a reused token does not count). */
	mints: number;
	/** Every call to the token endpoint, whatever its outcome. */
	tokenRequests: number;
	/** aPaaS API requests that passed auth and the rate limiter. */
	served: number;
	/** aPaaS API requests answered 429. */
	rateLimited: number;
}

export interface RouteContext {
	state: EmulatorState;
	tokens: TokenStore;
	rate: RateLimiter;
	clock: Clock;
	apps: AppCredentials[];
	tokenLifetimeSeconds: number;
	counters: Counters;
	/** Application data (namespaces, objects, records). */
	objects: ObjectStore;
	/** Shape of OQL rows (knob). */
	oqlRowsAs: OqlRowsAs;
	/** Flows, functions, environment variables, roles and record permissions. */
	logic: LogicStore;
	/** How long a synchronous 'slow' flow runs, ms (knob). */
	flowDelayMs: number;
	/**
	 * Verifies user_access_tokens for 'user' routes (see routing.ts). The OAuth domain (issue 19)
	 * plugs its token store in here; until then it is NO_USER_TOKENS, which refuses every token.
	 */
	userTokens: UserTokenVerifier;
	/** OAuth codes, user access tokens and refresh tokens (issue 19). */
	oauth: OAuthStore;
	/** The data platform: workspaces, tables, views, enums (issue 19). */
	workspaces: WorkspaceStore;
	/** Rate windows of every user-token API (10/s per app and API by default), after `rate`. */
	userApiRate: RateLimiter;
	/** Waits `ms` (cut short by stop()); resolves false when the emulator stopped meanwhile. */
	wait: (ms: number) => Promise<boolean>;
}

/** Who a request authenticated as: set on `ex.caller` by the gateway before a 'tenant' or 'user' route runs. */
export interface Caller {
	appId: string;
	/** The user of a user_access_token ('user' routes only). */
	userId?: string;
	/** The scopes the user granted ('user' routes only; the route checks the one it needs). */
	scopes?: string[];
}

/** The hook for 'user' routes: answers which app and user a user_access_token belongs to. */
export interface UserTokenVerifier {
	/**
	 * The app and user of a user_access_token at `now`; `{refused}` with the gateway's answer when the
	 * token is expired or invalid (Feishu: 99991677 / 99991668); null = refused as 99991663.
	 */
	verify(token: string, now: number): { appId: string; userId: string; scopes?: string[] } | { refused: ErrorSpec } | null;
}

/** Until the OAuth domain exists: no user token is valid, so 'user' routes answer 99991663 (99991661 without one). */
export const NO_USER_TOKENS: UserTokenVerifier = { verify: () => null };
