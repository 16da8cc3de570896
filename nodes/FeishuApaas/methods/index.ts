import { getColumns, searchEnums, searchTables, searchViews } from './dataPlatform';
import { searchApps } from './apps';
import { searchEnvironmentVariables } from './environmentVariable';

/** The node's `methods` (n8n's pickers and mappers), one file per resource group. */
export const METHODS = {
	listSearch: { searchEnvironmentVariables, searchTables, searchViews, searchEnums, searchApps },
	resourceMapping: { getColumns },
};
