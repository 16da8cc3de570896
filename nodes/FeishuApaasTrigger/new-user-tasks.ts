import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { entriesOf } from '../FeishuApaas/engine/output';
import { offsetPages } from '../FeishuApaas/engine/paging/offset';
import { apiOf, credentialTypeOf } from '../FeishuApaas/engine/request/api';
import { shapeFields, type PreparedRequest } from '../FeishuApaas/engine/request/build-request';
import { send } from '../FeishuApaas/engine/request/send';
import { RUN_DEFAULTS, RUN_SHAPES } from '../FeishuApaas/engine/run-options';
import { invalid as invalidValue, isUnset, shapeValue } from '../FeishuApaas/engine/shape';
import type { FieldSpec, ListOutput, OffsetPagination, OperationSpec } from '../FeishuApaas/engine/types';
import { findOperation } from '../FeishuApaas/resources';
import type { TransportSettings } from '../FeishuApaas/transport/context';

/** The Query User Tasks row of the catalog: the trigger sends the same request and emits the same items. */
export const QUERY: OperationSpec = (() => {
	const spec = findOperation('userTask', 'query');
	if (spec?.pagination?.kind !== 'offset' || spec.output?.kind !== 'list') throw new Error('catalog: userTask/query is missing');
	return spec;
})();

const QUERY_OUTPUT = QUERY.output as ListOutput;
const QUERY_PAGING = QUERY.pagination as OffsetPagination;

/** The trigger's own parameters, which are the Query row's fields of the same name. */
export const TRIGGER_FIELDS = ['kunlunUserId', 'source', 'type', 'apiIds'] as const;

export function queryField(param: (typeof TRIGGER_FIELDS)[number]): FieldSpec {
	const field = QUERY.fields.find((f) => f.param === param);
	if (!field) throw new Error(`catalog: userTask/query has no field ${param}`);
	return field;
}

/** Request settings a poll honours (item scheduling does not apply: a poll is one request stream). */
export const POLL_TRANSPORT_OPTIONS = ['timeout', 'maxRetries', 'maxRequestsPerMinute', 'paceWindowSeconds'] as const;

/**
 * How many times one poll walks the list again from the top when Feishu's `count` changed between
 * two pages (tasks arrived or left while paging, so offsets shifted and an entry may have been
 * passed over). The entries already read are kept; a walk again only adds what was missed.
 */
const MAX_REWALKS = 2;

/**
 * What the node keeps in the workflow's static data (n8n persists it with the workflow):
 * - `query`: the request it applies to (another user, source, state or process list starts afresh);
 * - `cursor`: the newest `task_start_time` seen (ms), 0 when the list was empty at activation;
 * - `idsAtCursor`: the task ids seen with exactly that start time — bounded by the tasks of one
 *   millisecond, never a list of every id ever emitted.
 */
export interface PollState {
	query: string;
	cursor: number;
	idsAtCursor: string[];
}

/** One Query request with the given paging keys: Feishu's `data`. */
type Call = (pagingKeys: IDataObject, body?: IDataObject) => Promise<IDataObject>;

/** Polls locally in progress, by workflow and node: n8n does not wait for a slow poll before the next tick. */
const inProgress = new Set<string>();

function invalid(ctx: IPollFunctions, displayName: string, name: string, reason: string): NodeOperationError {
	return invalidValue(ctx, { displayName, name }, undefined, reason);
}

/** The Query body (without paging) from the trigger's parameters, checked by the Query row's own shapes. */
export function queryBody(ctx: IPollFunctions): IDataObject {
	const fields = TRIGGER_FIELDS.map(queryField);
	return shapeFields(ctx, fields, (field) => ctx.getNodeParameter(field.param, field.default)).body;
}

function pollSettings(ctx: IPollFunctions): TransportSettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const settings: TransportSettings = { ...RUN_DEFAULTS };
	for (const name of POLL_TRANSPORT_OPTIONS) {
		const raw = options[name];
		if (isUnset(raw)) continue;
		settings[name] = shapeValue(ctx, { displayName: `Options → ${name}`, name }, RUN_SHAPES[name], raw);
	}
	return settings;
}

function idOf(entry: IDataObject): string | undefined {
	const id = entry.task_id;
	if (typeof id === 'string' && id !== '') return id;
	return typeof id === 'number' ? String(id) : undefined;
}

/** `task_start_time` in ms (Feishu sends it as a string), or undefined if it is not a time. */
function startOf(entry: IDataObject): number | undefined {
	const raw = entry.task_start_time;
	const ms = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : typeof raw === 'number' ? raw : Number.NaN;
	return Number.isSafeInteger(ms) ? ms : undefined;
}

/** 64-bit digit ids compared without BigInt: shorter is smaller, then lexical. */
function compareIds(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Oldest first (the order they arrived in), ties by task id. */
function chronological(a: IDataObject, b: IDataObject): number {
	return (startOf(a) ?? 0) - (startOf(b) ?? 0) || compareIds(idOf(a) ?? '', idOf(b) ?? '');
}

function readState(staticData: IDataObject, query: string): PollState | undefined {
	const { cursor, idsAtCursor } = staticData;
	if (staticData.query !== query || typeof cursor !== 'number' || !Number.isSafeInteger(cursor)) return undefined;
	if (!Array.isArray(idsAtCursor) || !idsAtCursor.every((id) => typeof id === 'string')) return undefined;
	return { query, cursor, idsAtCursor: idsAtCursor as string[] };
}

function writeState(staticData: IDataObject, state: PollState): void {
	staticData.query = state.query;
	staticData.cursor = state.cursor;
	staticData.idsAtCursor = state.idsAtCursor;
}

/**
 * Every entry of the list whose request is `body`, walking the engine's offset pages (50 at a time)
 * until a short page or Feishu's `count`. Should `count` change between pages, the list moved under
 * the walk, and it walks again from the top (at most MAX_REWALKS times), keeping what it read.
 * `stopAt` ends the walk early after a page for which it says so.
 */
async function walk(call: Call, body: IDataObject, stopAt?: (page: IDataObject[]) => boolean): Promise<Map<string, IDataObject>> {
	const found = new Map<string, IDataObject>();
	const fetch = async (keys: IDataObject) => {
		const data = await call(keys, body);
		return { data, entries: entriesOf(data, QUERY_OUTPUT) };
	};
	let expected: number | undefined;
	for (let rewalks = 0; ; rewalks++) {
		let moved = false;
		for await (const { data, entries } of offsetPages(QUERY_PAGING, Number.POSITIVE_INFINITY, fetch)) {
			for (const entry of entries) {
				const id = idOf(entry);
				if (id !== undefined && !found.has(id)) found.set(id, entry);
			}
			const count = Number(data[QUERY_PAGING.countKey]);
			moved = expected !== undefined && Number.isFinite(count) && count !== expected;
			if (Number.isFinite(count)) expected = count;
			if (moved && rewalks < MAX_REWALKS) break;
			moved = false;
			// An empty page is the last one anyway; stopAt looks at entries.
			if (entries.length > 0 && stopAt?.(entries)) break;
		}
		if (!moved) return found;
	}
}

/**
 * Where the list stands now: the newest start time and the ids that share it. Used at activation
 * (nothing is emitted) so that only tasks arriving later are. The list is newest first, so one
 * page is enough unless more than a page of tasks share the newest start time.
 */
async function currentPosition(call: Call, body: IDataObject, query: string): Promise<PollState> {
	let first: number | undefined;
	const found = await walk(call, body, (page) => {
		first ??= startOf(page[0]);
		return startOf(page[page.length - 1]) !== first;
	});
	let newest: number | undefined;
	for (const entry of found.values()) {
		const at = startOf(entry);
		if (at !== undefined && (newest === undefined || at > newest)) newest = at;
	}
	if (newest === undefined) return { query, cursor: 0, idsAtCursor: [] };
	const ids = [...found.values()].filter((e) => startOf(e) === newest).map((e) => idOf(e) as string);
	return { query, cursor: newest, idsAtCursor: ids.sort(compareIds) };
}

/**
 * The tasks that arrived since `state`, oldest first, and the state after them.
 *
 * The request asks for start_time = cursor − 1 ms: whether Feishu's start_time bound is inclusive
 * or exclusive (its docs do not say), every task at the cursor is listed again, and the ids seen at
 * the cursor tell the old ones from new ones that share the timestamp. Anything older than the
 * cursor that comes back is dropped.
 */
async function newSince(call: Call, body: IDataObject, state: PollState): Promise<{ tasks: IDataObject[]; next: PollState }> {
	const request = state.cursor > 0 ? { ...body, start_time: String(state.cursor - 1) } : body;
	const found = await walk(call, request);
	const seen = new Set(state.idsAtCursor);
	const tasks: IDataObject[] = [];
	let newest = state.cursor;
	for (const [id, entry] of found) {
		const at = startOf(entry);
		if (at === undefined || at < state.cursor) continue;
		if (at > newest) newest = at;
		if (at === state.cursor && seen.has(id)) continue;
		tasks.push(entry);
	}
	const atNewest = [...found].filter(([, e]) => startOf(e) === newest).map(([id]) => id);
	// While the cursor stays, its ids accumulate (tasks of one millisecond); once it moves, only the new ones remain.
	const ids = newest === state.cursor ? [...new Set([...state.idsAtCursor, ...atNewest])] : atNewest;
	return { tasks: tasks.sort(chronological), next: { query: state.query, cursor: newest, idsAtCursor: ids.sort(compareIds) } };
}

/**
 * One poll of the New User Task event.
 * - Manual ("Fetch Test Event"): the newest matching task, or a clear error if there is none; the
 *   stored position is neither read nor moved.
 * - First poll after activation (or after the query changed): records the position, emits nothing.
 * - Later polls: every task that arrived since, one item each, oldest first; null when none did.
 * The position is written only after the whole poll succeeded, so a failing poll loses nothing.
 */
export async function pollNewUserTasks(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = ctx.getNodeParameter('event', 'newUserTask');
	if (event !== 'newUserTask') throw invalid(ctx, 'Event', 'event', `must be newUserTask, got ${JSON.stringify(event)}`);
	const body = queryBody(ctx);
	const request: PreparedRequest = {
		method: QUERY.method ?? 'POST',
		path: QUERY.path,
		body,
		pathValues: {},
		settings: pollSettings(ctx),
		// The same pace (per credential and API) as Query User Tasks.
		api: apiOf(QUERY),
		credentialType: credentialTypeOf(QUERY),
	};
	const call: Call = async (keys, requestBody = body) => (await send(ctx, request, 0, { ...requestBody, ...keys })).data;

	if (ctx.getMode() === 'manual') {
		const [newest] = entriesOf(await call({ limit: '1', offset: '0' }), QUERY_OUTPUT);
		if (!newest) {
			throw new NodeOperationError(ctx.getNode(), 'No task found', {
				description: `Feishu lists no ${String(body.type)} task (source ${String(body.source)}) for kunlun user ${String(body.kunlun_user_id)}${body.api_ids ? ` in the processes ${(body.api_ids as string[]).join(', ')}` : ''}. Create one, then fetch the test event again.`,
			});
		}
		return [ctx.helpers.returnJsonArray([newest])];
	}

	const workflowId = ctx.getWorkflow().id ?? '';
	const lock = `${workflowId}|${ctx.getNode().id ?? ctx.getNode().name}`;
	// A poll that outlasts the interval (a long backlog at the rate limit) must not run twice at once,
	// or both would emit the same tasks from the same position.
	if (inProgress.has(lock)) return null;
	inProgress.add(lock);
	try {
		const staticData = ctx.getWorkflowStaticData('node');
		const query = JSON.stringify(body);
		const state = readState(staticData, query);
		if (!state) {
			writeState(staticData, await currentPosition(call, body, query));
			return null;
		}
		const { tasks, next } = await newSince(call, body, state);
		writeState(staticData, next);
		return tasks.length > 0 ? [ctx.helpers.returnJsonArray(tasks)] : null;
	} finally {
		inProgress.delete(lock);
	}
}
