/**
 * A small deterministic dataset for tests and the demo: 3 users, 6 running instances with
 * 8 pending tasks, and 1 finished instance with 2 archived tasks. Same ids and times on
 * every call, so tests can hard-code expectations.
 *
 * workflowSampleData() is an opt-in add-on (seed: 'workflow') for the task-action APIs: one
 * running two-step instance whose first step is already agreed, so `rollback_points` has a
 * task to go back to. It is kept out of sampleData() so the sample's counts and pending lists
 * stay as they are.
 *
 * objectSampleData() is the application data that both seeds load as well: namespace
 * `demo_app` with objects `customer` (5 records) and `order` (3); ids in SAMPLE_OBJECTS.
 *
 * logicSampleData() is the application logic and access that both seeds load too (namespace
 * `demo_app`): flows, functions, environment variables, roles and a record permission; names in
 * SAMPLE_LOGIC.
 */
import type { LogicSeed } from './logic/store';
import type { ObjectSeed } from './objects/schema';
import type { EmulatorInstance, EmulatorTask, LocalizedText, SeedData } from './types';

export const SAMPLE_USERS = {
	zhang: '1700000000000001',
	li: '1700000000000002',
	wang: '1700000000000003',
} as const;

/** Emails of the sample users (a flow `operator` may name a user by email). */
export const SAMPLE_EMAILS = {
	zhang: 'zhangsan@example.com',
	li: 'lisi@example.com',
	wang: 'wangwu@example.com',
} as const;

/** 2026-01-01T00:00:00Z; task start times are whole hours after it. */
export const SAMPLE_BASE_TIME = 1_767_225_600_000;
const HOUR = 3_600_000;

const LABELS: Record<string, [string, string]> = {
	leave_approval: ['请假审批', 'Leave approval'],
	expense_approval: ['报销审批', 'Expense approval'],
	purchase_approval: ['采购审批', 'Purchase approval'],
};

function label(apiId: string): LocalizedText[] {
	const [zh, en] = LABELS[apiId];
	return [
		{ language_code: '2052', text: zh },
		{ language_code: '1033', text: en },
	];
}

function instance(
	n: number,
	apiId: string,
	initiatorId: string,
	reason: string,
	status: EmulatorInstance['status'] = 'running',
): EmulatorInstance {
	return {
		instanceId: `710000000000000000${n}`,
		apiId,
		label: label(apiId),
		status,
		initiatorId,
		summarys: [
			{
				file_key: { language_code: '2052', text: '事由' },
				file_value: [{ language_code: '2052', text: reason }],
			},
		],
	};
}

function task(
	n: number,
	instanceN: number,
	hoursAfterBase: number,
	assigneeIds: string[],
	ccIds: string[] = [],
	status: EmulatorTask['status'] = 'pending',
): EmulatorTask {
	return {
		taskId: `72000000000000000${String(n).padStart(2, '0')}`,
		instanceId: `710000000000000000${instanceN}`,
		assigneeIds,
		ccIds,
		startTime: SAMPLE_BASE_TIME + hoursAfterBase * HOUR,
		status,
	};
}

/** Ids of workflowSampleData(). */
export const WORKFLOW_SAMPLE = {
	/** Running, initiated by wang; start point (derived) 8100000000000000008. */
	instance: '7100000000000000008',
	startPoint: '8100000000000000008',
	/** Step 1 "Manager review", assigned to li, archived with outcome "agreed". */
	managerReview: '7200000000000000011',
	/** Step 2 "Finance review", assigned to zhang, pending. */
	financeReview: '7200000000000000012',
} as const;

/** The add-on for seed 'workflow'; load it on top of sampleData(). */
export function workflowSampleData(): SeedData {
	const { zhang, li, wang } = SAMPLE_USERS;
	return {
		instances: [instance(8, 'purchase_approval', wang, 'Office chairs')],
		tasks: [
			{
				...task(11, 8, 1, [li], [], 'archived'),
				outcome: 'agreed',
				activityLabel: [
					{ language_code: '2052', text: '经理审批' },
					{ language_code: '1033', text: 'Manager review' },
				],
			},
			{
				...task(12, 8, 11, [zhang]),
				activityLabel: [
					{ language_code: '2052', text: '财务审批' },
					{ language_code: '1033', text: 'Finance review' },
				],
			},
		],
	};
}

export function sampleData(): SeedData {
	const { zhang, li, wang } = SAMPLE_USERS;
	return {
		users: [
			{ userId: zhang, name: '张三 Zhang San', email: SAMPLE_EMAILS.zhang },
			{ userId: li, name: '李四 Li Si', email: SAMPLE_EMAILS.li },
			{ userId: wang, name: '王五 Wang Wu', email: SAMPLE_EMAILS.wang },
		],
		instances: [
			instance(1, 'leave_approval', zhang, 'Annual leave, 3 days'),
			instance(2, 'expense_approval', zhang, 'Conference travel'),
			instance(3, 'purchase_approval', li, 'Two monitors'),
			instance(4, 'leave_approval', wang, 'Sick leave, 1 day'),
			instance(5, 'expense_approval', li, 'Team dinner'),
			instance(6, 'purchase_approval', wang, 'Laptop'),
			instance(7, 'leave_approval', zhang, 'Half-day leave', 'finished'),
		],
		tasks: [
			task(1, 1, 10, [li], [wang]),
			// Tasks 2 and 3 start at the same time: the order falls back to task_id.
			task(2, 2, 9, [li]),
			task(3, 2, 9, [wang]),
			task(4, 3, 8, [zhang], [wang]),
			task(5, 4, 7, [zhang]),
			task(6, 4, 6, [li]),
			task(7, 5, 5, [zhang]),
			task(8, 6, 4, [li], [zhang]),
			task(9, 7, 3, [li], [], 'archived'),
			task(10, 7, 2, [wang], [], 'archived'),
		],
	};
}

/** Ids of objectSampleData() (namespace `demo_app`). */
export const SAMPLE_OBJECTS = {
	namespace: 'demo_app',
	customers: {
		acme: '1790000000000000001',
		beta: '1790000000000000002',
		gamma: '1790000000000000003',
		delta: '1790000000000000004',
		epsilon: '1790000000000000005',
	},
	orders: {
		a1: '1790000000000000006',
		a2: '1790000000000000007',
		b1: '1790000000000000008',
	},
	/** Owner (a lookup to users, not modelled) of Acme and Beta. */
	owner: '1800000000000000001',
	/** 2^53 + 1: Acme's big_number, the smallest integer a double cannot hold. */
	bigNumber: '9007199254740993',
	/** The id the next created record gets. */
	nextId: '1790000000000000009',
} as const;

/**
 * Application data loaded by seed 'sample' (and 'workflow'): namespace `demo_app` with objects
 * `customer` (5 records) and `order` (3 records, lookups to customers).
 */
export function objectSampleData(): ObjectSeed {
	const { customers: c, orders: o, owner } = SAMPLE_OBJECTS;
	return {
		namespaces: [
			{
				namespace: SAMPLE_OBJECTS.namespace,
				objects: [
					{
						apiName: 'customer',
						label: 'Customer',
						fields: [
							{ apiName: 'name', type: 'text', required: true },
							{ apiName: 'email', type: 'text' },
							{ apiName: 'amount', type: 'number' },
							{ apiName: 'big_number', type: 'bigint' },
							{ apiName: 'owner', type: 'lookup' },
							{ apiName: 'tags', type: 'multiSelect' },
							{ apiName: 'active', type: 'boolean' },
						],
						records: [
							{
								_id: c.acme,
								name: 'Acme Ltd',
								email: 'sales@acme.example',
								amount: 1200.5,
								big_number: SAMPLE_OBJECTS.bigNumber,
								owner: { _id: owner },
								tags: ['vip', 'wholesale'],
								active: true,
							},
							{
								_id: c.beta,
								name: 'Beta Corp',
								email: 'contact@beta.example',
								amount: 300,
								big_number: '1234567890123456789',
								owner: { _id: owner },
								tags: ['retail'],
								active: true,
							},
							{ _id: c.gamma, name: 'Gamma GmbH', amount: 50, tags: [], active: false },
							{ _id: c.delta, name: 'Delta 有限公司', email: 'info@delta.example', amount: 100, active: true },
							{ _id: c.epsilon, name: 'epsilon studio', amount: 0, big_number: '-5', active: false },
						],
					},
					{
						apiName: 'order',
						label: 'Order',
						fields: [
							{ apiName: 'title', type: 'text', required: true },
							{ apiName: 'customer', type: 'lookup', lookupObject: 'customer' },
							{ apiName: 'total', type: 'number' },
						],
						records: [
							{ _id: o.a1, title: 'Order A-1', customer: { _id: c.acme }, total: 99.9 },
							{ _id: o.a2, title: 'Order A-2', customer: { _id: c.acme }, total: 250 },
							{ _id: o.b1, title: 'Order B-1', customer: { _id: c.beta }, total: 15 },
						],
					},
				],
			},
		],
	};
}

/** Names of logicSampleData() (namespace `demo_app`). */
export const SAMPLE_LOGIC = {
	namespace: 'demo_app',
	flows: { approveOrder: 'approve_order', failing: 'failing_flow', slow: 'slow_flow' },
	functions: { echo: 'echo', listIds: 'list_ids', countCustomers: 'count_customers', throws: 'throws' },
	/** Seven variables, in this (creation) order. */
	environmentVariables: [
		'api_base_url',
		'max_amount',
		'secret_token',
		'feature_enabled',
		'default_customer',
		'region',
		'support_email',
	],
	roles: {
		/** Users [zhang], departments ["od-sales"]. */
		salesManager: { apiName: 'sales_manager', apiId: '1790000000000100001' },
		/** No members. */
		auditor: { apiName: 'auditor', apiId: '1790000000000100002' },
	},
	departments: { sales: 'od-sales', finance: 'od-finance' },
	/** No members. */
	recordPermissions: { vipCustomers: 'vip_customers' },
} as const;

/** Application logic and access loaded by seed 'sample' (and 'workflow'). */
export function logicSampleData(): LogicSeed {
	const day = 86_400_000;
	const t = (days: number) => SAMPLE_BASE_TIME + days * day;
	const text = (zh_cn: string, en_us: string) => ({ zh_cn, en_us });
	return {
		departments: [
			{ departmentId: SAMPLE_LOGIC.departments.sales, name: '销售部 Sales' },
			{ departmentId: SAMPLE_LOGIC.departments.finance, name: '财务部 Finance' },
		],
		namespaces: [
			{
				namespace: SAMPLE_LOGIC.namespace,
				flows: [
					{ apiName: 'approve_order', behavior: 'approve_order', supportsAsync: false },
					{ apiName: 'failing_flow', behavior: 'fail', supportsAsync: false, errorMsg: 'amount must be positive', errorCode: 'k_flow_001' },
					{ apiName: 'slow_flow', behavior: 'slow', supportsAsync: true },
				],
				functions: [
					{ apiName: 'echo', behavior: 'echo' },
					{ apiName: 'list_ids', behavior: 'list_ids' },
					{ apiName: 'count_customers', behavior: 'count_customers' },
					{ apiName: 'throws', behavior: 'throws', errorMessage: 'boom' },
				],
				environmentVariables: [
					{
						apiName: 'api_base_url',
						label: text('接口地址', 'API base URL'),
						description: 'Base URL of the ERP API',
						value: 'https://erp.example.com/api',
						type: 'text',
						createdAt: t(0),
						updatedAt: t(1),
					},
					{ apiName: 'max_amount', label: text('最大金额', 'Max amount'), value: '10000', type: 'number', createdAt: t(0) },
					{
						apiName: 'secret_token',
						label: text('密钥', 'Secret token'),
						description: 'Encrypted: the API answers it masked',
						value: 'tok_live_4242',
						isEncrypted: true,
						type: 'text',
						createdAt: t(1),
					},
					{ apiName: 'feature_enabled', label: text('功能开关', 'Feature enabled'), value: 'true', type: 'boolean', createdAt: t(2) },
					{
						apiName: 'default_customer',
						label: text('默认客户', 'Default customer'),
						value: SAMPLE_OBJECTS.customers.acme,
						type: 'lookup',
						objectApiName: 'customer',
						objectLabel: text('客户', 'Customer'),
						createdAt: t(3),
					},
					{ apiName: 'region', label: text('区域', 'Region'), value: 'cn-north-1', type: 'text', createdAt: t(4) },
					{ apiName: 'support_email', label: text('支持邮箱', 'Support email'), value: 'support@example.com', type: 'text', createdAt: t(5) },
				],
				roles: [
					{
						...SAMPLE_LOGIC.roles.salesManager,
						users: [SAMPLE_USERS.zhang],
						departments: [SAMPLE_LOGIC.departments.sales],
						updatedBy: SAMPLE_USERS.zhang,
						updatedAt: t(1),
					},
					{ ...SAMPLE_LOGIC.roles.auditor, updatedBy: SAMPLE_USERS.zhang, updatedAt: t(1) },
				],
				recordPermissions: [{ apiName: 'vip_customers', users: [] }],
			},
		],
	};
}
