import type { TransportContext } from '../../transport/context';
import { callFeishu, type FeishuSuccess } from '../../transport/request';
import { holdsInt64, stringifyExact } from '../exact-json';
import type { PreparedRequest } from './build-request';

/** Sends a prepared request (with another body or query string when given, e.g. a page's). */
export async function send(
	ctx: TransportContext,
	request: PreparedRequest,
	itemIndex: number,
	body = request.body,
	query = request.query,
): Promise<FeishuSuccess> {
	const { method, path, api, settings, credentialType } = request;
	// Int64s parsed from JSON the user typed are written back as the bare numbers they were.
	const bodyJson = body !== undefined && holdsInt64(body) ? stringifyExact(body) : undefined;
	return await callFeishu(ctx, { method, path, body, bodyJson, query, itemIndex, api, credentialType }, settings);
}
