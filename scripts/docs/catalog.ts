/**
 * The catalog as the docs see it: resources with their token and scopes, and per operation the
 * display name, the request (method + path, and the batch endpoint where there is one), the scopes,
 * Feishu's limits and Feishu's page. The README's operations table and the codex links are generated
 * from this, so a resource added to `nodes/FeishuApaas/resources/all.ts` appears in both.
 */
import type { Authentication } from '../../nodes/FeishuApaas/engine/types';
import { RESOURCES } from '../../nodes/FeishuApaas/resources';

export type { Authentication };

export interface DocOperation {
	operation: string;
	name: string;
	method: string;
	/** Under /open-apis/apaas/v1/, `{placeholders}` for the path values. */
	path: string;
	/** The batch endpoint records go to (the row's own path is then the one-record endpoint). */
	batch?: { method: string; path: string };
	/** Every endpoint the operation calls, when that is not `method` + `path` (and `batch`). */
	endpoints?: ReadonlyArray<{ method: string; path: string }>;
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

export function docResources(): DocResource[] {
	return RESOURCES.map((resource) => ({
		value: resource.value,
		name: resource.name,
		authentication: resource.authentication,
		scopesAssumed: resource.scopesAssumed === true,
		operations: resource.operations.map((spec) => ({
			operation: spec.operation,
			name: spec.name,
			method: spec.method ?? 'POST',
			path: spec.path,
			...(spec.batch ? { batch: { method: spec.batch.method, path: spec.batch.path } } : {}),
			...(spec.endpoints ? { endpoints: spec.endpoints } : {}),
			// resources/index.ts gives every row its resource's scopes unless it has its own.
			scopes: spec.scopes ?? resource.scopes,
			rateLimits: spec.rateLimits,
			docsUrl: spec.docsUrl,
		})),
	}));
}
