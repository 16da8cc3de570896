import type { INodeProperties } from 'n8n-workflow';

import { integerIn } from './values';

/**
 * Request and scheduling settings offered in every operation's Options collection. They are not Feishu
 * fields, so the engine owns them rather than the catalog. The transport reads the first four; the
 * item scheduler reads Concurrency and Batch Size.
 */
export const RUN_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 100 },
		default: 30000,
		description:
			'Milliseconds one request may take, from connecting to the last byte of the answer, before it is given up (and retried, within Max Retries); a token mint gets the same',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description:
			'How many times to retry a request after a rate limit (HTTP 429, waiting as long as Feishu asks), a 5xx answer, a timeout or a dropped connection',
	},
	{
		displayName: 'Max Requests Per Minute',
		name: 'maxRequestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 100,
		description:
			'Pace for this credential and this API across all items running at once (and other executions in this n8n process): at most this many requests per Pace Window. When not set, each API is paced at the limits Feishu documents for it (100 per minute for human tasks; 1000 per minute and 50 per second for records, OQL and search). 0 turns pacing off.',
	},
	{
		displayName: 'Pace Window (Seconds)',
		name: 'paceWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'The window Max Requests Per Minute counts over. Feishu counts per minute; change it only for a gateway that counts differently.',
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		default: 1,
		description:
			'How many items run at the same time (1 = one after another, as n8n usually does). Output order and pairing stay those of the input. Read from the first item.',
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Items per batch: the next batch starts when the previous one is done. 0 = all items in one batch. Read from the first item.',
	},
];

export const RUN_SHAPES: Record<string, (value: unknown) => number> = {
	timeout: integerIn(100, 600_000),
	maxRetries: integerIn(0, 10),
	maxRequestsPerMinute: integerIn(0, 1_000_000),
	paceWindowSeconds: integerIn(1, 3600),
	concurrency: integerIn(1, 50),
	batchSize: integerIn(0, 1_000_000),
};

function defaultOf(name: string): number {
	return RUN_OPTIONS.find((option) => option.name === name)?.default as number;
}

/**
 * Settings used when an option is not added: the defaults shown in the UI. Max Requests Per Minute has
 * none: unset, each API keeps Feishu's own limits.
 */
export const RUN_DEFAULTS = {
	timeout: defaultOf('timeout'),
	maxRetries: defaultOf('maxRetries'),
	paceWindowSeconds: defaultOf('paceWindowSeconds'),
	concurrency: defaultOf('concurrency'),
	batchSize: defaultOf('batchSize'),
};
