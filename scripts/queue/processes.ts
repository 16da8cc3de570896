/**
 * Long-running children of the queue-mode test (Redis, Postgres, n8n main and workers), each in a
 * process group of its own so that stopping it also stops whatever it spawned (n8n's task runner).
 * Every child is registered; `stopAll` ends those still running, also on SIGINT/SIGTERM or a crash.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export function log(message: string): void {
	process.stdout.write(`[queue] ${message}\n`);
}

export class Child {
	private output = '';
	private readonly exited: Promise<void>;
	private readonly out: WriteStream;

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
		readonly logFile: string,
	) {
		this.out = createWriteStream(logFile, { flags: 'a' });
		const onData = (d: Buffer) => {
			this.output += d.toString('utf8');
			// Only the tail is kept in memory; the log file has everything.
			if (this.output.length > 4_000_000) this.output = this.output.slice(-2_000_000);
			this.out.write(d);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
		void this.exited.then(() => this.out.end());
	}

	get pid(): number {
		return this.child.pid ?? 0;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Everything printed so far (the in-memory tail). */
	text(): string {
		return this.output;
	}

	/** Resolves when the output matches `pattern`; rejects if the process exits or time runs out. */
	waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
		return new Promise((resolve, reject) => {
			const check = () => pattern.exec(this.output);
			const found = check();
			if (found) return resolve(found);
			const onData = () => {
				const m = check();
				if (m) done(() => resolve(m));
			};
			const onExit = () =>
				done(() => reject(new Error(`${this.name} exited before ${pattern}:\n${this.output.slice(-3000)}`)));
			const timer = setTimeout(
				() => done(() => reject(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-3000)}`))),
				timeoutMs,
			);
			const done = (fn: () => void) => {
				clearTimeout(timer);
				this.child.stdout?.off('data', onData);
				this.child.stderr?.off('data', onData);
				this.child.off('exit', onExit);
				fn();
			};
			this.child.stdout?.on('data', onData);
			this.child.stderr?.on('data', onData);
			this.child.once('exit', onExit);
		});
	}

	/** Signals the whole process group of this child (it leads its own group). */
	signal(sig: NodeJS.Signals): void {
		if (!this.running || !this.child.pid) return;
		try {
			process.kill(-this.child.pid, sig);
		} catch {
			// already gone
		}
	}

	/** `sig` to the group, then SIGKILL after `graceMs`; resolves once the leader has exited. */
	async stop(sig: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
		if (this.running) {
			this.signal(sig);
			const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
			await this.exited;
			clearTimeout(timer);
		}
		// Whatever else is left in the group (a task runner whose parent died) goes too.
		if (this.child.pid) {
			try {
				process.kill(-this.child.pid, 'SIGKILL');
			} catch {
				// nothing left
			}
		}
	}

	waitExit(): Promise<void> {
		return this.exited;
	}
}

const children: Array<{ child: Child; stopSignal: NodeJS.Signals }> = [];

/** Spawns `command` as the leader of a new process group, its output into logFile. */
export function startChild(
	name: string,
	command: string,
	args: string[],
	opts: SpawnOptions & { logFile: string; stopSignal?: NodeJS.Signals },
): Child {
	const { logFile, stopSignal = 'SIGTERM', ...spawnOpts } = opts;
	const proc = spawn(command, args, { ...spawnOpts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const child = new Child(name, proc, logFile);
	children.push({ child, stopSignal });
	return child;
}

/** Stops every registered child still running, last started first. */
export async function stopAll(): Promise<void> {
	for (const { child, stopSignal } of [...children].reverse()) {
		await child.stop(stopSignal);
	}
}

/** On SIGINT / SIGTERM: stop everything, run `cleanup`, exit 130 / 143. */
export function stopAllOnSignals(cleanup: () => Promise<void> | void): void {
	let stopping = false;
	for (const [sig, code] of [
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const) {
		process.on(sig, () => {
			if (stopping) return;
			stopping = true;
			log(`${sig}: stopping everything`);
			void stopAll()
				.then(() => cleanup())
				.finally(() => process.exit(code));
		});
	}
	// A synchronous exit (process.exit elsewhere) cannot await: at least signal every group.
	process.on('exit', () => {
		for (const { child } of children) child.signal('SIGKILL');
	});
}
