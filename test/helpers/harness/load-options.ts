/**
 * A resource locator's list (`methods.listSearch`), called the way the n8n server calls it when the
 * editor opens the list or types a search (packages/cli/src/services/dynamic-node-parameters.service.ts,
 * `getResourceLocatorResults`): a temporary node "Temp-Node" with the editor's current parameters and
 * credentials, in a Workflow of its own, and n8n-core's real LoadOptionsContext as `this`; requests go
 * through n8n-core's helpers and the credentials helper's preAuthentication (the token mint).
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials-helper';
import { loadPackage } from './load';
import { LOOPBACK_URLS, unrefEngineTimers } from './run-workflow';

export interface ListSearchOptions {
	/** Full node type name, e.g. `n8n-nodes-feishu-apaas.feishuApaas`. */
	nodeType: string;
	/** The node's current parameters, as the editor sends them. */
	parameters: INodeParameters;
	/** The parameter's path, e.g. `parameters.environmentVariableApiName`. */
	path: string;
	/** The stored credential the node uses: its type and data. */
	credential: { type: string; data: ICredentialDataDecryptedObject };
	/** Credential store to use across calls (the token minted by the first call is reused). */
	helper?: TestCredentialsHelper;
	filter?: string;
	paginationToken?: string;
}

export interface ListSearchRun {
	result: INodeListSearchResult;
	helper: TestCredentialsHelper;
}

export async function listSearch(method: string, options: ListSearchOptions): Promise<ListSearchRun> {
	const pkg = await loadPackage();
	unrefEngineTimers();
	const id = 'list-search-credential';
	const helper =
		options.helper ?? new TestCredentialsHelper(pkg.credentialTypes, { [id]: { name: 'Feishu (emulator)', type: options.credential.type, data: options.credential.data } });
	const credentials: INodeCredentials = { [options.credential.type]: { id, name: 'Feishu (emulator)' } };
	const node: INode = {
		parameters: structuredClone(options.parameters),
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: options.nodeType,
		typeVersion: 1,
		position: [0, 0],
		credentials,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const additionalData = { credentialsHelper: helper, variables: {}, ...LOOPBACK_URLS } as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, workflow.getNode('Temp-Node') as INode, additionalData, options.path);
	const nodeType = pkg.nodeTypes.getByNameAndVersion(options.nodeType, 1);
	const fn = nodeType.methods?.listSearch?.[method];
	if (typeof fn !== 'function') throw new Error(`${options.nodeType} has no listSearch method ${method}`);
	const result = await fn.call(context, options.filter, options.paginationToken);
	return { result, helper };
}
