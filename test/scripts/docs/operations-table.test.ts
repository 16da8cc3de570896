/**
 * The README's operations table and the codex files' documentation links are generated from the
 * catalog (scripts/docs/operations-table.ts): these fail when either disagrees with the catalog, so no
 * count, scope or path in them can drift. They also keep the README what issue 17 asks: short, for
 * users, the two "try it" commands near the top, no hand-written counts of operations or endpoints.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { docResources } from '../../../scripts/docs/catalog';
import { CODEX_FILES, documentationUrls, readmeUrl } from '../../../scripts/docs/codex';
import {
	END,
	generatedFiles,
	readBlock,
	renderOperationsTable,
	replaceBlock,
	REPO,
	START,
} from '../../../scripts/docs/operations-table';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const resources = docResources();
const operations = resources.flatMap((resource) => resource.operations.map((op) => ({ resource, op })));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
	const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
	return new Set(
		headings.map((line) =>
			line
				.replace(/^#+ /, '')
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		),
	);
}

describe('README operations table', () => {
	it('is the table the catalog gives (run `npm run docs:operations` after changing the catalog)', () => {
		expect(readBlock(README)).toBe(renderOperationsTable(resources));
	});

	it('has one row per operation of the catalog, each with its request, scopes, token and Feishu page', () => {
		const rows = readBlock(README)
			.split('\n')
			.filter((line) => line.startsWith('| ') && !line.startsWith('| Resource') && !line.startsWith('| ---'));
		expect(operations.length).toBeGreaterThan(0);
		expect(rows).toHaveLength(operations.length);
		operations.forEach(({ resource, op }, index) => {
			const cells = rows[index].split(' | ');
			expect(cells[0]).toBe(`| ${resource.name}`);
			expect(cells[1]).toBe(`[${op.name}](${op.docsUrl}) (\`${op.operation}\`)`);
			expect(cells[2]).toContain(`${op.endpoints?.[0].method ?? op.batch?.method ?? op.method} `);
			expect(op.scopes.length).toBeGreaterThan(0);
			for (const scope of op.scopes) expect(cells[3]).toContain(`\`${scope}\``);
			expect(cells[4]).toBe(resource.authentication === 'userToken' ? 'user' : 'tenant');
		});
	});

	it('fails the check when a row is missing or changed', () => {
		const table = renderOperationsTable(resources);
		const lines = table.split('\n');
		const withoutLastRow = replaceBlock(README, lines.slice(0, -1).join('\n'));
		expect(readBlock(withoutLastRow)).not.toBe(table);
		const renamed = replaceBlock(README, table.replace(`[${operations[0].op.name}]`, '[Renamed]'));
		expect(readBlock(renamed)).not.toBe(table);
	});

	it('refuses a README without the markers', () => {
		expect(() => readBlock(README.replace(START, ''))).toThrow(/operations:start/);
		expect(() => replaceBlock(README.replace(END, ''), 'x')).toThrow(/operations:end/);
	});

	it('leaves every generated file up to date', () => {
		const stale = generatedFiles(resources)
			.filter((f) => f.current !== f.expected)
			.map((f) => f.file);
		expect(stale).toEqual([]);
	});
});

describe('codex files', () => {
	it.each(CODEX_FILES.map((codex) => [codex.file, codex] as const))(
		'%s links the README section and the Feishu page of each of its operations',
		(file, codex) => {
			const json = JSON.parse(readFileSync(join(REPO, file), 'utf8')) as {
				resources: { primaryDocumentation: Array<{ url: string }> };
			};
			const urls = json.resources.primaryDocumentation.map((doc) => doc.url);
			expect(urls).toEqual(documentationUrls(codex, resources));
			expect(urls[0]).toBe(readmeUrl(codex.anchor));
			expect(anchors(README).has(codex.anchor)).toBe(true);
			const linked = operations.filter(
				({ resource, op }) => codex.operations === 'all' || codex.operations.includes(`${resource.value}/${op.operation}`),
			);
			expect(linked.length).toBe(codex.operations === 'all' ? operations.length : codex.operations.length);
			for (const { op } of linked) expect(urls).toContain(op.docsUrl);
		},
	);
});

describe('links into the README from the package', () => {
	it('point at README sections that exist (credential docs links, codex files)', () => {
		const homepage = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { homepage: string }).homepage;
		const sources = [
			...readdirSync(join(REPO, 'credentials')).filter((f) => f.endsWith('.ts')).map((f) => `credentials/${f}`),
			...CODEX_FILES.map((codex) => codex.file),
		];
		const linked = sources.flatMap((file) =>
			[...readFileSync(join(REPO, file), 'utf8').matchAll(new RegExp(`${homepage}#([\\w-]+)`, 'g'))].map((m) => ({
				file,
				anchor: m[1],
			})),
		);
		expect(linked.length).toBeGreaterThanOrEqual(CODEX_FILES.length);
		const headings = anchors(README);
		expect(linked.filter(({ anchor }) => !headings.has(anchor))).toEqual([]);
	});
});

describe('README for users', () => {
	const outsideTable = README.slice(0, README.indexOf(START)) + README.slice(README.indexOf(END));

	it('stays short: at most ~250 lines', () => {
		expect(README.split('\n').length).toBeLessThanOrEqual(255);
	});

	it('shows the two "try it" commands near the top', () => {
		const top = README.split('\n').slice(0, 40).join('\n');
		expect(top).toContain('## Try it');
		expect(top).toContain('```bash\nnpm install && npm run demo\n```');
		expect(top).toContain('```bash\nnpm test\n```');
	});

	it('counts operations and endpoints only in the generated table', () => {
		// The counts that drifted before: "29 of the SDK's 49", "eight **application logic and access** APIs".
		const number = '(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|nineteen|twenty|thirty|forty)';
		const counted = new RegExp(
			`\\b${number}\\b[^.\\n|]{0,50}?\\b(?:operations|endpoints|APIs)\\b(?!\\.md|/)|of the SDK's \\d+`,
			'gi',
		);
		expect('eight **application logic and access** APIs (29 of the SDK\'s 49)'.match(counted)).toHaveLength(2);
		expect(outsideTable.match(counted) ?? []).toEqual([]);
	});

	it('links only files and sections that exist (README, CONTRIBUTING and docs/)', () => {
		const pages = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
		const broken: string[] = [];
		for (const page of pages) {
			const text = readFileSync(join(REPO, page), 'utf8');
			const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^(https?|mailto):/.test(l));
			for (const link of links) {
				const [file, anchor] = link.split('#');
				const target = file ? join(dirname(join(REPO, page)), file) : join(REPO, page);
				if (!existsSync(target)) broken.push(`${page}: ${link}`);
				else if (anchor && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) {
					broken.push(`${page}: ${link}`);
				}
			}
		}
		expect(broken).toEqual([]);
	});
});
