import type { ResourceDefinition } from '../../engine/types';
import { queryPageToken } from '../shared/admin';
import { DOCS } from '../shared/fields';
import { TEN_PER_SECOND } from '../shared/limits';

export const APPS_SCOPES = ['app_engine:apps:read'];
/** Feishu: apps page_size ≤ 50. */
export const APPS_PAGE_SIZE = 50;

/** App: the aPaaS applications of the tenant (应用). Needs a user credential. */
export const app: ResourceDefinition = {
	value: 'app',
	name: 'App',
	description: 'List the aPaaS applications of the tenant',
	authentication: 'userToken',
	scopes: APPS_SCOPES,
	operations: [
		{
			resource: 'app',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many apps',
			description:
				'Lists the aPaaS applications of the tenant, one item per app: name (per language), namespace, status, created_at, creator, owner, app_roles_info (admins, developers, test users, data admins), type, charge_mode. User IDs come as exact decimal strings.',
			docsUrl: `${DOCS}/app/list`,
			method: 'GET',
			path: 'apps',
			fields: [],
			output: { kind: 'list', itemsKey: 'items' },
			pagination: queryPageToken(APPS_PAGE_SIZE),
			rateLimits: TEN_PER_SECOND,
		},
	],
};
