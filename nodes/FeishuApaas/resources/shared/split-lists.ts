import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { acknowledgement } from '../../engine/output';
import { buildRequest, type PreparedRequest } from '../../engine/request/build-request';
import { send } from '../../engine/request/send';
import type { OperationExecutor } from '../../engine/types';
import type { FeishuSuccess } from '../../transport/request';

/** Lists Feishu caps per request: `keys` of the body, up to `max` entries each. */
export interface SplitLists {
	keys: string[];
	max: number;
}

/**
 * The executor of a row whose body lists Feishu caps per request (the member APIs): an item with
 * longer lists is sent in several requests, and acknowledged once, with the row's output.
 */
export function sentInParts(split: SplitLists): OperationExecutor & { splitLists: SplitLists } {
	const executor: OperationExecutor = async (ctx, spec, itemIndex) => {
		const request = buildRequest(ctx, spec, itemIndex);
		const { data, logId } = await sendSplit(ctx, split, request, itemIndex);
		return [acknowledgement(request, data, logId, spec.output?.kind === 'acknowledge' ? spec.output : { kind: 'acknowledge' })];
	};
	// Said on the executor, so a test can tell which rows may send an item in several requests.
	return Object.assign(executor, { splitLists: split });
}

/**
 * One item's request sent in as many requests as its capped lists need (each with up to `max` entries
 * of every key), one after another; the last answer is returned. Should a later request fail, the
 * error says what the earlier ones already did.
 */
async function sendSplit(
	ctx: IExecuteFunctions,
	split: SplitLists,
	request: PreparedRequest,
	itemIndex: number,
): Promise<FeishuSuccess> {
	const lists = split.keys.map((key) => (Array.isArray(request.body?.[key]) ? (request.body?.[key] as unknown[]) : []));
	const parts = Math.max(1, ...lists.map((list) => Math.ceil(list.length / split.max)));
	let last: FeishuSuccess | undefined;
	for (let part = 0; part < parts; part++) {
		const body = { ...request.body };
		split.keys.forEach((key, k) => {
			const chunk = lists[k].slice(part * split.max, (part + 1) * split.max);
			if (chunk.length > 0) body[key] = chunk as string[];
			else delete body[key];
		});
		try {
			last = await send(ctx, request, itemIndex, body);
		} catch (error) {
			if (part > 0 && error instanceof NodeApiError) {
				const done = `The first ${part} of ${parts} requests for this item (up to ${split.max} ids each) had already succeeded.`;
				error.description = [error.description, done].filter(Boolean).join(' — ');
			}
			// The transport's errors are NodeApiErrors already; the constructor hands them back unchanged.
			throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
		}
	}
	return last as FeishuSuccess;
}
