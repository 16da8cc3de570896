/**
 * `workspaceId`: the id, or the data platform's URL pasted as is
 * (`https://apaas.feishu.cn/suda/workspace/<workspace_id>/…`).
 */

const ID = /^[A-Za-z0-9_-]+$/;
const IN_URL = /\/workspace\/([A-Za-z0-9_-]+)(?:[/?#]|$)/;

/** The workspace id, or an Error whose message names the parameter. */
export function parseWorkspaceId(input: unknown): string | Error {
	const raw = typeof input === 'string' ? input.trim() : typeof input === 'number' ? String(input) : '';
	if (raw === '') return new Error('Workspace is empty: enter the workspace id or paste the data platform URL');
	if (ID.test(raw)) return raw;
	if (/^https?:\/\//i.test(raw)) {
		const m = IN_URL.exec(new URL(raw).pathname);
		if (m) return m[1];
		return new Error(`Workspace: the URL does not contain /workspace/<workspace_id>/ (${new URL(raw).origin}…)`);
	}
	return new Error('Workspace must be a workspace id (letters, digits, _ and -) or the data platform URL');
}
