/**
 * What `npm publish` would ship: exactly the files package.json's `n8n` section names, what
 * they require, their icons and codex files, plus package.json, README.md and LICENSE.
 * Needs a built dist (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';

const REPO = join(__dirname, '..', '..');

interface PackageJson {
	main?: string;
	n8n: { credentials: string[]; nodes: string[] };
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;
const entries = [...pkg.n8n.credentials, ...pkg.n8n.nodes];

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return report.files.map((f) => f.path).sort();
}

const files = packedFiles();
const inTarball = new Set(files);

/** Relative requires of a built JS file, resolved to package paths. */
function relativeRequires(file: string): string[] {
	const source = readFileSync(join(REPO, file), 'utf8');
	return [...source.matchAll(/require\(["'](\.{1,2}\/[^"']+)["']\)/g)].map((m) => {
		const target = normalize(join(dirname(file), m[1]));
		if (target.endsWith('.js') || target.endsWith('.json')) return target;
		// Node resolves `./resources` to resources.js, or else to resources/index.js.
		return existsSync(join(REPO, `${target}.js`)) ? `${target}.js` : `${target}/index.js`;
	});
}

function bareRequires(file: string): string[] {
	const source = readFileSync(join(REPO, file), 'utf8');
	return [...source.matchAll(/require\(["']([^."'][^"']*)["']\)/g)].map((m) => m[1]);
}

/** Every JS file reachable from the `n8n` entries. */
function requireClosure(): Set<string> {
	const seen = new Set<string>();
	const queue = [...entries];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		if (file.endsWith('.js') && existsSync(join(REPO, file))) queue.push(...relativeRequires(file));
	}
	return seen;
}

describe('the published tarball (npm pack)', () => {
	it('every path in the package.json n8n section exists after the build and is packed', () => {
		expect(entries.length).toBeGreaterThan(0);
		for (const entry of entries) {
			expect(existsSync(join(REPO, entry))).toBe(true);
			expect(inTarball.has(entry)).toBe(true);
		}
	});

	it('holds everything the entries require, and no JavaScript they do not', () => {
		const closure = requireClosure();
		for (const file of closure) expect({ file, packed: inTarball.has(file) }).toEqual({ file, packed: true });
		// Modules that hold only types compile to an empty CommonJS module nothing requires.
		const typeOnly = (f: string): boolean =>
			readFileSync(join(REPO, f), 'utf8')
				.replace(/\/\/#.*$/gm, '')
				.replace(/"use strict";/, '')
				.replace(/Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);/, '')
				.trim() === '';
		const packedJs = files.filter((f) => f.endsWith('.js'));
		expect(packedJs.filter((f) => !closure.has(f) && !typeOnly(f))).toEqual([]);
	});

	it('requires nothing at run time but n8n-workflow and Node built-ins', () => {
		const allowed = new Set([...builtinModules, ...Object.keys(pkg.peerDependencies ?? {})]);
		const bare = new Set([...requireClosure()].filter((f) => f.endsWith('.js')).flatMap(bareRequires));
		expect([...bare].filter((m) => !allowed.has(m.replace(/^node:/, '')))).toEqual([]);
		expect(pkg.dependencies ?? {}).toEqual({});
	});

	it('holds the icons each node and credential names, and the node codex files', () => {
		const expected: string[] = [];
		for (const entry of entries) {
			const source = readFileSync(join(REPO, entry), 'utf8');
			const icons = [...source.matchAll(/["']file:([^"']+\.svg)["']/g)].map((m) => normalize(join(dirname(entry), m[1])));
			expect(icons.length).toBeGreaterThan(0);
			expected.push(...icons);
		}
		for (const node of pkg.n8n.nodes) expected.push(node.replace(/\.js$/, '.json'));
		for (const file of expected) expect({ file, packed: inTarball.has(file) }).toEqual({ file, packed: true });
		// No icon that nothing uses.
		const expectedSet = new Set(expected);
		expect(files.filter((f) => f.endsWith('.svg') && !expectedSet.has(f))).toEqual([]);
	});

	it('holds nothing else: no sources, tests, emulator or scripts', () => {
		const allowed = (f: string): boolean =>
			['package.json', 'README.md', 'LICENSE'].includes(f) ||
			(/^dist\/(nodes|credentials)\//.test(f) && /\.(js|js\.map|d\.ts|svg|node\.json)$/.test(f));
		expect(files.filter((f) => !allowed(f))).toEqual([]);
		expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
		expect(files.filter((f) => /(^|\/)(test|tests|__tests__|emulator|scripts|examples)\//.test(f))).toEqual([]);
		// A declaration or source map only next to its JavaScript.
		const js = new Set(files.filter((f) => f.endsWith('.js')));
		for (const f of files.filter((x) => x.endsWith('.d.ts') || x.endsWith('.js.map'))) {
			const base = f.endsWith('.d.ts') ? f.replace(/\.d\.ts$/, '.js') : f.replace(/\.map$/, '');
			expect({ f, hasJs: js.has(base) }).toEqual({ f, hasJs: true });
		}
		for (const required of ['package.json', 'README.md', 'LICENSE']) expect(inTarball.has(required)).toBe(true);
	});
});
