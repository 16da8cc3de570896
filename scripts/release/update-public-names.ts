/**
 * `npm run public-names:update`: rewrites test/package/public-names.json from the built package
 * (the script builds first). Run it only when names were ADDED (a new node, resource, operation,
 * parameter, option or value), so that the new names are guarded too.
 *
 * It refuses to drop a name: a name that disappears breaks saved workflows, which is what
 * public-names.test.ts is there to catch. Only for a deliberate breaking change (a major release,
 * see README "Versioning") pass `-- --allow-removal`, and list the removals in CHANGELOG.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	collectPublicNames,
	diffPublicNames,
	PUBLIC_NAMES_FILE,
	type PublicNames,
} from '../../test/package/public-names';

const REPO = join(__dirname, '..', '..');

const actual = collectPublicNames(REPO);
const expected: PublicNames = existsSync(PUBLIC_NAMES_FILE)
	? (JSON.parse(readFileSync(PUBLIC_NAMES_FILE, 'utf8')) as PublicNames)
	: { nodes: {}, credentials: {} };
const { missing, added } = diffPublicNames(expected, actual);

if (missing.length > 0 && !process.argv.includes('--allow-removal')) {
	console.error(`Refusing to update: ${missing.length} public name(s) would be dropped:`);
	for (const name of missing) console.error(`  - ${name}`);
	console.error('Restore them, or (breaking change, major version) rerun with: npm run public-names:update -- --allow-removal');
	process.exit(1);
}

// The file explains itself to whoever opens it from a failing test.
const file = {
	$comment:
		'Public names of the published package (test/package/public-names.test.ts fails when one disappears). Regenerate with `npm run public-names:update` only when names are ADDED; see README "Versioning".',
	nodes: actual.nodes,
	credentials: actual.credentials,
};
writeFileSync(PUBLIC_NAMES_FILE, `${JSON.stringify(file, null, '\t')}\n`);
console.log(`${PUBLIC_NAMES_FILE}: ${added.length} name(s) added${missing.length > 0 ? `, ${missing.length} removed` : ''}`);
for (const name of added) console.log(`  + ${name}`);
for (const name of missing) console.log(`  - ${name}`);
