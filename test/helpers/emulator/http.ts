/** Small fetch helpers shared by the emulator tests. */
import { FeishuEmulator, type EmulatorOptions } from '../../../emulator';

export const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
export const QUERY_PATH = '/open-apis/apaas/v1/user_task/query';
export const cancelPath = (id: string) => `/open-apis/apaas/v1/approval_instances/${id}/cancel`;

export interface TaskJson {
	task_id: string;
	task_start_time: string;
	workflow_instance: { id: string; label: Array<{ language_code: string; text: string }>; status: string };
	initiator: { user_id: string; name: string };
	summarys: Array<{ file_key: { language_code: string; text: string }; file_value: Array<{ language_code: string; text: string }> }>;
}

/**
 * Every body shape the emulator answers with, merged, so assertions can reach any field;
 * a field a given response lacks is simply undefined at run time.
 */
export interface BodyJson {
	code: number;
	msg: string;
	tenant_access_token: string;
	expire: number;
	data: { count: string; tasks: TaskJson[] };
	error: { log_id: string; troubleshooter: string };
}

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	/** undefined when the body is not JSON */
	json: BodyJson;
}

export async function call(
	em: FeishuEmulator,
	path: string,
	opts: {
		method?: string;
		body?: unknown;
		raw?: string;
		token?: string;
		headers?: Record<string, string>;
		redirect?: 'follow' | 'manual' | 'error';
	} = {},
): Promise<Reply> {
	const headers: Record<string, string> = { ...(opts.headers ?? {}) };
	if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
	let body: string | undefined = opts.raw;
	if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['Content-Type'] = 'application/json; charset=utf-8';
	}
	const res = await fetch(em.url + path, { method: opts.method ?? 'POST', headers, body, redirect: opts.redirect });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json: json as BodyJson };
}

export async function getToken(
	em: FeishuEmulator,
	appId = 'cli_test_app',
	appSecret = 'test_secret',
): Promise<string> {
	const r = await call(em, TOKEN_PATH, { body: { app_id: appId, app_secret: appSecret } });
	if (r.status !== 200) throw new Error(`token failed: ${r.text}`);
	return r.json.tenant_access_token;
}

/** Starts an emulator for the file and resets it before each test. */
export function useEmulator(options: EmulatorOptions = { seed: { preset: 'sample' } }): () => FeishuEmulator {
	let em: FeishuEmulator | undefined;
	beforeAll(async () => {
		em = await FeishuEmulator.start(options);
	});
	beforeEach(() => em?.reset());
	afterAll(async () => {
		await em?.stop();
	});
	return () => {
		if (!em) throw new Error('emulator not started');
		return em;
	};
}

/** What expectFeishuError reads of a reply (any reply type with Feishu's error envelope). */
export interface ErrorReply {
	status: number;
	headers: Headers;
	json: { code: number; msg: string; error: { log_id: string; troubleshooter: string } };
}

export function expectFeishuError(r: ErrorReply, status: number, code: number, msg?: string): void {
	expect(r.status).toBe(status);
	expect(r.json.code).toBe(code);
	if (msg !== undefined) expect(r.json.msg).toBe(msg);
	const logId = r.headers.get('x-tt-logid');
	expect(r.json.error.log_id).toBe(logId);
	expect(r.json.error.troubleshooter).toContain(`log_id=${logId}&code=${code}&method_id=`);
}
