/**
 * The application logic and access of seed presets 'sample' and 'workflow' (namespace `demo_app`):
 * flows, functions, environment variables, roles and a record permission; names in SAMPLE_LOGIC.
 */
import { SAMPLE_OBJECTS } from '../objects/sample-data';
import { SAMPLE_BASE_TIME, SAMPLE_USERS } from '../sample-tenant';
import type { LogicSeed } from './store';

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
