/**
 * The structured filter of the data-platform operations, compiled to the PostgREST `filter` value.
 *
 * ASSUMPTION (Feishu does not document how it reads `filter`; the emulator reads it the same way):
 * `filter` holds a PostgREST query string (`age=gt.10&name=eq.x`) that Feishu splits on `&`, percent-
 * decoding each key and value as PostgREST does (`+` is a space). So every key and value is
 * percent-encoded here (which covers `&`, `=`, `%`, `+`), and inside `or=()` and `in.()` every value is
 * double-quoted, with `\` escaping `"` and `\`. A value can therefore never add a condition, a pair or a
 * query parameter: it arrives as exactly the one value it was.
 */

export const FILTER_CONDITIONS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is', 'in'] as const;
export type FilterCondition = (typeof FILTER_CONDITIONS)[number];

export interface FilterRow {
	keyName?: unknown;
	condition?: unknown;
	keyValue?: unknown;
}

export interface FilterInput {
	filterType: 'none' | 'manual' | 'string';
	matchType?: 'allFilters' | 'anyFilter';
	conditions?: FilterRow[];
	filterString?: string;
}

/** A filter the user wrote that cannot be compiled; the message names the field. */
export class FilterInputError extends Error {
	override name = 'FilterInputError';
}

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value inside `or=()` / `in.()`: always quoted, so `, . : ( )` and quotes stay part of it. */
export function quoteListValue(value: string): string {
	return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

function parseJson(s: string): unknown {
	try {
		return JSON.parse(s) as unknown;
	} catch {
		return undefined;
	}
}

/** `in` values: an array, a JSON array string, or a comma-separated list. */
function listOf(value: unknown, field: string): string[] {
	if (Array.isArray(value)) return value.map(text);
	const s = text(value).trim();
	if (s.startsWith('[')) {
		const parsed = parseJson(s);
		if (!Array.isArray(parsed)) throw new FilterInputError(`${field} is not a valid JSON array`);
		return parsed.map(text);
	}
	if (s === '') throw new FilterInputError(`${field} needs at least one value for "in"`);
	return s.split(',').map((v) => v.trim());
}

/** `op.value` of one condition; `nested` = inside or() (a single value is quoted there too). */
function operation(row: FilterRow, index: number, nested: boolean): { column: string; op: string } {
	const field = `Filters → Conditions[${index}]`;
	const column = text(row.keyName).trim();
	if (column === '') throw new FilterInputError(`${field} → Field Name is empty`);
	if (!COLUMN.test(column)) {
		throw new FilterInputError(`${field} → Field Name "${column}" is not a column name (letters, digits, _)`);
	}
	const condition = text(row.condition) as FilterCondition;
	if (!(FILTER_CONDITIONS as readonly string[]).includes(condition)) {
		throw new FilterInputError(`${field} → Condition "${condition}" is not one of ${FILTER_CONDITIONS.join(', ')}`);
	}
	if (condition === 'is') {
		const v = text(row.keyValue).trim().toLowerCase();
		if (!['null', 'true', 'false'].includes(v)) {
			throw new FilterInputError(`${field} → Field Value must be null, true or false for "is"`);
		}
		return { column, op: `is.${v}` };
	}
	if (condition === 'in') {
		return { column, op: `in.(${listOf(row.keyValue, `${field} → Field Value`).map(quoteListValue).join(',')})` };
	}
	const value = text(row.keyValue);
	return { column, op: `${condition}.${nested ? quoteListValue(value) : value}` };
}

/**
 * The `filter` query value, or undefined for no filter. Throws FilterInputError for a condition that
 * cannot be compiled (nothing is sent then).
 */
export function compileFilter(input: FilterInput): string | undefined {
	if (input.filterType === 'none') return undefined;
	if (input.filterType === 'string') {
		const raw = (input.filterString ?? '').trim();
		return raw === '' ? undefined : raw;
	}
	const rows = input.conditions ?? [];
	if (rows.length === 0) return undefined;
	if ((input.matchType ?? 'allFilters') === 'allFilters') {
		return rows
			.map((row, i) => {
				const { column, op } = operation(row, i, false);
				return `${encodeURIComponent(column)}=${encodeURIComponent(op)}`;
			})
			.join('&');
	}
	const items = rows.map((row, i) => {
		const { column, op } = operation(row, i, true);
		return `${column}.${op}`;
	});
	return `or=${encodeURIComponent(`(${items.join(',')})`)}`;
}
