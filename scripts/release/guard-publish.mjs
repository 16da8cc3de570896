// `prepublishOnly` guard: `npm publish` goes through only from .github/workflows/publish.yml on the
// version tag, with provenance. n8n verifies community packages by their npm provenance statement,
// and a publish from a laptop has none (and skips CI), so a plain local `npm publish` is refused.
//
// `npm publish --dry-run` is allowed anywhere: it uploads nothing, and CI (.ci/run) runs it to prove
// the package would publish. npm sets npm_config_dry_run=true for it.
//
// Plain Node, no dependencies: it must run before anything else in a bare checkout.
import { readFileSync } from 'node:fs';

const env = process.env;
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

if (env.npm_config_dry_run === 'true') {
	console.log('guard-publish: dry run, nothing is uploaded: allowed anywhere.');
	process.exit(0);
}

// GITHUB_WORKFLOW_REF is "<owner>/<repo>/.github/workflows/publish.yml@refs/tags/v1.2.3".
const workflowFile = (env.GITHUB_WORKFLOW_REF ?? '').split('@')[0];
const expectedRef = `refs/tags/v${version}`;
const problems = [];
if (env.GITHUB_ACTIONS !== 'true') problems.push('not running in GitHub Actions (GITHUB_ACTIONS is not "true")');
if (!workflowFile.endsWith('/.github/workflows/publish.yml')) {
	problems.push(`not the publish workflow (GITHUB_WORKFLOW_REF=${env.GITHUB_WORKFLOW_REF ?? 'unset'})`);
}
if (env.GITHUB_REF !== expectedRef) {
	problems.push(`not the tag of package.json's version (GITHUB_REF=${env.GITHUB_REF ?? 'unset'}, expected ${expectedRef})`);
}
if (env.npm_config_provenance !== 'true') problems.push('no provenance (run npm publish --provenance)');

if (problems.length > 0) {
	console.error(`guard-publish: refusing to publish ${version}:`);
	for (const problem of problems) console.error(`  - ${problem}`);
	console.error(
		`Releases are published by CI: push the tag v${version} and .github/workflows/publish.yml publishes it ` +
			'with provenance (see docs/releasing.md). `npm publish --dry-run` works anywhere.',
	);
	process.exit(1);
}
console.log(`guard-publish: publishing ${version} from ${env.GITHUB_WORKFLOW_REF} with provenance.`);
