import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { INodePropertyOptions } from 'n8n-workflow';

import { FeishuApaas } from '../../../../nodes/FeishuApaas/FeishuApaas.node';
import { DEFAULT_RESOURCES, OPERATIONS, RESOURCES, findOperation } from '../../../../nodes/FeishuApaas/resources';

const RESOURCES_DIR = join(__dirname, '../../../../nodes/FeishuApaas/resources');

describe('the catalog (nodes/FeishuApaas/resources/index.ts)', () => {
	it('has one folder per resource, named by its value, with the definition in index.ts', () => {
		for (const resource of RESOURCES) {
			expect(existsSync(join(RESOURCES_DIR, resource.value, 'index.ts'))).toBe(true);
		}
	});

	it('lists every resource folder by one line of resources/all.ts (a new resource: its folder and that line)', () => {
		const folders = readdirSync(RESOURCES_DIR).filter((name) => name !== 'shared' && statSync(join(RESOURCES_DIR, name)).isDirectory());
		expect(RESOURCES.map((r) => r.value).sort()).toEqual(folders.sort());
		const lines = readFileSync(join(RESOURCES_DIR, 'all.ts'), 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('export'));
		expect(lines).toHaveLength(folders.length);
		for (const line of lines) expect(line).toMatch(/^export \{ \w+ \} from '\.\/\w+';$/);
	});

	it('offers each credential\'s resources sorted by name, with defaults that never move', () => {
		const selectors = new FeishuApaas().description.properties.filter((p) => p.name === 'resource');
		const byCredential = Object.fromEntries(
			selectors.map((p) => [String(p.displayOptions?.show?.authentication), { options: p.options as INodePropertyOptions[], default: p.default }]),
		);
		for (const { options } of Object.values(byCredential)) {
			const names = options.map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
		// n8n leaves a parameter at its default out of a saved workflow: a new default would switch the
		// resource of workflows saved with it. These are the defaults shipped in 0.1.0 and issue 19.
		expect(DEFAULT_RESOURCES).toEqual({ tenantToken: 'approvalInstance', userToken: 'app' });
		expect(byCredential.tenantToken.default).toBe('approvalInstance');
		expect(byCredential.userToken.default).toBe('app');
		expect(Object.keys(byCredential).sort()).toEqual(['tenantToken', 'userToken']);
		expect(Object.values(byCredential).flatMap((s) => s.options.map((o) => o.value)).sort()).toEqual(RESOURCES.map((r) => r.value).sort());
	});

	it('lists each resource value once, and each operation once within its resource', () => {
		const values = RESOURCES.map((r) => r.value);
		expect(new Set(values).size).toBe(values.length);
		const keys = OPERATIONS.map((op) => `${op.resource}/${op.operation}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('gives every row its resource\'s authentication and scopes (unless the row names its own)', () => {
		for (const resource of RESOURCES) {
			expect(resource.operations.length).toBeGreaterThan(0);
			expect(resource.scopes.length).toBeGreaterThan(0);
			for (const row of resource.operations) {
				expect(row.resource).toBe(resource.value);
				expect(row.authentication).toBe(resource.authentication);
				expect(row.scopes?.length).toBeGreaterThan(0);
				expect(findOperation(row.resource, row.operation)).toBe(row);
			}
		}
	});

	it('uses the documented human-task scopes: read for the lists, write for the actions', () => {
		expect(findOperation('userTask', 'query')?.scopes).toEqual(['app_engine:approval:read']);
		expect(findOperation('approvalInstance', 'cancel')?.scopes).toEqual(['app_engine:approval:write']);
		expect(findOperation('approvalTask', 'agree')?.scopes).toEqual(['app_engine:approval:write']);
	});

	it('gives every row an output unless it brings its own executor', () => {
		for (const row of OPERATIONS) expect({ row: `${row.resource}/${row.operation}`, ok: row.output !== undefined || row.execute !== undefined }).toEqual({ row: `${row.resource}/${row.operation}`, ok: true });
	});

	it('OPERATIONS is the rows of RESOURCES, in order', () => {
		expect(OPERATIONS).toEqual(RESOURCES.flatMap((r) => r.operations));
	});
});
