/**
 * `workspaceId`: the id, or the data platform's URL pasted as is
 * (`https://apaas.feishu.cn/suda/workspace/<workspace_id>/…`).
 */

const ID = /^[A-Za-z0-9_-]+$/;
const IN_URL = /\/workspace\/([A-Za-z0-9_-]+)(?:[/?#]|$)/;
/**
 * ASSUMPTION: no workspace id is longer (Feishu documents no length; ids seen are ~20 characters). A
 * longer one would only be refused further on, by the HTTP server's header limit (HTTP 431).
 */
export const MAX_WORKSPACE_ID_LENGTH = 200;

/** The workspace id, or an Error whose message names the parameter. */
export function parseWorkspaceId(input: unknown): string | Error {
	if (typeof input === 'number' && !(Number.isSafeInteger(input) && input >= 0)) {
		// NaN, Infinity, a fraction, or beyond 2^53 (its digits are already lost in JavaScript).
		return new Error(`Workspace must be a workspace id; the number ${String(input)} is not one (pass ids as text)`);
	}
	const raw = typeof input === 'string' ? input.trim() : typeof input === 'number' ? String(input) : '';
	if (raw === '') return new Error('Workspace is empty: enter the workspace id or paste the data platform URL');
	if (ID.test(raw)) {
		if (raw.length > MAX_WORKSPACE_ID_LENGTH) return new Error(`Workspace must be a workspace id of at most ${MAX_WORKSPACE_ID_LENGTH} characters, got ${raw.length}`);
		return raw;
	}
	if (/^https?:\/\//i.test(raw)) {
		const m = IN_URL.exec(new URL(raw).pathname);
		if (m) return m[1].length > MAX_WORKSPACE_ID_LENGTH ? new Error(`Workspace: the id in the URL is longer than ${MAX_WORKSPACE_ID_LENGTH} characters`) : m[1];
		return new Error(`Workspace: the URL does not contain /workspace/<workspace_id>/ (${new URL(raw).origin}…)`);
	}
	return new Error('Workspace must be a workspace id (letters, digits, _ and -) or the data platform URL');
}
