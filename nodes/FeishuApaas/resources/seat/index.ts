import type { FieldSpec, OperationSpec, ResourceDefinition } from '../../engine/types';
import { oneOf } from '../../engine/values';
import { queryPageToken } from '../shared/admin';
import { DOCS } from '../shared/fields';
import { TEN_PER_SECOND } from '../shared/limits';

/** Feishu's documented limit of seat_assignments: 1 request per second per app. */
export const ONE_PER_SECOND = [{ limit: 1, windowMs: 1_000 }] as const;
/** ASSUMPTION: the seat pages give no page-size maximum; 100. */
export const SEAT_PAGE_SIZE = 100;

const SEAT_TYPES = [
	{ name: 'Platform Seat (Per User)', value: 'per_user', description: 'Seats of the aPaaS platform, one per user' },
	{ name: 'App Seat (Per User Per App)', value: 'per_user_per_app', description: 'Access seats of single apps' },
];

const seatType: FieldSpec = {
	param: 'seatType',
	api: 'seat_type',
	displayName: 'Seat Type',
	description: 'Platform seats (per user) or app access seats (per user per app)',
	type: 'options',
	options: SEAT_TYPES,
	required: true,
	default: 'per_user',
	in: 'query',
	shape: oneOf(SEAT_TYPES.map((t) => t.value)),
};

const ADMIN_ONLY = 'The user who connected the credential must be an aPaaS system admin.';

function seatList(operation: string, path: string, name: string, what: string, scope: string, rateLimits: OperationSpec['rateLimits']): OperationSpec {
	return {
		resource: 'seat',
		operation,
		name,
		action: `Get seat ${what}`,
		description: `Lists the seat ${what} of the tenant, one item per seat: user_id (an exact decimal string), namespace (app seats), status (in_use | released)${operation === 'getActivities' ? ', active_time (last access, ms)' : ''}. ${ADMIN_ONLY}`,
		docsUrl: `${DOCS}/${path.replace(/s$/, '')}/list`,
		method: 'GET',
		path,
		fields: [seatType],
		output: { kind: 'list', itemsKey: 'items' },
		pagination: queryPageToken(SEAT_PAGE_SIZE),
		rateLimits,
		scopes: [scope],
	};
}

/** Seat: aPaaS seat assignments and their last activity (席位). Needs a user credential of a system admin. */
export const seat: ResourceDefinition = {
	value: 'seat',
	name: 'Seat',
	description: 'Read the tenant\'s aPaaS seat assignments and seat activity (system admins)',
	authentication: 'userToken',
	scopes: ['app_engine:seat_assignments:read', 'app_engine:seat_activities:read'],
	operations: [
		seatList('getAssignments', 'seat_assignments', 'Get Assignments', 'assignments', 'app_engine:seat_assignments:read', ONE_PER_SECOND),
		seatList('getActivities', 'seat_activities', 'Get Activities', 'activities', 'app_engine:seat_activities:read', TEN_PER_SECOND),
	],
};
