/**
 * `npm run test:e2e`: the packed package inside real n8n processes.
 *
 * For every n8n version in VERSIONS: a cached Node 24 + n8n install (see install.ts), a fresh
 * N8N_USER_FOLDER with the packed tarball installed into .n8n/nodes, the emulator on a free
 * port, the emulator credential and examples/query-and-cancel.workflow.json imported with the
 * n8n CLI, then the scenarios of scenarios.ts run with `n8n execute`.
 *
 * Env: E2E_N8N_VERSIONS=2.40.7,... to choose versions; E2E_KEEP=1 keeps the user folders.
 * Exit code 0 only if every check of every version passed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorProcess, freePort, REPO } from './emulator';
import { ensureN8n, ensureNode24, log, type N8nInstall } from './install';
import { buildAndPack } from './pack';
import { installPackage, n8nEnv, type N8nContext } from './n8n';
import { exitWith, Report } from './report';
import { credentialFile, OutputLog, runScenarios, type StepResult } from './scenarios';
import { chosenVersions } from './versions';

const WORKFLOW = join(REPO, 'examples', 'query-and-cancel.workflow.json');

async function testVersion(
	version: string,
	installing: Promise<N8nInstall>,
	tgz: string,
	node24: Awaited<ReturnType<typeof ensureNode24>>,
): Promise<{ steps: StepResult[]; userFolder: string }> {
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${version}-`));
	const steps: StepResult[] = [];
	let emulator: EmulatorProcess | undefined;
	try {
		const started = Date.now();
		let install: N8nInstall;
		try {
			install = await installing;
		} catch (e) {
			steps.push({ name: `install n8n ${version}`, ok: false, detail: (e as Error).message, ms: Date.now() - started });
			return { steps, userFolder };
		}
		await installPackage(tgz, userFolder, node24, join(userFolder, 'install-package.log'));
		emulator = await EmulatorProcess.start(await freePort());
		writeFileSync(join(userFolder, 'credential.json'), credentialFile(emulator.url));
		const ctx: N8nContext = {
			install,
			node24,
			userFolder,
			env: n8nEnv(node24, userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
		};
		log(`n8n ${version}: running the scenarios (user folder ${userFolder})`);
		steps.push(...(await runScenarios(ctx, emulator, new OutputLog(), WORKFLOW)));
	} catch (e) {
		steps.push({ name: `set up n8n ${version}`, ok: false, detail: (e as Error).stack ?? String(e), ms: 0 });
	} finally {
		await emulator?.stop();
	}
	return { steps, userFolder };
}

async function main(): Promise<number> {
	const started = Date.now();
	const versions = chosenVersions();
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
	const node24 = await ensureNode24();
	// Installs (first run only) go on in parallel with the build and with each other.
	const installs = new Map(versions.map((v) => [v, ensureN8n(v, node24)] as const));
	for (const p of installs.values()) p.catch(() => undefined);
	const tgz = await buildAndPack(workDir);

	const report = new Report('');
	for (const version of versions) {
		const vStarted = Date.now();
		const { steps, userFolder } = await testVersion(version, installs.get(version)!, tgz, node24);
		report.version(version, steps, userFolder, vStarted);
	}
	rmSync(workDir, { recursive: true, force: true });
	return report.finish(started);
}

exitWith('', main);
