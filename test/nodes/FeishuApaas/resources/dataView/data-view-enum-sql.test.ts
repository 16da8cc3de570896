/** Data View, Data Enum and Workspace (SQL) through n8n's engine with a user token. */
import type { FeishuEmulator } from '../../../../../emulator';
import { runUserNode, userCredentialStore } from '../../../../helpers/data-platform';
import { SHOP, WS } from '../../../../helpers/emulator/workspaces';
import { useEmulator } from '../../../../helpers/feishu';

describe('dataView, dataEnum, workspace', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started), { seed: { workspaces: [SHOP] }, userApiRateLimit: null });

	it('dataView getAll: the view filter and columns, plus a request filter', async () => {
		const run = await runUserNode(await userCredentialStore(emulator), {
			resource: 'dataView',
			operation: 'getAll',
			workspaceId: WS,
			viewName: { __rl: true, mode: 'name', value: 'open_orders' },
			returnAll: true,
			filterType: 'manual',
			filters: { conditions: [{ keyName: 'qty', condition: 'gt', keyValue: '1' }] },
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json)).toEqual([{ id: '1790000000000000003', sku: 'C-3', qty: 7 }]);
	});

	it('dataEnum getAll and get', async () => {
		const helper = await userCredentialStore(emulator);
		const list = await runUserNode(helper, { resource: 'dataEnum', operation: 'getAll', workspaceId: WS, returnAll: true });
		expect(list.items.map((i) => i.json.name)).toEqual(['order_status']);
		const one = await runUserNode(helper, { resource: 'dataEnum', operation: 'get', workspaceId: WS, enumName: { __rl: true, mode: 'name', value: 'order_status' } });
		expect(one.items[0].json).toMatchObject({ name: 'order_status', options: ['new', 'paid'] });
	});

	it('workspace executeSql: one item per SELECT row with 19-digit ids exact; an acknowledgement otherwise', async () => {
		const helper = await userCredentialStore(emulator);
		const select = await runUserNode(helper, { resource: 'workspace', operation: 'executeSql', workspaceId: WS, sql: 'SELECT id, sku FROM orders ORDER BY id DESC LIMIT 2' });
		expect(select.error).toBeUndefined();
		expect(select.items.map((i) => i.json)).toEqual([
			{ id: '1790000000000000003', sku: 'C-3' },
			{ id: '1790000000000000002', sku: 'B-2' },
		]);
		const write = await runUserNode(helper, { resource: 'workspace', operation: 'executeSql', workspaceId: WS, sql: "DELETE FROM orders WHERE sku = 'A-1'" });
		expect(write.items.map((i) => i.json)).toEqual([{ success: true, workspace_id: WS, log_id: expect.any(String) }]);
		expect(emulator.workspaceRecords(WS, 'orders')).toHaveLength(2);
		const bad = await runUserNode(helper, { resource: 'workspace', operation: 'executeSql', workspaceId: WS, sql: 'DROP TABLE orders' });
		expect(bad.error?.message).toMatch(/2320001/);
	});
});
