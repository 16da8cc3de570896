/** Applies one fault from the queue to a request, instead of (or before) normal processing. */
import { STATUS_CODES } from 'node:http';
import { ERRORS, errorBody, METHOD_IDS, sendError, sendJson, sendSuccess, sendText, type Exchange } from './envelope';
import type { Fault } from './knobs';

// What nginx-style gateways (Feishu's included) answer when the upstream is down.
const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
	'<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/**
 * Returns nothing: each fault either answers the request, destroys its socket, or leaves it
 * hanging (the server destroys it on stop()).
 */
export function applyFault(fault: Fault, ex: Exchange): void {
	switch (fault.kind) {
		case 'reset':
			// No answer at all: the client sees ECONNRESET / "socket hang up".
			ex.req.socket.destroy();
			return;
		case 'hang':
			return;
		case 'html':
			return sendText(ex, 502, 'text/html', BAD_GATEWAY_HTML);
		case 'redirect':
			// A misconfigured proxy or gateway in front of Feishu (Feishu's APIs never redirect).
			ex.extraHeaders.location = fault.location;
			return sendText(ex, fault.status ?? 307, 'text/html', '<html><body>Moved</body></html>');
		case 'status':
			// ASSUMPTION: Feishu's gateway 5xx body is undocumented; we send JSON {code:<status>,
			// msg:<reason phrase>} so a client that trusts `code` on a 5xx is not rewarded.
			return sendJson(ex, fault.status, {
				code: fault.status,
				msg: STATUS_CODES[fault.status] ?? 'error',
			});
		case 'invalidToken':
			return sendError(ex, ERRORS.invalidToken, METHOD_IDS.gateway);
		case 'feishuError':
			return sendJson(ex, fault.status ?? 400, errorBody(fault, ex.logId, METHOD_IDS.gateway));
		case 'loseAnswer':
		case 'drip':
			// Handled by the server: the request must be processed first (see loseAnswer, drip).
			return;
		case 'emptyPages': {
			// TEST FAULT: an empty page that still says has_more (see knobs.ts).
			const use = uses.get(fault) ?? 0;
			uses.set(fault, use + 1);
			const token = fault.tokens ? fault.tokens[use % fault.tokens.length] : `empty-page-${use + 1}`;
			return sendSuccess(ex, { items: '[]', records: '[]', has_more: true, next_page_token: token });
		}
		case 'oversized':
			// TEST FAULT: one field far beyond anything Feishu sends (see knobs.ts).
			if (fault.field === 'msg') return sendJson(ex, 400, errorBody({ code: 2320001, msg: 'x'.repeat(fault.size) }, ex.logId, METHOD_IDS.gateway));
			if (fault.field === 'data') return sendJson(ex, 200, { code: 0, msg: 'success', data: 'x'.repeat(fault.size) });
			return sendSuccess(ex, { padding: 'x'.repeat(fault.size) });
		case 'answer':
			// TEST FAULT: the body exactly as the test wrote it.
			return sendText(ex, fault.status ?? 200, fault.contentType ?? 'application/json; charset=utf-8', fault.body);
	}
}

/** How often each `emptyPages` fault was used (its tokens cycle). */
const uses = new WeakMap<Fault, number>();

/**
 * The `drip` fault (TEST FAULT, not Feishu behaviour): the request goes through the normal route,
 * then its answer leaves a few bytes at a time, so a client's idle timer never fires while the whole
 * answer takes far longer than any timeout. Stops when the client goes away (or the server stops).
 */
export function drip(ex: Exchange, fault: Extract<Fault, { kind: 'drip' }>): void {
	const res = ex.res;
	const end = res.end.bind(res);
	res.end = ((chunk?: unknown) => {
		const body = chunk === undefined ? Buffer.alloc(0) : Buffer.from(chunk as string);
		res.setHeader('Content-Length', body.length);
		res.flushHeaders();
		const step = fault.bytes ?? 1;
		let sent = 0;
		const timer = setInterval(() => {
			if (res.destroyed) return clearInterval(timer);
			const next = body.subarray(sent, sent + step);
			sent += next.length;
			if (sent >= body.length) {
				clearInterval(timer);
				end(next);
			} else res.write(next);
		}, fault.intervalMs ?? 250);
		res.on('close', () => clearInterval(timer));
		return res;
	}) as typeof res.end;
}

/**
 * The `loseAnswer` fault: the request goes through the normal route (its side effects happen), but
 * the answer never reaches the client — the connection drops instead, as when a network or proxy
 * fails after Feishu did the work. What a client must not repeat blindly.
 */
export function loseAnswer(ex: Exchange): void {
	const socket = ex.req.socket;
	const drop = () => {
		// The log says what the client saw: no answer.
		ex.record.status = 0;
		socket.destroy();
		return ex.res;
	};
	ex.res.writeHead = drop as unknown as typeof ex.res.writeHead;
	ex.res.write = (() => true) as unknown as typeof ex.res.write;
	ex.res.end = drop as unknown as typeof ex.res.end;
}
