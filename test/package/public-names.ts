/**
 * The package's public names: everything a saved workflow or a stored credential refers to by name,
 * read from the BUILT package the way n8n loads it (package.json `n8n` section → require the file →
 * `new <ClassNamedLikeTheFile>()`). Display names and descriptions are labels, not names, so they
 * are left out. Used by public-names.test.ts and `npm run public-names:update`.
 *
 * One entry per name, as a sortable string:
 *   version 1                                      a node version (workflows pin typeVersion)
 *   credential feishuApaasApi                      a credential type the node asks for
 *   tool feishuApaasTool                           the AI-tool variant n8n derives from usableAsTool
 *   resource userTask
 *   operation userTask/query
 *   parameter userTask/query options.type          a parameter, with the resource/operation it shows for
 *   value userTask/query options.type=pending      an options / multiOptions value
 *   value * someLocator#mode=id                    a resourceLocator mode
 * `*` is "any": a parameter not tied to a resource (or the node has none); `r/*` is any operation of r.
 * A versioned node (nodeVersions) prefixes every entry of version N with `vN `.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

import type {
	ICredentialType,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

export interface PublicNames {
	/** keyed by full node type, `<package name>.<description.name>` (what a workflow's `type` holds) */
	nodes: Record<string, string[]>;
	/** keyed by credential type name (what a workflow's `credentials` and n8n's database hold) */
	credentials: Record<string, string[]>;
}

interface PackageJson {
	name: string;
	n8n: { nodes?: string[]; credentials?: string[] };
}

type NodeInstance = { description: INodeTypeDescription; nodeVersions?: Record<string, { description: INodeTypeDescription }> };

// A plain require, as n8n-core's loader does; createRequire because the path is only known at run time.
const requireFrom = (packageRoot: string) => createRequire(join(packageRoot, 'package.json'));

/** As n8n-core's loader: the class is named like the file, up to its first dot. */
function instantiate<T>(packageRoot: string, file: string): T {
	const className = basename(file).split('.')[0];
	const exported = requireFrom(packageRoot)(join(packageRoot, file)) as Record<string, new () => T>;
	const Class = exported[className];
	if (typeof Class !== 'function') throw new Error(`${file} does not export a class named ${className}`);
	return new Class();
}

function strings(list: unknown): string[] {
	return Array.isArray(list) ? list.map(String) : [];
}

/** `parameter` / `value` entries of one property and everything nested in it. */
function walk(property: INodeProperties, path: string, scope: string, out: string[]): void {
	out.push(`parameter ${scope} ${path}`);
	const options = (property.options ?? []) as Array<INodeProperties | INodePropertyOptions | INodePropertyCollection>;
	if (property.type === 'options' || property.type === 'multiOptions') {
		for (const option of options as INodePropertyOptions[]) out.push(`value ${scope} ${path}=${String(option.value)}`);
	} else if (property.type === 'collection') {
		for (const child of options as INodeProperties[]) walk(child, `${path}.${child.name}`, scope, out);
	} else if (property.type === 'fixedCollection') {
		for (const group of options as INodePropertyCollection[]) {
			out.push(`parameter ${scope} ${path}.${group.name}`);
			for (const child of group.values) walk(child, `${path}.${group.name}.${child.name}`, scope, out);
		}
	} else if (property.type === 'resourceLocator') {
		for (const mode of property.modes ?? []) out.push(`value ${scope} ${path}#mode=${mode.name}`);
	}
}

/** The names of one node description (one version). */
export function describeNode(description: INodeTypeDescription): string[] {
	const out: string[] = [];
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	for (const version of versions) out.push(`version ${version}`);
	for (const credential of description.credentials ?? []) out.push(`credential ${credential.name}`);
	if (description.usableAsTool) out.push(`tool ${description.name}Tool`);

	const properties = description.properties;
	const resourceSelector = properties.find((p) => p.name === 'resource' && p.type === 'options');
	const resources = ((resourceSelector?.options ?? []) as INodePropertyOptions[]).map((o) => String(o.value));
	const operationsOf = new Map<string, string[]>(resources.map((r) => [r, []]));
	for (const selector of properties.filter((p) => p.name === 'operation' && p.type === 'options')) {
		const shownFor = strings(selector.displayOptions?.show?.resource);
		const owners = resources.length === 0 ? ['*'] : shownFor.length > 0 ? shownFor : resources;
		for (const resource of owners) {
			const values = ((selector.options ?? []) as INodePropertyOptions[]).map((o) => String(o.value));
			operationsOf.set(resource, [...(operationsOf.get(resource) ?? []), ...values]);
		}
	}
	for (const resource of resources) out.push(`resource ${resource}`);
	for (const [resource, operations] of operationsOf) {
		for (const operation of operations) out.push(`operation ${resource}/${operation}`);
	}

	/** Where a top-level property shows: `*`, `r/*` or `r/op` (hide rules ignored: more names kept, never fewer). */
	const scopes = (property: INodeProperties): string[] => {
		const show = property.displayOptions?.show;
		const onResources = strings(show?.resource);
		const onOperations = strings(show?.operation);
		if (onResources.length === 0 && onOperations.length === 0) return ['*'];
		if (onOperations.length === 0) return onResources.map((r) => `${r}/*`);
		const candidates = onResources.length > 0 ? onResources : [...operationsOf.keys()];
		return candidates.flatMap((r) =>
			onOperations.filter((op) => resources.length === 0 || operationsOf.get(r)?.includes(op)).map((op) => `${r}/${op}`),
		);
	};
	for (const property of properties) {
		const isSelector = property === resourceSelector || (property.name === 'operation' && property.type === 'options');
		for (const scope of scopes(property)) {
			// The selectors' values are already `resource` / `operation` entries.
			if (isSelector) out.push(`parameter ${scope} ${property.name}`);
			else walk(property, property.name, scope, out);
		}
	}
	return [...new Set(out)].sort();
}

/** The names of one credential type. */
export function describeCredential(credential: ICredentialType): string[] {
	const out: string[] = [];
	for (const property of credential.properties) walk(property, property.name, '*', out);
	for (const parent of credential.extends ?? []) out.push(`extends ${parent}`);
	return [...new Set(out)].sort();
}

/** Every public name of the built package at `packageRoot`, for every node and credential it lists. */
export function collectPublicNames(packageRoot: string): PublicNames {
	const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as PackageJson;
	const names: PublicNames = { nodes: {}, credentials: {} };
	for (const file of pkg.n8n.nodes ?? []) {
		const node = instantiate<NodeInstance>(packageRoot, file);
		const type = `${pkg.name}.${node.description.name}`;
		names.nodes[type] = node.nodeVersions
			? Object.entries(node.nodeVersions).flatMap(([version, v]) => describeNode(v.description).map((n) => `v${version} ${n}`))
			: describeNode(node.description);
	}
	for (const file of pkg.n8n.credentials ?? []) {
		const credential = instantiate<ICredentialType>(packageRoot, file);
		names.credentials[credential.name] = describeCredential(credential);
	}
	return names;
}

export interface NameDiff {
	/** "node <type>: <entry>" / "credential <name>: <entry>", or the whole type when it is gone */
	missing: string[];
	added: string[];
}

/** What `expected` (the checked-in list) has that `actual` (the build) lacks, and the reverse. */
export function diffPublicNames(expected: PublicNames, actual: PublicNames): NameDiff {
	const missing: string[] = [];
	const added: string[] = [];
	for (const kind of ['nodes', 'credentials'] as const) {
		const label = kind === 'nodes' ? 'node' : 'credential';
		for (const [type, entries] of Object.entries(expected[kind])) {
			const now = actual[kind][type];
			if (!now) {
				missing.push(`${label} ${type}: the whole ${label} type is gone`);
				continue;
			}
			const present = new Set(now);
			for (const entry of entries) if (!present.has(entry)) missing.push(`${label} ${type}: ${entry}`);
		}
		for (const [type, entries] of Object.entries(actual[kind])) {
			const before = new Set(expected[kind][type] ?? []);
			for (const entry of entries) if (!before.has(entry)) added.push(`${label} ${type}: ${entry}`);
		}
	}
	return { missing, added };
}

/** Where the checked-in list lives. */
export const PUBLIC_NAMES_FILE = join(__dirname, 'public-names.json');
