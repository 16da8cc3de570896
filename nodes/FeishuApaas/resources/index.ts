import { AUTHENTICATIONS } from '../engine/properties';
import type { Authentication, OperationSpec, ResourceDefinition } from '../engine/types';
import * as all from './all';

/**
 * Every resource the node offers (resources/all.ts: one line per resource), in the order of the Resource
 * selector: by credential, then by display name (n8n's lint wants options sorted by name). The node's
 * parameters, the checks on their values and the requests are all derived from the rows.
 */
export const RESOURCES: readonly ResourceDefinition[] = Object.values<ResourceDefinition>(all)
	.sort(bySelectorOrder)
	.map(withResourceDefaults);

/**
 * The Resource selector's default for each credential. n8n leaves a parameter that is at its default out
 * of a saved workflow, so these never change (a saved workflow would switch resource), whatever sorts first.
 */
export const DEFAULT_RESOURCES: Readonly<Record<Authentication, string>> = {
	tenantToken: 'approvalInstance',
	userToken: 'app',
};

function bySelectorOrder(a: ResourceDefinition, b: ResourceDefinition): number {
	const credential = (r: ResourceDefinition) => AUTHENTICATIONS.findIndex((auth) => auth.value === r.authentication);
	return credential(a) - credential(b) || a.name.localeCompare(b.name);
}

/** A resource's rows with what they take from it (authentication, scopes), checked to name it. */
function withResourceDefaults(resource: ResourceDefinition): ResourceDefinition {
	const operations = resource.operations.map((row): OperationSpec => {
		if (row.resource !== resource.value) {
			throw new Error(`resources/${resource.value}: row ${row.operation} names resource ${row.resource}`);
		}
		return { ...row, authentication: resource.authentication, scopes: row.scopes ?? resource.scopes };
	});
	return { ...resource, operations };
}

/** Every operation, resource by resource. */
export const OPERATIONS: readonly OperationSpec[] = RESOURCES.flatMap((resource) => resource.operations);

const byKey = new Map(OPERATIONS.map((spec) => [`${spec.resource}/${spec.operation}`, spec]));

export function findOperation(resource: string, operation: string): OperationSpec | undefined {
	return byKey.get(`${resource}/${operation}`);
}
