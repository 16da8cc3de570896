/**
 * `npm run test:e2e:oauth`: the OAuth2 credential connected in a real browser, then used by real n8n.
 * A fresh n8n (free ports, temp user folder) with the packed package and the emulator (free port): in
 * headless Debian Chromium (playwright-core), sign in, open the Feishu aPaaS OAuth2 credential, click
 * connect, consent on the emulator's authorisation page, land back with a stored token. Then (n8n
 * stopped, `n8n execute` on the same database, the same connected credential):
 * - the data-platform workflow (oauth-data-platform.ts): 1,200 rows created in 3 requests, upsert on a
 *   unique column, update and delete by a structured filter, a view's rows, SQL with 19-digit ids
 *   exact, and a filter value full of PostgREST metacharacters that matches only its own row;
 * - the emulator expires the access token; a small workflow (create a row, read rows) refreshes once
 *   and rotates the refresh token; the run after that needs no refresh;
 * - the token requests carried the client as Feishu documents it (client_id / client_secret in the
 *   body), except n8n 1.x's PKCE code exchange, which n8n sends with HTTP Basic.
 * Env: CHROMIUM (default /usr/bin/chromium), E2E_N8N_VERSION (default the first e2e version), KEEP=1.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorProcess, freePort } from './emulator';
import { ensureN8n, ensureNode24, log, setLogPrefix } from './install';
import { installPackage, n8nEnv, nodeItems, parseRawOutput, type CommandResult, type N8nContext } from './n8n';
import { buildAndPack } from './pack';
import { VERSIONS } from './versions';
import { launchChromium } from './browser';
import { startEditorN8n } from './n8n-process';
import { login } from './editor-page';
import { checkDataPlatformRun, DATA_WORKFLOW_ID, dataPlatformSeed, dataPlatformWorkflow, WS } from './oauth-data-platform';

const CREDENTIAL_ID = 'feishuApaasOAuthE2e';
const CREDENTIAL = { feishuApaasOAuth2Api: { id: CREDENTIAL_ID, name: 'Feishu aPaaS OAuth2 (emulator)' } };
const WORKFLOW_ID = 'fApaasOAuthRows';
const SCOPES =
	'offline_access app_engine:workspace.table:read app_engine:workspace.table:write app_engine:workspace.table.record:read app_engine:workspace.table.record:write app_engine:workspace.sql_commands:write';

interface OAuthStats {
	codeExchanges: number;
	refreshes: number;
	refusedRefreshes: number;
	liveRefreshTokens: number;
}

function workflow(): unknown[] {
	const table = { __rl: true, mode: 'name', value: 'orders' };
	return [
		{
			id: WORKFLOW_ID,
			name: 'Feishu aPaaS: data platform rows with a user token',
			nodes: [
				{ id: 'o0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'o1',
					name: 'Create Row',
					type: 'n8n-nodes-feishu-apaas.feishuApaas',
					typeVersion: 1,
					position: [240, 0],
					parameters: {
						authentication: 'userToken',
						resource: 'dataRecord',
						operation: 'create',
						workspaceId: WS,
						tableName: table,
						columns: { mappingMode: 'defineBelow', value: { sku: '={{ "E2E-" + $now.toMillis() }}', qty: 2 }, matchingColumns: [], schema: [] },
						options: {},
					},
					credentials: CREDENTIAL,
				},
				{
					id: 'o2',
					name: 'Read Rows',
					type: 'n8n-nodes-feishu-apaas.feishuApaas',
					typeVersion: 1,
					position: [480, 0],
					parameters: {
						authentication: 'userToken',
						resource: 'dataRecord',
						operation: 'getAll',
						workspaceId: WS,
						tableName: table,
						returnAll: true,
						filterType: 'manual',
						filters: { conditions: [{ keyName: 'sku', condition: 'like', keyValue: 'E2E-*' }] },
						options: { select: 'id,sku,qty' },
					},
					credentials: CREDENTIAL,
				},
			],
			connections: {
				Start: { main: [[{ node: 'Create Row', type: 'main', index: 0 }]] },
				'Create Row': { main: [[{ node: 'Read Rows', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			active: false,
		},
		dataPlatformWorkflow(CREDENTIAL.feishuApaasOAuth2Api),
	];
}

/**
 * `n8n execute --id=<id> --rawOutput` with its stdout in a file, not a pipe: n8n 1.x exits right after
 * printing the run, and a pipe loses what it had not flushed (the data-platform run prints ~0.5 MB: 1,200
 * rows in two nodes); writes to a file are synchronous.
 */
async function executeToFile(ctx: N8nContext, id: string, file: string, timeoutMs = 180_000): Promise<CommandResult> {
	const started = Date.now();
	const out = openSync(file, 'w');
	const err = openSync(`${file}.err`, 'w');
	try {
		const child = spawn(ctx.node24.node, [ctx.install.bin, 'execute', `--id=${id}`, '--rawOutput'], {
			cwd: ctx.userFolder,
			env: ctx.env,
			stdio: ['ignore', out, err],
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', (c, sig) => resolve([c, sig]));
		}).finally(() => clearTimeout(timer));
		return { code, signal, stdout: readFileSync(file, 'utf8'), stderr: readFileSync(`${file}.err`, 'utf8'), ms: Date.now() - started };
	} finally {
		closeSync(out);
		closeSync(err);
	}
}

async function oauthStats(emulator: EmulatorProcess): Promise<OAuthStats> {
	return ((await emulator.state()) as unknown as { oauth: OAuthStats }).oauth;
}

function check(ok: unknown, message: string): void {
	if (!ok) throw new Error(message);
}

async function main(): Promise<void> {
	setLogPrefix('e2e:oauth');
	const started = Date.now();
	const version = process.env.E2E_N8N_VERSION ?? VERSIONS[0];
	const work = mkdtempSync(join(tmpdir(), 'feishu-oauth-e2e-'));
	const userFolder = join(work, 'home');
	mkdirSync(userFolder, { recursive: true });
	const node24 = await ensureNode24();
	const install = await ensureN8n(version, node24);
	const tgz = await buildAndPack(work);
	await installPackage(tgz, userFolder, node24, join(work, 'install.log'));

	const emulator = await EmulatorProcess.start(await freePort());
	const port = await freePort();
	const base = `http://localhost:${port}`;
	await emulator.control('seed', {
		oauth: { redirectUris: [`${base}/rest/oauth2-credential/callback`, `http://127.0.0.1:${port}/rest/oauth2-credential/callback`] },
		workspaces: [dataPlatformSeed()],
	});
	const ctx: N8nContext = {
		install,
		node24,
		userFolder,
		env: n8nEnv(node24, userFolder, {
			N8N_PORT: String(port),
			N8N_HOST: 'localhost',
			N8N_SECURE_COOKIE: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		}),
	};
	let child: ReturnType<typeof spawn> | undefined;
	const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
	try {
		child = await startEditorN8n(ctx, {
			work,
			base,
			credentials: JSON.stringify([
				{
					id: CREDENTIAL_ID,
					name: CREDENTIAL.feishuApaasOAuth2Api.name,
					type: 'feishuApaasOAuth2Api',
					data: { domain: 'custom', baseUrl: emulator.url, clientId: 'cli_demo', clientSecret: 'demo_secret', scope: SCOPES },
				},
			]),
			workflows: JSON.stringify(workflow()),
			settingsTimeoutMs: 240_000,
		});
		log(`n8n ${version} up on ${base} after ${Math.round((Date.now() - started) / 1000)} s`);

		const context = await launchChromium(userDataDir);
		try {
			// A loaded CI machine (or one shared with other jobs) can take a minute to serve the editor.
			context.setDefaultTimeout(120_000);
			context.setDefaultNavigationTimeout(180_000);
			const page = context.pages()[0] ?? (await context.newPage());
			await login(page, base, 180_000);

			await page.goto(`${base}/home/credentials/${CREDENTIAL_ID}`);
			// n8n 2.x: a "Connect" button in the "Connect your account" banner; n8n 1.x: "Connect my account".
			const connect = page.getByRole('button', { name: /^\s*(Connect|Connect my account)\s*$/ }).first();
			await connect.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
				// What the editor showed instead (a screenshot and the buttons), for whoever reads the log.
				await page.screenshot({ path: join(tmpdir(), 'feishu-oauth-e2e-credential.png') }).catch(() => undefined);
				const buttons = await page.locator('button').allInnerTexts().catch(() => []);
				log(`no connect button at ${page.url()}; buttons: ${JSON.stringify(buttons.slice(0, 40))}`);
				throw error;
			});
			const popupPromise = context.waitForEvent('page', { timeout: 30_000 });
			await connect.click();
			const popup = await popupPromise;
			// The emulator's consent page (Feishu's authorisation page stands here).
			await popup.locator('#authorize').waitFor({ timeout: 30_000 });
			const consentUrl = new URL(popup.url());
			check(consentUrl.pathname === '/open-apis/authen/v1/authorize', `the popup opened ${consentUrl.pathname}, not the authorisation page`);
			check(consentUrl.searchParams.get('code_challenge_method') === 'S256', 'n8n did not send a PKCE challenge');
			await popup.locator('#authorize').click();
			for (let i = 0; i < 60 && (await oauthStats(emulator)).codeExchanges === 0; i++) await page.waitForTimeout(500);
			const connected = await oauthStats(emulator);
			check(connected.codeExchanges === 1, `expected one code exchange after consent, got ${JSON.stringify(connected)}`);
			await page.getByText(/account connected/i).first().waitFor({ timeout: 30_000 }).catch(() => undefined);
			log(`PASS: connected through the browser (consent page, code + PKCE exchanged by n8n) after ${Math.round((Date.now() - started) / 1000)} s`);
		} finally {
			await context.close();
		}

		// Stop the server: `n8n execute` runs on the same database without port clashes.
		child.kill('SIGTERM');
		await new Promise((r) => child?.once('exit', r));
		child = undefined;

		const execute = async (id: string, label: string) => {
			const r = await executeToFile(ctx, id, join(work, `${id}.out`));
			const raw = parseRawOutput(r.stdout);
			check(raw && raw.data?.resultData?.error === undefined, `${label}: n8n execute failed\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
			log(`${label}: n8n execute took ${Math.round(r.ms / 1000)} s`);
			return raw;
		};
		const run = async (label: string) => nodeItems(await execute(WORKFLOW_ID, label), 'Read Rows');

		// The data platform, every kind of call, with the token the browser connect stored.
		const before = (await emulator.state()).requests.length;
		const data = await execute(DATA_WORKFLOW_ID, 'data-platform run');
		const logged = (await emulator.state()).requests.slice(before) as unknown as Parameters<typeof checkDataPlatformRun>[1];
		for (const line of await checkDataPlatformRun(data, logged, emulator)) log(`PASS: ${line}`);
		check((await oauthStats(emulator)).refreshes === 0, 'the data-platform run refreshed without need');

		await emulator.control('oauth', { expireAccessTokens: true });
		const second = await run('run after expiry');
		const afterExpiry = await oauthStats(emulator);
		check(second.length === 1, `run after expiry: expected 1 E2E row, got ${second.length}`);
		check(afterExpiry.refreshes === 1 && afterExpiry.liveRefreshTokens === 1, `expected one refresh and one live refresh token, got ${JSON.stringify(afterExpiry)}`);
		const third = await run('third run');
		const after = await oauthStats(emulator);
		check(third.length === 2 && after.refreshes === 1 && after.refusedRefreshes === 0, `the rotated pair was not stored: ${JSON.stringify(after)}`);
		log(`PASS: access token expired → one refresh, refresh token rotated and stored, next run without refresh (${Math.round((Date.now() - started) / 1000)} s)`);

		// How n8n authenticated the client at the token endpoint (credential Authentication = 'body').
		const tokenRequests = (await emulator.state()).requests.filter((r) => r.path === '/open-apis/authen/v2/oauth/token');
		const grant = (type: string) => tokenRequests.filter((r) => new URLSearchParams(String(r.body)).get('grant_type') === type);
		const inBody = (r: (typeof tokenRequests)[number]) => {
			const form = new URLSearchParams(String(r.body));
			return form.get('client_id') === 'cli_demo' && form.get('client_secret') === '***' && r.headers.authorization === undefined;
		};
		const [exchange] = grant('authorization_code');
		const refreshes = grant('refresh_token');
		check(refreshes.length === 1 && refreshes.every(inBody), `the refresh did not carry client_id / client_secret in the body: ${JSON.stringify(refreshes)}`);
		// n8n 1.x sends a PKCE credential's code exchange with HTTP Basic whatever Authentication says.
		const basicExchange = Number(version.split('.')[0]) < 2;
		check(
			basicExchange ? exchange?.headers.authorization === 'Basic ***' && !String(exchange.body).includes('client_secret') : exchange !== undefined && inBody(exchange),
			`code exchange on n8n ${version}: ${JSON.stringify(exchange)}`,
		);
		log(`PASS: the client went in the token request's body (refresh${basicExchange ? '; n8n 1.x sent the code exchange with HTTP Basic' : ' and code exchange'})`);
	} catch (error) {
		try {
			log(`n8n log tail:\n${readFileSync(join(work, 'n8n.log'), 'utf8').split('\n').slice(-30).join('\n')}`);
		} catch {
			// no log yet
		}
		throw error;
	} finally {
		child?.kill('SIGTERM');
		await emulator.stop();
		rmSync(userDataDir, { recursive: true, force: true });
		if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`oauth e2e failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
	process.exit(1);
});
