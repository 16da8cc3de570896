/**
 * package.json as n8n's verification and npm's provenance check read it: repository, homepage and
 * bugs name the same GitHub repository (provenance binds the package to the repository it was built
 * from), the licence is the LICENSE file's, nothing ships but dist, nothing is a runtime dependency,
 * and engines says what CI tests (Node 20 and 24, from n8n 1.123's own minimum, 20.19).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown> & {
	homepage: string;
	repository: { type: string; url: string };
	bugs: { url: string };
	author: { name: string; email?: string };
	engines: { node: string };
	keywords: string[];
};
const GITHUB = 'https://github.com/n8n-nodes-feishu-apaas/n8n-nodes-feishu-apaas';

describe('package.json metadata', () => {
	it('names one GitHub repository in homepage, repository and bugs', () => {
		expect(pkg.homepage).toBe(GITHUB);
		expect(pkg.repository).toEqual({ type: 'git', url: `git+${GITHUB}.git` });
		expect(pkg.bugs).toEqual({ url: `${GITHUB}/issues` });
	});

	it('has an author and the licence of the LICENSE file', () => {
		expect(pkg.author.name).toBeTruthy();
		expect(pkg.license).toBe('MIT');
		expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
	});

	it('ships dist only, depends on nothing at run time, is findable as a community node', () => {
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.keywords).toContain('n8n-community-node-package');
	});

	it('claims the Node versions CI tests', () => {
		expect(pkg.engines).toEqual({ node: '>=20.19' });
		const ci = readFileSync(join(REPO, '.github', 'workflows', 'ci.yml'), 'utf8');
		expect(ci).toMatch(/- node: 20\n/);
		expect(ci).toMatch(/- node: 24\n/);
	});
});
