import type { IExecuteFunctions } from 'n8n-workflow';

import { callFeishu, type FeishuSuccess } from '../../transport/request';
import type { PreparedRequest } from './build-request';

/** Sends a prepared request (with another body or query string when given, e.g. a page's). */
export async function send(
	ctx: IExecuteFunctions,
	request: PreparedRequest,
	itemIndex: number,
	body = request.body,
	query = request.query,
): Promise<FeishuSuccess> {
	const { method, path, api, settings, credentialType } = request;
	return await callFeishu(ctx, { method, path, body, query, itemIndex, api, credentialType }, settings);
}
