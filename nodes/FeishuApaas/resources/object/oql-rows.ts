import type { IDataObject } from 'n8n-workflow';

import { defineOwn } from '../../engine/exact-json';
import { parseJsonField } from '../../engine/output';
import { buildRequest } from '../../engine/request/build-request';
import { send } from '../../engine/request/send';
import type { OperationExecutor } from '../../engine/types';

/**
 * OQL rows as objects keyed by the column names. Feishu does not say whether `rows` holds arrays
 * (values in column order) or objects, so both are taken; an object row is kept as it is.
 */
export function rowsOf(data: IDataObject): IDataObject[] {
	const columns = Array.isArray(data.columns) ? (data.columns as unknown[]).map(String) : [];
	const rows = parseJsonField(data.rows, 'rows');
	if (!Array.isArray(rows)) return [];
	return rows.map((row) => {
		if (!Array.isArray(row)) {
			return typeof row === 'object' && row !== null ? (row as IDataObject) : { [columns[0] ?? 'value']: row as IDataObject[string] };
		}
		const keyed: IDataObject = {};
		// A column named __proto__ is an ordinary key of the row, not the row's prototype.
		row.forEach((value, index) => defineOwn(keyed, columns[index] ?? `column_${index + 1}`, value));
		return keyed;
	});
}

/** Execute OQL: one item per row of Feishu's `rows` (a JSON string, int64 exact), keyed by `columns`. */
export const executeOql: OperationExecutor = async (ctx, spec, itemIndex) => {
	const { data } = await send(ctx, buildRequest(ctx, spec, itemIndex), itemIndex);
	return rowsOf(data);
};
