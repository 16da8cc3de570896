/**
 * Application logic and access of the emulated aPaaS apps, per namespace: flows, functions,
 * environment variables, roles (with members) and record permissions (with members), plus
 * what the logic APIs recorded (flow runs, function invocations, idempotent keys).
 * Plain in-memory maps; no HTTP here (the handlers in this folder answer the requests; rows in routes.ts).
 */
import type { ExactJson } from '../objects/json-int64';

/** Built-in flow behaviours (what a run answers). */
export type FlowBehavior = 'approve_order' | 'fail' | 'slow' | 'echo';
/** Built-in function behaviours (what an invocation answers). */
export type FunctionBehavior = 'echo' | 'list_ids' | 'count_customers' | 'throws' | 'constant';

export interface FlowSeed {
	/** The flow's API name (the `:flow_id` of execute). */
	apiName: string;
	/**
	 * 'approve_order': status "end", out_params {approved, order_id (params.order_id), big};
	 * 'fail': status "failed" with errorMsg / errorCode; 'slow': answers after the
	 * `flowDelayMs` knob; 'echo' (default): status "end", out_params = params.
	 */
	behavior?: FlowBehavior;
	/**
	 * Whether `is_async: true` makes the flow answer at once with status "running". Default true.
	 * ASSUMPTION: Feishu does not say which flows may run asynchronously; a flow seeded with
	 * `supportsAsync: false` ignores is_async and answers its result.
	 */
	supportsAsync?: boolean;
	/** For 'fail': error_msg (default "flow failed") and code (default "k_flow_001"). */
	errorMsg?: string;
	errorCode?: string;
}

export interface FunctionSeed {
	apiName: string;
	/**
	 * 'echo' (default): result = the params object; 'list_ids': [1790000000000000001,
	 * 1790000000000000002]; 'count_customers': the number of `customer` records in the same
	 * namespace; 'throws': HTTP 400 / 2320011 "function execution failed: <errorMessage>";
	 * 'constant': `result`.
	 */
	behavior?: FunctionBehavior;
	/** For 'constant'. */
	result?: ExactJson;
	/** For 'throws'; default "boom". */
	errorMessage?: string;
}

export interface I18nText {
	zh_cn: string;
	en_us: string;
}

export interface EnvVarSeed {
	apiName: string;
	label: I18nText;
	description?: string;
	value: string;
	isEncrypted?: boolean;
	/** ASSUMPTION: Feishu does not list its `type` values; the sample uses text, number, boolean, lookup. */
	type?: string;
	objectApiName?: string;
	objectLabel?: I18nText;
	/** ms since epoch; default SAMPLE-like fixed times. */
	createdAt?: number;
	updatedAt?: number;
}

export interface RoleSeed {
	apiName: string;
	/** The role's api id (what `use_api_id=true` looks up); 19 digits. */
	apiId: string;
	users?: string[];
	departments?: string[];
	updatedBy?: string;
	updatedAt?: number;
}

export interface RecordPermissionSeed {
	apiName: string;
	users?: string[];
}

export interface LogicNamespaceSeed {
	namespace: string;
	flows?: FlowSeed[];
	functions?: FunctionSeed[];
	environmentVariables?: EnvVarSeed[];
	roles?: RoleSeed[];
	recordPermissions?: RecordPermissionSeed[];
}

export interface LogicSeed {
	namespaces: LogicNamespaceSeed[];
	/** Display names of department ids (for `department_display_infos`). */
	departments?: Array<{ departmentId: string; name: string }>;
}

/** One flow run (a request that executed the flow; a repeated idempotent key is not a run). */
export interface FlowExecutionRecord {
	namespace: string;
	flowApiName: string;
	executionId: string;
	/** The `operator` JSON string as sent. */
	operator: string;
	/** The aPaaS user the operator resolved to. */
	operatorUserId: string;
	/** `params` parsed; int64s beyond 2^53 as decimal strings. null when absent. */
	params: Record<string, unknown> | null;
	/** `params` exactly as sent (null when absent). */
	paramsJson: string | null;
	isAsync: boolean;
	idempotentKey: string | null;
	loopMasks: string[] | null;
	/** The status answered: "end", "failed" or "running". */
	status: string;
	/** ms since epoch (emulator clock) when the request arrived. */
	at: number;
}

export interface FunctionInvocationRecord {
	namespace: string;
	functionApiName: string;
	params: Record<string, unknown> | null;
	paramsJson: string | null;
	/** false when the function threw (2320011). */
	ok: boolean;
	at: number;
}

export interface RoleState {
	apiName: string;
	apiId: string;
	users: string[];
	departments: string[];
	updatedBy: string;
	updatedAt: number;
}

export interface NamespaceLogic {
	flows: Map<string, Required<Pick<FlowSeed, 'apiName' | 'behavior' | 'supportsAsync'>> & Pick<FlowSeed, 'errorMsg' | 'errorCode'>>;
	functions: Map<string, FunctionSeed & { behavior: FunctionBehavior }>;
	envVars: Map<string, EnvVarSeed>;
	roles: Map<string, RoleState>;
	recordPermissions: Map<string, string[]>;
}

const FLOW_BEHAVIORS: readonly FlowBehavior[] = ['approve_order', 'fail', 'slow', 'echo'];
const FUNCTION_BEHAVIORS: readonly FunctionBehavior[] = ['echo', 'list_ids', 'count_customers', 'throws', 'constant'];
const API_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Execution ids handed out start here (19 digits). */
const EXECUTION_BASE = 7_600_000_000_000_000_001n;
/** Default created/updated time of seeded items: 2026-01-01T00:00:00Z. */
const DEFAULT_TIME = 1_767_225_600_000;

function checkName(what: string, name: unknown): string {
	if (typeof name !== 'string' || !API_NAME.test(name)) throw new Error(`logic seed: ${what} api name ${JSON.stringify(name)} is invalid`);
	return name;
}

function stringList(what: string, v: unknown): string[] {
	if (v === undefined) return [];
	if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`logic seed: ${what} must be an array of strings`);
	return [...new Set(v as string[])];
}

export class LogicStore {
	readonly namespaces = new Map<string, NamespaceLogic>();
	readonly departmentNames = new Map<string, string>();
	readonly flowExecutions: FlowExecutionRecord[] = [];
	readonly functionInvocations: FunctionInvocationRecord[] = [];
	/** Idempotent keys used, per app + namespace + flow (key: `app\nnamespace\nflow\nkey`). */
	private readonly idempotentKeys = new Set<string>();
	private executionCount = 0n;

	reset(): void {
		this.namespaces.clear();
		this.departmentNames.clear();
		this.flowExecutions.length = 0;
		this.functionInvocations.length = 0;
		this.idempotentKeys.clear();
		this.executionCount = 0n;
	}

	namespace(name: string): NamespaceLogic | undefined {
		return this.namespaces.get(name);
	}

	/** Adds or replaces (by api name) flows, functions, variables, roles and record permissions. */
	seed(seed: LogicSeed): void {
		if (typeof seed !== 'object' || seed === null || !Array.isArray(seed.namespaces)) {
			throw new Error('logic seed: namespaces must be an array');
		}
		for (const d of seed.departments ?? []) {
			if (typeof d.departmentId !== 'string' || typeof d.name !== 'string') throw new Error('logic seed: departments need departmentId and name');
			this.departmentNames.set(d.departmentId, d.name);
		}
		for (const ns of seed.namespaces) {
			const name = checkName('namespace', ns.namespace);
			let logic = this.namespaces.get(name);
			if (!logic) {
				logic = { flows: new Map(), functions: new Map(), envVars: new Map(), roles: new Map(), recordPermissions: new Map() };
				this.namespaces.set(name, logic);
			}
			for (const f of ns.flows ?? []) {
				const behavior = f.behavior ?? 'echo';
				if (!FLOW_BEHAVIORS.includes(behavior)) throw new Error(`logic seed: flow behavior must be one of ${FLOW_BEHAVIORS.join(', ')}`);
				logic.flows.set(checkName('flow', f.apiName), {
					apiName: f.apiName,
					behavior,
					supportsAsync: f.supportsAsync ?? true,
					errorMsg: f.errorMsg,
					errorCode: f.errorCode,
				});
			}
			for (const f of ns.functions ?? []) {
				const behavior = f.behavior ?? 'echo';
				if (!FUNCTION_BEHAVIORS.includes(behavior)) throw new Error(`logic seed: function behavior must be one of ${FUNCTION_BEHAVIORS.join(', ')}`);
				logic.functions.set(checkName('function', f.apiName), { ...f, behavior });
			}
			for (const v of ns.environmentVariables ?? []) {
				if (typeof v.value !== 'string') throw new Error(`logic seed: environment variable ${v.apiName} needs a string value`);
				if (typeof v.label?.zh_cn !== 'string' || typeof v.label?.en_us !== 'string') throw new Error(`logic seed: environment variable ${v.apiName} needs label {zh_cn, en_us}`);
				logic.envVars.set(checkName('environment variable', v.apiName), { ...v, label: { ...v.label }, objectLabel: v.objectLabel && { ...v.objectLabel } });
			}
			for (const r of ns.roles ?? []) {
				if (typeof r.apiId !== 'string' || !/^\d+$/.test(r.apiId)) throw new Error(`logic seed: role ${r.apiName} needs a digit-string apiId`);
				logic.roles.set(checkName('role', r.apiName), {
					apiName: r.apiName,
					apiId: r.apiId,
					users: stringList('role users', r.users),
					departments: stringList('role departments', r.departments),
					updatedBy: r.updatedBy ?? '',
					updatedAt: r.updatedAt ?? DEFAULT_TIME,
				});
			}
			for (const p of ns.recordPermissions ?? []) {
				logic.recordPermissions.set(checkName('record permission', p.apiName), stringList('record permission users', p.users));
			}
		}
	}

	/** A fresh 19-digit execution id. */
	nextExecutionId(): string {
		return String(EXECUTION_BASE + this.executionCount++);
	}

	/** True when the key was already used (for this app, namespace and flow); otherwise remembers it. */
	useIdempotentKey(appId: string, namespace: string, flow: string, key: string): boolean {
		const k = `${appId}\n${namespace}\n${flow}\n${key}`;
		if (this.idempotentKeys.has(k)) return true;
		this.idempotentKeys.add(k);
		return false;
	}

	roleByApiId(logic: NamespaceLogic, apiId: string): RoleState | undefined {
		for (const r of logic.roles.values()) if (r.apiId === apiId) return r;
		return undefined;
	}

	/** Roles and record permissions of every namespace (copies), for the control API. */
	accessSummary(): {
		roles: Record<string, Record<string, { apiId: string; users: string[]; departments: string[] }>>;
		recordPermissions: Record<string, Record<string, string[]>>;
	} {
		const roles: Record<string, Record<string, { apiId: string; users: string[]; departments: string[] }>> = {};
		const recordPermissions: Record<string, Record<string, string[]>> = {};
		for (const [ns, logic] of this.namespaces) {
			roles[ns] = {};
			for (const r of logic.roles.values()) roles[ns][r.apiName] = { apiId: r.apiId, users: [...r.users], departments: [...r.departments] };
			recordPermissions[ns] = {};
			for (const [name, users] of logic.recordPermissions) recordPermissions[ns][name] = [...users];
		}
		return { roles, recordPermissions };
	}
}
