/**
 * Every resource the node offers, one line each: a new resource is its folder `resources/<value>/` and one
 * line here. Nothing else is exported from this file (resources/index.ts reads all its exports as the
 * catalog, and sorts them for the Resource selector: the order of these lines does not matter).
 */
export { app } from './app';
export { appMetrics } from './appMetrics';
export { approvalInstance } from './approvalInstance';
export { approvalTask } from './approvalTask';
export { auditLog } from './auditLog';
export { dataChangeLog } from './dataChangeLog';
export { dataEnum } from './dataEnum';
export { dataRecord } from './dataRecord';
export { dataTable } from './dataTable';
export { dataView } from './dataView';
export { environmentVariable } from './environmentVariable';
export { flow } from './flow';
export { functionResource } from './function';
export { object } from './object';
export { objectRecord } from './objectRecord';
export { recordPermissionMember } from './recordPermissionMember';
export { roleMember } from './roleMember';
export { seat } from './seat';
export { userTask } from './userTask';
export { workspace } from './workspace';
