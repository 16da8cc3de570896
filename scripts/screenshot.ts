/**
 * Re-takes docs/images/*.png from a running `npm run dev` (not run in CI):
 *
 *   npm run dev            # in one terminal
 *   npx tsx scripts/screenshot.ts
 *
 * Drives the system Chromium (Debian: apt-get install chromium) with playwright-core, which never
 * downloads a browser: logs in as the dev owner, opens the example workflow and takes the
 * parameter panel of each Feishu aPaaS node (and of the triggers, in examples/trigger-approve.workflow.json
 * and examples/record-change.workflow.json: the Event Trigger with its Production URL shown).
 * CHROMIUM=<path> picks another browser binary; SHOTS=trigger-node-parameters.png,… re-takes only those.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { REPO } from './e2e/emulator';
import { WORKFLOW_ID } from './e2e/scenarios';
import { OWNER } from './dev-owner';

const BASE = process.env.N8N_URL ?? 'http://localhost:5678';
const TRIGGER_WORKFLOW_ID = 'fApaasNewTasks';
const EVENT_WORKFLOW_ID = 'fApaasRecChange';
const SHOTS = [
	{ workflow: WORKFLOW_ID, node: 'Cancel Approval Instance', file: 'cancel-node-parameters.png' },
	{ workflow: WORKFLOW_ID, node: 'Query User Tasks', file: 'query-node-parameters.png' },
	// "Fetch Test Event" first, so the output panel shows the newest task as the trigger emits it.
	{ workflow: TRIGGER_WORKFLOW_ID, node: 'Feishu aPaaS Trigger', file: 'trigger-node-parameters.png', fetch: true },
	// The webhook URLs opened on the Production URL: the one to paste into the developer console.
	{ workflow: EVENT_WORKFLOW_ID, node: 'Feishu aPaaS Event Trigger', file: 'event-trigger-node-parameters.png', productionUrl: true },
].filter((shot) => !process.env.SHOTS || process.env.SHOTS.split(',').includes(shot.file));

async function login(page: Page): Promise<void> {
	await page.goto(`${BASE}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(OWNER.email);
	await page.locator('input[type="password"]').first().fill(OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

async function shoot(page: Page, workflow: string, node: string, file: string, fetch = false, productionUrl = false): Promise<void> {
	await page.goto(`${BASE}/workflow/${workflow}`);
	const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`).first();
	await canvasNode.waitFor({ timeout: 30_000 });
	await canvasNode.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.waitFor({ timeout: 15_000 });
	await page.waitForTimeout(1500);
	if (productionUrl) {
		await ndv.getByText(/webhook urls/i).first().click();
		await ndv.getByText(/^\s*production url\s*$/i).first().click();
		await page.waitForTimeout(800);
	}
	if (fetch) {
		await ndv.getByRole('button', { name: /fetch test event/i }).first().click();
		await ndv.getByText('task_id').first().waitFor({ timeout: 30_000 });
		await page.waitForTimeout(1000);
	}
	const out = join(REPO, 'docs', 'images', file);
	await page.screenshot({ path: out });
	process.stdout.write(`wrote ${out}\n`);
}

async function main(): Promise<void> {
	const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
		headless: true,
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await login(page);
		for (const shot of SHOTS) await shoot(page, shot.workflow, shot.node, shot.file, 'fetch' in shot && shot.fetch, 'productionUrl' in shot && shot.productionUrl);
	} finally {
		await context.close();
		rmSync(userDataDir, { recursive: true, force: true });
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`screenshot failed (is \`npm run dev\` running?): ${e instanceof Error ? e.message : String(e)}\n`);
	process.exit(1);
});
