/**
 * The Table / View / Enum locators: modes `list` and `name` (the public contract). Tables and enums
 * list from Feishu; views cannot (no endpoint lists them), so the View's list mode says so in its hint,
 * sends nothing, and a new node opens on By Name.
 */
import type { ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';

import { FeishuApaas } from '../../../../nodes/FeishuApaas/FeishuApaas.node';
import { VIEWS_NOT_LISTED } from '../../../../nodes/FeishuApaas/resources/shared/data-platform';

const node = new FeishuApaas();
const locator = (name: string): INodeProperties => {
	const found = node.description.properties.filter((p) => p.name === name);
	expect(found.length).toBeGreaterThan(0);
	return found[0];
};

describe('data-platform locators', () => {
	it.each(['tableName', 'viewName', 'enumName'])('%s has the modes list and name', (name) => {
		expect(locator(name).modes?.map((m) => [m.name, m.type])).toEqual([
			['list', 'list'],
			['name', 'string'],
		]);
	});

	it('tables and enums open on their list, without a hint', () => {
		for (const name of ['tableName', 'enumName']) {
			const property = locator(name);
			expect(property.default).toEqual({ mode: 'list', value: '' });
			expect(property.modes?.[0].hint).toBeUndefined();
		}
	});

	it("the View's list mode says Feishu cannot list views and points to By Name; a new node opens on By Name", () => {
		const property = locator('viewName');
		expect(property.default).toEqual({ mode: 'name', value: '' });
		const [list] = property.modes ?? [];
		expect(list.hint).toBe(VIEWS_NOT_LISTED);
		expect(list.hint).toMatch(/cannot list a workspace's views/);
		expect(list.hint).toMatch(/By Name/);
		expect(list.placeholder).toMatch(/By Name/);
		expect(list.typeOptions).toEqual({ searchListMethod: 'searchViews', searchable: true });
	});

	it('searchViews answers an empty list without calling Feishu', async () => {
		const calls: string[] = [];
		const ctx = new Proxy({}, { get: (_t, key) => (calls.push(String(key)), () => undefined) }) as unknown as ILoadOptionsFunctions;
		const search = node.methods?.listSearch?.searchViews;
		expect(search).toBeDefined();
		await expect(search?.call(ctx)).resolves.toEqual({ results: [] });
		expect(calls).toEqual([]);
	});
});
