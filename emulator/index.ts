/** Public surface of the Feishu emulator. */
export { FeishuEmulator, DEFAULT_APP } from './server';
export { addArrivingTasks } from './arrivals';
export type { Arrival, ArrivalOptions } from './arrivals';
export type { EmulatorOptions, KnobSettings, CounterSnapshot } from './server';
export type { AppCredentials, Counters } from './context';
export type { RequestRecord } from './envelope';
export { ERRORS } from './envelope';
export type { Fault, FaultTarget, RateLimit, RateWindow } from './knobs';
export {
	sampleData,
	SAMPLE_USERS,
	SAMPLE_BASE_TIME,
	workflowSampleData,
	WORKFLOW_SAMPLE,
	objectSampleData,
	SAMPLE_OBJECTS,
	SAMPLE_EMAILS,
	logicSampleData,
	SAMPLE_LOGIC,
} from './sample-data';
export { MAX_MEMBERS_PER_CALL } from './logic/access';
export { IDEMPOTENT_KEY_REPEATED } from './logic/flows';
export type {
	EnvVarSeed,
	FlowBehavior,
	FlowExecutionRecord,
	FlowSeed,
	FunctionBehavior,
	FunctionInvocationRecord,
	FunctionSeed,
	I18nText,
	LogicNamespaceSeed,
	LogicSeed,
	RecordPermissionSeed,
	RoleSeed,
} from './logic/store';
export { parseExact, stringifyExact } from './objects/json-int64';
export type { OAuthKnobs, OAuthSeed, OAuthUser } from './oauth/store';
export { DEFAULT_OAUTH_USER } from './oauth/store';
export type { RecordChange, RecordChangeListener, Row, TableSeed, WorkspaceSeed } from './workspaces/store';
export { MAX_BATCH as WORKSPACE_MAX_BATCH } from './workspaces';
export type { ExactJson } from './objects/json-int64';
export type { FieldSchema, FieldType, NamespaceSeed, ObjectDefinitionSeed, ObjectSeed, RecordError } from './objects/schema';
export { RECORD_ERROR_CODE } from './objects/schema';
export type { GenerateRecordsOptions, ObjectSummary } from './objects/store';
export type { OqlRowsAs } from './objects/oql';
export type {
	EmulatorUser,
	EmulatorInstance,
	EmulatorTask,
	GenerateOptions,
	LocalizedText,
	SeedData,
	TaskOutcome,
	TaskOutcomeRecord,
	ExpediteRecord,
	ChatGroupRecord,
	RollbackRecord,
} from './types';
export type { StateSnapshot, TaskRecords } from './state';
export { adminSampleData, ADMIN_USER, PLAIN_USER, SAMPLE_DAY } from './admin/sample';
export { MAX_ROWS_PER_QUERY, MAX_LOG_PAGE_SIZE } from './admin/logs';
export { ROUTES as ADMIN_ROUTES } from './admin/routes';
export type { AdminApp, AdminSeed, AppMetric, GenerateLogsOptions, LogEntry, SeatEntry, SeatType } from './admin/store';
