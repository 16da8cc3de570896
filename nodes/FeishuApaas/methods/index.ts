import { searchEnvironmentVariables } from './environment-variables';

/** The node's `methods`: pickers where a tenant-token API lists (environment variables). */
export const METHODS = {
	listSearch: { searchEnvironmentVariables },
};
