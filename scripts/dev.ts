/**
 * `npm run dev`: the package inside a real n8n editor, against the emulator.
 *
 *   - Node 24 + n8n (the first version the e2e test proves) from the cache of scripts/e2e;
 *   - builds and packs the package and installs the tarball into .n8n-dev/home/.n8n/nodes
 *     (a manual install, as the README describes), on every start so the editor runs the
 *     current code;
 *   - the emulator on http://127.0.0.1:8088 (sample data, app cli_demo / demo_secret);
 *   - the emulator credential (with demo event secrets, so the Event Trigger can be activated),
 *     examples/query-and-cancel.workflow.json and (inactive) examples/trigger-approve.workflow.json
 *     and examples/record-change.workflow.json imported;
 *   - `n8n start` on http://localhost:5678 with an owner account created on first start.
 *
 * .n8n-dev/ (gitignored) keeps n8n's database between runs. Ctrl+C stops everything.
 * Env: DEV_N8N_VERSION, N8N_PORT (5678), EMULATOR_PORT (8088).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmulatorProcess, freePort, REPO } from './e2e/emulator';
import { ensureN8n, ensureNode24, log, run, setLogPrefix } from './e2e/install';
import { installPackage, n8n, n8nEnv, type N8nContext } from './e2e/n8n';
import { VERSIONS } from './e2e/versions';
import { OWNER } from './dev-owner';
import { credentialFile, WORKFLOW_ID } from './e2e/scenarios';

export const DEV_DIR = join(REPO, '.n8n-dev');

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// not up yet
		}
		if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** Creates the owner account on a fresh instance; on later starts checks the login works. */
export async function ensureOwner(baseUrl: string): Promise<void> {
	const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (setup.ok) {
		log(`owner account ${OWNER.email} created`);
		return;
	}
	const login = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) {
		throw new Error(
			`owner setup answered ${setup.status} and login as ${OWNER.email} answered ${login.status}: ` +
				`delete ${DEV_DIR} to start over`,
		);
	}
}

async function main(): Promise<void> {
	setLogPrefix('dev');
	const version = process.env.DEV_N8N_VERSION ?? VERSIONS[0];
	const n8nPort = Number(process.env.N8N_PORT ?? 5678);
	const emulatorPort = Number(process.env.EMULATOR_PORT ?? 8088);
	const userFolder = join(DEV_DIR, 'home');
	mkdirSync(userFolder, { recursive: true });
	const logFile = join(DEV_DIR, 'setup.log');

	const node24 = await ensureNode24();
	const installing = ensureN8n(version, node24);
	installing.catch(() => undefined);

	log('building and packing the package');
	const packDir = join(DEV_DIR, 'pack');
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(packDir, { recursive: true });
	await run('npm', ['run', 'build'], { cwd: REPO, logFile });
	await run('npm', ['pack', '--pack-destination', packDir], { cwd: REPO, logFile });
	const tgz = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
	const install = await installing;
	await installPackage(tgz, userFolder, node24, logFile);

	let emulator: EmulatorProcess;
	try {
		emulator = await EmulatorProcess.start(emulatorPort);
	} catch (e) {
		if (!String(e).includes('EADDRINUSE')) throw e;
		const port = await freePort();
		log(`port ${emulatorPort} is taken, the emulator uses ${port} instead`);
		emulator = await EmulatorProcess.start(port);
	}
	log(`emulator on ${emulator.url}`);
	const ctx: N8nContext = {
		install,
		node24,
		userFolder,
		env: n8nEnv(node24, userFolder, {
			N8N_PORT: String(n8nPort),
			N8N_HOST: 'localhost',
			N8N_SECURE_COOKIE: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
		}),
	};
	// The Event Trigger refuses to activate without a Verification Token: demo secrets for the dev editor.
	const credentials = (JSON.parse(credentialFile(emulator.url)) as Array<{ data: Record<string, string> }>).map((c) => ({
		...c,
		data: { ...c.data, encryptKey: 'dev-encrypt-key', verificationToken: 'dev-verification-token' },
	}));
	writeFileSync(join(DEV_DIR, 'credential.json'), JSON.stringify(credentials));
	for (const args of [
		['import:credentials', `--input=${join(DEV_DIR, 'credential.json')}`],
		['import:workflow', `--input=${join(REPO, 'examples', 'query-and-cancel.workflow.json')}`],
		['import:workflow', `--input=${join(REPO, 'examples', 'trigger-approve.workflow.json')}`],
		['import:workflow', `--input=${join(REPO, 'examples', 'record-change.workflow.json')}`],
	]) {
		const r = await n8n(ctx, args);
		if (r.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
	}

	log(`starting n8n ${version} (n8n start), output in ${join(DEV_DIR, 'n8n.log')}`);
	const out = join(DEV_DIR, 'n8n.log');
	writeFileSync(out, '');
	const fd = openSync(out, 'a');
	const child = spawn(node24.node, [install.bin, 'start'], { cwd: userFolder, env: ctx.env, stdio: ['ignore', fd, fd] });
	let stopping = false;
	const stop = () => {
		stopping = true;
		log('stopping n8n and the emulator…');
		child.kill('SIGTERM');
		void emulator.stop().then(() => {
			log(`stopped; n8n's data is kept in ${DEV_DIR}`);
			process.exit(0);
		});
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	child.on('exit', (code) => {
		if (stopping) return;
		log(`n8n exited (${code}); see ${out}`);
		void emulator.stop().then(() => process.exit(code ?? 1));
	});

	const baseUrl = `http://localhost:${n8nPort}`;
	await waitForHttp(`${baseUrl}/healthz`, 180_000);
	await waitForHttp(`${baseUrl}/rest/settings`, 60_000);
	await ensureOwner(baseUrl);
	process.stdout.write(
		[
			'',
			`n8n ${version} with n8n-nodes-feishu-apaas is running:`,
			`  Editor:    ${baseUrl}/workflow/${WORKFLOW_ID}`,
			`  Login:     ${OWNER.email} / ${OWNER.password}`,
			`  Emulator:  ${emulator.url} (state: ${emulator.url}/__emulator/state)`,
			`  Data:      ${DEV_DIR} (delete it to start over)`,
			'Press Ctrl+C to stop.',
			'',
		].join('\n'),
	);
}

main().catch((e: unknown) => {
	process.stderr.write(`dev failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
	process.exit(1);
});
