/**
 * The emulator's administration APIs over real HTTP: user tokens only, bare 19-digit ids, paging,
 * the audit lists' time range, order, filters and Feishu's 10,000-row cap, seats (system admin only,
 * 1/s on assignments), metrics.
 */
import { ADMIN_USER, FeishuEmulator, PLAIN_USER, SAMPLE_DAY, parseExact } from '../../../emulator';

const V1 = '/open-apis/apaas/v1';

interface Reply {
	status: number;
	text: string;
	/** Parsed with int64s beyond 2^53 as BigInt. */
	body: { code: number; msg: string; data: Record<string, unknown> };
}

async function get(em: FeishuEmulator, path: string, token?: string, init: RequestInit = {}): Promise<Reply> {
	const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
	if (init.body) headers['Content-Type'] = 'application/json';
	const res = await fetch(em.url + path, { method: 'GET', ...init, headers });
	const text = await res.text();
	return { status: res.status, text, body: parseExact(text) as unknown as Reply['body'] };
}

const items = (r: Reply) => r.body.data.items as Array<Record<string, unknown>>;

describe('emulator: administration APIs', () => {
	let em: FeishuEmulator;
	let admin: string;
	beforeEach(async () => {
		em = await FeishuEmulator.start({ seed: { preset: 'sample' } });
		admin = em.issueUserToken(ADMIN_USER);
	});
	afterEach(async () => {
		await em.stop();
	});

	describe('user tokens', () => {
		it('refuses a missing token (99991661), a tenant token and an unknown one (99991668)', async () => {
			expect((await get(em, `${V1}/apps`)).body.code).toBe(99991661);
			const mint = await fetch(`${em.url}/open-apis/auth/v3/tenant_access_token/internal`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ app_id: 'cli_test_app', app_secret: 'test_secret' }),
			});
			const tenant = ((await mint.json()) as { tenant_access_token: string }).tenant_access_token;
			for (const token of [tenant, 'u-unknown']) {
				const r = await get(em, `${V1}/apps`, token);
				expect(r.status).toBe(400);
				expect(r.body.code).toBe(99991668);
			}
		});

		it('an expired user token stops working (99991677)', async () => {
			expect((await get(em, `${V1}/apps`, admin)).body.code).toBe(0);
			em.expireUserAccessTokens();
			expect((await get(em, `${V1}/apps`, admin)).body.code).toBe(99991677);
		});
	});

	describe('apps', () => {
		it('writes creator, owner and role members as bare 19-digit numbers', async () => {
			const r = await get(em, `${V1}/apps`, admin);
			expect(r.text).toContain(`"creator":${ADMIN_USER}`);
			expect(r.text).toContain(`"admins":[${ADMIN_USER},${PLAIN_USER}]`);
			const [first] = items(r);
			expect(first).toMatchObject({ namespace: 'demo_app', creator: BigInt(ADMIN_USER), status: 'enabled' });
			expect(first.name).toEqual([
				{ language_code: 'en_us', text: 'Demo App' },
				{ language_code: 'zh_cn', text: '演示应用' },
			]);
		});

		it('pages by page token (page_size ≤ 50)', async () => {
			const first = await get(em, `${V1}/apps?page_size=2`, admin);
			expect(items(first).map((a) => a.namespace)).toEqual(['demo_app', 'package_abc__c']);
			expect(first.body.data.has_more).toBe(true);
			const second = await get(em, `${V1}/apps?page_size=2&page_token=${first.body.data.page_token as string}`, admin);
			expect(items(second).map((a) => a.namespace)).toEqual(['hr_portal']);
			expect(second.body.data).toMatchObject({ has_more: false, page_token: '' });
			for (const bad of ['page_size=51', 'page_size=0', 'page_token=garbage']) {
				expect((await get(em, `${V1}/apps?${bad}`, admin)).body.code).toBe(2320001);
			}
		});
	});

	describe('audit logs', () => {
		const list = (q: string) => `${V1}/applications/demo_app/audit_log/audit_log_list?log_type=10000&${q}`;
		const day = `from=${SAMPLE_DAY}&to=${SAMPLE_DAY + 86_400_000}`;

		it('lists newest first with a total, both time bounds inclusive; asc on request', async () => {
			const r = await get(em, list(`page_size=10&offset=0&${day}`), admin);
			expect(r.body.data.total).toBe('4');
			const ids = items(r).map((i) => i.log_id);
			expect(ids).toEqual(['7405456257290600004', '7405456257290600003', '7405456257290600002', '7405456257290600001']);
			expect(items(r)[0]).toMatchObject({ op_time: String(SAMPLE_DAY + 3_600_000), app_name: { en_us: 'Demo App', zh_cn: '演示应用' } });
			const asc = await get(em, list(`page_size=10&offset=0&${day}&sort_by=op_time&sort_order=asc`), admin);
			expect(items(asc).map((i) => i.log_id)).toEqual([...ids].reverse());
			const exact = await get(em, list(`page_size=10&offset=0&from=${SAMPLE_DAY + 60_000}&to=${SAMPLE_DAY + 60_000}`), admin);
			expect(items(exact).map((i) => i.log_id)).toEqual(['7405456257290600003', '7405456257290600002']);
		});

		it('filters by log_type, quick_query and filter; columns select fields', async () => {
			const login = await get(em, `${V1}/applications/demo_app/audit_log/audit_log_list?log_type=10002&page_size=10&offset=0&${day}`, admin);
			expect(items(login).map((i) => i.op_type)).toEqual(['login']);
			const quick = await get(em, list(`page_size=10&offset=0&${day}&quick_query=192.168`), admin);
			expect(items(quick).map((i) => i.log_id)).toEqual(['7405456257290600004']);
			const filter = encodeURIComponent(JSON.stringify({ op_type: ['delete_record'] }));
			const filtered = await get(em, list(`page_size=10&offset=0&${day}&filter=${filter}`), admin);
			expect(items(filtered).map((i) => i.log_id)).toEqual(['7405456257290600003']);
			const cols = await get(em, list(`page_size=1&offset=0&${day}&columns=op_type&columns=status`), admin);
			expect(Object.keys(items(cols)[0]).sort()).toEqual(['log_id', 'op_type', 'status']);
		});

		it('answers 2320001 for missing from/to, a bad log type, page size above 500, from after to, an unknown app', async () => {
			for (const path of [
				list('page_size=10&offset=0'),
				`${V1}/applications/demo_app/audit_log/audit_log_list?log_type=99&page_size=10&offset=0&${day}`,
				list(`page_size=501&offset=0&${day}`),
				list(`page_size=10&offset=0&from=${SAMPLE_DAY + 1}&to=${SAMPLE_DAY}`),
				list(`page_size=10&offset=0&${day}&filter=not-json`),
				`${V1}/applications/nope/audit_log/audit_log_list?log_type=10000&page_size=10&offset=0&${day}`,
			]) {
				const r = await get(em, path, admin);
				expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status: 400, code: 2320001 });
			}
		});

		it('enforces the 10,000-row cap per query (offset + page_size) and still reports the full total', async () => {
			em.seed({ admin: { generate: [{ kind: 'audit', namespace: 'demo_app', count: 25_000, from: SAMPLE_DAY, to: SAMPLE_DAY + 86_399_999 }] } });
			const last = await get(em, list(`page_size=500&offset=9500&${day}`), admin);
			expect(last.body.code).toBe(0);
			expect(items(last)).toHaveLength(500);
			expect(last.body.data.total).toBe('25004');
			const beyond = await get(em, list(`page_size=500&offset=9501&${day}`), admin);
			expect(beyond.status).toBe(400);
			expect(beyond.body.code).toBe(2320001);
		});

		it('gets one entry by log_id, grouped as the SDK types the detail', async () => {
			const r = await get(em, `${V1}/applications/demo_app/audit_log?log_id=7405456257290600004`, admin);
			expect(r.body.data.data).toMatchObject({
				log_id: '7405456257290600004',
				basic_info: { log_type: '10003', module: 'app_management' },
				op_info: { operator: { id: ADMIN_USER }, status: 'failed', op_time: String(SAMPLE_DAY + 3_600_000) },
				net_info: { client_ip: '192.168.1.7' },
			});
			expect((await get(em, `${V1}/applications/demo_app/audit_log?log_id=1`, admin)).body.code).toBe(2320001);
		});
	});

	describe('data-change logs', () => {
		it('lists (from/to optional) and gets by log_id', async () => {
			const r = await get(em, `${V1}/applications/demo_app/audit_log/data_change_logs_list?log_type=10000&page_size=10&offset=0`, admin);
			expect(items(r).map((i) => i.log_id)).toEqual(['7405456257290600012', '7405456257290600011']);
			const d = await get(em, `${V1}/applications/demo_app/audit_log/data_change_log_detail?log_id=7405456257290600011`, admin);
			expect(d.body.data.data).toMatchObject({ op_info: { data_changes: ['name'], data_object: 'customer' } });
		});
	});

	describe('seats', () => {
		it('lists assignments with bare user ids; activities with active_time; page tokens', async () => {
			const r = await get(em, `${V1}/seat_assignments?seat_type=per_user_per_app&page_size=1`, admin);
			expect(r.text).toContain(`"user_id":${ADMIN_USER}`);
			expect(items(r)).toEqual([{ user_id: BigInt(ADMIN_USER), namespace: 'package_abc__c', status: 'in_use' }]);
			expect(r.body.data.has_more).toBe(true);
			em.advanceClock(1_000);
			const next = await get(em, `${V1}/seat_assignments?seat_type=per_user_per_app&page_size=1&page_token=${r.body.data.page_token as string}`, admin);
			expect(items(next).map((s) => s.user_id)).toEqual([BigInt(PLAIN_USER)]);
			const act = await get(em, `${V1}/seat_activities?seat_type=per_user&page_size=10`, admin);
			expect(items(act)).toEqual([{ user_id: BigInt(ADMIN_USER), status: 'in_use', active_time: SAMPLE_DAY + 120_000 }]);
		});

		it('needs a system admin as the authorising user (403 / 2320005) and a valid seat_type', async () => {
			const plain = em.issueUserToken(PLAIN_USER);
			const r = await get(em, `${V1}/seat_activities?seat_type=per_user&page_size=10`, plain);
			expect(r.status).toBe(403);
			expect(r.body.code).toBe(2320005);
			expect((await get(em, `${V1}/seat_activities?seat_type=other&page_size=10`, admin)).body.code).toBe(2320001);
		});

		it('limits seat_assignments to 1 request per second (429 / 99991400), seat activities to 10', async () => {
			const a = await get(em, `${V1}/seat_assignments?seat_type=per_user&page_size=10`, admin);
			const b = await get(em, `${V1}/seat_assignments?seat_type=per_user&page_size=10`, admin);
			expect([a.status, b.status]).toEqual([200, 429]);
			expect(b.body.code).toBe(99991400);
			const acts = await Promise.all(Array.from({ length: 11 }, () => get(em, `${V1}/seat_activities?seat_type=per_user&page_size=10`, admin)));
			expect(acts.filter((x) => x.status === 429)).toHaveLength(1);
			expect(em.adminMaxServed('seat_assignment.list')).toBe(1);
		});

		it('with the test option documentedAdminLimits: false, enforces none of those limits', async () => {
			const unlimited = await FeishuEmulator.start({ seed: { preset: 'sample' }, documentedAdminLimits: false });
			try {
				const token = unlimited.issueUserToken(ADMIN_USER);
				const sent = await Promise.all(Array.from({ length: 3 }, () => get(unlimited, `${V1}/seat_assignments?seat_type=per_user&page_size=10`, token)));
				expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
			} finally {
				await unlimited.stop();
			}
		});
	});

	describe('tenant app metrics', () => {
		const post = (body: unknown) => get(em, `${V1}/tenant_app_metrics/query`, admin, { method: 'POST', body: JSON.stringify(body) });

		it('answers each metric with data as a JSON string', async () => {
			const r = await post({ namespaces: ['demo_app', 'hr_portal'], date: '2026-11-30' });
			const metrics = r.body.data.metrics as Array<{ namespace: string; data: string }>;
			expect(metrics.map((m) => m.namespace)).toEqual(['demo_app', 'hr_portal']);
			expect(JSON.parse(metrics[0].data)).toMatchObject({ active_users: 12 });
			expect(metrics[1].data).toBe('{}');
		});

		it('answers 2320001 for a bad date, no namespaces or an unknown app', async () => {
			for (const body of [{ namespaces: ['demo_app'], date: '30/11/2026' }, { namespaces: [], date: '2026-11-30' }, { namespaces: ['nope'], date: '2026-11-30' }]) {
				expect((await post(body)).body.code).toBe(2320001);
			}
		});
	});
});
