import type { OperationSpec, ResourceDefinition } from '../engine/types';
import { approvalInstance } from './approvalInstance';
import { approvalTask } from './approvalTask';
import { dataEnum } from './dataEnum';
import { dataRecord } from './dataRecord';
import { dataTable } from './dataTable';
import { dataView } from './dataView';
import { environmentVariable } from './environmentVariable';
import { flow } from './flow';
import { functionResource } from './function';
import { object } from './object';
import { objectRecord } from './objectRecord';
import { recordPermissionMember } from './recordPermissionMember';
import { roleMember } from './roleMember';
import { userTask } from './userTask';
import { workspace } from './workspace';

/**
 * Every resource the node offers, in the order of the Resource selector: the one list. A new resource
 * is a folder `resources/<value>/` exporting its ResourceDefinition, plus one line here. The node's
 * parameters, the checks on their values and the requests are all derived from the rows.
 */
export const RESOURCES: readonly ResourceDefinition[] = [
	approvalInstance,
	approvalTask,
	userTask,
	objectRecord,
	object,
	flow,
	functionResource,
	environmentVariable,
	roleMember,
	recordPermissionMember,
	dataTable,
	dataRecord,
	dataView,
	dataEnum,
	workspace,
].map(withResourceDefaults);

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
