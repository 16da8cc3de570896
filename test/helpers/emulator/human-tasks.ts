/** Helpers shared by the task-action endpoint tests. */
import type { FeishuEmulator } from '../../../emulator';
import { call, QUERY_PATH, type Reply } from './http';

export const approvalTaskPath = (id: string, action: string) => `/open-apis/apaas/v1/approval_tasks/${id}/${action}`;
export const userTaskPath = (id: string, action: string) => `/open-apis/apaas/v1/user_tasks/${id}/${action}`;

/** Sample task id n (1..12): "72000000000000000nn". */
export const tid = (n: number) => `72000000000000000${String(n).padStart(2, '0')}`;
/** Sample instance id n (1..8). */
export const iid = (n: number) => `710000000000000000${n}`;

/** The `data` of a reply, typed as the caller expects. */
export function dataOf<T>(r: Reply): T {
	return (r.json as unknown as { data: T }).data;
}

/** Task ids in a user's task list (pending by default), up to 50. */
export async function taskIds(
	em: FeishuEmulator,
	token: string,
	userId: string,
	opts: { source?: string; type?: string } = {},
): Promise<string[]> {
	const r = await call(em, QUERY_PATH, { token, body: { kunlun_user_id: userId, limit: '50', ...opts } });
	return r.json.data.tasks.map((t) => t.task_id);
}
