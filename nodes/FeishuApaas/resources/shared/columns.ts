/**
 * The `columns` resource mapper of the data-platform writes: n8n's standard value
 * `{mappingMode: 'autoMapInputData' | 'defineBelow', value, matchingColumns, schema}`, its fields loaded
 * from the table's schema (methods/dataPlatform.ts), "map automatically" from the input item by default.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { shapeValue } from '../../engine/shape';
import { checkJsonValue } from '../../engine/values';

export type MapperMode = 'add' | 'upsert' | 'update';

export function columnsProperty(displayOptions: INodeProperties['displayOptions'], mode: MapperMode): INodeProperties {
	return {
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['workspaceId', 'tableName.value'],
			resourceMapper: {
				resourceMapperMethod: 'getColumns',
				mode,
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: true,
				supportAutoMap: true,
			},
		},
		displayOptions,
	};
}

interface MapperValue {
	mappingMode?: string;
	value?: IDataObject | null;
	matchingColumns?: string[];
}

function mapperValue(ctx: IExecuteFunctions, itemIndex: number): MapperValue {
	const raw = ctx.getNodeParameter('columns', itemIndex, { mappingMode: 'autoMapInputData' }) as MapperValue;
	return raw ?? { mappingMode: 'autoMapInputData' };
}

/** The row item `itemIndex` writes: the item's JSON (map automatically) or the mapped values. */
export function rowOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const mapper = mapperValue(ctx, itemIndex);
	const source =
		mapper.mappingMode === 'defineBelow' ? (mapper.value ?? {}) : (ctx.getInputData()[itemIndex]?.json ?? {});
	const row: IDataObject = {};
	for (const [key, value] of Object.entries(source)) if (value !== undefined) row[key] = value;
	if (Object.keys(row).length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Columns: item ${itemIndex} has no column values (map its fields, or send items with JSON)`,
			{ itemIndex },
		);
	}
	// The values are JavaScript values already (the item, an expression): NaN and ±Infinity would be sent
	// as null, a number beyond 2^53 has lost digits, a circular or 10,000-deep value cannot be written.
	const writable = (value: unknown): IDataObject => {
		checkJsonValue(value, { fromText: false });
		return row;
	};
	return shapeValue(ctx, { displayName: 'Columns', name: 'columns' }, writable, row, itemIndex);
}

/** The columns an upsert matches on (empty: the table's primary key, Feishu's default). */
export function matchingColumnsOf(ctx: IExecuteFunctions, itemIndex: number): string[] {
	return (mapperValue(ctx, itemIndex).matchingColumns ?? []).filter((c) => typeof c === 'string' && c !== '');
}
