/**
 * The memory parts of `npm run bench`, in their own `node --expose-gc` process so that nothing but
 * n8n's engine and this node lives in the measured heap (the emulator with its 20,000 tasks or
 * 100,000 records stays in the parent).
 *
 * Reads BENCH_EMULATOR_URL and BENCH_RUN = {warm, measured} (node parameters of a warm-up run and of
 * the measured Return All), prints one JSON line:
 * { items, baseline: {rss, heapUsed}, peak: {rss, heapUsed}, samples, ms }.
 */
import '../../test/helpers/harness/env';

import { rmSync } from 'node:fs';

import type { INodeParameters } from 'n8n-workflow';

import { runNode } from './node-run';

async function main(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	const url = process.env.BENCH_EMULATOR_URL ?? '';
	const { warm: warmParameters, measured } = JSON.parse(process.env.BENCH_RUN ?? '{}') as { warm: INodeParameters; measured: INodeParameters };
	// runNode only reads `url` from the emulator (for the credential's base URL).
	const emulator = { url };

	// Warm-up: loads the package and engine code paths and mints the token, so the measured run is
	// the Return All itself.
	const warm = await runNode(emulator, { parameters: warmParameters });
	if (warm.error) throw new Error(`warm-up failed: ${warm.error.message}`);

	gc();
	gc();
	const baseline = process.memoryUsage();
	const peak = { rss: baseline.rss, heapUsed: baseline.heapUsed };
	let samples = 0;
	const sample = () => {
		const m = process.memoryUsage();
		samples++;
		if (m.rss > peak.rss) peak.rss = m.rss;
		if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
	};
	const timer = setInterval(sample, 20);
	const started = performance.now();
	const run = await runNode(emulator, { helper: warm.helper, parameters: measured });
	const ms = performance.now() - started;
	sample();
	clearInterval(timer);
	const items = run.items.length;
	process.stdout.write(
		`${JSON.stringify({
			items,
			error: run.error?.message,
			baseline: { rss: baseline.rss, heapUsed: baseline.heapUsed },
			peak,
			samples,
			ms,
		})}\n`,
	);
}

main()
	.catch((error: unknown) => {
		process.stdout.write(`${JSON.stringify({ fatal: error instanceof Error ? error.message : String(error) })}\n`);
		process.exitCode = 1;
	})
	.finally(() => {
		const folder = process.env.N8N_USER_FOLDER;
		if (folder?.includes('n8n-harness-')) rmSync(folder, { recursive: true, force: true });
	});
