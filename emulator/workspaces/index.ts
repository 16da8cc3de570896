/** The data platform domain: workspaces with tables, views, enums and SQL (user token only). */
export { ROUTES, MAX_BATCH, MAX_PAGE_SIZE } from './routes';
export {
	WorkspaceStore,
	type RecordChange,
	type RecordChangeListener,
	type Row,
	type TableSeed,
	type WorkspaceSeed,
} from './store';
