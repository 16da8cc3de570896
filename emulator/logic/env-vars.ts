/**
 * GET  applications/:namespace/environment_variables/:environment_variable_api_name → {item}
 * POST applications/:namespace/environment_variables/query
 *      {filter?: {quick_query?}, limit? (1..500, default 500), offset?} → {items, total}
 */
import { intField } from '../body';
import { invalid, type LogicCall } from './call';
import type { EnvVarSeed } from './store';

export const MAX_ENV_VAR_LIMIT = 500;
/** Default created/updated time of a seeded variable: 2026-01-01T00:00:00Z. */
const DEFAULT_TIME = 1_767_225_600_000;
/** ASSUMPTION: Feishu masks the value of an encrypted variable; the mask is ours. */
export const ENCRYPTED_MASK = '******';

function item(v: EnvVarSeed): Record<string, unknown> {
	const out: Record<string, unknown> = {
		api_name: v.apiName,
		label: { zh_cn: v.label.zh_cn, en_us: v.label.en_us },
		description: v.description ?? '',
		value: v.isEncrypted ? ENCRYPTED_MASK : v.value,
		is_encrypted: v.isEncrypted ?? false,
	};
	if (v.objectApiName !== undefined) out.object_api_name = v.objectApiName;
	if (v.objectLabel !== undefined) out.object_label = { zh_cn: v.objectLabel.zh_cn, en_us: v.objectLabel.en_us };
	out.created_at = v.createdAt ?? DEFAULT_TIME;
	out.updated_at = v.updatedAt ?? v.createdAt ?? DEFAULT_TIME;
	out.type = v.type ?? 'text';
	return out;
}

export function getEnvVar(call: LogicCall): Record<string, unknown> {
	const v = call.logic.envVars.get(call.name);
	if (!v) throw invalid(`unknown environment variable "${call.name}" in namespace "${call.namespace}"`);
	return { item: item(v) };
}

export function queryEnvVars(call: LogicCall): Record<string, unknown> {
	const { body } = call;
	const filter = body.filter;
	let quick = '';
	if (filter !== undefined && filter !== null) {
		if (typeof filter !== 'object' || Array.isArray(filter)) throw invalid('filter must be an object');
		const q = (filter as Record<string, unknown>).quick_query;
		if (q !== undefined && q !== null && typeof q !== 'string') throw invalid('filter.quick_query must be a string');
		quick = typeof q === 'string' ? q.trim().toLowerCase() : '';
	}
	// ASSUMPTION: limit and offset may be numbers or digit strings; limit 1..500, default 500.
	const limit = intField(body.limit) ?? MAX_ENV_VAR_LIMIT;
	if (Number.isNaN(limit) || limit < 1 || limit > MAX_ENV_VAR_LIMIT) throw invalid(`limit must be 1..${MAX_ENV_VAR_LIMIT}`);
	const offset = intField(body.offset) ?? 0;
	if (Number.isNaN(offset)) throw invalid('offset must be a non-negative integer');
	// ASSUMPTION: quick_query is a case-insensitive substring of the api name or either label;
	// variables are listed in the order they were created (seeded).
	const matches = [...call.logic.envVars.values()].filter(
		(v) => quick === '' || [v.apiName, v.label.zh_cn, v.label.en_us].some((s) => s.toLowerCase().includes(quick)),
	);
	return { items: matches.slice(offset, offset + limit).map(item), total: matches.length };
}
