/**
 * scripts/release/guard-publish.mjs (package.json `prepublishOnly`): a real publish goes through only
 * from publish.yml on the tag of package.json's version with provenance; a dry run goes through anywhere.
 * Runs the script as npm would, with an environment built from scratch (CI itself has GITHUB_* set).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

/** Exactly what GitHub Actions and `npm publish --provenance` set in publish.yml on tag v<version>. */
const IN_PUBLISH_WORKFLOW = {
	GITHUB_ACTIONS: 'true',
	GITHUB_WORKFLOW_REF: `n8n-nodes-feishu-apaas/n8n-nodes-feishu-apaas/.github/workflows/publish.yml@refs/tags/v${pkg.version}`,
	GITHUB_REF: `refs/tags/v${pkg.version}`,
	npm_config_provenance: 'true',
};

function guard(env: Record<string, string>): { status: number | null; output: string } {
	const result = spawnSync(process.execPath, ['scripts/release/guard-publish.mjs'], {
		cwd: REPO,
		env: { PATH: process.env.PATH ?? '', ...env },
		encoding: 'utf8',
	});
	return { status: result.status, output: result.stdout + result.stderr };
}

describe('prepublishOnly guard', () => {
	it('is what package.json runs before npm publish', () => {
		expect(pkg.scripts.prepublishOnly).toBe('node scripts/release/guard-publish.mjs');
	});

	it('allows the publish workflow on the version tag with provenance', () => {
		expect(guard(IN_PUBLISH_WORKFLOW)).toMatchObject({ status: 0 });
	});

	it('refuses a plain local npm publish and says why and what to do', () => {
		const { status, output } = guard({});
		expect(status).toBe(1);
		expect(output).toContain('not running in GitHub Actions');
		expect(output).toContain(`push the tag v${pkg.version}`);
	});

	it.each([
		['another workflow', { GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/ci.yml@refs/heads/main' }, 'not the publish workflow'],
		['a branch', { GITHUB_REF: 'refs/heads/main' }, 'not the tag of package.json\'s version'],
		['a tag of another version', { GITHUB_REF: 'refs/tags/v99.0.0' }, 'not the tag of package.json\'s version'],
		['no --provenance', { npm_config_provenance: 'false' }, 'no provenance'],
		['outside GitHub Actions', { GITHUB_ACTIONS: '' }, 'not running in GitHub Actions'],
	])('refuses %s', (_label, change, reason) => {
		const { status, output } = guard({ ...IN_PUBLISH_WORKFLOW, ...change });
		expect(status).toBe(1);
		expect(output).toContain(reason);
	});

	it('allows npm publish --dry-run anywhere (npm sets npm_config_dry_run=true)', () => {
		expect(guard({ npm_config_dry_run: 'true' })).toMatchObject({ status: 0 });
	});
});
