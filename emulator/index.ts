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
export { EventPusher, RECORD_CHANGE_EVENT, DEFAULT_RETRY_SCHEDULE_MS, FEISHU_RETRY_SCHEDULE_MS } from './events';
export type { DeliveryRecord, Forgery, PushEvent, PushOptions, RecordChange, Schema, Subscription } from './events';
