/**
 * The GitHub workflows parse as YAML and hold what a release depends on: CI runs `bash .ci/run` on
 * pushes and pull requests (Node 20 and 24); a version tag runs the same checks, then
 * `npm publish --provenance --access public` from the one job that may mint an OIDC token.
 * GitHub itself is the real check; this catches a workflow edited into something else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { load } from 'js-yaml';

const REPO = join(__dirname, '..', '..');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	if?: string;
	with?: Record<string, unknown>;
	env?: Record<string, unknown>;
}
interface Job {
	needs?: string | string[];
	permissions?: Record<string, string>;
	strategy?: { matrix?: { include?: Array<Record<string, unknown>> } };
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
	const parsed = load(readFileSync(join(REPO, '.github', 'workflows', file), 'utf8')) as Workflow;
	expect(typeof parsed).toBe('object');
	expect(Object.keys(parsed.jobs).length).toBeGreaterThan(0);
	return parsed;
}

const runs = (job: Job): string[] => job.steps.map((s) => s.run ?? '');
const stepIndex = (job: Job, command: string): number => runs(job).findIndex((r) => r.includes(command));

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');

	it('runs on pushes and pull requests', () => {
		expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
	});

	it('runs bash .ci/run on Node 20 (with e2e) and Node 24', () => {
		const [job] = Object.values(ci.jobs);
		expect(stepIndex(job, 'bash .ci/run')).toBeGreaterThanOrEqual(0);
		const include = job.strategy?.matrix?.include ?? [];
		expect(include.map((m) => m.node)).toEqual([20, 24]);
		expect(include.find((m) => m.node === 20)?.e2e).toBe(true);
		const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['node-version']).toBe('${{ matrix.node }}');
	});

	it('cannot mint an OIDC token', () => {
		expect(JSON.stringify(ci)).not.toContain('id-token');
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const jobs = Object.entries(publish.jobs);
	const [publishName, publishJob] = jobs.find(([, job]) => stepIndex(job, 'npm publish') >= 0) ?? [];

	it('runs on version tags only', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	it('runs bash .ci/run before publishing', () => {
		const testJobs = jobs.filter(([, job]) => stepIndex(job, 'bash .ci/run') >= 0).map(([name]) => name);
		expect(testJobs).toHaveLength(1);
		expect([publishJob?.needs].flat()).toContain(testJobs[0]);
	});

	it('publishes with npm publish --provenance --access public', () => {
		expect(publishName).toBeDefined();
		expect(runs(publishJob!).filter((r) => r.includes('npm publish'))).toEqual([
			'npm publish --provenance --access public',
		]);
	});

	it('grants id-token: write to the publish job only', () => {
		expect(publish.permissions).toEqual({ contents: 'read' });
		expect(publishJob?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		for (const [name, job] of jobs) if (name !== publishName) expect(job.permissions?.['id-token']).toBeUndefined();
	});

	it('leaves trusted publishing on: no registry-url, a token only from the optional NPM_TOKEN secret', () => {
		// setup-node's registry-url writes a token line to .npmrc, and npm then never tries OIDC.
		for (const [, job] of jobs) {
			for (const step of job.steps) expect(step.with?.['registry-url']).toBeUndefined();
		}
		const fallback = publishJob!.steps.find((s) => s.run?.includes('_authToken'));
		expect(fallback?.if).toBe("env.HAS_NPM_TOKEN == 'true'");
	});
});

describe('.ci/run', () => {
	const ciRun = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
	const at = (text: string): number => ciRun.indexOf(text);

	it('runs npm publish --dry-run after the package lint and before the e2e, and never a real publish', () => {
		expect(at('npm publish --dry-run')).toBeGreaterThan(at('npm run lint:package'));
		expect(at('npm publish --dry-run')).toBeLessThan(at('npm run test:e2e'));
		const publishes = ciRun.split('\n').filter((line) => /^\s*npm publish/.test(line));
		expect(publishes.every((line) => line.includes('--dry-run'))).toBe(true);
	});
});
