/** Applies one fault from the queue to a request, instead of (or before) normal processing. */
import { STATUS_CODES } from 'node:http';
import { ERRORS, errorBody, METHOD_IDS, sendError, sendJson, sendText, type Exchange } from './envelope';
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
			// Handled by the server: the request must be processed first (see loseAnswer).
			return;
	}
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
