/**
 * `npm run test:e2e:editor`: the filter builder in the real n8n editor (headless Debian Chromium via
 * playwright-core), against the emulator. A fresh n8n (free ports, temp user folder) with the packed
 * package; a workflow Manual Trigger → Get Many on `customer` without a filter; in the browser: open
 * the node, add two conditions (amount > 100, active = true), run the workflow, and check that exactly
 * Acme Ltd and Beta Corp come back (output panel) and that Feishu got the two-condition filter.
 * Then, in the same n8n and browser (editor-checks.ts): the Environment Variable picker (list,
 * search, pick, run) and the credential test (the REST answers, the dialog's banner details).
 * SHOTS=1 also re-takes docs/images/filter-builder.png and docs/images/upsert-run.png;
 * E2E_SHOT_DIR=<dir> saves screenshots of the picker and the credential dialog there (and of the page
 * when a check throws; else into the work dir, kept with KEEP=1). E2E_EDITOR_CHECKS=picker,credential
 * runs only those checks (filter, picker, credential).
 * Env: CHROMIUM (default /usr/bin/chromium), E2E_N8N_VERSION (default the first e2e version).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { login, openNode } from './editor-page';
import { checkCredentialTest, checkEnvVarPicker, envVarWorkflow } from './editor-checks';
import { EmulatorProcess, freePort, REPO } from './emulator';
import { ensureN8n, ensureNode24, log, setLogPrefix } from './install';
import { installPackage, n8nEnv, type N8nContext } from './n8n';
import { buildAndPack } from './pack';
import { credentialFile } from './scenarios';
import { VERSIONS } from './versions';
import { launchChromium } from './browser';
import { startEditorN8n } from './n8n-process';

const WORKFLOW_ID = 'fApaasEditorFilter';
const NODE = 'Get Many Customers';
const UPSERT_WORKFLOW_ID = 'fApaasEditorUpsert';
const UPSERT_NODE = 'Create or Update Customers';

const CREDENTIALS = { feishuApaasApi: { id: 'feishuApaasEmulator', name: 'Feishu aPaaS (emulator)' } };
const manual = { id: 'e0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

function workflows(): unknown[] {
	return [
		{
			id: WORKFLOW_ID,
			name: 'Feishu aPaaS: Get Many with Filters',
			nodes: [
				manual,
				{
					id: 'e1',
					name: NODE,
					type: 'n8n-nodes-feishu-apaas.feishuApaas',
					typeVersion: 1,
					position: [260, 0],
					parameters: { resource: 'objectRecord', operation: 'getAll', namespace: 'demo_app', objectApiName: 'customer', select: 'name, amount, active', returnAll: true },
					credentials: CREDENTIALS,
				},
			],
			connections: { Start: { main: [[{ node: NODE, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		},
		{
			id: UPSERT_WORKFLOW_ID,
			name: 'Feishu aPaaS: Create or Update',
			nodes: [
				manual,
				{
					id: 'u1',
					name: 'Rows',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
					parameters: {
						jsCode:
							"return [\n  { name: 'Acme Ltd', email: 'sales@acme.example', amount: 1500 },\n  { name: 'Zeta AG', email: 'hello@zeta.example', amount: 80 },\n  { name: 'Beta Corp', email: 'contact@beta.example', amount: 350 },\n].map((json) => ({ json }));",
					},
				},
				{
					id: 'u2',
					name: UPSERT_NODE,
					type: 'n8n-nodes-feishu-apaas.feishuApaas',
					typeVersion: 1,
					position: [460, 0],
					parameters: { resource: 'objectRecord', operation: 'upsert', namespace: 'demo_app', objectApiName: 'customer', matchFields: 'email', options: {} },
					credentials: CREDENTIALS,
				},
			],
			connections: {
				Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
				Rows: { main: [[{ node: UPSERT_NODE, type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			active: false,
		},
		envVarWorkflow(manual),
	];
}

/** Picks `option` in the n8n select of parameter `name` (the k-th of that name). */
async function choose(page: Page, ndv: Locator, name: string, k: number, option: string): Promise<void> {
	await ndv.locator(`[data-test-id="parameter-input-${name}"]`).nth(k).click();
	await page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').filter({ hasText: new RegExp(`^\\s*${option}\\s*$`) }).first().click();
}

async function fill(ndv: Locator, name: string, k: number, value: string): Promise<void> {
	const input = ndv.locator(`[data-test-id="parameter-input-${name}"]`).nth(k).locator('input, textarea').first();
	await input.click();
	await input.fill(value);
	await input.press('Tab');
}

async function addCondition(page: Page, ndv: Locator, k: number, row: { keyName: string; condition: string; keyValue: string }): Promise<void> {
	await ndv.getByRole('button', { name: /add condition/i }).first().click();
	await ndv.locator('[data-test-id="parameter-input-keyName"]').nth(k).waitFor({ timeout: 10_000 });
	await fill(ndv, 'keyName', k, row.keyName);
	await choose(page, ndv, 'condition', k, row.condition);
	await fill(ndv, 'keyValue', k, row.keyValue);
}

/** The filter builder: two conditions built in the editor, the run, the output and what Feishu got. */
async function checkFilterBuilder(page: Page, base: string, emulator: EmulatorProcess): Promise<string[]> {
	const ndv = await openNode(page, base, WORKFLOW_ID, NODE);
	await addCondition(page, ndv, 0, { keyName: 'amount', condition: 'Greater Than', keyValue: '100' });
	await addCondition(page, ndv, 1, { keyName: 'active', condition: 'Equals', keyValue: 'true' });
	await page.waitForTimeout(500);
	if (process.env.SHOTS) await page.screenshot({ path: join(REPO, 'docs', 'images', 'filter-builder.png') });
	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	const output = ndv.locator('[data-test-id="output-panel"]').first();
	await output.getByText('Beta Corp').first().waitFor({ timeout: 60_000 });
	const text = await output.innerText();
	const state = await emulator.state();
	const query = state.requests.filter((r) => r.path.endsWith('/records/batch_query'));
	const filter = (query[query.length - 1]?.body as { filter?: { conditions?: Array<{ operator: string }>; logic_expression?: string } } | undefined)?.filter;
	const problems: string[] = [];
	if (!/2 items/i.test(text)) problems.push(`the output panel does not say "2 items": ${text.slice(0, 300)}`);
	for (const name of ['Acme Ltd', 'Beta Corp']) if (!text.includes(name)) problems.push(`${name} missing from the output`);
	for (const name of ['Gamma GmbH', 'Delta', 'epsilon studio']) if (text.includes(name)) problems.push(`${name} should not be in the output`);
	const operators = filter?.conditions?.map((c) => c.operator).join(',');
	if (operators !== 'greaterThan,equals' || filter?.logic_expression !== '1 AND 2') {
		problems.push(`Feishu got filter ${JSON.stringify(filter)}`);
	}
	if (process.env.SHOTS) {
		await page.screenshot({ path: join(REPO, 'docs', 'images', 'filter-builder.png') });
		const upsert = await openNode(page, base, UPSERT_WORKFLOW_ID, UPSERT_NODE);
		await upsert.locator('[data-test-id="node-execute-button"]').first().click();
		await upsert.locator('[data-test-id="output-panel"]').first().getByText('updated').first().waitFor({ timeout: 60_000 });
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(REPO, 'docs', 'images', 'upsert-run.png') });
	}
	return problems;
}

async function main(): Promise<void> {
	setLogPrefix('e2e:editor');
	const started = Date.now();
	const version = process.env.E2E_N8N_VERSION ?? VERSIONS[0];
	const work = mkdtempSync(join(tmpdir(), 'feishu-editor-e2e-'));
	const userFolder = join(work, 'home');
	mkdirSync(userFolder, { recursive: true });
	const node24 = await ensureNode24();
	const install = await ensureN8n(version, node24);
	const tgz = await buildAndPack(work);
	await installPackage(tgz, userFolder, node24, join(work, 'install.log'));

	const emulator = await EmulatorProcess.start(await freePort());
	const port = await freePort();
	const base = `http://localhost:${port}`;
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
			credentials: credentialFile(emulator.url),
			workflows: JSON.stringify(workflows()),
			settingsTimeoutMs: 60_000,
		});
		log(`n8n ${version} up on ${base} after ${Math.round((Date.now() - started) / 1000)} s`);

		const context = await launchChromium(userDataDir);
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await login(page, base);
			const shotDir = process.env.E2E_SHOT_DIR;
			const checks: Array<[string, () => Promise<string[]>, string]> = [
				['filter', () => checkFilterBuilder(page, base, emulator), 'Get Many with two conditions built in the editor returned exactly Acme Ltd and Beta Corp'],
				['picker', () => checkEnvVarPicker(page, base, emulator, shotDir), 'the Environment Variable list showed the 7 seeded variables, searched, picked Region and the run read it'],
				// Last: it saves a wrong App Secret into the credential.
				['credential', () => checkCredentialTest(page, base, emulator, shotDir), "the credential test answers Feishu's 10014 / 10003 and the unreachable host, and the dialog's More details shows Feishu's 10014"],
			];
			const only = process.env.E2E_EDITOR_CHECKS?.split(',').map((c) => c.trim());
			for (const [name, check, passed] of checks) {
				if (only && !only.includes(name)) continue;
				let problems: string[];
				try {
					problems = await check();
				} catch (error) {
					await page.screenshot({ path: join(shotDir ?? work, `failed-${name}.png`) }).catch(() => undefined);
					throw error;
				}
				if (problems.length > 0) throw new Error(`editor check "${name}" failed:\n  ${problems.join('\n  ')}`);
				log(`PASS: ${passed} (${Math.round((Date.now() - started) / 1000)} s)`);
			}
		} finally {
			await context.close();
		}
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
	process.stderr.write(`editor e2e failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
	process.exit(1);
});
