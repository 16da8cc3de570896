/**
 * Administration data of the tenant: its apps, audit and data-change logs, seats and app metrics.
 * User ids, app creators/owners and role members are 19-digit int64s that Feishu sends as bare JSON
 * numbers (the SDK types them `number`); they are kept here as digit strings and written bare by the
 * routes. Log ids, operator ids and `op_time` are strings in Feishu's answers (the SDK types them so).
 */

export interface AdminText {
	language_code: string;
	text: string;
}

export type AppStatus = 'pending_launch' | 'enabled' | 'disabled' | 'stopped' | 'unspecified';

export interface AdminApp {
	namespace: string;
	name: AdminText[];
	description?: AdminText[];
	status: AppStatus;
	/** ms since epoch. */
	created_at: number;
	/** User ids (digit strings). */
	creator: string;
	owner: string;
	app_roles_info: { admins: string[]; developers: string[]; test_users: string[]; data_admins: string[] };
	type?: 'custom' | 'client_isv_saas' | 'client_isv_project';
	charge_mode?: 'per_user' | 'per_user_per_app' | 'free' | 'independent';
}

export interface LogOperator {
	id: string;
	name: string;
	email?: string;
	tenant_id?: string;
}

/** One audit or data-change log entry, shaped as the SDK's list item (`op_time` in ms here). */
export interface LogEntry {
	log_id: string;
	op_time: number;
	log_type: string;
	namespace: string;
	operator: LogOperator;
	module?: string;
	op_type?: string;
	status?: string;
	client_ip?: string;
	user_agent?: string;
	audit_scope?: string;
	env_type?: string;
	data_object?: string;
	op_source?: string;
	login_type?: string;
	outsider?: boolean;
	op_detail?: Record<string, string>;
	data_changes?: string[];
}

export type SeatType = 'per_user' | 'per_user_per_app';

export interface SeatEntry {
	seat_type: SeatType;
	/** Digit string (sent as a bare number). */
	user_id: string;
	/** The app of a per_user_per_app seat; none for a platform (per_user) seat. */
	namespace?: string;
	status: 'in_use' | 'released';
	/** Last access, ms (seat activities only list seats that have one). */
	active_time?: number;
}

export interface AppMetric {
	namespace: string;
	/** YYYY-MM-DD. */
	date: string;
	/** What Feishu sends as the metric's `data` JSON string. */
	data: Record<string, unknown>;
}

export interface AdminSeed {
	apps?: AdminApp[];
	auditLogs?: LogEntry[];
	dataChangeLogs?: LogEntry[];
	seats?: SeatEntry[];
	metrics?: AppMetric[];
	/** Users (as the OAuth grant names them) who are aPaaS system admins: seat APIs need one as the authorising user. */
	systemAdmins?: string[];
	/** Bulk log entries over a time range (e.g. 25,000 audit entries over a day), after the rest. */
	generate?: GenerateLogsOptions[];
}

export interface GenerateLogsOptions {
	kind: 'audit' | 'dataChange';
	namespace: string;
	count: number;
	/** Time range (ms, inclusive) the entries are spread over, oldest at `from`. */
	from: number;
	to: number;
	/** How many consecutive entries share one op_time (default 3): equal timestamps exist. */
	sameTime?: number;
	/** log_type of every entry (default '10003' for audit, '20001' for data changes). */
	logType?: string;
	/** First log id; the next ones count up (default 7405000000000000000 / 7406000000000000000). */
	firstLogId?: bigint;
}

const DIGITS = /^\d{1,19}$/;

function checkDigits(what: string, v: unknown): void {
	if (typeof v !== 'string' || !DIGITS.test(v)) throw new Error(`${what} must be a string of up to 19 digits`);
}

export class AdminStore {
	apps = new Map<string, AdminApp>();
	/** Ordered by (op_time, log_id) ascending. */
	auditLogs: LogEntry[] = [];
	dataChangeLogs: LogEntry[] = [];
	seats: SeatEntry[] = [];
	metrics: AppMetric[] = [];
	systemAdmins = new Set<string>();

	reset(): void {
		this.apps.clear();
		this.auditLogs = [];
		this.dataChangeLogs = [];
		this.seats = [];
		this.metrics = [];
		this.systemAdmins.clear();
	}

	/** Adds apps (replaced by namespace), log entries (replaced by log_id), seats, metrics and admins. */
	seed(seed: AdminSeed): void {
		for (const app of seed.apps ?? []) {
			if (typeof app.namespace !== 'string' || app.namespace === '') throw new Error('app.namespace is required');
			checkDigits('app.creator', app.creator);
			checkDigits('app.owner', app.owner);
			this.apps.set(app.namespace, structuredClone(app));
		}
		if (seed.auditLogs) this.auditLogs = mergeLogs(this.auditLogs, seed.auditLogs);
		if (seed.dataChangeLogs) this.dataChangeLogs = mergeLogs(this.dataChangeLogs, seed.dataChangeLogs);
		for (const seat of seed.seats ?? []) {
			checkDigits('seat.user_id', seat.user_id);
			this.seats.push(structuredClone(seat));
		}
		for (const metric of seed.metrics ?? []) {
			if (!/^\d{4}-\d{2}-\d{2}$/.test(metric.date)) throw new Error('metric.date must be YYYY-MM-DD');
			this.metrics = this.metrics.filter((m) => m.namespace !== metric.namespace || m.date !== metric.date);
			this.metrics.push(structuredClone(metric));
		}
		for (const id of seed.systemAdmins ?? []) {
			if (typeof id !== 'string' || id === '') throw new Error('systemAdmins[] must be user ids');
			this.systemAdmins.add(id);
		}
	}

	/** Bulk-creates log entries over a time range (e.g. 25,000 audit entries over a day). */
	generateLogs(opts: GenerateLogsOptions): LogEntry[] {
		if (!(Number.isInteger(opts.count) && opts.count > 0)) throw new Error('count must be a positive integer');
		if (!(opts.to >= opts.from)) throw new Error('to must be >= from');
		const sameTime = opts.sameTime ?? 3;
		const slots = Math.ceil(opts.count / sameTime);
		const step = slots > 1 ? (opts.to - opts.from) / (slots - 1) : 0;
		const first = opts.firstLogId ?? (opts.kind === 'audit' ? 7405000000000000000n : 7406000000000000000n);
		const logType = opts.logType ?? (opts.kind === 'audit' ? '10003' : '20001');
		const entries: LogEntry[] = [];
		for (let i = 0; i < opts.count; i++) {
			const slot = Math.floor(i / sameTime);
			const user = String(1790000000000000001n + BigInt(i % 7));
			entries.push({
				log_id: String(first + BigInt(i)),
				op_time: Math.round(opts.from + slot * step),
				log_type: logType,
				namespace: opts.namespace,
				operator: { id: user, name: `User ${i % 7}`, email: `user${i % 7}@example.com`, tenant_id: '7000000000000000001' },
				module: opts.kind === 'audit' ? 'app_management' : 'data',
				op_type: i % 5 === 0 ? 'delete_record' : 'update_record',
				status: i % 11 === 0 ? 'failed' : 'success',
				client_ip: `10.0.${i % 256}.${(i >> 8) % 256}`,
				user_agent: i % 2 === 0 ? 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)' : 'Mozilla/5.0 (Windows NT 10.0)',
				audit_scope: '15002',
				env_type: 'online',
			});
		}
		if (opts.kind === 'audit') this.auditLogs = mergeLogs(this.auditLogs, entries);
		else this.dataChangeLogs = mergeLogs(this.dataChangeLogs, entries);
		return entries;
	}
}

export function compareLogs(a: LogEntry, b: LogEntry): number {
	if (a.op_time !== b.op_time) return a.op_time - b.op_time;
	return a.log_id.length - b.log_id.length || (a.log_id < b.log_id ? -1 : a.log_id > b.log_id ? 1 : 0);
}

function mergeLogs(existing: LogEntry[], added: LogEntry[]): LogEntry[] {
	const byId = new Map(existing.map((e) => [e.log_id, e]));
	for (const entry of added) {
		checkDigits('log_id', entry.log_id);
		checkDigits('operator.id', entry.operator?.id);
		if (!Number.isSafeInteger(entry.op_time)) throw new Error('op_time must be a ms timestamp');
		byId.set(entry.log_id, structuredClone(entry));
	}
	return [...byId.values()].sort(compareLogs);
}
