/**
 * Shared set-up for the node's engine tests: a Feishu emulator on loopback, a credential pointing at
 * it, and a two-node workflow (`test.items` → Feishu aPaaS) run through n8n's WorkflowExecute.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEFAULT_APP, FeishuEmulator, type EmulatorOptions } from '../../emulator';
import { runWorkflow, TEST_ITEMS_NODE_TYPE, TestCredentialsHelper, type WorkflowRunResult } from './harness';

export const NODE_TYPE = 'n8n-nodes-feishu-apaas.feishuApaas';
export const CREDENTIAL_ID = 'feishu-cred-1';
export const FEISHU = 'Feishu aPaaS';
export const SOURCE = 'Items';

export async function startEmulator(options: EmulatorOptions = {}): Promise<FeishuEmulator> {
	return await FeishuEmulator.start({ seed: { preset: 'sample' }, ...options });
}

export function credentialData(emulator: Pick<FeishuEmulator, 'url'>, overrides: Record<string, unknown> = {}) {
	return {
		appId: DEFAULT_APP.appId,
		appSecret: DEFAULT_APP.appSecret,
		domain: 'custom',
		baseUrl: emulator.url,
		tenantAccessToken: '',
		...overrides,
	};
}

export interface RunNodeOptions {
	parameters: INodeParameters;
	/** Input items' JSON (default: one empty item). */
	items?: Array<Record<string, unknown>>;
	/**
	 * Input items' JSON handed to the engine as JavaScript objects, not through a JSON parameter: for
	 * what JSON cannot express (NaN, cycles, numbers already rounded beyond 2^53). Replaces `items`.
	 */
	rawItems?: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
	/** Credential store shared across runs; a new one (seeded for `emulator`) when omitted. */
	helper?: TestCredentialsHelper;
	/** Credential data overrides for a fresh store. */
	credential?: Record<string, unknown>;
	/** Package to load the node from (default: the repo root); the benchmark uses a snapshot of dist/. */
	packageRoot?: string;
}

export interface NodeRun {
	result: WorkflowRunResult;
	helper: TestCredentialsHelper;
	items: INodeExecutionData[];
	error: WorkflowRunResult['workflowError'];
}

/** Runs `test.items` → Feishu aPaaS with the given parameters and returns the Feishu node's output. */
export async function runNode(emulator: Pick<FeishuEmulator, 'url'>, options: RunNodeOptions): Promise<NodeRun> {
	const items = options.items ?? [{}];
	const result = await runWorkflow({
		// test.items with no items passes its input (the start items) through unchanged.
		startItems: options.rawItems?.map((json) => ({ json: json as INodeExecutionData['json'] })),
		nodes: [
			{ name: SOURCE, type: TEST_ITEMS_NODE_TYPE, parameters: { items: options.rawItems ? '' : JSON.stringify(items) } },
			{
				name: FEISHU,
				type: NODE_TYPE,
				parameters: options.parameters,
				credentials: { feishuApaasApi: { id: CREDENTIAL_ID, name: 'Feishu (emulator)' } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { [SOURCE]: { main: [[{ node: FEISHU, type: 'main', index: 0 }]] } },
		packageRoot: options.packageRoot,
		helper: options.helper,
		credentials: options.helper
			? undefined
			: {
					[CREDENTIAL_ID]: {
						name: 'Feishu (emulator)',
						type: 'feishuApaasApi',
						data: credentialData(emulator, options.credential),
					},
				},
	});
	const ran = result.run.data.resultData.runData[FEISHU];
	return {
		result,
		helper: result.helper,
		items: ran?.[0]?.data?.main?.[0] ?? [],
		error: result.workflowError ?? ran?.[0]?.error,
	};
}

export const cancel = (approvalInstanceId: unknown, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'approvalInstance',
	operation: 'cancel',
	approvalInstanceId: approvalInstanceId as string,
	userId: '1700000000000001',
	opinion: 'No longer needed',
	...extra,
});

export const query = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'userTask',
	operation: 'query',
	kunlunUserId: '1700000000000002',
	returnAll: true,
	...extra,
});

/** Object Record parameters for the sample application's `customer` object. */
export const objectRecord = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'objectRecord',
	operation,
	namespace: 'demo_app',
	objectApiName: 'customer',
	...extra,
});

/**
 * A tenant token minted the way another execution (or a queue-mode worker) would: straight from the
 * emulator's token endpoint. Counts in `emulator.stats.tokenRequests`.
 */
export async function mintElsewhere(emulator: FeishuEmulator): Promise<string> {
	const response = await fetch(`${emulator.url}/open-apis/auth/v3/tenant_access_token/internal`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ app_id: DEFAULT_APP.appId, app_secret: DEFAULT_APP.appSecret }),
	});
	const body = (await response.json()) as { tenant_access_token?: string };
	if (!body.tenant_access_token) throw new Error(`the emulator minted no token: ${JSON.stringify(body)}`);
	return body.tenant_access_token;
}

/** Requests the emulator received on aPaaS paths (token mints excluded). */
export function apiRequests(emulator: FeishuEmulator) {
	return emulator.requests.filter((r) => r.path.startsWith('/open-apis/apaas/'));
}

/** The details (`errorResponse`) of a NodeApiError the node threw: code, msg, log_id, http_status, item_index. */
export function errorDetails(error: unknown): Record<string, unknown> {
	return ((error as { errorResponse?: Record<string, unknown> } | undefined)?.errorResponse ?? {}) as Record<
		string,
		unknown
	>;
}

/** Requests the emulator received whose path contains `fragment`, oldest first. */
export function requestsTo(emulator: FeishuEmulator, fragment: string) {
	return emulator.requests.filter((r) => r.path.includes(fragment));
}

/** The credential seed `runWorkflow` needs for a credential pointing at `emulator`. */
export function credentialSeed(emulator: FeishuEmulator, overrides: Record<string, unknown> = {}) {
	return { name: 'Feishu (emulator)', type: 'feishuApaasApi', data: credentialData(emulator, overrides) };
}

/**
 * A fresh emulator (sample data unless `options.seed` says otherwise) for every test of the calling
 * `describe`, handed to `assign`, and stopped after the test.
 */
export function useEmulator(assign: (emulator: FeishuEmulator) => void, options: EmulatorOptions = {}): void {
	let current: FeishuEmulator | undefined;
	beforeEach(async () => {
		current = await startEmulator(options);
		assign(current);
	});
	afterEach(async () => {
		await current?.stop();
	});
}
