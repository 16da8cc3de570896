/**
 * Conformance with the official Lark SDK: for every operation, the same inputs are sent once through
 * our node (n8n's engine) and once through `client.apaas.v1.*` of @larksuiteoapi/node-sdk, both at the
 * emulator, which records what arrives. Method, path, query string, Authorization scheme, Content-Type and
 * JSON body must be equal. Feishu itself is unreachable here; the SDK is the independent proof.
 */
import * as lark from '@larksuiteoapi/node-sdk';

import { DEFAULT_APP, type FeishuEmulator, type RequestRecord } from '../../emulator';
import { OPERATIONS } from '../../nodes/FeishuApaas/resources';
import { runNode, useEmulator } from '../helpers/feishu';
import { OPERATION_CASES as CASES } from '../helpers/operation-cases';

const quiet = () => undefined;

/**
 * The parts of a request the two clients must agree on. The SDK sends `{}` as a JSON body even with
 * GET; n8n's request helper never sends a GET body (it deletes it), so for GET only the absence of
 * any real content is compared.
 */
function wire(record: RequestRecord) {
	if (record.method === 'GET') {
		const empty = record.body === '' || (typeof record.body === 'object' && record.body !== null && Object.keys(record.body).length === 0);
		return { ...wireOf(record), body: empty ? 'none' : record.body, contentType: 'n/a (GET)' };
	}
	return wireOf(record);
}

function wireOf(record: RequestRecord) {
	return {
		method: record.method,
		path: record.path,
		query: new URLSearchParams(record.query).toString(),
		authorizationScheme: String(record.headers.authorization ?? '').split(' ')[0],
		contentType: record.headers['content-type'],
		body: record.body,
	};
}

describe('requests are byte-for-byte what the official Lark SDK sends', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	const label = (c: { resource: string; operation: string; variant?: string }) =>
		`${c.resource}/${c.operation}${c.variant ? ` (${c.variant})` : ''}`;

	it('covers every tenant-token endpoint of the table (record writes: the batch and the single-record one)', () => {
		expect(CASES.map(label).sort()).toEqual(
			// The user-token operations have their own file (lark-sdk-user.test.ts).
			OPERATIONS.filter((op) => op.authentication !== 'userToken').flatMap((op) => (op.batch ? [label(op), label({ ...op, variant: 'single' })] : [label(op)])).sort(),
		);
	});

	it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_name, testCase) => {
		await runNode(emulator, {
			parameters: { resource: testCase.resource, operation: testCase.operation, ...testCase.node },
			items: testCase.items,
			continueOnFail: true,
		});
		const ours = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(ours).toHaveLength(1);

		emulator.clearLog();
		const client = new lark.Client({
			appId: DEFAULT_APP.appId,
			appSecret: DEFAULT_APP.appSecret,
			domain: emulator.url,
			loggerLevel: lark.LoggerLevel.fatal,
			// The SDK logs 'client ready' and every HTTP error to the console; keep test output clean.
			logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
		});
		await testCase.sdk(client).catch(() => undefined);
		const theirs = emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
		expect(theirs).toHaveLength(1);

		expect(wire(ours[0])).toEqual(wire(theirs[0]));
		expect(wire(ours[0]).authorizationScheme).toBe('Bearer');
	});
});
