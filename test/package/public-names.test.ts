/**
 * Public names are a contract: saved workflows and stored credentials refer to node types, resources,
 * operations, parameters and option values by name, so a name that disappears from the build breaks
 * them. This compares the BUILT package (dist/, every node and credential in package.json's `n8n`
 * section) with the checked-in test/package/public-names.json. New names pass (and are printed, so
 * `npm run public-names:update` can record them); a missing one fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import {
	collectPublicNames,
	describeNode,
	diffPublicNames,
	PUBLIC_NAMES_FILE,
	type PublicNames,
} from './public-names';

const REPO = join(__dirname, '..', '..');

const checkedIn = JSON.parse(readFileSync(PUBLIC_NAMES_FILE, 'utf8')) as PublicNames;

describe('public names (dist vs test/package/public-names.json)', () => {
	const built = collectPublicNames(REPO);

	it('covers every node and credential package.json lists', () => {
		const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect(Object.keys(built.nodes)).toHaveLength(pkg.n8n.nodes.length);
		expect(Object.keys(built.credentials)).toHaveLength(pkg.n8n.credentials.length);
		for (const names of [...Object.values(built.nodes), ...Object.values(built.credentials)]) {
			expect(names.length).toBeGreaterThan(0);
		}
	});

	it('no shipped public name has disappeared', () => {
		const { missing, added } = diffPublicNames(checkedIn, built);
		if (added.length > 0) {
			console.info(
				`New public names (record them with \`npm run public-names:update\`):\n${added.map((n) => `  + ${n}`).join('\n')}`,
			);
		}
		if (missing.length > 0) {
			throw new Error(
				`${missing.length} public name(s) shipped before are gone from the build:\n` +
					missing.map((n) => `  - ${n}`).join('\n') +
					'\nSaved workflows use these names. Restore them; or, for a deliberate breaking change (major version, ' +
					'see README "Versioning"), note it in CHANGELOG.md and run `npm run public-names:update -- --allow-removal`.',
			);
		}
	});
});

describe('the comparison itself', () => {
	const node = Object.keys(checkedIn.nodes)[0];

	it('fails on one removed operation, parameter or value, naming it', () => {
		for (const dropped of [
			'operation userTask/query',
			'parameter userTask/query options.type',
			'value userTask/query options.type=archived',
		]) {
			const actual: PublicNames = {
				nodes: { ...checkedIn.nodes, [node]: checkedIn.nodes[node].filter((n) => n !== dropped) },
				credentials: checkedIn.credentials,
			};
			expect(diffPublicNames(checkedIn, actual)).toEqual({ missing: [`node ${node}: ${dropped}`], added: [] });
		}
	});

	it('fails when a whole node or credential type is gone, passes on additions', () => {
		const [credential] = Object.keys(checkedIn.credentials);
		const gone = diffPublicNames(checkedIn, { nodes: {}, credentials: {} });
		expect(gone.missing).toEqual([
			...Object.keys(checkedIn.nodes).map((name) => `node ${name}: the whole node type is gone`),
			...Object.keys(checkedIn.credentials).map((name) => `credential ${name}: the whole credential type is gone`),
		]);
		expect(gone.missing).toContain(`node ${node}: the whole node type is gone`);
		const grown: PublicNames = {
			nodes: { ...checkedIn.nodes, 'n8n-nodes-feishu-apaas.other': ['version 1'] },
			credentials: { ...checkedIn.credentials, [credential]: [...checkedIn.credentials[credential], 'parameter * extra'] },
		};
		expect(diffPublicNames(checkedIn, grown)).toEqual({
			missing: [],
			added: ['node n8n-nodes-feishu-apaas.other: version 1', `credential ${credential}: parameter * extra`],
		});
	});

	it('reads nested collections, fixed collections, locator modes and operation-scoped parameters', () => {
		const description = {
			name: 'fake',
			version: [1, 2],
			properties: [
				{ displayName: 'R', name: 'resource', type: 'options', default: 'a', options: [{ name: 'A', value: 'a' }] },
				{
					displayName: 'O',
					name: 'operation',
					type: 'options',
					default: 'get',
					displayOptions: { show: { resource: ['a'] } },
					options: [{ name: 'Get', value: 'get' }],
				},
				{
					displayName: 'F',
					name: 'filters',
					type: 'fixedCollection',
					default: {},
					displayOptions: { show: { resource: ['a'], operation: ['get'] } },
					options: [{ name: 'rule', displayName: 'Rule', values: [{ displayName: 'K', name: 'key', type: 'string', default: '' }] }],
				},
				{
					displayName: 'L',
					name: 'record',
					type: 'resourceLocator',
					default: {},
					modes: [{ displayName: 'ID', name: 'id', type: 'string' }],
				},
			],
		} as unknown as INodeTypeDescription;
		expect(describeNode(description)).toEqual([
			'operation a/get',
			'parameter * record',
			'parameter * resource',
			'parameter a/* operation',
			'parameter a/get filters',
			'parameter a/get filters.rule',
			'parameter a/get filters.rule.key',
			'resource a',
			'value * record#mode=id',
			'version 1',
			'version 2',
		]);
	});
});
