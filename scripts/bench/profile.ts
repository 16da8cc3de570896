/**
 * Where a node item's time goes: `npx tsx scripts/bench/profile.ts [out.cpuprofile]` runs 1,000
 * one-request items (emulator latency 0, concurrency 10; PROFILE_ITEMS, PROFILE_LATENCY_MS and
 * PROFILE_CONCURRENCY to change) through the engine; PROFILE_OP=create runs PROFILE_ITEMS record creates
 * (batches of 500, paced at Feishu's limits, as bench part 8) instead, PROFILE_OP=update / delete that
 * many updates / deletes of seeded records by `={{ $json.id }}` (as part 8),
 * prints the CPU time per item and writes a CPU profile of that run only (emulator in its own process; default
 * /tmp/feishu-bench.cpuprofile); open it in Chrome DevTools, or summarise it with
 * `npx tsx scripts/bench/profile-summary.ts /tmp/feishu-bench.cpuprofile`.
 */
import '../../test/helpers/harness/env';

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

import { objectRecord, query } from '../../test/helpers/feishu';
import { startEmulatorProcess } from '../../emulator/process';
import { runNode, snapshotPackage } from './node-run';

async function main(): Promise<void> {
	process.env.BENCH_PACKAGE_ROOT = snapshotPackage();
	const emulator = await startEmulatorProcess(); // its own process: the profile is the node's alone
	await emulator.control('knobs', { latencyMs: Number(process.env.PROFILE_LATENCY_MS ?? 0) });
	const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 10);
	const op = process.env.PROFILE_OP;
	const creates = op === 'create';
	const byId = op === 'update' || op === 'delete';
	const parameters = creates
		? objectRecord('create')
		: op === 'update'
			? objectRecord('update', { recordId: '={{ $json.id }}', options: { ignoreFields: 'id' } })
			: op === 'delete'
				? objectRecord('delete', { recordId: '={{ $json.id }}' })
				: query({ kunlunUserId: '1700000000000002', returnAll: false, limit: 1, options: { maxRequestsPerMinute: 0, concurrency } });
	// Updates and deletes act on seeded records; a delete's record may be gone by the next run, which
	// is an error item per record (the same CPU on the node's side up to the answer).
	let ids: string[] = [];
	if (byId) {
		const count = Number(process.env.PROFILE_ITEMS ?? 1000) + 1501;
		await emulator.control('seed', { objects: { generate: [{ namespace: 'demo_app', objectApiName: 'customer', count }] } });
		ids = (await emulator.records('demo_app', 'customer')).map((r) => String(r._id)).slice(-count);
	}
	let used = 0;
	const input = (length: number) =>
		Array.from({ length }, (_, i) => (creates ? { name: `Bench ${i}`, amount: i } : byId ? { id: ids[used++ % ids.length], amount: i } : {}));
	const warm = await runNode(emulator, { items: input(1), parameters });
	// Warm the code paths (JIT) before the measured run.
	for (let k = 0; k < 3; k++) await runNode(emulator, { helper: warm.helper, items: input(500), parameters });
	const n = Number(process.env.PROFILE_ITEMS ?? 1000);
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const run = await runNode(emulator, { helper: warm.helper, items: input(n), parameters });
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	const { profile } = await session.post('Profiler.stop');
	const out = process.argv[2] ?? '/tmp/feishu-bench.cpuprofile';
	writeFileSync(out, JSON.stringify(profile));
	process.stdout.write(
		`${run.items.length} items in ${ms.toFixed(0)} ms; n8n process CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per item\n`,
	);
	await emulator.stop();
}

void main();
