/** The OAuth domain: the authorisation page and the v2 token endpoint (user_access_token). */
import type { Route } from '../routing';
import { AUTHORIZE_ROUTES } from './authorize';
import { TOKEN_ROUTES } from './token';

export const ROUTES: Route[] = [...AUTHORIZE_ROUTES, ...TOKEN_ROUTES];
export { OAuthStore, type OAuthKnobs, type OAuthSeed, type OAuthUser } from './store';
export { requireScope } from './scopes';
