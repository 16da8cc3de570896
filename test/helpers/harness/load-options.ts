/**
 * The editor's server side, in-process: a resource locator's list (`methods.listSearch`) and a resource
 * mapper's fields (`methods.resourceMapping`), called the way the n8n server calls them when the editor
 * opens the list, types a search or shows the mapper (packages/cli/src/services/dynamic-node-parameters.service.ts,
 * `getResourceLocatorResults` / `getResourceMappingFields`): a temporary node "Temp-Node" with the
 * editor's current parameters and credentials, in a Workflow of its own, the parameters also handed over
 * as `additionalData.currentNodeParameters` (the controller's `getBase`), and n8n-core's real
 * LoadOptionsContext as `this`; requests go through n8n-core's helpers and the credentials helper's
 * preAuthentication (the token mint) or OAuth2 helper (the user token).
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials-helper';
import { loadPackage } from './load';
import { LOOPBACK_URLS, unrefEngineTimers } from './run-workflow';

export interface LoadOptionsCallOptions {
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
}

export interface ListSearchOptions extends LoadOptionsCallOptions {
	filter?: string;
	paginationToken?: string;
}

export interface ListSearchRun {
	result: INodeListSearchResult;
	helper: TestCredentialsHelper;
}

export interface ResourceMappingRun {
	result: ResourceMapperFields;
	helper: TestCredentialsHelper;
}

const CREDENTIAL_ID = 'list-search-credential';

async function prepare(kind: 'listSearch' | 'resourceMapping', method: string, options: LoadOptionsCallOptions) {
	const pkg = await loadPackage();
	unrefEngineTimers();
	const helper =
		options.helper ??
		new TestCredentialsHelper(pkg.credentialTypes, { [CREDENTIAL_ID]: { name: 'Feishu (emulator)', type: options.credential.type, data: options.credential.data } });
	const credentials: INodeCredentials = { [options.credential.type]: { id: CREDENTIAL_ID, name: 'Feishu (emulator)' } };
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
	const tempNode = workflow.getNode('Temp-Node') as INode;
	const additionalData = {
		credentialsHelper: helper,
		variables: {},
		// The editor sends the node's parameters as it holds them, defaults filled in (as the Workflow did).
		currentNodeParameters: structuredClone(tempNode.parameters),
		...LOOPBACK_URLS,
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, tempNode, additionalData, options.path);
	const nodeType = pkg.nodeTypes.getByNameAndVersion(options.nodeType, 1) as INodeType;
	const fn = nodeType.methods?.[kind]?.[method];
	if (typeof fn !== 'function') throw new Error(`${options.nodeType} has no ${kind} method ${method}`);
	return { fn: fn as (this: LoadOptionsContext, ...args: unknown[]) => Promise<unknown>, context, helper };
}

export async function listSearch(method: string, options: ListSearchOptions): Promise<ListSearchRun> {
	const { fn, context, helper } = await prepare('listSearch', method, options);
	const result = (await fn.call(context, options.filter, options.paginationToken)) as INodeListSearchResult;
	return { result, helper };
}

/** A resource mapper's fields; like the server, a field id that comes twice is kept once (the first). */
export async function resourceMapping(method: string, options: LoadOptionsCallOptions): Promise<ResourceMappingRun> {
	const { fn, context, helper } = await prepare('resourceMapping', method, options);
	const fields = (await fn.call(context)) as ResourceMapperFields;
	const seen = new Set<string>();
	const result = { ...fields, fields: fields.fields?.filter((f) => !seen.has(f.id) && Boolean(seen.add(f.id))) };
	return { result, helper };
}
