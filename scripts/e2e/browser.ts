/**
 * Debian's Chromium for the browser e2e, through playwright-core (which downloads no browser of its own).
 * The flags keep it off the network it would otherwise try (background services, sync), which this
 * machine refuses.
 */
import { chromium, type BrowserContext } from 'playwright-core';

export async function launchChromium(userDataDir: string): Promise<BrowserContext> {
	return await chromium.launchPersistentContext(userDataDir, {
		executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
		headless: true,
		viewport: { width: 1440, height: 900 },
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
	});
}
