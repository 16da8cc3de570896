import { CREDENTIAL_TYPE, type FeishuApi } from '../../transport/request';
import { USER_CREDENTIAL_TYPE } from '../../transport/user-token';
import type { Authentication, HttpMethod, OperationSpec } from '../types';

/** The n8n credential type of each authentication. */
export const CREDENTIAL_TYPES: Readonly<Record<Authentication, string | undefined>> = {
	tenantToken: CREDENTIAL_TYPE,
	userToken: USER_CREDENTIAL_TYPE,
};

/** The credential type a row authenticates with. */
export function credentialTypeOf(spec: OperationSpec): string {
	const authentication = spec.authentication ?? 'tenantToken';
	const type = CREDENTIAL_TYPES[authentication];
	if (type === undefined) throw new Error(`${spec.resource}/${spec.operation}: no credential for ${authentication} yet`);
	return type;
}

/** The API of a row (or of its batch endpoint) as Feishu counts it for rate limits. */
export function apiOf(spec: OperationSpec, endpoint: { method?: HttpMethod; path: string } = spec): FeishuApi {
	return {
		key: `${endpoint.method ?? 'POST'} ${endpoint.path}`,
		limits: spec.rateLimits,
		retryUnanswered: spec.retryUnanswered,
	};
}
