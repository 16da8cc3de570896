/** POST /open-apis/apaas/v1/approval_instances/:approval_instance_id/cancel */
import type { RouteContext } from '../context';
import { ERRORS, METHOD_IDS, sendError, sendSuccess, type Exchange } from '../envelope';
import { jsonObjectBody, nonEmptyString } from '../body';

export function handleCancel(ctx: RouteContext, ex: Exchange, params: Record<string, string>): void {
	const body = jsonObjectBody(ex, METHOD_IDS.cancel);
	if (!body) return;
	const fail = () => sendError(ex, ERRORS.paramInvalid, METHOD_IDS.cancel);

	const instanceId = params.id;
	// ASSUMPTION: a non-numeric id is a parameter error, like an unknown one.
	if (!/^\d+$/.test(instanceId)) return fail();
	if (!nonEmptyString(body.user_id) || !nonEmptyString(body.opinion)) return fail();

	switch (ctx.state.cancelInstance(instanceId, body.user_id)) {
		case 'ok':
			return sendSuccess(ex, {});
		case 'notRunning':
			return sendError(ex, ERRORS.statusNotAllowCancel, METHOD_IDS.cancel);
		// ASSUMPTION: unknown instance and unknown user are both 2320001.
		case 'unknownInstance':
		case 'unknownUser':
			return fail();
	}
}
