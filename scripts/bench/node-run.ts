/**
 * The bench's way to run `test.items` → Feishu aPaaS: test/support/feishu.ts's runNode, but loading the
 * package from a private snapshot of the build (BENCH_PACKAGE_ROOT), so that a `npm run build` running
 * elsewhere in the checkout (which empties dist/ first) cannot pull the node out from under a measurement.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { FeishuEmulator } from '../../emulator';
import { runWorkflow, TEST_ITEMS_NODE_TYPE, type TestCredentialsHelper, type WorkflowRunResult } from '../../test/harness';
import { credentialData, CREDENTIAL_ID, FEISHU, NODE_TYPE, SOURCE } from '../../test/support/feishu';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const NODE_JS = path.join('dist', 'nodes', 'FeishuApaas', 'FeishuApaas.node.js');
const CREDENTIAL_JS = path.join('dist', 'credentials', 'FeishuApaasApi.credentials.js');

/** Copies package.json and dist/ to a temp folder (node_modules linked) and returns its path. */
export function snapshotPackage(): string {
	for (let attempt = 0; ; attempt++) {
		const root = mkdtempSync(path.join(tmpdir(), 'feishu-bench-pkg-'));
		try {
			cpSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
			cpSync(path.join(REPO_ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
			if (!existsSync(path.join(root, NODE_JS)) || !existsSync(path.join(root, CREDENTIAL_JS))) {
				throw new Error('dist/ is incomplete');
			}
			symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
			return root;
		} catch (error) {
			rmSync(root, { recursive: true, force: true });
			if (attempt >= 20) throw new Error(`could not snapshot the build: ${(error as Error).message}`);
			// Another build is rewriting dist/: wait for it.
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
		}
	}
}

export interface NodeRun {
	result: WorkflowRunResult;
	helper: TestCredentialsHelper;
	items: INodeExecutionData[];
	error: WorkflowRunResult['workflowError'];
}

export async function runNode(
	emulator: Pick<FeishuEmulator, 'url'>,
	options: {
		parameters: INodeParameters;
		items?: Array<Record<string, unknown>>;
		continueOnFail?: boolean;
		helper?: TestCredentialsHelper;
	},
): Promise<NodeRun> {
	const items = options.items ?? [{}];
	const result = await runWorkflow({
		packageRoot: process.env.BENCH_PACKAGE_ROOT ?? REPO_ROOT,
		nodes: [
			{ name: SOURCE, type: TEST_ITEMS_NODE_TYPE, parameters: { items: JSON.stringify(items) } },
			{
				name: FEISHU,
				type: NODE_TYPE,
				parameters: options.parameters,
				credentials: { feishuApaasApi: { id: CREDENTIAL_ID, name: 'Feishu (emulator)' } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { [SOURCE]: { main: [[{ node: FEISHU, type: 'main', index: 0 }]] } },
		helper: options.helper,
		credentials: options.helper
			? undefined
			: {
					[CREDENTIAL_ID]: {
						name: 'Feishu (emulator)',
						type: 'feishuApaasApi',
						data: credentialData(emulator as FeishuEmulator),
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
