/**
 * The catalog as the docs see it: resources with their token and scopes, and per operation the
 * display name, the request (method + path, and the batch endpoint where there is one), the scopes
 * and Feishu's page. The README's operations table and the codex links are generated from this.
 *
 * TEMPORARY ADAPTER over today's `nodes/FeishuApaas/operations/table.ts` until the catalog of
 * issue 17 lands (`RESOURCES: ResourceDefinition[]` in `nodes/FeishuApaas/resources/index.ts`, each
 * with `authentication` and `scopes`). Then this file reads that list and nothing else.
 */
import { OPERATIONS, RESOURCES } from '../../nodes/FeishuApaas/operations/table';

export type Authentication = 'tenantToken' | 'userToken';

export interface DocOperation {
	operation: string;
	name: string;
	method: string;
	/** Under /open-apis/apaas/v1/, `{placeholders}` for the path values. */
	path: string;
	/** The batch endpoint records go to (the row's own path is then the one-record endpoint). */
	batch?: { method: string; path: string };
	scopes: readonly string[];
	/** Feishu's documented limits per app for this API (what the node paces to). */
	rateLimits: ReadonlyArray<{ limit: number; windowMs: number }>;
	docsUrl: string;
}

export interface DocResource {
	value: string;
	name: string;
	authentication: Authentication;
	/** The scope names are not confirmed by Feishu's pages (ASSUMPTION in the catalog): users should check them. */
	scopesAssumed: boolean;
	operations: DocOperation[];
}

// Today's rows carry no scopes: until the catalog does, they are kept here (read or write per API,
// the names of Feishu's aPaaS scopes).
const SCOPES: Record<string, { read: string; write: string; readOps: string[] }> = {
	approvalInstance: { read: 'app_engine:approval:read', write: 'app_engine:approval:write', readOps: [] },
	approvalTask: { read: 'app_engine:approval:read', write: 'app_engine:approval:write', readOps: [] },
	userTask: { read: 'app_engine:approval:read', write: 'app_engine:approval:write', readOps: ['query', 'getRollbackPoints'] },
	objectRecord: { read: 'app_engine:object.record:read', write: 'app_engine:object.record:write', readOps: ['get', 'getAll'] },
	object: { read: 'app_engine:object.record:read', write: 'app_engine:object.record:read', readOps: [] },
	flow: { read: 'app_engine:flow:write', write: 'app_engine:flow:write', readOps: [] },
	function: { read: 'app_engine:application.function:write', write: 'app_engine:application.function:write', readOps: [] },
	environmentVariable: {
		read: 'app_engine:application.environment_variable:read',
		write: 'app_engine:application.environment_variable:read',
		readOps: [],
	},
	roleMember: { read: 'app_engine:role:read', write: 'app_engine:role.member:write', readOps: ['get'] },
	recordPermissionMember: {
		read: 'app_engine:record_permission.member:write',
		write: 'app_engine:record_permission.member:write',
		readOps: [],
	},
};

function scopesOf(resource: string, operation: string): string[] {
	const scopes = SCOPES[resource];
	if (!scopes) throw new Error(`scripts/docs/catalog.ts: no scopes known for resource "${resource}"`);
	return [scopes.readOps.includes(operation) ? scopes.read : scopes.write];
}

export function docResources(): DocResource[] {
	return RESOURCES.map((resource) => ({
		value: resource.value,
		name: resource.name,
		authentication: 'tenantToken',
		scopesAssumed: !resource.value.startsWith('approval') && resource.value !== 'userTask',
		operations: OPERATIONS.filter((spec) => spec.resource === resource.value).map((spec) => ({
			operation: spec.operation,
			name: spec.name,
			method: spec.method ?? 'POST',
			path: spec.path,
			...(spec.batch ? { batch: { method: spec.batch.method, path: spec.batch.path } } : {}),
			scopes: scopesOf(spec.resource, spec.operation),
			rateLimits: spec.rateLimits,
			docsUrl: spec.docsUrl,
		})),
	}));
}
