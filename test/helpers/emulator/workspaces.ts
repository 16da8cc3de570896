/** A seeded data platform and a user token for the workspace route tests. */
import type { FeishuEmulator, WorkspaceSeed } from '../../../emulator';
import { parseExact } from '../../../emulator';
import { connect } from './oauth';

export const WS = 'ws_shop';
export const base = (ws = WS) => `/open-apis/apaas/v1/workspaces/${ws}`;

export const SHOP: WorkspaceSeed = {
	id: WS,
	tables: [
		{
			name: 'orders',
			description: 'Orders',
			columns: [
				{ name: 'id', data_type: 'int8', is_primary_key: true, is_auto_increment: true },
				{ name: 'sku', data_type: 'text', is_unique: true, is_allow_null: false },
				{ name: 'customer', data_type: 'text' },
				{ name: 'qty', data_type: 'int4', is_allow_null: false, default_value: '1' },
				{ name: 'paid', data_type: 'bool', default_value: 'false' },
				{ name: 'tags', data_type: 'text', is_array: true },
			],
			records: [
				{ id: 1790000000000000001n, sku: 'A-1', customer: 'Ann', qty: 3, paid: true },
				{ id: 1790000000000000002n, sku: 'B-2', customer: 'Bob', qty: 1, paid: false },
				{ id: 1790000000000000003n, sku: 'C-3', customer: 'a,b.c:(d)"e', qty: 7, paid: false },
			],
		},
	],
	views: [{ name: 'open_orders', table: 'orders', columns: ['id', 'sku', 'qty'], filter: 'paid=is.false' }],
	enums: [{ name: 'order_status', description: 'Status', options: ['new', 'paid'], created_by: { id: 'ou_1', name: 'Ann' } }],
};

export interface ApiReply {
	status: number;
	code: number;
	msg: string;
	data: Record<string, unknown>;
	text: string;
}

export function client(em: () => FeishuEmulator) {
	let token = '';
	beforeEach(async () => {
		token = (await connect(em())).access_token as string;
	});
	return async (method: string, path: string, body?: unknown): Promise<ApiReply> => {
		const res = await fetch(em().url + path, {
			method,
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		const json = JSON.parse(text) as { code: number; msg: string; data: Record<string, unknown> };
		return { status: res.status, code: json.code, msg: json.msg, data: json.data, text };
	};
}

/** `items` of a records answer, parsed exactly. */
export const items = (r: ApiReply) => parseExact(r.data.items as string) as Array<Record<string, unknown>>;

/** A `filter` query parameter for a PostgREST filter string. */
export const filter = (f: string) => `filter=${encodeURIComponent(f)}`;
