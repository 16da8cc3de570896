/**
 * The node's and the credential's public contract, as n8n loads them from dist/: saved workflows and
 * credentials reference these names and values, so none of them may change silently.
 */
import type { ICredentialType, INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { OPERATIONS } from '../../../../nodes/FeishuApaas/resources';
import { loadPackage } from '../../../helpers/harness';

const FULL_TYPE = 'n8n-nodes-feishu-apaas.feishuApaas';

let node: INodeType;
let credential: ICredentialType;
let oauth2Credential: ICredentialType;
let properties: INodeProperties[];

beforeAll(async () => {
	const pkg = await loadPackage();
	node = pkg.nodeTypes.getByNameAndVersion(FULL_TYPE, 1);
	credential = pkg.credentialTypes.getByName('feishuApaasApi');
	oauth2Credential = pkg.credentialTypes.getByName('feishuApaasOAuth2Api');
	properties = node.description.properties;
});

/** The authentication a resource belongs to (its Resource selector is shown only for it). */
function authenticationOf(resource: string): string {
	return OPERATIONS.find((spec) => spec.resource === resource)?.authentication ?? 'tenantToken';
}

/** Top-level properties shown for one resource/operation pair (by their displayOptions). */
function shownFor(resource: string, operation: string): INodeProperties[] {
	return properties.filter((p) => {
		const show = p.displayOptions?.show;
		if (!show) return true;
		if (show.authentication && !(show.authentication as string[]).includes(authenticationOf(resource))) return false;
		if (show.resource && !(show.resource as string[]).includes(resource)) return false;
		if (show.operation && !(show.operation as string[]).includes(operation)) return false;
		return true;
	});
}

function property(resource: string, operation: string, name: string): INodeProperties {
	const found = shownFor(resource, operation).filter((p) => p.name === name);
	expect(found).toHaveLength(1);
	return found[0];
}

function optionsCollection(resource: string, operation: string): INodeProperties[] {
	const collection = property(resource, operation, 'options');
	expect(collection.type).toBe('collection');
	return collection.options as INodeProperties[];
}

function values(p: INodeProperties | undefined): unknown[] {
	return ((p?.options ?? []) as INodePropertyOptions[]).map((o) => o.value);
}

const opSelectors = () => properties.filter((p) => p.name === 'operation');

describe('node description (dist)', () => {
	it('is registered as n8n-nodes-feishu-apaas.feishuApaas, "Feishu aPaaS", version 1', async () => {
		const pkg = await loadPackage();
		expect(pkg.packageName).toBe('n8n-nodes-feishu-apaas');
		expect(pkg.fullNodeType(node.description.name)).toBe(FULL_TYPE);
		expect(node.description.name).toBe('feishuApaas');
		expect(node.description.displayName).toBe('Feishu aPaaS');
		expect(node.description.version).toBe(1);
		expect(node.description.defaults.name).toBe('Feishu aPaaS');
	});

	it('is usable as an AI tool and requires the credential of the chosen authentication', () => {
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials).toEqual([
			{ name: 'feishuApaasApi', required: true, displayOptions: { show: { authentication: ['tenantToken'] } } },
			{ name: 'feishuApaasOAuth2Api', required: true, displayOptions: { show: { authentication: ['userToken'] } } },
		]);
		const authentication = properties.find((p) => p.name === 'authentication');
		expect(authentication).toMatchObject({ type: 'options', default: 'tenantToken', noDataExpression: true });
		expect(authentication?.displayOptions).toBeUndefined();
		expect(values(authentication)).toEqual(['tenantToken', 'userToken']);
		expect(typeof node.execute).toBe('function');
	});

	it('offers the human-task and application-data resources with the tenant token, the data platform with the user token', () => {
		const selectors = properties.filter((p) => p.name === 'resource');
		expect(selectors).toHaveLength(2);
		const user = selectors.find((p) => p.displayOptions?.show?.authentication?.[0] === 'userToken');
		expect(values(user)).toEqual(expect.arrayContaining(['dataTable', 'app', 'auditLog', 'dataChangeLog', 'seat', 'appMetrics']));
		expect(values(user)).toContain(user?.default);
		const resource = selectors.filter((p) => p.displayOptions?.show?.authentication?.[0] === 'tenantToken');
		expect(resource).toHaveLength(1);
		expect(resource[0].type).toBe('options');
		expect(resource[0].noDataExpression).toBe(true);
		expect(resource[0].displayOptions).toEqual({ show: { authentication: ['tenantToken'] } });
		expect(values(resource[0]).sort()).toEqual([
			'approvalInstance',
			'approvalTask',
			'environmentVariable',
			'flow',
			'function',
			'object',
			'objectRecord',
			'recordPermissionMember',
			'roleMember',
			'userTask',
		]);
		expect(values(resource[0])).toContain(resource[0].default);
	});

	it('has one Operation selector per resource, each shown only for its resource', () => {
		const selectors = opSelectors();
		expect(selectors.map((p) => p.displayOptions?.show?.resource)).toEqual(
			expect.arrayContaining([['approvalInstance'], ['approvalTask'], ['userTask'], ['objectRecord'], ['object'], ['flow'], ['function'], ['environmentVariable'], ['roleMember'], ['recordPermissionMember'], ['app'], ['auditLog'], ['dataChangeLog'], ['seat'], ['appMetrics']]),
		);
		expect(selectors).toHaveLength(new Set(OPERATIONS.map((spec) => spec.resource)).size);
		for (const selector of selectors) {
			expect(selector.type).toBe('options');
			expect(selector.noDataExpression).toBe(true);
			expect(Object.keys(selector.displayOptions?.show ?? {})).toEqual(['authentication', 'resource']);
			expect(values(selector)).toContain(selector.default);
		}
		const of = (resource: string) => selectors.find((p) => p.displayOptions?.show?.resource?.[0] === resource);
		expect(values(of('approvalInstance'))).toEqual(['cancel']);
		expect(values(of('approvalTask'))).toEqual(['addAssignee', 'agree', 'reject', 'transfer']);
		expect(values(of('userTask'))).toEqual(['cc', 'createChatGroup', 'expedite', 'getRollbackPoints', 'query', 'rollback']);
		expect(values(of('objectRecord'))).toEqual(['create', 'upsert', 'delete', 'get', 'getAll', 'update']);
		expect(values(of('object'))).toEqual(['oqlQuery', 'search']);
		expect(values(of('flow'))).toEqual(['execute']);
		expect(values(of('function'))).toEqual(['invoke']);
		expect(values(of('environmentVariable'))).toEqual(['get', 'getAll']);
		expect(values(of('roleMember'))).toEqual(['add', 'get', 'remove']);
		expect(values(of('recordPermissionMember'))).toEqual(['add', 'remove']);
		expect(values(of('app'))).toEqual(['getAll']);
		expect(values(of('auditLog'))).toEqual(['get', 'getAll']);
		expect(values(of('dataChangeLog'))).toEqual(['get', 'getAll']);
		expect(values(of('seat'))).toEqual(['getActivities', 'getAssignments']);
		expect(values(of('appMetrics'))).toEqual(['query']);
	});

	it('gives every operation an action and a description (for the nodes panel and AI agents)', () => {
		const operations = opSelectors().flatMap((p) => p.options as INodePropertyOptions[]);
		expect(operations).toHaveLength(OPERATIONS.length);
		for (const op of operations) {
			expect(op.action).toEqual(expect.any(String));
			expect(op.action!.trim().length).toBeGreaterThan(5);
			expect(op.description).toEqual(expect.any(String));
			expect(op.description!.trim().length).toBeGreaterThan(20);
		}
		const cancel = operations.find((o) => o.value === 'cancel')!;
		expect(cancel.action).toBe('Cancel an approval instance');
		expect(cancel.description).toMatch(/approval instance ID/i);
		const query = operations.find((o) => o.value === 'query')!;
		expect(query.action).toBe('Query user tasks');
		expect(query.description).toMatch(/workflow_instance/);
	});

	it('Cancel: approvalInstanceId, userId and opinion, all required strings, shown only for approvalInstance/cancel', () => {
		for (const name of ['approvalInstanceId', 'userId', 'opinion']) {
			const p = property('approvalInstance', 'cancel', name);
			expect(p.type).toBe('string');
			expect(p.required).toBe(true);
			expect(p.default).toBe('');
			expect(p.description).toEqual(expect.any(String));
			expect(p.displayOptions).toEqual({ show: { resource: ['approvalInstance'], operation: ['cancel'] } });
		}
		expect(optionsCollection('approvalInstance', 'cancel').map((o) => o.name).sort()).toEqual(['batchSize', 'concurrency', 'maxRequestsPerMinute', 'maxRetries', 'paceWindowSeconds', 'timeout']);
		// Nothing of Query leaks into Cancel.
		const names = shownFor('approvalInstance', 'cancel').map((p) => p.name);
		expect(names.sort()).toEqual(['approvalInstanceId', 'authentication', 'operation', 'opinion', 'options', 'resource', 'userId']);
	});

	it('Query: kunlunUserId (required), returnAll, limit (only without Return All), and options', () => {
		const kunlun = property('userTask', 'query', 'kunlunUserId');
		expect(kunlun).toMatchObject({ type: 'string', required: true, default: '' });
		expect(kunlun.displayOptions).toEqual({ show: { resource: ['userTask'], operation: ['query'] } });

		const returnAll = property('userTask', 'query', 'returnAll');
		expect(returnAll).toMatchObject({ type: 'boolean', default: false });
		expect(returnAll.displayOptions).toEqual({ show: { resource: ['userTask'], operation: ['query'] } });

		const limit = property('userTask', 'query', 'limit');
		expect(limit).toMatchObject({ type: 'number', default: 50 });
		expect(limit.typeOptions?.minValue).toBe(1);
		expect(limit.displayOptions).toEqual({
			show: { resource: ['userTask'], operation: ['query'], returnAll: [false] },
		});

		const names = shownFor('userTask', 'query').map((p) => p.name);
		expect(names.sort()).toEqual(['authentication', 'kunlunUserId', 'limit', 'operation', 'options', 'resource', 'returnAll']);
	});

	it('Query options: type (pending/archived), source (fromMe/assignMe/CCMe), startTime, endTime, apiIds, timeout, maxRetries', () => {
		const options = optionsCollection('userTask', 'query');
		const byName = Object.fromEntries(options.map((o) => [o.name, o]));
		expect(Object.keys(byName).sort()).toEqual(
			['apiIds', 'endTime', 'source', 'startTime', 'type', 'batchSize', 'concurrency', 'maxRequestsPerMinute', 'maxRetries', 'paceWindowSeconds', 'timeout'].sort(),
		);
		expect(options).toHaveLength(11);
		expect(byName.type.type).toBe('options');
		expect(values(byName.type).sort()).toEqual(['archived', 'pending']);
		expect(values(byName.type)).toContain(byName.type.default);
		expect(byName.source.type).toBe('options');
		expect(values(byName.source).sort()).toEqual(['CCMe', 'assignMe', 'fromMe']);
		expect(values(byName.source)).toContain(byName.source.default);
		expect(byName.startTime.type).toBe('dateTime');
		expect(byName.endTime.type).toBe('dateTime');
		expect(byName.apiIds.type).toBe('string');
		expect(byName.timeout).toMatchObject({ type: 'number', default: 30000 });
		expect(byName.maxRetries).toMatchObject({ type: 'number', default: 3 });
		for (const option of options) {
			expect(option.displayOptions).toBeUndefined();
			expect(option.required).not.toBe(true);
			expect(option.description).toEqual(expect.any(String));
		}
	});

	it('shows every top-level property for exactly one resource (no unconditioned property besides Authentication and Resource)', () => {
		for (const p of properties) {
			if (p.name === 'resource' || p.name === 'authentication') continue;
			expect(p.displayOptions?.show?.resource).toHaveLength(1);
		}
	});

	it('has unique parameter names within each operation', () => {
		for (const spec of OPERATIONS) {
			const names = shownFor(spec.resource, spec.operation).map((p) => p.name);
			expect(new Set(names).size).toBe(names.length);
			const optionNames = optionsCollection(spec.resource, spec.operation).map((o) => o.name);
			expect(new Set(optionNames).size).toBe(optionNames.length);
		}
	});
});

describe('properties derived from OPERATIONS (nodes/FeishuApaas/resources/index.ts)', () => {
	it('covers exactly the table rows: each resource/operation pair is offered, nothing else', () => {
		const offered = opSelectors().flatMap((selector) =>
			values(selector).map((op) => `${selector.displayOptions?.show?.resource?.[0]}/${op}`),
		);
		expect(offered.sort()).toEqual(OPERATIONS.map((s) => `${s.resource}/${s.operation}`).sort());
		for (const spec of OPERATIONS) {
			const selector = opSelectors().find((p) => p.displayOptions?.show?.resource?.[0] === spec.resource)!;
			const option = (selector.options as INodePropertyOptions[]).find((o) => o.value === spec.operation)!;
			expect(option).toMatchObject({ name: spec.name, action: spec.action, description: spec.description });
		}
	});

	describe.each(OPERATIONS.map((spec) => [`${spec.resource}/${spec.operation}`, spec] as const))('%s', (_label, spec) => {
		const required = () => [...(spec.pathFields ?? []), ...spec.fields].filter((f) => f?.required === true).map((f) => f!);
		const topLevel = () => spec.fields.filter((f) => !f.required && f.topLevel);
		const optional = () => spec.fields.filter((f) => !f.required && !f.topLevel);

		it('has every required field of the row as a top-level property, shown only for this operation', () => {
			// Get Many Apps is the one row that needs no input at all.
			expect(required().length > 0 || `${spec.resource}/${spec.operation}` === 'app/getAll').toBe(true);
			for (const field of required()) {
				const p = property(spec.resource, spec.operation, field.param);
				expect(p).toMatchObject({
					displayName: field.displayName,
					type: field.type,
					default: field.default,
					description: field.description,
					required: true,
					...field.property,
				});
				expect(p.displayOptions).toEqual({ show: { resource: [spec.resource], operation: [spec.operation] } });
				// Not also offered as an option.
				expect(optionsCollection(spec.resource, spec.operation).map((o) => o.name)).not.toContain(field.param);
			}
		});

		it('has every top-level optional field (a main input with an alternative) as a top-level property, not required', () => {
			for (const field of topLevel()) {
				const p = property(spec.resource, spec.operation, field.param);
				expect(p).toMatchObject({ displayName: field.displayName, type: field.type, default: field.default, description: field.description });
				expect(p.required).toBeUndefined();
				expect(optionsCollection(spec.resource, spec.operation).map((o) => o.name)).not.toContain(field.param);
			}
		});

		it('has every optional field of the row inside its Options collection, and not at the top level', () => {
			const options = optionsCollection(spec.resource, spec.operation);
			for (const field of optional()) {
				const option = options.find((o) => o.name === field.param);
				expect(option).toMatchObject({
					displayName: field.displayName,
					type: field.type,
					default: field.default,
					description: field.description,
				});
				if (field.options) expect(option?.options).toEqual(field.options);
				const shownHere = (p: (typeof properties)[number]) =>
					p.displayOptions?.show?.resource?.includes(spec.resource) &&
					p.displayOptions?.show?.operation?.includes(spec.operation);
				expect(properties.filter((p) => p.name === field.param && shownHere(p))).toEqual([]);
			}
			// The collection holds the optional fields, the record-writing settings of batch rows and the
			// transport settings, nothing else.
			const recordWriting = spec.batch ? ['recordsPerRequest', 'requestsInFlight', ...(spec.batch.entry === 'id' ? [] : ['ignoreFields'])] : [];
			expect(options.map((o) => o.name).sort()).toEqual(
				[...optional().map((f) => f.param), ...recordWriting, ...(spec.extraOptions ?? []).map((o) => o.name), 'batchSize', 'concurrency', 'maxRequestsPerMinute', 'maxRetries', 'paceWindowSeconds', 'timeout'].sort(),
			);
			if (spec.batch) expect(options.find((o) => o.name === 'recordsPerRequest')).toMatchObject({ default: spec.batch.maxSize, typeOptions: { maxValue: spec.batch.maxSize } });
		});

		it('shows its Options collection only for this operation', () => {
			const collections = properties.filter(
				(p) =>
					p.name === 'options' &&
					p.displayOptions?.show?.resource?.[0] === spec.resource &&
					p.displayOptions?.show?.operation?.[0] === spec.operation,
			);
			expect(collections).toHaveLength(1);
			expect(collections[0].displayOptions).toEqual({ show: { resource: [spec.resource], operation: [spec.operation] } });
			expect(collections[0].default).toEqual({});
		});

		it('has pagination parameters exactly when the row is paginated', () => {
			const names = shownFor(spec.resource, spec.operation).map((p) => p.name);
			if (spec.pagination) expect(names).toEqual(expect.arrayContaining(['returnAll', 'limit']));
			else {
				expect(names).not.toContain('returnAll');
				expect(names).not.toContain('limit');
			}
		});
	});
});

describe('credential type feishuApaasApi (dist)', () => {
	const field = (name: string) => {
		const found = credential.properties.filter((p) => p.name === name);
		expect(found).toHaveLength(1);
		return found[0];
	};

	it('is named feishuApaasApi, "Feishu aPaaS API"', () => {
		expect(credential.name).toBe('feishuApaasApi');
		expect(credential.displayName).toBe('Feishu aPaaS API');
		// The README section on this dialog, not Feishu's token API page (issue 18, defect 5).
		expect(credential.documentationUrl).toBe('https://github.com/n8n-nodes-feishu-apaas/n8n-nodes-feishu-apaas#credentials');
	});

	it('the OAuth2 credential\'s Docs link opens the same README section (it opened Feishu\'s user-token API page)', () => {
		expect(oauth2Credential.documentationUrl).toBe('https://github.com/n8n-nodes-feishu-apaas/n8n-nodes-feishu-apaas#credentials');
	});

	it('speaks to an npm user: the custom domain does not mention "the project\'s" emulator', () => {
		const domain = field('domain');
		const custom = (domain.options as Array<{ value: string; description?: string }>).find((o) => o.value === 'custom');
		expect(custom?.description).not.toMatch(/the project/i);
		expect(custom?.description).toMatch(/npm run emulator/);
	});

	it('has appId (required string) and appSecret (required password)', () => {
		expect(field('appId')).toMatchObject({ type: 'string', required: true, default: '' });
		const secret = field('appSecret');
		expect(secret).toMatchObject({ type: 'string', required: true, default: '' });
		expect(secret.typeOptions?.password).toBe(true);
	});

	it('has domain with feishu, lark and custom, defaulting to feishu', () => {
		const domain = field('domain');
		expect(domain.type).toBe('options');
		expect(values(domain)).toEqual(['feishu', 'lark', 'custom']);
		expect(domain.default).toBe('feishu');
	});

	it('shows baseUrl only for the custom domain', () => {
		const baseUrl = field('baseUrl');
		expect(baseUrl.type).toBe('string');
		expect(baseUrl.displayOptions).toEqual({ show: { domain: ['custom'] } });
	});

	it('keeps the token in a hidden, expirable tenantAccessToken field (the first expirable hidden field)', () => {
		const token = field('tenantAccessToken');
		expect(token.type).toBe('hidden');
		expect(token.typeOptions?.expirable).toBe(true);
		expect(token.default).toBe('');
		// n8n re-runs preAuthentication when the FIRST hidden expirable field is empty.
		const firstExpirable = credential.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		expect(firstExpirable?.name).toBe('tenantAccessToken');
		expect(field('expiresAt').type).toBe('hidden');
		expect(field('issuedFor').type).toBe('hidden');
	});

	it('only has hidden fields besides the four the user fills in and the two optional event secrets (issue 21)', () => {
		const visible = credential.properties.filter((p) => p.type !== 'hidden').map((p) => p.name);
		expect(visible).toEqual(['appId', 'appSecret', 'domain', 'baseUrl', 'encryptKey', 'verificationToken']);
	});

	it('mints in preAuthentication and authenticates with a Bearer header, keeping other headers', async () => {
		expect(typeof credential.preAuthentication).toBe('function');
		expect(typeof credential.authenticate).toBe('function');
		const authenticate = credential.authenticate as (
			c: Record<string, unknown>,
			r: { url: string; headers?: Record<string, string> },
		) => Promise<{ headers?: Record<string, string> }>;
		const signed = await authenticate({ tenantAccessToken: 't-abc' }, { url: 'x', headers: { 'X-Other': '1' } });
		expect(signed.headers).toEqual({ 'X-Other': '1', Authorization: 'Bearer t-abc' });
	});

	it('has a test request (POST to the token endpoint) with rules for 10003 and 10014', () => {
		expect(credential.test).toBeDefined();
		expect(credential.test?.request).toMatchObject({
			method: 'POST',
			url: '/open-apis/auth/v3/tenant_access_token/internal',
		});
		expect(String(credential.test?.request.baseURL)).toMatch(/^=/);
		const rules = (credential.test?.rules ?? []) as Array<{ properties: { value: unknown } }>;
		expect(rules.map((r) => r.properties.value)).toEqual(expect.arrayContaining([10003, 10014]));
	});
});
