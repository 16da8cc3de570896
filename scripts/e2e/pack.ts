/** Builds the package and packs it into a tarball, as `npm publish` would ship it. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './emulator';
import { log, run } from './install';

/** `npm run build && npm pack` into workDir; returns the tarball's path. */
export async function buildAndPack(workDir: string): Promise<string> {
	const logFile = join(workDir, 'pack.log');
	log('building and packing the package (npm run build && npm pack)');
	await run('npm', ['run', 'build'], { cwd: REPO, logFile });
	await run('npm', ['pack', '--pack-destination', workDir], { cwd: REPO, logFile });
	const tgz = readdirSync(workDir).find((f) => f.endsWith('.tgz'));
	if (!tgz) throw new Error(`npm pack wrote no tarball (log: ${logFile})`);
	return join(workDir, tgz);
}
