import type { INodeProperties } from 'n8n-workflow';

import { integerIn } from '../validation/values';

/**
 * Request settings offered in every operation's Options collection. They are not Feishu fields, so they
 * live beside the table rather than in it.
 */
export const TRANSPORT_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 100 },
		default: 30000,
		description:
			'Milliseconds to wait for Feishu to answer one request before giving up on it (and retrying it, within Max Retries)',
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
];

export const TRANSPORT_SHAPES: Record<string, (value: unknown) => number> = {
	timeout: integerIn(100, 600_000),
	maxRetries: integerIn(0, 10),
};

function defaultOf(name: string): number {
	return TRANSPORT_OPTIONS.find((option) => option.name === name)?.default as number;
}

/** Settings used when an option is not added: the defaults shown in the UI. */
export const TRANSPORT_DEFAULTS = {
	timeout: defaultOf('timeout'),
	maxRetries: defaultOf('maxRetries'),
};
