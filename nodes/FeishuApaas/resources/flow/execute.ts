import { NodeApiError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { stringifyExact } from '../../engine/exact-json';
import { acknowledgement, parsedKeys } from '../../engine/output';
import { buildRequest } from '../../engine/request/build-request';
import { send } from '../../engine/request/send';
import type { AcknowledgeOutput, OperationExecutor } from '../../engine/types';
import { cutText } from '../../transport/errors';

/**
 * ASSUMPTION: Feishu documents only that a repeated `idempotent_key` "will report an error", not the
 * code; this is the emulator's. Met on a retry, it means the first attempt arrived (see the transport).
 */
export const REPEATED_IDEMPOTENT_KEY_CODE = 2320010;

/** What the default idempotency key is made of: the run and the item. */
export interface KeySource {
	executionId: string;
	nodeId: string;
	itemIndex: number;
}

/**
 * The default idempotency key: the same for the same item of the same execution, so a retry of a
 * request whose answer was lost cannot start the flow a second time, while every new execution runs.
 */
export function defaultIdempotentKey({ executionId, nodeId, itemIndex }: KeySource): string {
	return `n8n-${executionId}-${nodeId.replace(/-/g, '').slice(0, 12)}-${itemIndex}`;
}

/**
 * A stand-in execution id for runs n8n gives none (engine runs without a saved execution), one per
 * run so that every item of it shares it. n8n creates an execute context per run, so nothing here
 * outlives the run it belongs to.
 */
const standInIds = new WeakMap<IExecuteFunctions, string>();

function executionIdOf(ctx: IExecuteFunctions): string {
	const id = ctx.getExecutionId();
	if (id) return id;
	let standIn = standInIds.get(ctx);
	if (standIn === undefined) {
		standIn = `run${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
		standInIds.set(ctx, standIn);
	}
	return standIn;
}

/** Statuses Feishu reports for a flow that ran and failed. ASSUMPTION: the docs show only "end". */
const FAILED_STATUSES = new Set(['failed', 'fail', 'error', 'terminated', 'canceled', 'cancelled']);

/** A flow that ran but reports a failure (status, error_msg or code), in Feishu's words; else undefined. */
export function flowFailure(data: IDataObject): string | undefined {
	const status = typeof data.status === 'string' ? data.status : '';
	const errorMsg = typeof data.error_msg === 'string' ? data.error_msg : '';
	const code = data.code === undefined || data.code === null ? '' : String(data.code);
	if (!FAILED_STATUSES.has(status.toLowerCase()) && errorMsg === '' && (code === '' || code === '0')) return undefined;
	const what = [status && `status ${status}`, code && code !== '0' && `code ${code}`].filter(Boolean).join(', ');
	return `The flow ran and failed${what ? ` (${what})` : ''}${errorMsg ? `: ${errorMsg}` : ''}`;
}

/** A failure Feishu reported inside a successful answer (`code: 0`), as an error with Feishu's words. */
function reportedFailure(ctx: IExecuteFunctions, message: string, data: IDataObject, itemIndex: number, logId?: string): NodeApiError {
	const details: JsonObject = { ...(data as JsonObject), item_index: itemIndex };
	if (logId) details.log_id = logId;
	// Feishu's words (a flow's error_msg) cut to a sane length: a 50 MB one would be a 50 MB message.
	const cut = cutText(message);
	const error = new NodeApiError(ctx.getNode(), details, { message: cut, itemIndex });
	error.message = cut;
	return error;
}

const OUTPUT: AcknowledgeOutput = { kind: 'acknowledge', parse: ['out_params'], echo: ['idempotent_key'] };

/**
 * Execute: the row's request, plus what is particular to flows: `operator` (built from Operator User
 * ID and Operator Email) goes as a JSON string whose `_id` is an exact int64; an idempotent key is
 * always sent; a refused repeated key on a retry means the first attempt arrived; and a flow that
 * ran and failed (Feishu's `code: 0` with a failed status) is an item error.
 */
export const executeFlow: OperationExecutor = async (ctx, spec, itemIndex) => {
	const request = buildRequest(ctx, spec, itemIndex);
	const body: IDataObject = { ...request.body };
	if (body.operator !== undefined && typeof body.operator !== 'string') body.operator = stringifyExact(body.operator);
	if (body.idempotent_key === undefined) {
		body.idempotent_key = defaultIdempotentKey({ executionId: executionIdOf(ctx), nodeId: ctx.getNode().id, itemIndex });
	}
	const sent = { ...request, body, api: { ...request.api, repeatedKeyCode: REPEATED_IDEMPOTENT_KEY_CODE } };
	const { data, logId } = await send(ctx, sent, itemIndex);
	const failure = flowFailure(data);
	if (failure !== undefined) throw reportedFailure(ctx, failure, parsedKeys(data, OUTPUT.parse), itemIndex, logId);
	return [acknowledgement(sent, data, logId, OUTPUT)];
};
