/**
 * The layers of nodes/FeishuApaas/ import downwards only: resources/ → engine/ → transport/. The
 * transport owns its context type and knows nothing of rows; the engine interprets whatever catalog
 * it is handed and knows no resource.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const NODE_DIR = resolve(__dirname, '../../../nodes/FeishuApaas');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
	});
}

/** The folders of nodes/FeishuApaas/ a file imports from (`.` for the node's root). */
function importedLayers(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => {
		const target = relative(NODE_DIR, resolve(dirname(file), m[1]));
		return target.includes('/') ? target.split('/')[0] : target.startsWith('..') ? '..' : '.';
	});
}

describe('layering of nodes/FeishuApaas', () => {
	it.each([
		['transport', ['transport']],
		['engine', ['engine', 'transport']],
	])('%s/ imports only from %j', (layer, allowed) => {
		for (const file of sources(join(NODE_DIR, layer))) {
			const outside = importedLayers(file).filter((l) => !allowed.includes(l));
			expect({ file: relative(NODE_DIR, file), outside }).toEqual({ file: relative(NODE_DIR, file), outside: [] });
		}
	});
});
