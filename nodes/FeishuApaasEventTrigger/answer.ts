/** Writing the HTTP answer ourselves: n8n's own answer cannot carry a 401 or the challenge body. */

/** What n8n hands a webhook: Express's response, itself a Node `ServerResponse`. */
interface Response {
	headersSent: boolean;
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

export function answer(res: Response, status: number, body: object): void {
	if (res.headersSent) return;
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

/**
 * The body exactly as it came: n8n's body parser keeps it as `req.rawBody` (a Buffer) next to the
 * parsed `req.body`. The signature covers these bytes; re-serialising the parsed body would not match.
 */
export function rawBodyOf(req: { rawBody?: unknown; body?: unknown }): Buffer {
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (typeof req.rawBody === 'string') return Buffer.from(req.rawBody, 'utf8');
	// No raw body (should not happen behind n8n): the parsed body is all there is; a signature will not match.
	return Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body), 'utf8');
}
