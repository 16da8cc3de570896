/**
 * Two checks of the editor e2e beside the filter builder, in the same n8n and browser:
 *
 * - the Environment Variable picker: open Environment Variable → Get, open the resource locator's
 *   list, see the emulator's seeded variables, search, pick one, run the node;
 * - the credential test: what `POST /rest/credentials/test` answers for a right credential, a wrong
 *   App Secret (Feishu 10014), a wrong App ID (10003) and a host that does not answer, first for a new
 *   credential (n8n mints first) and then with a stored token (n8n runs only the test request), and
 *   what the credential dialog shows under "Couldn't connect with these settings" → More details
 *   after a wrong App Secret is saved.
 *
 * Each returns its problems (empty when it passed).
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

import type { EmulatorProcess } from './emulator';
import { freePort } from './emulator';
import { openNode } from './editor-page';
import { log } from './install';
import { APP_SECRET } from './scenarios';

export const ENV_VAR_WORKFLOW_ID = 'fApaasEditorEnvVar';
const ENV_VAR_NODE = 'Get Environment Variable';
const CREDENTIAL = { id: 'feishuApaasEmulator', name: 'Feishu aPaaS (emulator)', type: 'feishuApaasApi' };

/** The sample variables of demo_app (emulator/logic/sample-data.ts) as the list shows them, in order. */
const SEEDED = [
	'API base URL (api_base_url)',
	'Max amount (max_amount)',
	'Secret token (secret_token)',
	'Feature enabled (feature_enabled)',
	'Default customer (default_customer)',
	'Region (region)',
	'Support email (support_email)',
];

export function envVarWorkflow(manual: object): object {
	return {
		id: ENV_VAR_WORKFLOW_ID,
		name: 'Feishu aPaaS: Environment Variable picker',
		nodes: [
			manual,
			{
				id: 'v1',
				name: ENV_VAR_NODE,
				type: 'n8n-nodes-feishu-apaas.feishuApaas',
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					resource: 'environmentVariable',
					operation: 'get',
					namespace: 'demo_app',
					environmentVariableApiName: { __rl: true, mode: 'list', value: '' },
				},
				credentials: { feishuApaasApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: { Start: { main: [[{ node: ENV_VAR_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Reads `read` until `ok` holds or `timeoutMs` passes; returns the last value read. */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	let value = await read();
	while (!ok(value) && Date.now() < end) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		value = await read();
	}
	return value;
}

const texts = async (items: Locator): Promise<string[]> => (await items.allInnerTexts()).map((t) => t.trim());

export async function checkEnvVarPicker(page: Page, base: string, emulator: EmulatorProcess, shotDir?: string): Promise<string[]> {
	const problems: string[] = [];
	const ndv = await openNode(page, base, ENV_VAR_WORKFLOW_ID, ENV_VAR_NODE);
	const locator = ndv.locator('[data-test-id="resource-locator-environmentVariableApiName"]').first();
	// The list is a popover teleported out of the parameter (its data-test-id names no element): find
	// its items and search box on the page; an n8n input's test id may sit on the <input> or its wrapper.
	const input = locator.locator('input[data-test-id="rlc-input"], [data-test-id="rlc-input"] input').first();
	await input.click();
	const items = page.locator('[data-test-id="rlc-item"]:visible');
	await items.first().waitFor({ timeout: 30_000 });
	const listed = await until(() => texts(items), (t) => t.length >= SEEDED.length);
	if (JSON.stringify(listed) !== JSON.stringify(SEEDED)) problems.push(`the list shows ${JSON.stringify(listed)}, expected ${JSON.stringify(SEEDED)}`);
	if (shotDir) await page.screenshot({ path: join(shotDir, 'environment-variable-list.png') });

	await page.locator('input[data-test-id="rlc-search"]:visible, [data-test-id="rlc-search"]:visible input').first().fill('regi');
	const found = await until(() => texts(items), (t) => t.length === 1 && t[0] === 'Region (region)');
	if (JSON.stringify(found) !== JSON.stringify(['Region (region)'])) problems.push(`searching "regi" lists ${JSON.stringify(found)}`);
	await items.filter({ hasText: 'Region (region)' }).first().click();
	const shown = await until(() => input.inputValue(), (v) => /region/i.test(v), 5_000);
	if (!/region/i.test(shown)) problems.push(`after picking Region the locator shows "${shown}"`);

	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	const output = ndv.locator('[data-test-id="output-panel"]').first();
	try {
		await output.getByText('cn-north-1').first().waitFor({ timeout: 60_000 });
	} catch {
		problems.push(`running the node with the picked variable did not show its value: ${(await output.innerText()).slice(0, 300)}`);
	}
	if (shotDir) await page.screenshot({ path: join(shotDir, 'environment-variable-run.png') });

	const requests = (await emulator.state()).requests;
	const searched = requests.some(
		(r) => r.path.endsWith('/applications/demo_app/environment_variables/query') && JSON.stringify(r.body).includes('"quick_query":"regi"'),
	);
	if (!searched) problems.push('Feishu got no environment_variables/query with quick_query "regi"');
	if (!requests.some((r) => r.method === 'GET' && r.path.endsWith('/applications/demo_app/environment_variables/region'))) {
		problems.push('the run did not GET environment_variables/region');
	}
	return problems;
}

interface TestResult {
	status?: string;
	message?: string;
}

/** n8n's REST API from the signed-in page (its cookie and browser id), as the editor calls it; the answer's `data`. */
async function rest<T>(page: Page, url: string, body?: unknown): Promise<T> {
	return await page.evaluate(
		async ({ url, body }) => {
			// Runs in the page (the tsconfig has no DOM types): the editor keeps its browser id there.
			const storage = (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage;
			const response = await fetch(url, {
				method: body === undefined ? 'GET' : 'POST',
				credentials: 'include',
				headers: { 'content-type': 'application/json', 'browser-id': storage.getItem('n8n-browserId') ?? '' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const json = (await response.json()) as { data?: unknown };
			return json.data ?? json;
		},
		{ url, body },
	) as T;
}

/** `POST /rest/credentials/test` with this form data, as the dialog sends it. */
async function restTest(page: Page, base: string, data: Record<string, unknown>): Promise<TestResult> {
	return await rest<TestResult>(page, `${base}/rest/credentials/test`, { credentials: { ...CREDENTIAL, data } });
}

const WRONG_SECRET = 'wrong-secret-e2e-7d41';
export const SECRET_REFUSED = 'Feishu refused to issue a tenant access token (code 10014): app secret invalid';

export async function checkCredentialTest(page: Page, base: string, emulator: EmulatorProcess, shotDir?: string): Promise<string[]> {
	const problems: string[] = [];
	const right = { appId: 'cli_demo', appSecret: APP_SECRET, domain: 'custom', baseUrl: emulator.url };
	const closed = `http://127.0.0.1:${await freePort()}`;
	const runCases = async (cases: Array<[string, Record<string, unknown>, TestResult]>): Promise<void> => {
		for (const [label, data, expected] of cases) {
			const got = await restTest(page, base, data);
			if (expected.message === undefined && got.status === 'Error') log(`n8n answers ${JSON.stringify(got)} for ${label}`);
			const same = got.status === expected.status && (expected.message === undefined || got.message === expected.message);
			if (!same) problems.push(`POST /rest/credentials/test with ${label} answered ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
			if ((got.message ?? '').includes(WRONG_SECRET) || (got.message ?? '').includes(APP_SECRET)) problems.push(`the answer for ${label} holds a secret`);
		}
	};
	// A new credential (no token stored): n8n mints first, and the mint's message is the answer.
	await runCases([
		['a wrong App Secret', { ...right, appSecret: WRONG_SECRET }, { status: 'Error', message: SECRET_REFUSED }],
		['a wrong App ID', { ...right, appId: 'cli_nobody' }, { status: 'Error', message: 'Feishu refused to issue a tenant access token (code 10003): invalid param' }],
		['a host that does not answer', { ...right, baseUrl: closed }, { status: 'Error', message: `Could not reach ${closed} to issue a tenant access token: the connection was refused` }],
		['the right credential', right, { status: 'OK' }],
	]);
	// Once a token is stored (the last case stored one), the dialog sends the form back with the hidden
	// token as n8n's placeholder for an unchanged secret, so n8n skips the mint and only the credential's
	// test request runs (it said "Bad Request" for these before).
	const form = (await rest<{ data: Record<string, unknown> }>(page, `${base}/rest/credentials/${CREDENTIAL.id}?includeData=true`)).data;
	const storedToken = form.tenantAccessToken;
	if (typeof storedToken !== 'string' || storedToken === '') problems.push(`the credential has no stored token after a passed test: ${JSON.stringify(storedToken)}`);
	const withToken = { ...right, tenantAccessToken: storedToken, expiresAt: form.expiresAt, issuedFor: form.issuedFor };
	await runCases([
		['a stored token and a wrong App Secret', { ...withToken, appSecret: WRONG_SECRET }, { status: 'Error', message: SECRET_REFUSED }],
		['a stored token and a wrong App ID', { ...withToken, appId: 'cli_nobody' }, { status: 'Error', message: 'Feishu refused to issue a tenant access token (code 10003): invalid param' }],
		// No answer, so no rule applies: n8n words this one itself.
		['a stored token and a host that does not answer', { ...withToken, baseUrl: closed }, { status: 'Error' }],
		['a stored token and the right credential', withToken, { status: 'OK' }],
	]);

	// The dialog: a wrong App Secret saved, the banner, More details.
	await page.goto(`${base}/home/credentials/${CREDENTIAL.id}`, { timeout: 90_000 });
	// The dialog's test id marks its form only; Save sits in the modal's header, so look on the page.
	const dialog = page.locator('[role="dialog"]:visible').filter({ has: page.locator('[data-test-id="credential-edit-dialog"]') }).first();
	await dialog.waitFor({ timeout: 30_000 });
	const secret = dialog.locator('[data-test-id="parameter-input-appSecret"] input').first();
	await secret.click();
	await secret.fill(WRONG_SECRET);
	await dialog.locator('[data-test-id="credential-save-button"]').first().click();
	const banner = dialog.getByText(/Couldn.t connect with these settings/).first();
	try {
		await banner.waitFor({ timeout: 30_000 });
	} catch {
		problems.push(`no "Couldn't connect" banner after saving a wrong App Secret: ${(await dialog.innerText()).slice(0, 400)}`);
		return problems;
	}
	const more = dialog.getByText('More details', { exact: true }).first();
	if (await more.isVisible()) await more.click();
	try {
		await dialog.getByText(SECRET_REFUSED, { exact: true }).first().waitFor({ timeout: 10_000 });
	} catch {
		problems.push(`the banner's details do not show "${SECRET_REFUSED}": ${(await dialog.innerText()).slice(0, 400)}`);
	}
	if (shotDir) await page.screenshot({ path: join(shotDir, 'credential-test-failed.png') });
	const shownText = await dialog.innerText();
	if (shownText.includes(WRONG_SECRET) || shownText.includes(APP_SECRET)) problems.push('the credential dialog shows a secret as text');
	return problems;
}
