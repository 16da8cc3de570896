import { NodeOperationError, type IDataObject, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';

import { apiName } from '../engine/values';
import { TEN_PER_SECOND } from '../resources/shared/limits';
import { callFeishu } from '../transport/request';

/** The node's Namespace, checked; the list names the field when it is empty or not an API name. */
function namespaceOf(ctx: ILoadOptionsFunctions): string {
	const value = ctx.getNodeParameter('namespace', '');
	try {
		return apiName(value);
	} catch (error) {
		// apiName throws only InvalidValue, whose message completes "Namespace …".
		throw new NodeOperationError(ctx.getNode(), `Namespace ${(error as Error).message} (the list shows that application's environment variables)`);
	}
}

/**
 * The Environment Variable picker: environment_variables/query (a tenant-token API that lists), searched
 * by Feishu's quick_query, 100 a page. Shown as "Label (api_name)"; the value is the API name.
 */
export async function searchEnvironmentVariables(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const namespace = namespaceOf(this);
	const offset = paginationToken ? Number(paginationToken) : 0;
	const body: IDataObject = { limit: 100, offset };
	if (filter) body.filter = { quick_query: filter };
	const { data } = await callFeishu(
		this,
		{
			method: 'POST',
			path: `applications/${namespace}/environment_variables/query`,
			body,
			itemIndex: 0,
			api: { key: 'POST applications/{namespace}/environment_variables/query', limits: TEN_PER_SECOND },
			credentialType: 'feishuApaasApi',
		},
		{ timeout: 15_000, maxRetries: 1, paceWindowSeconds: 60 },
	);
	const items = Array.isArray(data.items) ? (data.items as IDataObject[]) : [];
	const total = typeof data.total === 'number' ? data.total : offset + items.length;
	return {
		results: items.map((v) => {
			const label = (v.label ?? {}) as { en_us?: string; zh_cn?: string };
			const name = String(v.api_name);
			const shown = label.en_us || label.zh_cn;
			return { name: shown ? `${shown} (${name})` : name, value: name };
		}),
		paginationToken: offset + items.length < total && items.length > 0 ? String(offset + items.length) : undefined,
	};
}
