/**
 * The bench's way to run `test.items` → Feishu aPaaS: test/helpers/feishu.ts's runNode, but loading the
 * package from a private snapshot of the build (BENCH_PACKAGE_ROOT), so that a `npm run build` running
 * elsewhere in the checkout (which empties dist/ first) cannot pull the node out from under a measurement.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { FeishuEmulator } from '../../emulator';
import { runNode as runNodeFrom, type NodeRun, type RunNodeOptions } from '../../test/helpers/feishu';

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

export type { NodeRun } from '../../test/helpers/feishu';

/** test/helpers/feishu.ts's runNode, loading the node from the bench's snapshot of the build. */
export async function runNode(
	emulator: Pick<FeishuEmulator, 'url'>,
	options: Omit<RunNodeOptions, 'packageRoot'>,
): Promise<NodeRun> {
	return await runNodeFrom(emulator, { ...options, packageRoot: process.env.BENCH_PACKAGE_ROOT ?? REPO_ROOT });
}
