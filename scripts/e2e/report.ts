/** What the e2e runners print: one line per check, one summary per n8n version, then the totals. */
import { rmSync } from 'node:fs';

import type { StepResult } from './scenarios';

export class Report {
	private passed = 0;
	private failed = 0;
	private readonly summaries: string[] = [];

	/** `what` names the run in the summaries and totals ('' for the main e2e, 'trigger' for the trigger's). */
	constructor(private readonly what: string) {}

	/** Prints a version's checks and keeps its summary; its user folder is removed when every check passed. */
	version(version: string, steps: StepResult[], userFolder: string, startedMs: number): void {
		const bad = steps.filter((s) => !s.ok);
		this.passed += steps.length - bad.length;
		this.failed += bad.length;
		for (const s of steps) {
			process.stdout.write(`  ${s.ok ? 'ok  ' : 'FAIL'} n8n ${version}: ${s.name} (${(s.ms / 1000).toFixed(1)} s)\n`);
			process.stdout.write(`       ${s.detail.split('\n').join('\n       ')}\n`);
		}
		const secs = Math.round((Date.now() - startedMs) / 1000);
		const label = this.what ? `${this.what} ` : '';
		this.summaries.push(
			bad.length === 0
				? `n8n ${version}: ${label}PASS (${steps.length} checks, ${secs} s)`
				: `n8n ${version}: ${label}FAIL (${bad.length} of ${steps.length} checks failed, ${secs} s; files kept in ${userFolder})`,
		);
		if (bad.length === 0 && userFolder && process.env.E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	}

	/** Prints the summaries and the closing `N passed, N failed` line; returns the exit code. */
	finish(startedMs: number): number {
		const total = ['e2e', this.what, 'total'].filter(Boolean).join(' ');
		process.stdout.write(`\n${this.summaries.join('\n')}\n${total} ${Math.round((Date.now() - startedMs) / 1000)} s\n`);
		process.stdout.write(`${this.passed} passed, ${this.failed} failed\n`);
		return this.failed === 0 && this.passed > 0 ? 0 : 1;
	}
}

/** Runs an e2e main: exits with its code, or with 1 and `0 passed, 1 failed` when it throws. */
export function exitWith(what: string, main: () => Promise<number>): void {
	main().then(
		(code) => process.exit(code),
		(e: unknown) => {
			process.stderr.write(`${['e2e', what].filter(Boolean).join(' ')} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
			process.stdout.write('0 passed, 1 failed\n');
			process.exit(1);
		},
	);
}
