/** The tenant token endpoint: no token of its own ('none'), never rate-limited. */
import { handleToken } from './tenant-token';
import type { Route } from '../routing';

export const ROUTES: Route[] = [
	{
		method: 'POST',
		path: '/open-apis/auth/v3/tenant_access_token/internal',
		api: 'auth.tenant_access_token.internal',
		token: 'none',
		handle: handleToken,
	},
];
