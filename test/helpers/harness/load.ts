/**
 * Loads an n8n community-node package exactly the way n8n does: n8n-core's
 * `PackageDirectoryLoader` reads the package.json `n8n` section and requires the built
 * files it lists (so for this repo, `npm run build` must have produced `dist/`).
 *
 * Exposes `INodeTypes` / `ICredentialTypes` implementations keyed the way the n8n server
 * keys them: node types by their full name `<packageName>.<description.name>`
 * (e.g. `n8n-nodes-feishu-apaas.feishuApaas`), credential types by their `name`.
 *
 * A tiny test-only source node, `test.items`, is registered alongside the package's
 * nodes so a workflow can start with N given items (n8n-nodes-base, and with it the
 * Manual Trigger, is not installed here).
 */
import { BUILT_IN_CREDENTIAL_TYPES } from './oauth2-api';
import path from 'node:path';

import {
	PackageDirectoryLoader,
	UnrecognizedCredentialTypeError,
	UnrecognizedNodeTypeError,
} from 'n8n-core';
import { NodeConnectionTypes, NodeHelpers, NodeOperationError, jsonParse } from 'n8n-workflow';
import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
	LoadedClass,
} from 'n8n-workflow';

/** Repository root (the package whose package.json `n8n` section is loaded by default). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Full workflow type name of the test-only source node. */
export const TEST_ITEMS_NODE_TYPE = 'test.items';

/** The description of a test-only node with one main input and output (registered beside the package's nodes). */
export function testNodeDescription(name: string, displayName: string, description: string, properties: INodeProperties[]): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};
}

/**
 * `test.items`: outputs its `items` parameter (a JSON array, or a JSON string of one) as
 * items; each output item is paired with input item 0. With `items` empty it passes its
 * input through unchanged (so `runWorkflow({ startItems })` can feed it directly).
 */
export class TestItemsNode implements INodeType {
	description = testNodeDescription(TEST_ITEMS_NODE_TYPE, 'Test Items', 'Test-only: emits the given JSON array as items', [
		{
			displayName: 'Items',
			name: 'items',
			type: 'json',
			default: '',
			description: 'JSON array of objects; each becomes one output item\'s json',
		},
	]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '') as unknown;
		if (raw === '' || raw === undefined || raw === null) {
			return [this.getInputData()];
		}
		const parsed: unknown = typeof raw === 'string' ? jsonParse(raw) : raw;
		const list = Array.isArray(parsed) ? parsed : [parsed];
		return [
			list.map((json, index) => {
				if (json === null || typeof json !== 'object' || Array.isArray(json)) {
					throw new NodeOperationError(
						this.getNode(),
						`test.items: element ${index} is not an object`,
					);
				}
				return { json: json as IDataObject, pairedItem: { item: 0 } };
			}),
		];
	}
}

type NodeClass = LoadedClass<INodeType | IVersionedNodeType>;

export class HarnessNodeTypes implements INodeTypes {
	constructor(
		/** keyed by full type name, e.g. `n8n-nodes-feishu-apaas.feishuApaas` */
		readonly byFullName: Record<string, NodeClass>,
	) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const loaded = this.byFullName[nodeType];
		if (!loaded) {
			const dot = nodeType.lastIndexOf('.');
			throw new UnrecognizedNodeTypeError(nodeType.slice(0, dot), nodeType.slice(dot + 1));
		}
		return loaded.type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [name, { sourcePath, type }] of Object.entries(this.byFullName)) {
			known[name] = { className: type.constructor.name, sourcePath };
		}
		return known;
	}
}

export class HarnessCredentialTypes implements ICredentialTypes {
	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly packageName: string,
	) {}

	recognizes(credentialType: string): boolean {
		return credentialType in this.loader.known.credentials || credentialType in BUILT_IN_CREDENTIAL_TYPES;
	}

	getByName(credentialType: string): ICredentialType {
		// n8n's own generic types (oAuth2Api), which a package credential may extend.
		if (credentialType in BUILT_IN_CREDENTIAL_TYPES) return BUILT_IN_CREDENTIAL_TYPES[credentialType];
		if (!this.recognizes(credentialType)) {
			throw new UnrecognizedCredentialTypeError(credentialType);
		}
		return this.loader.getCredential(credentialType).type;
	}

	/** Full node type names of the nodes declaring this credential (as n8n reports them). */
	getSupportedNodes(credentialType: string): string[] {
		const short = this.loader.known.credentials[credentialType]?.supportedNodes ?? [];
		return short.map((name) => `${this.packageName}.${name}`);
	}

	/** All ancestors via `extends`, depth first (like n8n's CredentialTypes). */
	getParentTypes(typeName: string): string[] {
		const extendsArr = this.loader.known.credentials[typeName]?.extends ?? [];
		const result: string[] = [];
		for (const parent of extendsArr) {
			result.push(parent, ...this.getParentTypes(parent));
		}
		return result;
	}
}

export interface LoadedPackage {
	packageRoot: string;
	packageName: string;
	loader: PackageDirectoryLoader;
	nodeTypes: HarnessNodeTypes;
	credentialTypes: HarnessCredentialTypes;
	/** `feishuApaas` → `n8n-nodes-feishu-apaas.feishuApaas` */
	fullNodeType(shortName: string): string;
}

const cache = new Map<string, Promise<LoadedPackage>>();

async function doLoad(packageRoot: string): Promise<LoadedPackage> {
	const loader = new PackageDirectoryLoader(packageRoot);
	try {
		await loader.loadAll();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
			(error as Error).message +=
				`\n(harness) Loading ${packageRoot} requires the files listed in its package.json "n8n" section; run \`npm run build\` first.`;
		}
		throw error;
	}
	const { packageName } = loader;

	const byFullName: Record<string, NodeClass> = {};
	for (const [shortName, loaded] of Object.entries(loader.nodeTypes)) {
		byFullName[`${packageName}.${shortName}`] = loaded;
	}
	byFullName[TEST_ITEMS_NODE_TYPE] = {
		type: new TestItemsNode(),
		sourcePath: __filename,
	};

	return {
		packageRoot: loader.directory,
		packageName,
		loader,
		nodeTypes: new HarnessNodeTypes(byFullName),
		credentialTypes: new HarnessCredentialTypes(loader, packageName),
		fullNodeType: (shortName) => `${packageName}.${shortName}`,
	};
}

/**
 * Load (once per package root, memoized per jest module registry, i.e. per test file)
 * the package at `packageRoot` (default: this repository's root).
 */
export async function loadPackage(packageRoot: string = REPO_ROOT): Promise<LoadedPackage> {
	const key = path.resolve(packageRoot);
	let pending = cache.get(key);
	if (!pending) {
		pending = doLoad(key);
		cache.set(key, pending);
		pending.catch(() => cache.delete(key));
	}
	return await pending;
}

/** Alias of {@link loadPackage}. */
export const load = loadPackage;
