import type { RateWindow } from '../../engine/types';

/** Feishu's documented rate limits, per app and API. */

/** Feishu's limit for every human-task API (query and each action): 100 requests per minute per app. */
export const HUMAN_TASK_LIMITS: readonly RateWindow[] = [{ limit: 100, windowMs: 60_000 }];

/**
 * Feishu's limit for the application-data APIs (every record endpoint, OQL, search): 1000 requests per
 * minute **and** 50 per second, per app and per API.
 */
export const RECORD_LIMITS: readonly RateWindow[] = [
	{ limit: 1000, windowMs: 60_000 },
	{ limit: 50, windowMs: 1_000 },
];

/** Feishu's limit for a function invoke and for the environment-variable APIs: 10 per second per app. */
export const TEN_PER_SECOND: readonly RateWindow[] = [{ limit: 10, windowMs: 1_000 }];

/** Feishu's limit for role and record-permission member APIs: 100 per minute per app. */
export const MEMBER_LIMITS: readonly RateWindow[] = [{ limit: 100, windowMs: 60_000 }];
