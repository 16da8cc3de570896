/**
 * Jest `setupFilesAfterEnv` module: removes the temporary N8N_USER_FOLDER created by
 * ./env.ts once the test file is done.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

afterAll(() => {
	const folder = process.env.N8N_USER_FOLDER;
	if (folder && path.dirname(folder) === tmpdir() && path.basename(folder).startsWith('n8n-harness-')) {
		rmSync(folder, { recursive: true, force: true });
	}
});
