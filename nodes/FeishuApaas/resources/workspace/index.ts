import type { IDataObject } from 'n8n-workflow';

import { parseExactJson } from '../../engine/exact-json';
import { buildRequest } from '../../engine/request/build-request';
import { send } from '../../engine/request/send';
import type { ResourceDefinition } from '../../engine/types';
import { requiredText } from '../../engine/values';
import { DATA_DOCS, SCOPES, WORKSPACE, WORKSPACE_LIMITS, workspaceId } from '../shared/data-platform';

/** Workspace: SQL on a data-platform workspace (user token). */
export const workspace: ResourceDefinition = {
	value: 'workspace',
	name: 'Workspace',
	description: 'SQL on an aPaaS data-platform workspace',
	authentication: 'userToken',
	scopes: [SCOPES.sql],
	operations: [
		{
			resource: 'workspace',
			operation: 'executeSql',
			name: 'Execute SQL',
			action: 'Execute an SQL statement',
			description:
				'Runs one SQL statement in a data-platform workspace. A SELECT outputs one item per row (int64 values exact); any other statement one acknowledgement item.',
			docsUrl: `${DATA_DOCS}/sql_commands`,
			method: 'POST',
			path: `${WORKSPACE}/sql_commands`,
			pathFields: [workspaceId],
			fields: [
				{
					param: 'sql',
					api: 'sql',
					displayName: 'SQL',
					description: 'The statement, e.g. SELECT id, sku FROM orders WHERE qty > 3 ORDER BY id LIMIT 100',
					type: 'string',
					typeOptions: { rows: 5 },
					required: true,
					default: '',
					placeholder: 'SELECT id, sku FROM orders LIMIT 100',
					shape: requiredText,
				},
			],
			output: { kind: 'acknowledge' },
			rateLimits: WORKSPACE_LIMITS,
			// A statement that got no answer may have run (an INSERT twice is two rows).
			retryUnanswered: false,
			execute: async (ctx, spec, itemIndex) => {
				const request = buildRequest(ctx, spec, itemIndex);
				const { data, logId } = await send(ctx, request, itemIndex);
				const result = typeof data.result === 'string' ? data.result.trim() : '';
				// Feishu: `result` is a JSON string of the rows for a SELECT, empty otherwise.
				const parsed = result === '' ? undefined : (parseExactJson(result) as unknown);
				if (Array.isArray(parsed)) return parsed.map((row) => (typeof row === 'object' && row !== null ? (row as IDataObject) : { value: row as IDataObject[string] }));
				const ack: IDataObject = { success: true, ...request.pathValues };
				if (parsed !== undefined) ack.result = parsed as IDataObject[string];
				if (logId) ack.log_id = logId;
				return [ack];
			},
		},
	],
};
