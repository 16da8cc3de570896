import type { IDataObject } from 'n8n-workflow';

import { runRow } from '../../engine/run-operation';
import { parseExactJson } from '../../engine/exact-json';
import type { FieldSpec, OperationExecutor, ResourceDefinition } from '../../engine/types';
import { apiNameList, InvalidValue } from '../../engine/values';
import { DOCS } from '../shared/fields';
import { TEN_PER_SECOND } from '../shared/limits';

const namespaces: FieldSpec = {
	param: 'namespaces',
	api: 'namespaces',
	displayName: 'Namespaces',
	description: 'Namespaces (API names) of the apps, comma-separated, e.g. package_abc__c,hr_portal',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'package_abc__c',
	shape: apiNameList,
};

/** ASSUMPTION (issue 20): Feishu's page gives the date as a string; YYYY-MM-DD. A date-time is taken by its UTC date. */
const date: FieldSpec = {
	param: 'date',
	api: 'date',
	displayName: 'Date',
	description: 'The day of the figures (YYYY-MM-DD; a date-time counts by its UTC date)',
	type: 'string',
	required: true,
	default: '',
	placeholder: '2026-11-30',
	shape: (value) => {
		const raw = typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function'
			? (value as { toUTC: () => { toISODate: () => string } }).toUTC().toISODate()
			: value;
		if (typeof raw === 'string') {
			const trimmed = raw.trim();
			const day = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : /^\d{4}-\d{2}-\d{2}T/.test(trimmed) && Number.isFinite(Date.parse(trimmed)) ? new Date(trimmed).toISOString().slice(0, 10) : undefined;
			if (day !== undefined && Number.isFinite(Date.parse(`${day}T00:00:00Z`))) return day;
		}
		throw new InvalidValue(`must be a date (YYYY-MM-DD), got ${JSON.stringify(value)}`);
	},
};

/** One item per app: its namespace and the metric's `data` JSON string parsed (int64 kept exact). */
const queryMetrics: OperationExecutor = async (ctx, spec, itemIndex) => {
	const metrics = await runRow(ctx, spec, itemIndex);
	return metrics.map((metric) => {
		const data = metric.data;
		if (typeof data !== 'string' || data.trim() === '') return metric;
		try {
			return { ...metric, data: parseExactJson(data) as IDataObject };
		} catch {
			// Not JSON after all: keep Feishu's text rather than lose it.
			return metric;
		}
	});
};

/** App Metrics: usage figures of aPaaS apps (应用运营数据). Needs a user credential. */
export const appMetrics: ResourceDefinition = {
	value: 'appMetrics',
	name: 'App Metrics',
	description: 'Read usage figures of aPaaS applications (activity, storage, run resources) for a day',
	authentication: 'userToken',
	// ASSUMPTION: Feishu's page we could read names no scope; the apps scope is the closest documented one.
	scopes: ['app_engine:apps:read'],
	scopesAssumed: true,
	operations: [
		{
			resource: 'appMetrics',
			operation: 'query',
			name: 'Query',
			action: 'Query app metrics',
			description:
				'Reads the usage figures of one or more apps for a day: one item per app, its namespace and data (Feishu\'s JSON string parsed into fields).',
			docsUrl: `${DOCS}/tenant_app_metrics/query`,
			method: 'POST',
			path: 'tenant_app_metrics/query',
			fields: [namespaces, date],
			output: { kind: 'list', itemsKey: 'metrics' },
			// ASSUMPTION: no documented limit; 10/s like the other user-token APIs.
			rateLimits: TEN_PER_SECOND,
			execute: queryMetrics,
		},
	],
};
