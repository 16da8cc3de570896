/**
 * One batch of a scenario: N running instances seeded in the emulator, N webhook calls to the main,
 * then n8n's execution records (Postgres) and the emulator's request log read back and tallied.
 */
import type { EmulatorProcess, EmulatorState } from '../e2e/emulator';
import { PROCESS_HEADER, type QueueCluster } from './cluster';
import type { Postgres } from './services';
import { OPERATOR, type QueueWorkflow } from './workflows';

export interface Request {
	method: string;
	path: string;
	status: number;
	at: number;
	headers: Record<string, string>;
}

type State = Omit<EmulatorState, 'instances' | 'requests'> & {
	instances: Array<{ instanceId: string; status: string; apiId: string }>;
	requests: Request[];
};

export interface Execution {
	id: string;
	status: string;
}

const TERMINAL = new Set(['success', 'error', 'crashed', 'canceled']);
const CANCEL = /\/approval_instances\/(\d+)\/cancel$/;

export function isTokenCall(r: Request): boolean {
	return r.path.includes('/auth/v3/tenant_access_token');
}

export function cancelledId(r: Request): string | undefined {
	return CANCEL.exec(r.path)?.[1];
}

export function bearer(r: Request): string | undefined {
	return /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.[1];
}

export function sender(r: Request): string {
	return r.headers[PROCESS_HEADER] ?? '(untagged)';
}

export async function emulatorState(emulator: EmulatorProcess): Promise<State> {
	return (await emulator.control('state')) as State;
}

/** How many of each key. */
export function tally<T>(items: T[], key: (t: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
	return out;
}

export class Batch {
	instanceIds: string[] = [];
	sinceExecution = 0;
	firedAt = 0;
	/** When every execution had reached a final status (ms since epoch). */
	doneAt = 0;
	executions: Execution[] = [];
	requests: Request[] = [];
	state?: State;

	constructor(
		readonly cluster: QueueCluster,
		readonly emulator: EmulatorProcess,
		readonly pg: Postgres,
		readonly workflow: QueueWorkflow,
		readonly label: string,
	) {}

	/** Seeds `count` running instances (api id = this batch's label) and clears the request log. */
	async seed(count: number): Promise<void> {
		await this.emulator.control('seed', { humanTasks: { generate: { tasks: count, assignee: OPERATOR, apiId: this.label } } });
		const state = await emulatorState(this.emulator);
		this.instanceIds = state.instances.filter((i) => i.apiId === this.label).map((i) => i.instanceId);
		if (this.instanceIds.length !== count) throw new Error(`seeded ${this.instanceIds.length} instances, wanted ${count}`);
		await this.emulator.control('clear-log');
		this.sinceExecution = Number(this.pg.query('SELECT coalesce(max(id), 0) FROM execution_entity').trim());
	}

	/**
	 * POSTs one webhook call per instance (`parallel` at a time); `onSent(n)` runs after each answer.
	 * Every call must be answered 200 (the Webhook node answers on receipt; the work is queued).
	 */
	async fire(parallel: number, onSent?: (sent: number) => Promise<void> | void): Promise<void> {
		this.firedAt = Date.now();
		let next = 0;
		let sent = 0;
		const url = this.cluster.webhookUrl(this.workflow.path);
		const lane = async () => {
			while (next < this.instanceIds.length) {
				const instanceId = this.instanceIds[next++];
				const res = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ instanceId }),
				});
				const text = await res.text();
				if (res.status !== 200) throw new Error(`webhook for ${instanceId}: HTTP ${res.status} ${text.slice(0, 300)}`);
				sent++;
				await onSent?.(sent);
			}
		};
		await Promise.all(Array.from({ length: parallel }, lane));
	}

	/** This batch's executions by status. */
	statusCounts(): Record<string, number> {
		const rows = this.pg.query(
			`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${this.workflow.id}' AND id > ${this.sinceExecution} GROUP BY status`,
		);
		const out: Record<string, number> = {};
		for (const line of rows.split('\n').filter(Boolean)) {
			const [status, n] = line.split('\t');
			out[status] = Number(n);
		}
		return out;
	}

	/** Polls Postgres until all executions of the batch have a final status; then reads everything back. */
	async settle(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const counts = this.statusCounts();
			const total = Object.values(counts).reduce((a, b) => a + b, 0);
			const final = Object.entries(counts)
				.filter(([s]) => TERMINAL.has(s))
				.reduce((a, [, n]) => a + n, 0);
			if (total >= this.instanceIds.length && final === total) break;
			if (Date.now() > deadline) {
				throw new Error(`${this.label}: executions not final after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		this.doneAt = Date.now();
		await this.collect();
	}

	async collect(): Promise<void> {
		this.executions = this.pg
			.query(
				`SELECT id, status FROM execution_entity WHERE "workflowId" = '${this.workflow.id}' AND id > ${this.sinceExecution} ORDER BY id`,
			)
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [id, status] = line.split('\t');
				return { id, status };
			});
		this.state = await emulatorState(this.emulator);
		this.requests = this.state.requests;
	}

	get wallSeconds(): number {
		return (this.doneAt - this.firedAt) / 1000;
	}

	/** Per instance of this batch: answered-200 cancels and all cancel requests. */
	cancels(): Map<string, { ok: number; attempts: number }> {
		const out = new Map(this.instanceIds.map((id) => [id, { ok: 0, attempts: 0 }]));
		for (const r of this.requests) {
			const id = cancelledId(r);
			const entry = id === undefined ? undefined : out.get(id);
			if (!entry) continue;
			entry.attempts++;
			if (r.status === 200) entry.ok++;
		}
		return out;
	}

	/** Instances of this batch the emulator holds as cancelled. */
	cancelledInEmulator(): Set<string> {
		const mine = new Set(this.instanceIds);
		return new Set(
			(this.state?.instances ?? []).filter((i) => mine.has(i.instanceId) && i.status === 'cancelled').map((i) => i.instanceId),
		);
	}

	/** Executions of this batch each worker started (from the workers' logs). */
	executionsPerWorker(): Record<string, number> {
		const mine = new Set(this.executions.map((e) => e.id));
		const out: Record<string, number> = {};
		for (const [worker, ids] of this.cluster.startedBy()) out[worker] = [...ids].filter((id) => mine.has(id)).length;
		return out;
	}

	tokenRequests(): Request[] {
		return this.requests.filter(isTokenCall);
	}

	rateLimited(): Request[] {
		return this.requests.filter((r) => r.status === 429);
	}

	/** Executions of this batch without a final status yet. */
	unfinishedIds(): string[] {
		return this.pg
			.query(
				`SELECT id FROM execution_entity WHERE "workflowId" = '${this.workflow.id}' AND id > ${this.sinceExecution} AND status NOT IN (${[...TERMINAL].map((t) => `'${t}'`).join(',')})`,
			)
			.split('\n')
			.filter(Boolean);
	}

	/** When n8n recorded these executions as stopped (ms since epoch). */
	stoppedAt(ids: string[]): number[] {
		return this.pg
			.query(`SELECT (extract(epoch FROM "stoppedAt") * 1000)::bigint FROM execution_entity WHERE id IN (${ids.join(',')})`)
			.split('\n')
			.filter(Boolean)
			.map(Number);
	}

	/** Raw execution data (n8n's serialized run, webhook body included) of some executions. */
	executionData(ids: string[]): Map<string, string> {
		const out = new Map<string, string>();
		if (ids.length === 0) return out;
		const rows = this.pg.query(
			`SELECT "executionId", replace(replace(data, E'\\n', ' '), E'\\t', ' ') FROM execution_data WHERE "executionId" IN (${ids.join(',')})`,
		);
		for (const line of rows.split('\n').filter(Boolean)) {
			const tab = line.indexOf('\t');
			out.set(line.slice(0, tab), line.slice(tab + 1));
		}
		return out;
	}
}
