/**
 * What n8n's credential test answers for the Feishu aPaaS API credential (the message the editor shows
 * under "Couldn't connect with these settings" → More details), through n8n-core's RoutingNode and the
 * server's mapping of the error (test/helpers/harness/credential-test.ts), against the emulator.
 */
import { createServer } from 'node:net';

import { DEFAULT_APP, type FeishuEmulator } from '../../emulator';
import { testCredential } from '../helpers/harness/credential-test';
import { credentialData, useEmulator } from '../helpers/feishu';

const MINT_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('the Feishu aPaaS API credential test (n8n\'s credential dialog), a new credential (no token stored: the mint runs first)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('passes with the right App ID and Secret, and stores the token it minted', async () => {
		const { result, helper } = await testCredential('feishuApaasApi', credentialData(emulator));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(emulator.requests.every((r) => r.path === MINT_PATH && r.status === 200)).toBe(true);
		expect(helper.stored('credential-under-test')?.tenantAccessToken).toMatch(/^t-/);
	});

	it('a wrong App Secret: Feishu\'s code 10014 and message, no secret', async () => {
		const wrong = 'wrong-secret-31c9e7';
		const { result } = await testCredential('feishuApaasApi', credentialData(emulator, { appSecret: wrong }));
		expect(result).toEqual({ status: 'Error', message: 'Feishu refused to issue a tenant access token (code 10014): app secret invalid' });
		expect(result.message).not.toContain(wrong);
		expect(result.message).not.toContain(DEFAULT_APP.appSecret);
		// The mint was refused, so nothing else was sent.
		expect(emulator.requests.map((r) => [r.path, r.status])).toEqual([[MINT_PATH, 400]]);
	});

	it('a wrong App ID: Feishu\'s code 10003 and message', async () => {
		const { result } = await testCredential('feishuApaasApi', credentialData(emulator, { appId: 'cli_nobody_here' }));
		expect(result).toEqual({ status: 'Error', message: 'Feishu refused to issue a tenant access token (code 10003): invalid param' });
		expect(result.message).not.toContain(DEFAULT_APP.appSecret);
	});

	it('an unreachable host: names the host and what happened, not n8n\'s generic "service refused the connection"', async () => {
		const port = await closedPort();
		const { result } = await testCredential('feishuApaasApi', credentialData(emulator, { baseUrl: `http://127.0.0.1:${port}` }));
		expect(result).toEqual({
			status: 'Error',
			message: `Could not reach http://127.0.0.1:${port} to issue a tenant access token: the connection was refused`,
		});
	});

	it('a token endpoint answering HTML (a proxy\'s 502 page): the HTTP status, no page text', async () => {
		emulator.addFault({ kind: 'html', path: 'tenant_access_token' });
		const { result } = await testCredential('feishuApaasApi', credentialData(emulator));
		expect(result).toEqual({
			status: 'Error',
			message: `${emulator.url} answered HTTP 502 without a Feishu answer: check the Domain and Base URL of the credential`,
		});
	});

	it('an incomplete credential: says which fields, sends nothing', async () => {
		const { result } = await testCredential('feishuApaasApi', credentialData(emulator, { appSecret: '' }));
		expect(result).toEqual({ status: 'Error', message: 'Feishu credential is incomplete: "App ID" and "App Secret" are required' });
		expect(emulator.requests).toHaveLength(0);
	});
});

/**
 * A credential whose token is stored (any credential tested or used once): the dialog sends the token
 * back with the form, so n8n skips the mint and only the test request runs, with the form's App ID and
 * Secret. Before the request let refusals through as answers, the dialog said "Bad Request".
 */
describe('the credential test of a credential with a stored token (the dialog after a change)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const stored = (overrides: Record<string, unknown> = {}) =>
		credentialData(emulator, {
			tenantAccessToken: 't-stored-earlier',
			expiresAt: Date.now() + 3_600_000,
			issuedFor: `${DEFAULT_APP.appId}@${emulator.url}`,
			...overrides,
		});

	it('the right credential passes, minting with the form\'s values (the stored token is not what is tested)', async () => {
		const { result } = await testCredential('feishuApaasApi', stored());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(emulator.requests.map((r) => [r.path, r.status, r.body])).toEqual([
			[MINT_PATH, 200, { app_id: DEFAULT_APP.appId, app_secret: DEFAULT_APP.appSecret }],
		]);
	});

	it('a changed, wrong App Secret: Feishu\'s 10014, the same words as the mint\'s', async () => {
		const wrong = 'wrong-secret-90ab';
		const { result } = await testCredential('feishuApaasApi', stored({ appSecret: wrong }));
		expect(result).toEqual({ status: 'Error', message: 'Feishu refused to issue a tenant access token (code 10014): app secret invalid' });
		expect(emulator.requests.map((r) => [r.path, r.status])).toEqual([[MINT_PATH, 400]]);
	});

	it('a changed, unknown App ID: Feishu\'s 10003', async () => {
		const { result } = await testCredential('feishuApaasApi', stored({ appId: 'cli_nobody_here' }));
		expect(result).toEqual({ status: 'Error', message: 'Feishu refused to issue a tenant access token (code 10003): invalid param' });
	});

	it('an answer without a token (a proxy\'s HTML page, another Feishu code): says so, not "OK"', async () => {
		emulator.addFault({ kind: 'html', path: 'tenant_access_token' });
		const { result } = await testCredential('feishuApaasApi', stored());
		expect(result).toEqual({
			status: 'Error',
			message: 'Feishu issued no tenant access token for this App ID and App Secret: check them, the Domain and the Base URL',
		});
	});

	it('a redirect is not followed (the body holds the App Secret)', async () => {
		emulator.addFault({ kind: 'redirect', location: 'http://127.0.0.1:9/steal', path: 'tenant_access_token' });
		const { result } = await testCredential('feishuApaasApi', stored());
		expect(result.status).toBe('Error');
		expect(emulator.requests).toHaveLength(1);
	});

	it('a host that does not answer: n8n reports the network code itself (its wording, not ours)', async () => {
		const port = await closedPort();
		const { result } = await testCredential('feishuApaasApi', stored({ baseUrl: `http://127.0.0.1:${port}` }));
		// The request failed before any answer, so no rule applies: n8n words it (n8n-core 1.122 here
		// says "The service refused the connection - perhaps it is offline"; the editor e2e records what
		// n8n 2.40.7 says).
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/ECONNREFUSED|refused the connection/);
	});
});
