/**
 * The credential's preAuthentication (the tenant token mint), called the way n8n calls it: with
 * `this.helpers.httpRequest` being n8n-core's real request helper, against the Feishu emulator.
 */
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { FeishuApaasApi } from '../../credentials/FeishuApaasApi.credentials';
import type { FeishuEmulator } from '../../emulator';
import { apiRequests, cancel, credentialData, runNode, useEmulator } from '../helpers/feishu';

const MINT_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
const APP = { appId: 'cli_cred_test', appSecret: 'cred-secret-5d1e0b' };

const credentialType = new FeishuApaasApi();
const mint = async (credentials: ICredentialDataDecryptedObject, helpers: object = { httpRequest }): Promise<IDataObject> =>
	await credentialType.preAuthentication.call({ helpers } as never, credentials);

/** Everything an error carries, own non-enumerable properties (message, stack, cause…) included. */
function dump(value: unknown, seen = new WeakSet<object>()): string {
	if (value === null || typeof value !== 'object') return typeof value === 'function' ? '' : String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	const parts: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		parts.push(key, dump(child, seen));
	}
	return parts.join(' ');
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a rejection');
}

function okHelper(token = 't-canned') {
	return {
		httpRequest: jest.fn<Promise<unknown>, [IHttpRequestOptions]>(async () => ({
			statusCode: 200,
			headers: {},
			body: { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 },
		})),
	};
}

describe('FeishuApaasApi.preAuthentication against the emulator', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { apps: [APP], tokenLifetimeSeconds: 5400 });

	const creds = (overrides: IDataObject = {}): ICredentialDataDecryptedObject => ({
		appId: APP.appId,
		appSecret: APP.appSecret,
		domain: 'custom',
		baseUrl: emulator.url,
		tenantAccessToken: '',
		...overrides,
	});

	it('mints a token: {tenantAccessToken, expiresAt = now + expire·1000, issuedFor = appId@baseUrl}', async () => {
		const before = Date.now();
		const output = await mint(creds());
		const after = Date.now();

		expect(Object.keys(output).sort()).toEqual(['expiresAt', 'issuedFor', 'tenantAccessToken']);
		expect(output.tenantAccessToken).toMatch(/^t-[0-9a-f]+$/);
		expect(output.expiresAt).toBeGreaterThanOrEqual(before + 5400 * 1000);
		expect(output.expiresAt).toBeLessThanOrEqual(after + 5400 * 1000);
		expect(output.issuedFor).toBe(`${APP.appId}@${emulator.url}`);

		expect(emulator.requests).toHaveLength(1);
		const [request] = emulator.requests;
		expect(request).toMatchObject({ method: 'POST', path: MINT_PATH, status: 200 });
		expect(request.body).toEqual({ app_id: APP.appId, app_secret: APP.appSecret });
		expect(request.headers.authorization).toBeUndefined();
		expect(emulator.mints).toBe(1);
	});

	it('mints a token the aPaaS API accepts', async () => {
		const { tenantAccessToken } = await mint(creds());
		const response = await fetch(`${emulator.url}/open-apis/apaas/v1/user_task/query`, {
			method: 'POST',
			headers: { authorization: `Bearer ${String(tenantAccessToken)}`, 'content-type': 'application/json' },
			body: JSON.stringify({ kunlun_user_id: '1700000000000002', limit: '1', offset: '0' }),
		});
		expect(((await response.json()) as { code: number }).code).toBe(0);
	});

	it('trims the App ID before sending it and in issuedFor', async () => {
		const output = await mint(creds({ appId: `  ${APP.appId} ` }));
		expect(emulator.requests[0].body).toMatchObject({ app_id: APP.appId });
		expect(output.issuedFor).toBe(`${APP.appId}@${emulator.url}`);
	});

	it.each([
		['one trailing slash', '/'],
		['several trailing slashes', '///'],
		['surrounding spaces and a slash', '/  '],
	])('accepts a custom Base URL with %s, trimmed', async (_label, suffix) => {
		const output = await mint(creds({ baseUrl: ` ${emulator.url}${suffix}` }));
		expect(output.issuedFor).toBe(`${APP.appId}@${emulator.url}`);
		expect(emulator.requests.map((r) => r.path)).toEqual([MINT_PATH]);
	});

	it('rejects an unknown App ID with Feishu\'s code 10003 and msg, without the secret', async () => {
		const error = await rejection(mint(creds({ appId: 'cli_nobody' })));
		expect(error.message).toContain('10003');
		expect(error.message).toContain('invalid param');
		expect(dump(error)).not.toContain(APP.appSecret);
		expect(JSON.stringify(error)).not.toContain(APP.appSecret);
		expect(emulator.mints).toBe(0);
	});

	it('rejects a wrong App Secret with 10014 "app secret invalid", without either secret', async () => {
		const wrong = 'wrong-secret-c4f2aa';
		const error = await rejection(mint(creds({ appSecret: wrong })));
		expect(error.message).toContain('10014');
		expect(error.message).toContain('app secret invalid');
		for (const text of [dump(error), JSON.stringify(error), String(error.stack)]) {
			expect(text).not.toContain(wrong);
			expect(text).not.toContain(APP.appSecret);
		}
		expect(emulator.requests[0].body).toMatchObject({ app_secret: wrong });
	});

	it.each([
		['a 500 with a JSON body', { kind: 'status', status: 500 } as const],
		['an HTML 502 page', { kind: 'html' } as const],
		['a dropped connection', { kind: 'reset' } as const],
	])('fails on %s without the secret anywhere in the error', async (_label, fault) => {
		emulator.addFault({ ...fault, path: 'tenant_access_token' });
		const error = await rejection(mint(creds()));
		expect(error).toBeInstanceOf(Error);
		for (const text of [error.message, dump(error), String(error.stack)]) expect(text).not.toContain(APP.appSecret);
		expect(emulator.requests).toHaveLength(1);
	});

	it('refuses an incomplete credential without sending anything', async () => {
		for (const overrides of [{ appId: '' }, { appId: '   ' }, { appSecret: '' }, { appSecret: undefined }]) {
			const error = await rejection(mint(creds(overrides)));
			expect(error.message).toMatch(/"App ID" and "App Secret" are required/);
		}
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('FeishuApaasApi.preAuthentication domain resolution', () => {
	it.each([
		['feishu', 'https://open.feishu.cn'],
		['lark', 'https://open.larksuite.com'],
		[undefined, 'https://open.feishu.cn'],
	])('domain %p mints at %s', async (domain, origin) => {
		const helper = okHelper();
		const credentials = { appId: 'cli_x', appSecret: 's', domain, baseUrl: 'http://ignored.example' };
		const output = await mint(credentials as ICredentialDataDecryptedObject, helper);
		expect(helper.httpRequest).toHaveBeenCalledTimes(1);
		expect(helper.httpRequest.mock.calls[0][0]).toMatchObject({
			method: 'POST',
			url: `${origin}${MINT_PATH}`,
			body: { app_id: 'cli_x', app_secret: 's' },
		});
		expect(output).toMatchObject({ tenantAccessToken: 't-canned', issuedFor: `cli_x@${origin}` });
	});

	it('keeps a path prefix of a custom Base URL, without trailing slashes', async () => {
		const helper = okHelper();
		const output = await mint(
			{ appId: 'cli_x', appSecret: 's', domain: 'custom', baseUrl: 'https://proxy.example.com/feishu/' },
			helper,
		);
		expect(helper.httpRequest.mock.calls[0][0].url).toBe(`https://proxy.example.com/feishu${MINT_PATH}`);
		expect(output.issuedFor).toBe('cli_x@https://proxy.example.com/feishu');
	});

	it.each([
		['ftp://', 'ftp://open.example.com'],
		['user info', 'https://user:pw@open.example.com'],
		['a user name only', 'https://user@open.example.com'],
		['a query', 'https://open.example.com?q'],
		['a query with a value', 'https://open.example.com/?a=b'],
		['a fragment', 'https://open.example.com/#x'],
		['garbage', 'not a url'],
		['a host without scheme', 'open.example.com'],
		['an empty value', ''],
		['no value', undefined],
		['javascript:', 'javascript:alert(1)'],
		['file:', 'file:///etc/passwd'],
	])('refuses a custom Base URL with %s, naming "Base URL", and sends nothing', async (_label, baseUrl) => {
		const helper = okHelper();
		const credentials = { appId: 'cli_x', appSecret: 'secret-xyz', domain: 'custom', baseUrl };
		const error = await rejection(mint(credentials as ICredentialDataDecryptedObject, helper));
		expect(error.message).toContain('"Base URL"');
		expect(dump(error)).not.toContain('secret-xyz');
		expect(helper.httpRequest).not.toHaveBeenCalled();
	});

	it('refuses an unknown Domain value and sends nothing', async () => {
		const helper = okHelper();
		const error = await rejection(mint({ appId: 'cli_x', appSecret: 's', domain: 'evil.example' }, helper));
		expect(error.message).toContain('"Domain"');
		expect(helper.httpRequest).not.toHaveBeenCalled();
	});
});

describe('a wrong credential through the engine', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it('fails Cancel with 10014 "app secret invalid" and sends no aPaaS request', async () => {
		const { error, helper, result } = await runNode(emulator, {
			parameters: cancel('7100000000000000001'),
			credential: { appSecret: 'wrong' },
		});
		expect(error?.message).toContain('10014');
		expect(error?.message).toContain('app secret invalid');
		expect(error?.description).toMatch(/App ID, App Secret and Domain/);
		expect(apiRequests(emulator)).toHaveLength(0);
		expect(emulator.requests.map((r) => r.path)).toEqual([MINT_PATH]);
		expect(emulator.instance('7100000000000000001')?.status).toBe('running');
		expect(helper.stored('feishu-cred-1')?.tenantAccessToken).toBe('');
		expect(JSON.stringify(result.run)).not.toContain('"wrong"');
	});

	it('fails Cancel with 10003 for an unknown App ID and sends no aPaaS request', async () => {
		const { error } = await runNode(emulator, {
			parameters: cancel('7100000000000000001'),
			credential: { appId: 'cli_unknown' },
		});
		expect(error?.message).toContain('10003');
		expect(error?.message).toContain('invalid param');
		expect(apiRequests(emulator)).toHaveLength(0);
	});

	it('fails Cancel on a bad custom Base URL without sending anything', async () => {
		const { error } = await runNode(emulator, {
			parameters: cancel('7100000000000000001'),
			credential: { baseUrl: `${emulator.url}/?x=1` },
		});
		expect(error?.message).toContain('"Base URL"');
		expect(emulator.requests).toHaveLength(0);
	});

	it('sanity: the same run with the right credential succeeds (so the failures above are the credential\'s)', async () => {
		const { error, items } = await runNode(emulator, {
			parameters: cancel('7100000000000000001'),
			credential: credentialData(emulator),
		});
		expect(error).toBeUndefined();
		expect(items[0].json.success).toBe(true);
	});
});
