/**
 * Conformance of the user-token operations (the data platform) with the official Lark SDK: the same
 * inputs through our node (n8n's engine, the OAuth2 credential) and through `client.apaas.v1.workspace*`
 * with `lark.withUserAccessToken`, both at the emulator. Method, path, query string, Authorization
 * scheme, Content-Type and JSON body must be equal.
 */
import * as lark from '@larksuiteoapi/node-sdk';

import { DEFAULT_APP, type FeishuEmulator, type RequestRecord } from '../../emulator';
import { OPERATIONS } from '../../nodes/FeishuApaas/resources';
import { runUserNode, storedTokens, userCredentialStore } from '../helpers/data-platform';
import { SHOP } from '../helpers/emulator/workspaces';
import { ADMIN_OPERATION_CASES } from '../helpers/admin-operation-cases';
import { DATA_PLATFORM_OPERATION_CASES as CASES } from '../helpers/data-platform-operation-cases';
import { useEmulator } from '../helpers/feishu';

const quiet = () => undefined;

function wire(record: RequestRecord) {
	const base = {
		method: record.method,
		path: record.path,
		query: new URLSearchParams(record.query).toString(),
		authorizationScheme: String(record.headers.authorization ?? '').split(' ')[0],
		contentType: record.headers['content-type'],
		body: record.body,
	};
	if (record.method !== 'GET') return base;
	const empty = record.body === '' || (typeof record.body === 'object' && record.body !== null && Object.keys(record.body).length === 0);
	return { ...base, body: empty ? 'none' : record.body, contentType: 'n/a (GET)' };
}

describe('user-token requests are what the official Lark SDK sends', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { workspaces: [SHOP] }, userApiRateLimit: null });

	it('covers every user-token operation of the data platform', () => {
		// The administration endpoints (apps, logs, seats, metrics): lark-sdk-admin.test.ts.
		const admin = new Set(ADMIN_OPERATION_CASES.map((c) => c.resource));
		expect(CASES.map((c) => `${c.resource}/${c.operation}`).sort()).toEqual(
			OPERATIONS.filter((op) => op.authentication === 'userToken' && !admin.has(op.resource)).map((op) => `${op.resource}/${op.operation}`).sort(),
		);
	});

	it.each(CASES.map((c) => [`${c.resource}/${c.operation}`, c] as const))('%s', async (_name, testCase) => {
		const helper = await userCredentialStore(emulator);
		const token = String((await storedTokens(helper)).access_token);
		emulator.clearLog();
		await runUserNode(helper, { resource: testCase.resource, operation: testCase.operation, ...testCase.node }, { items: testCase.items, continueOnFail: true });
		const ours = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(ours).toHaveLength(1);
		emulator.clearLog();
		const client = new lark.Client({
			appId: DEFAULT_APP.appId,
			appSecret: DEFAULT_APP.appSecret,
			domain: emulator.url,
			loggerLevel: lark.LoggerLevel.fatal,
			logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
		});
		await testCase.sdk(client, token).catch(() => undefined);
		const theirs = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(theirs).toHaveLength(1);
		expect(wire(ours[0])).toEqual(wire(theirs[0]));
		expect(wire(ours[0]).authorizationScheme).toBe('Bearer');
	});
});
