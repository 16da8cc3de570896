/**
 * The ten application-data APIs (tenant token), one row each; handlers in records.ts. The
 * templates are the rate-limit keys, so two objects' batch_query share one window, as Feishu
 * counts per API. `records/batch_update` and `records/:id` both match PATCH …/records/batch_update:
 * the literal wins (routing.ts); PATCH …/records/batch_create is the record API with the id
 * "batch_create" (ASSUMPTION: answered 2320001 like any id that is not an int64).
 */
import type { Route } from '../routing';
import { objectHandler, type ObjectOp } from './records';

const A = '/open-apis/apaas/v1/applications/:namespace/objects';
const R = `${A}/:object/records`;
const row = (method: Route['method'], path: string, api: string, op: ObjectOp): Route => ({
	method,
	path,
	api: `application.object.${api}`,
	token: 'tenant',
	handle: objectHandler(op),
});

export const ROUTES: Route[] = [
	row('POST', R, 'record.create', 'record_create'),
	row('PATCH', `${R}/:id`, 'record.patch', 'record_patch'),
	row('DELETE', `${R}/:id`, 'record.delete', 'record_delete'),
	row('POST', `${R}/:id/query`, 'record.query', 'record_query'),
	row('POST', `${R}/batch_create`, 'record.batch_create', 'records_batch_create'),
	row('PATCH', `${R}/batch_update`, 'record.batch_update', 'records_batch_update'),
	row('DELETE', `${R}/batch_delete`, 'record.batch_delete', 'records_batch_delete'),
	row('POST', `${R}/batch_query`, 'record.batch_query', 'records_batch_query'),
	row('POST', `${A}/oql_query`, 'oql_query', 'oql_query'),
	row('POST', `${A}/search`, 'search', 'search'),
];
