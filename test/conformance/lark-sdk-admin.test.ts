/**
 * Conformance with the official Lark SDK for the administration endpoints (user access token): the
 * same inputs sent once through our node (n8n's engine, Authentication = User) and once through
 * `client.apaas.v1.*` with `withUserAccessToken`, both at the emulator. Method, path, query string,
 * Authorization scheme, Content-Type and JSON body must be equal.
 */
import * as lark from '@larksuiteoapi/node-sdk';

import { DEFAULT_APP, type FeishuEmulator, type RequestRecord } from '../../emulator';
import { OPERATIONS } from '../../nodes/FeishuApaas/resources';
import { runUserNode, storedTokens, userCredentialStore } from '../helpers/data-platform';
import { ADMIN_OPERATION_CASES as CASES } from '../helpers/admin-operation-cases';
import { useEmulator } from '../helpers/feishu';

const quiet = () => undefined;
const ADMIN_RESOURCES = ['app', 'auditLog', 'dataChangeLog', 'seat', 'appMetrics'];

function wire(record: RequestRecord) {
	const get = record.method === 'GET';
	const empty = record.body === '' || (typeof record.body === 'object' && record.body !== null && Object.keys(record.body).length === 0);
	return {
		method: record.method,
		path: record.path,
		query: new URLSearchParams(record.query).toString(),
		authorizationScheme: String(record.headers.authorization ?? '').split(' ')[0],
		// The SDK sends `{}` with GET too; n8n never sends a GET body.
		contentType: get ? 'n/a (GET)' : record.headers['content-type'],
		body: get && empty ? 'none' : record.body,
	};
}

describe('administration requests are what the official Lark SDK sends (user token)', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));
	const label = (c: { resource: string; operation: string }) => `${c.resource}/${c.operation}`;

	it('covers every administration endpoint of the catalog', () => {
		expect(CASES.map(label).sort()).toEqual(OPERATIONS.filter((op) => ADMIN_RESOURCES.includes(op.resource)).map(label).sort());
	});

	it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_name, testCase) => {
		const helper = await userCredentialStore(emulator);
		emulator.clearLog();
		await runUserNode(helper, { resource: testCase.resource, operation: testCase.operation, ...testCase.node }, { continueOnFail: true });
		const ours = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(ours).toHaveLength(1);

		// Past the 1/s window of seat_assignments before the SDK's request.
		emulator.advanceClock(1_000);
		emulator.clearLog();
		const client = new lark.Client({
			appId: DEFAULT_APP.appId,
			appSecret: DEFAULT_APP.appSecret,
			domain: emulator.url,
			loggerLevel: lark.LoggerLevel.fatal,
			logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
		});
		const token = String((await storedTokens(helper)).access_token);
		await testCase.sdk(client, token).catch(() => undefined);
		const theirs = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(theirs).toHaveLength(1);

		expect(wire(ours[0])).toEqual(wire(theirs[0]));
		expect(ours[0].headers.authorization).toBe(`Bearer ${token}`);
		expect(ours[0].status).toBe(200);
	});
});
