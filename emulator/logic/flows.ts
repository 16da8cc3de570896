/**
 * POST applications/:namespace/flows/:flow_id/execute
 *   {operator: "<JSON {_id?, email?}>", params?: "<JSON object>", is_async?, idempotent_key?, loop_masks?}
 *   → {status, out_params: "<JSON>", execution_id, error_msg, code}
 */
import { ERRORS } from '../envelope';
import { isJsonObject, stringifyExact, tryParseExact, type ExactJson } from '../objects/json-int64';
import type { EmulatorUser } from '../human-tasks/types';
import { invalid, LogicError, optionalStringArray, paramsField, plain, type LogicCall } from './call';

/** ASSUMPTION: what Feishu answers for a repeated idempotent_key is not documented (code and msg are ours). */
export const IDEMPOTENT_KEY_REPEATED = ERRORS.idempotentKeyRepeated;

/** The `big` value approve_order puts in out_params: a 19-digit int64 beyond 2^53. */
const APPROVE_ORDER_BIG = 1_790_000_000_000_000_001n;

/**
 * The user the `operator` JSON string names. `_id` (number or digit string) and/or `email`.
 * ASSUMPTION: an operator that is not a known aPaaS user is 2320001; when both are given they
 * must name the same user; the email match ignores case.
 */
function resolveOperator(call: LogicCall, raw: unknown): EmulatorUser {
	if (typeof raw !== 'string') throw invalid('operator must be a JSON string');
	const op = tryParseExact(raw);
	if (!isJsonObject(op)) throw invalid('operator must be a JSON string of an object');
	const users = [...call.ctx.state.users.values()];
	let byId: EmulatorUser | undefined;
	let byEmail: EmulatorUser | undefined;
	const id = op._id;
	if (id !== undefined && id !== null) {
		const text = typeof id === 'string' ? id.trim() : typeof id === 'number' || typeof id === 'bigint' ? String(id) : '';
		if (!/^\d+$/.test(text)) throw invalid('operator._id must be an integer id');
		byId = call.ctx.state.users.get(text);
		if (!byId) throw invalid(`operator._id ${text} is not a user of this app`);
	}
	const email = op.email;
	if (email !== undefined && email !== null) {
		if (typeof email !== 'string' || email.trim() === '') throw invalid('operator.email must be a non-empty string');
		byEmail = users.find((u) => u.email !== undefined && u.email.toLowerCase() === email.trim().toLowerCase());
		if (!byEmail) throw invalid(`operator.email ${email} is not a user of this app`);
	}
	if (!byId && !byEmail) throw invalid('operator needs _id or email');
	if (byId && byEmail && byId !== byEmail) throw invalid('operator._id and operator.email name different users');
	return (byId ?? byEmail) as EmulatorUser;
}

function optionalBoolean(body: Record<string, unknown>, name: string): boolean {
	const v = body[name];
	if (v === undefined || v === null) return false;
	if (typeof v !== 'boolean') throw invalid(`${name} must be a boolean`);
	return v;
}

/** approve_order's out_params: params.order_id becomes a bare int64 when it is one. */
function approveOrderOut(params: { [key: string]: ExactJson } | undefined): { [key: string]: ExactJson } {
	const out: { [key: string]: ExactJson } = { approved: true };
	const orderId = params?.order_id;
	if (orderId !== undefined && orderId !== null) {
		out.order_id = typeof orderId === 'string' && /^-?\d+$/.test(orderId.trim()) ? BigInt(orderId.trim()) : orderId;
	}
	out.big = APPROVE_ORDER_BIG;
	return out;
}

export async function executeFlow(call: LogicCall): Promise<Record<string, unknown> | null> {
	const { ctx, body, logic, namespace } = call;
	const flow = logic.flows.get(call.name);
	if (!flow) throw invalid(`unknown flow "${call.name}" in namespace "${namespace}"`);
	const user = resolveOperator(call, body.operator);
	const params = paramsField(body);
	const isAsync = optionalBoolean(body, 'is_async');
	const key = body.idempotent_key;
	if (key !== undefined && key !== null && typeof key !== 'string') throw invalid('idempotent_key must be a string');
	// ASSUMPTION: an empty idempotent_key is no key.
	const idempotentKey = typeof key === 'string' && key !== '' ? key : null;
	const loopMasks = optionalStringArray(body, 'loop_masks') ?? null;

	// ASSUMPTION: only a request that passed validation uses up its key; the key is kept per
	// app, namespace and flow until reset(), and a repeated one runs nothing.
	if (idempotentKey !== null && ctx.logic.useIdempotentKey(call.appId, namespace, flow.apiName, idempotentKey)) {
		throw new LogicError(IDEMPOTENT_KEY_REPEATED);
	}

	const executionId = ctx.logic.nextExecutionId();
	const runsAsync = isAsync && flow.supportsAsync;
	// ASSUMPTION: status values: "end" (documented example), "failed" and "running" (ours).
	let status = 'end';
	let outParams = '';
	let errorMsg = '';
	let code = '';
	if (runsAsync) status = 'running';
	else if (flow.behavior === 'approve_order') outParams = stringifyExact(approveOrderOut(params?.parsed));
	else if (flow.behavior === 'fail') {
		// ASSUMPTION: a flow that ran and failed answers code 0 with status "failed", its error
		// message in error_msg and its error code in `code`; out_params is empty.
		status = 'failed';
		errorMsg = flow.errorMsg ?? 'flow failed';
		code = flow.errorCode ?? 'k_flow_001';
	} else outParams = stringifyExact(params?.parsed ?? {});

	ctx.logic.flowExecutions.push({
		namespace,
		flowApiName: flow.apiName,
		executionId,
		operator: body.operator as string,
		operatorUserId: user.userId,
		params: params ? (plain(params.parsed) as Record<string, unknown>) : null,
		paramsJson: params ? params.raw : null,
		isAsync,
		idempotentKey,
		loopMasks: loopMasks && [...loopMasks],
		status,
		at: ctx.clock.now(),
	});

	if (!runsAsync && flow.behavior === 'slow' && ctx.flowDelayMs > 0) {
		// null: the emulator stopped while the flow was running; nothing is answered.
		if (!(await ctx.wait(ctx.flowDelayMs))) return null;
	}
	return { status, out_params: outParams, execution_id: executionId, error_msg: errorMsg, code };
}
