import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { OPERATIONS, RESOURCES, findOperation } from '../../../../nodes/FeishuApaas/resources';

const RESOURCES_DIR = join(__dirname, '../../../../nodes/FeishuApaas/resources');

describe('the catalog (nodes/FeishuApaas/resources/index.ts)', () => {
	it('has one folder per resource, named by its value, with the definition in index.ts', () => {
		for (const resource of RESOURCES) {
			expect(existsSync(join(RESOURCES_DIR, resource.value, 'index.ts'))).toBe(true);
		}
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
