/**
 * n8n's credential test ("Test" / "Save" in the credential dialog, `POST /rest/credentials/test`) for a
 * credential type with a declarative `test` request, run through n8n-core's real RoutingNode and
 * ExecuteContext the way the server's CredentialsTester does it (packages/cli/src/services/
 * credentials-tester.service.ts, `runRequestTest`, the same in n8n 1.123 and 2.40): a temporary noOp
 * node whose one parameter `temp` routes the test request, the credential's defaults applied first,
 * and the same mapping of a thrown error to the `{status, message}` the REST call answers and the
 * editor shows as the details of its "Couldn't connect with these settings" banner.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { createEmptyRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestRequest,
	INode,
	INodeCredentialTestResult,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials-helper';
import { loadPackage } from './load';
import { LOOPBACK_URLS, unrefEngineTimers } from './run-workflow';

/**
 * The node type n8n borrows for a test that names none (n8n-nodes-base is not installed here). Its
 * description's name is `noOp`, as n8n's loader leaves it (the full name is only the registry's key),
 * and the temporary node's type is that name: so the server's "is this a credential test?" check in
 * CredentialsHelper.preAuthentication (`node.type === 'n8n-nodes-base.noOp'`) never holds, and the
 * token mint runs first only while no token is stored — as the editor e2e saw in n8n 2.40.7.
 */
const NO_OP: INodeType = {
	description: {
		displayName: 'No Operation',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No operation',
		defaults: { name: 'No Operation' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

export interface CredentialTestRun {
	result: INodeCredentialTestResult;
	/** The credential store after the test (a successful mint writes its token back, as n8n does). */
	helper: TestCredentialsHelper;
}

/**
 * Tests the stored credential `data` of `type` as n8n's credential dialog does (the credential is saved
 * first, so it has an id, as in n8n ≥ 1.x's editor).
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestRun> {
	const pkg = await loadPackage();
	unrefEngineTimers();
	const credentialType = pkg.credentialTypes.getByName(type);
	const test = credentialType.test as ICredentialTestRequest | undefined;
	if (test === undefined) throw new Error(`credential type ${type} has no test request`);

	const id = 'credential-under-test';
	const helper = new TestCredentialsHelper(pkg.credentialTypes, { [id]: { name: 'Under test', type, data } });
	// prepareCredentialsForTest: the type's defaults applied to the data the dialog sent.
	const withDefaults = NodeHelpers.getNodeParameters(
		helper.getCredentialsProperties(type),
		data as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;
	const credentialsDecrypted: ICredentialsDecrypted = { id, name: 'Under test', type, data: withDefaults };

	const nodeTypeCopy: INodeType = {
		description: {
			...NO_OP.description,
			credentials: [{ name: type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id, name: 'Under test' } },
	};
	// new Workflow() writes the parameter defaults into the node (temp = ''), which is how n8n's
	// CredentialsHelper.preAuthentication recognises a credential test and always mints.
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const workflowNode = workflow.getNode('Temp-Node') as INode;
	const additionalData = { credentialsHelper: helper, variables: {}, ...LOOPBACK_URLS } as unknown as IWorkflowExecuteAdditionalData;
	const context = new ExecuteContext(
		workflow,
		workflowNode,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node: workflowNode, data: {}, source: null },
		[],
	);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, nodeTypeCopy, credentialsDecrypted).runNode();
	} catch (caught) {
		return { result: mapTestError(caught, test), helper };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const json = response?.[0]?.[0]?.json as Record<string, unknown> | undefined;
		if (json?.[rule.properties.key] === rule.properties.value) return { result: { status: 'Error', message: rule.properties.message }, helper };
	}
	return { result: { status: 'OK', message: 'Connection successful!' }, helper };
}

/** The CredentialsTester's mapping of a thrown error to what the REST call answers. */
function mapTestError(caught: unknown, test: ICredentialTestRequest): INodeCredentialTestResult {
	const error = caught as { message?: unknown; cause?: { code?: unknown; response?: { status: number; statusText?: string } } };
	const response = error.cause?.response;
	if (response) {
		for (const rule of test.rules ?? []) {
			if (rule.type === 'responseCode' && response.status === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
		if (response.status < 199 || response.status > 299) {
			return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: String(error.cause.code) };
	}
	return { status: 'Error', message: String(error.message) };
}
