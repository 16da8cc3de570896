/** What the editor e2e does in n8n's editor more than once: sign in, open a node of a workflow. */
import type { Locator, Page } from 'playwright-core';

import { OWNER } from '../dev-owner';

export async function login(page: Page, base: string, navigationTimeoutMs = 120_000): Promise<void> {
	// Generous: the editor's first load is slow on a loaded 2-CPU machine.
	await page.goto(`${base}/signin`, { timeout: navigationTimeoutMs });
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(OWNER.email);
	await page.locator('input[type="password"]').first().fill(OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

export async function openNode(page: Page, base: string, workflow: string, node: string): Promise<Locator> {
	await page.goto(`${base}/workflow/${workflow}`, { timeout: 90_000 });
	const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`).first();
	await canvasNode.waitFor({ timeout: 30_000 });
	await canvasNode.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.waitFor({ timeout: 15_000 });
	return ndv;
}
