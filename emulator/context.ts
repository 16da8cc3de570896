/** What the routes share: the store, the tokens, the knobs and the counters. */
import type { EventPusher } from './events/pusher';
import type { Clock, RateLimiter } from './knobs';
import type { OqlRowsAs } from './objects/oql';
import type { LogicStore } from './logic/store';
import type { ObjectStore } from './objects/store';
import type { EmulatorState } from './state';
import type { TokenStore } from './tokens';

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
	/** Waits `ms` (cut short by stop()); resolves false when the emulator stopped meanwhile. */
	wait: (ms: number) => Promise<boolean>;
	/** Feishu's event pusher (events/): the data platform calls `events.publishRecordChange` on row changes. */
	events: EventPusher;
}
