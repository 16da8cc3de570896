/**
 * POST applications/:namespace/functions/:function_api_name/invoke
 *   {params?: "<JSON object>"} → {result: "<JSON>"}
 */
import { ERRORS } from '../envelope';
import { stringifyExact } from '../objects/json-int64';
import { invalid, LogicError, paramsField, plain, type LogicCall } from './call';

/** What list_ids answers: two 19-digit ids beyond 2^53, as bare numbers. */
const LIST_IDS = [1_790_000_000_000_000_001n, 1_790_000_000_000_000_002n];

export function invokeFunction(call: LogicCall): Record<string, unknown> {
	const { ctx, logic, namespace, body } = call;
	const fn = logic.functions.get(call.name);
	if (!fn) throw invalid(`unknown function "${call.name}" in namespace "${namespace}"`);
	const params = paramsField(body);
	const ok = fn.behavior !== 'throws';
	ctx.logic.functionInvocations.push({
		namespace,
		functionApiName: fn.apiName,
		params: params ? (plain(params.parsed) as Record<string, unknown>) : null,
		paramsJson: params ? params.raw : null,
		ok,
		at: ctx.clock.now(),
	});
	switch (fn.behavior) {
		case 'throws':
			// ASSUMPTION: a function that throws is HTTP 400 / 2320011 "function execution failed: <message>".
			throw new LogicError(ERRORS.functionFailed, fn.errorMessage ?? 'boom');
		case 'list_ids':
			return { result: stringifyExact(LIST_IDS) };
		case 'count_customers':
			return { result: String(ctx.objects.table(namespace, 'customer')?.records.size ?? 0) };
		case 'constant':
			return { result: stringifyExact(fn.result ?? null) };
		default:
			// ASSUMPTION: without params, echo answers an empty object.
			return { result: stringifyExact(params?.parsed ?? {}) };
	}
}
