/**
 * Proves the harness against a throwaway fake package (built in a temp dir) whose
 * credential type mints a token in `preAuthentication` (expirable hidden field) and
 * authenticates with a generic `Authorization: Bearer {{$credentials.token}}` header,
 * and whose node calls `httpRequestWithAuthentication` against a loopback server.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IConnections, INodeExecutionData } from 'n8n-workflow';

import { TEST_ITEMS_NODE_TYPE, TestCredentialsHelper, loadPackage, runWorkflow } from '.';
import type { WorkflowNode } from '.';

const FAKE_PACKAGE = 'n8n-nodes-harness-fake';
const FAKE_NODE = `${FAKE_PACKAGE}.fakeNode`;

const CREDENTIAL_JS = `
class FakeApi {
	constructor() {
		this.name = 'fakeApi';
		this.displayName = 'Fake API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Secret', name: 'secret', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Token', name: 'token', type: 'hidden', typeOptions: { expirable: true }, default: '' },
		];
		this.authenticate = {
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
		};
	}
	async preAuthentication(credentials) {
		const res = await this.helpers.httpRequest({
			method: 'POST',
			url: credentials.baseUrl + '/token',
			body: { secret: credentials.secret },
			json: true,
		});
		return { token: res.token };
	}
}
module.exports = { FakeApi };
`;

const NODE_JS = `
class FakeNode {
	constructor() {
		this.description = {
			displayName: 'Fake',
			name: 'fakeNode',
			group: ['transform'],
			version: 1,
			description: 'fake',
			defaults: { name: 'Fake' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'fakeApi', required: true }],
			properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const creds = await this.getCredentials('fakeApi', i);
				const res = await this.helpers.httpRequestWithAuthentication.call(this, 'fakeApi', {
					method: 'POST',
					url: creds.baseUrl + this.getNodeParameter('path', i),
					body: items[i].json,
					json: true,
				});
				out.push({ json: res, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}
module.exports = { FakeNode };
`;

let packageRoot: string;
let server: http.Server;
let baseUrl: string;
let mints = 0;
let validToken = '';
const seenAuth: string[] = [];

function readBody(req: http.IncomingMessage): Promise<unknown> {
	return new Promise((resolve) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => resolve(raw ? JSON.parse(raw) : {}));
	});
}

beforeAll(async () => {
	packageRoot = mkdtempSync(path.join(tmpdir(), 'n8n-harness-pkg-'));
	mkdirSync(path.join(packageRoot, 'dist', 'credentials'), { recursive: true });
	mkdirSync(path.join(packageRoot, 'dist', 'nodes', 'Fake'), { recursive: true });
	writeFileSync(
		path.join(packageRoot, 'package.json'),
		JSON.stringify({
			name: FAKE_PACKAGE,
			version: '0.0.1',
			n8n: {
				n8nNodesApiVersion: 1,
				credentials: ['dist/credentials/FakeApi.credentials.js'],
				nodes: ['dist/nodes/Fake/FakeNode.node.js'],
			},
		}),
	);
	writeFileSync(path.join(packageRoot, 'dist/credentials/FakeApi.credentials.js'), CREDENTIAL_JS);
	writeFileSync(path.join(packageRoot, 'dist/nodes/Fake/FakeNode.node.js'), NODE_JS);

	server = http.createServer(async (req, res) => {
		const body = (await readBody(req)) as Record<string, unknown>;
		const send = (status: number, payload: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(payload));
		};
		if (req.url === '/token') {
			if (body.secret !== 's3cret') return send(403, { message: 'bad secret' });
			validToken = `tok-${++mints}`;
			return send(200, { token: validToken });
		}
		const auth = req.headers.authorization ?? '';
		seenAuth.push(auth);
		if (auth !== `Bearer ${validToken}`) return send(401, { message: 'invalid token' });
		if (req.url === '/echo') return send(200, { auth, echo: body });
		return send(500, { message: 'boom' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	rmSync(packageRoot, { recursive: true, force: true });
});

beforeEach(() => {
	seenAuth.length = 0;
});

const credentialsRef = { fakeApi: { id: 'cred-1', name: 'Fake account' } };

function workflow(fakeNode: Partial<WorkflowNode> = {}, items: unknown[] = [{ a: 1 }, { a: 2 }]) {
	const nodes: WorkflowNode[] = [
		{ name: 'Items', type: TEST_ITEMS_NODE_TYPE, parameters: { items: JSON.stringify(items) } },
		{ name: 'Fake', type: FAKE_NODE, credentials: credentialsRef, ...fakeNode },
	];
	const connections: IConnections = {
		Items: { main: [[{ node: 'Fake', type: 'main', index: 0 }]] },
	};
	return { nodes, connections, packageRoot };
}

const json = (items: INodeExecutionData[]) => items.map((i) => i.json);

async function newHelper(data: Record<string, unknown> = {}) {
	const { credentialTypes } = await loadPackage(packageRoot);
	return new TestCredentialsHelper(credentialTypes, {
		'cred-1': { name: 'Fake account', type: 'fakeApi', data: { baseUrl, secret: 's3cret', ...data } },
	});
}

describe('loadPackage', () => {
	it('loads node + credential types the way n8n keys them', async () => {
		const pkg = await loadPackage(packageRoot);
		expect(pkg.packageName).toBe(FAKE_PACKAGE);
		expect(Object.keys(pkg.loader.nodeTypes)).toEqual(['fakeNode']);
		expect(pkg.nodeTypes.getByNameAndVersion(FAKE_NODE, 1).description.name).toBe('fakeNode');
		expect(pkg.nodeTypes.getByName(TEST_ITEMS_NODE_TYPE)).toBeDefined();
		expect(() => pkg.nodeTypes.getByName('fakeNode')).toThrow();
		expect(pkg.credentialTypes.recognizes('fakeApi')).toBe(true);
		expect(pkg.credentialTypes.getSupportedNodes('fakeApi')).toEqual([FAKE_NODE]);
		expect(pkg.credentialTypes.getParentTypes('fakeApi')).toEqual([]);
		expect(await loadPackage(packageRoot)).toBe(pkg); // memoized
	});
});

describe('runWorkflow', () => {
	it('flows items through, mints once, sends the minted token, persists it', async () => {
		const helper = await newHelper(); // no token stored -> default '' -> mint
		const mintsBefore = mints;
		const result = await runWorkflow({ ...workflow(), helper });

		expect(result.run.status).toBe('success');
		expect(result.nodeExecutionOrder).toEqual(['Items', 'Fake']);
		expect(json(result.output('Items'))).toEqual([{ a: 1 }, { a: 2 }]);
		const out = result.output('Fake');
		expect(json(out)).toEqual([
			{ auth: `Bearer tok-${mintsBefore + 1}`, echo: { a: 1 } },
			{ auth: `Bearer tok-${mintsBefore + 1}`, echo: { a: 2 } },
		]);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(mints).toBe(mintsBefore + 1);
		expect(helper.preAuthCount).toBe(1);
		expect(helper.updateCount).toBe(1);
		expect(helper.stored('cred-1')).toEqual({
			baseUrl,
			secret: 's3cret',
			token: `tok-${mintsBefore + 1}`,
		});
	});

	it('reuses the persisted token across runs sharing a helper (preAuthentication runs once)', async () => {
		const helper = await newHelper({ token: '' });
		const first = await runWorkflow({ ...workflow(), helper });
		const token = helper.stored('cred-1')?.token;
		expect(json(first.output('Fake'))[0]).toMatchObject({ auth: `Bearer ${token}` });

		const second = await runWorkflow({ ...workflow(), helper });
		expect(second.helper).toBe(helper);
		expect(json(second.output('Fake'))[1]).toMatchObject({ auth: `Bearer ${token}` });
		expect(helper.preAuthCount).toBe(1);
		expect(helper.updateCount).toBe(1);
		expect(seenAuth).toEqual(Array(4).fill(`Bearer ${token}`));
	});

	it('a blank stored token forces a mint', async () => {
		const helper = await newHelper({ token: '' });
		await runWorkflow({ ...workflow(), helper });
		const firstToken = helper.stored('cred-1')?.token;

		helper.patch('cred-1', { token: '' });
		const mintsBefore = mints;
		const result = await runWorkflow({ ...workflow(), helper });
		expect(mints).toBe(mintsBefore + 1);
		expect(helper.preAuthCount).toBe(2);
		const newToken = helper.stored('cred-1')?.token;
		expect(newToken).not.toBe(firstToken);
		expect(json(result.output('Fake'))[0]).toMatchObject({ auth: `Bearer ${newToken}` });
	});

	it('a 401 with a stale non-empty token re-mints (credentialsExpired) and retries', async () => {
		const helper = await newHelper({ token: 'stale-token' });
		const result = await runWorkflow({ ...workflow({}, [{ a: 1 }]), helper });
		expect(result.run.status).toBe('success');
		expect(seenAuth[0]).toBe('Bearer stale-token');
		expect(seenAuth[1]).toBe(`Bearer ${validToken}`);
		expect(helper.preAuthCount).toBe(1);
		expect(helper.stored('cred-1')?.token).toBe(validToken);
	});

	it('getDecrypted hands out a fresh copy every call (mutations do not leak into the store)', async () => {
		const helper = await newHelper({ token: 'x' });
		const a = await helper.getDecrypted(
			{} as never,
			{ id: 'cred-1', name: 'Fake account' },
			'fakeApi',
			'manual',
		);
		a.token = 'mutated';
		expect(helper.stored('cred-1')?.token).toBe('x');
		expect(helper.decryptCount).toBe(1);
	});

	it('startItems feed the start node (test.items with empty `items` passes them through)', async () => {
		const helper = await newHelper();
		const result = await runWorkflow({
			nodes: [
				{ name: 'Items', type: TEST_ITEMS_NODE_TYPE },
				{ name: 'Fake', type: FAKE_NODE, credentials: credentialsRef },
			],
			connections: workflow().connections,
			packageRoot,
			helper,
			startItems: [{ json: { x: 1 } }, { json: { x: 2 } }, { json: { x: 3 } }],
		});
		expect(json(result.output('Fake')).map((j) => j.echo)).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
	});

	it.each([
		['onError: continueRegularOutput', { onError: 'continueRegularOutput' as const }],
		['continueOnFail: true (legacy)', { continueOnFail: true }],
	])('continueOnFail (%s) yields error items with pairedItem', async (_label, flags) => {
		const helper = await newHelper();
		const result = await runWorkflow({
			...workflow({ parameters: { path: '/fail' }, ...flags }),
			helper,
		});
		expect(result.run.status).toBe('success');
		expect(result.error('Fake')).toBeUndefined();
		const out = result.output('Fake');
		expect(out).toHaveLength(2);
		out.forEach((item, i) => {
			expect(typeof item.json.error).toBe('string');
			expect(item.pairedItem).toEqual({ item: i });
		});
	});

	it('without continueOnFail a node error surfaces in runData and the execution error', async () => {
		const helper = await newHelper();
		const result = await runWorkflow({ ...workflow({ parameters: { path: '/fail' } }), helper });
		expect(result.run.status).toBe('error');
		const error = result.error('Fake');
		expect(error).toBeDefined();
		expect(error?.name).toBe('NodeApiError');
		expect(result.workflowError?.message).toBe(error?.message);
		expect(result.output('Fake')).toEqual([]);
	});

	it('credentials option seeds a fresh store', async () => {
		const result = await runWorkflow({
			...workflow({}, [{ a: 1 }]),
			credentials: {
				'cred-1': { name: 'Fake account', type: 'fakeApi', data: { baseUrl, secret: 's3cret' } },
			},
		});
		expect(result.run.status).toBe('success');
		expect(result.helper.stored('cred-1')?.token).toBe(validToken);
	});
});
