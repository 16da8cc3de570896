/** Public surface of the Feishu emulator. */
export { FeishuEmulator, DEFAULT_APP } from './server';
export { addArrivingTasks } from './human-tasks/arrivals';
export type { Arrival, ArrivalOptions } from './human-tasks/arrivals';
export type { Seed, SeedPreset, SeedResult, ObjectsSeed } from './seed';
export type { Route } from './routing';
export type { Caller, UserTokenVerifier } from './context';
export type { EmulatorOptions, KnobSettings, CounterSnapshot } from './server';
export type { AppCredentials, Counters } from './context';
export type { RequestRecord } from './envelope';
export { ERRORS } from './envelope';
export type { Fault, FaultTarget, RateLimit, RateWindow } from './knobs';
export { SAMPLE_USERS, SAMPLE_EMAILS, SAMPLE_BASE_TIME } from './sample-tenant';
export { sampleData, workflowSampleData, WORKFLOW_SAMPLE } from './human-tasks/sample-data';
export { objectSampleData, SAMPLE_OBJECTS } from './objects/sample-data';
export { logicSampleData, SAMPLE_LOGIC } from './logic/sample-data';
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
	HumanTaskSeed,
	LocalizedText,
	TaskOutcome,
	TaskOutcomeRecord,
	ExpediteRecord,
	ChatGroupRecord,
	RollbackRecord,
} from './human-tasks/types';
export type { StateSnapshot, TaskRecords } from './human-tasks/state';
export { adminSampleData, ADMIN_USER, PLAIN_USER, SAMPLE_DAY } from './admin/sample';
export { MAX_ROWS_PER_QUERY, MAX_LOG_PAGE_SIZE } from './admin/logs';
export { ROUTES as ADMIN_ROUTES } from './admin/routes';
export type { AdminApp, AdminSeed, AppMetric, GenerateLogsOptions, LogEntry, SeatEntry, SeatType } from './admin/store';
export { EventPusher, RECORD_CHANGE_EVENT, DEFAULT_RETRY_SCHEDULE_MS, FEISHU_RETRY_SCHEDULE_MS } from './events';
export type { DeliveryRecord, Forgery, PushEvent, PushOptions, RecordChange as PushedRecordChange, Schema, Subscription } from './events';
