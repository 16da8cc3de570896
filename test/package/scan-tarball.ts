/**
 * `npm run lint:package`: lints what would be published, the way n8n's verification scanner
 * (`@n8n/scan-community-package`, scanner/scanner.mjs: buildScanConfig + analyzePackage) lints
 * the tarball leg: `npm pack`, extract, then ESLint with inline config disabled over the
 * compiled `**\/*.js` and the published package.json, with
 *   - @n8n/eslint-plugin-community-nodes `recommended`, plus 'no-console': 'error';
 *   - eslint-plugin-n8n-nodes-base registered, its `community` rules on package.json
 *     (its nodes/credentials rulesets target `.ts` files, which the tarball leg does not lint);
 *   - the TypeScript parser for JSON files.
 * The scanner itself cannot be installed here: it depends on n8n-workflow 2.x, whose
 * dependency chain needs isolated-vm, a native module that does not build on Node 20.
 * Its source leg (the .ts sources) is what `npm run lint` covers (eslint.config.mjs).
 *
 * Exit 0 with 0 errors; otherwise prints ESLint's report and exits 1. PACKAGE_DIR=<dir>
 * lints an already extracted package instead of packing one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ESLint as ESLintNs, Linter } from 'eslint';

type ESLintPlugin = ESLintNs.Plugin;

const REPO = resolve(__dirname, '..', '..');

function sh(command: string, args: string[], cwd: string): string {
	const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
	return r.stdout;
}

/** Packs the repository (dist must be built) and extracts the tarball; returns the package dir. */
export function packAndExtract(workDir: string): string {
	sh('npm', ['pack', '--silent', '--pack-destination', workDir], REPO);
	const tgz = readdirSync(workDir).find((f) => f.endsWith('.tgz'));
	if (!tgz) throw new Error('npm pack wrote no tarball');
	const packageDir = join(workDir, 'package');
	mkdirSync(packageDir);
	sh('tar', ['-xzf', join(workDir, tgz), '-C', packageDir, '--strip-components=1'], workDir);
	return packageDir;
}

async function main(): Promise<number> {
	const { ESLint } = await import('eslint');
	const { defineConfig } = await import('eslint/config');
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	// The plugin ships no types.
	const n8nNodesPlugin = (
		(await import('eslint-plugin-n8n-nodes-base' as string)) as {
			default: ESLintPlugin & { configs: { community: { rules: Linter.RulesRecord } } };
		}
	).default;
	const tseslint = (await import('typescript-eslint')).default;

	const workDir = mkdtempSync(join(tmpdir(), 'scan-tarball-'));
	try {
		const packageDir = process.env.PACKAGE_DIR ?? packAndExtract(workDir);
		const eslint = new ESLint({
			cwd: packageDir,
			allowInlineConfig: false,
			overrideConfigFile: true,
			overrideConfig: defineConfig(
				n8nCommunityNodesPlugin.configs.recommended,
				{ rules: { 'no-console': 'error' } },
				{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
				{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
				{ files: ['**/*.json'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
			),
		});
		const files = sh('find', ['.', '-type', 'f', '(', '-name', '*.js', '-o', '-path', './package.json', ')'], packageDir)
			.split('\n')
			.filter((f) => f && !f.includes('/node_modules/'))
			.map((f) => join(packageDir, f));
		const jsCount = files.filter((f) => f.endsWith('.js')).length;
		if (jsCount === 0) throw new Error('the tarball holds no JavaScript: is dist built?');
		const results = await eslint.lintFiles(files);
		const errors = results.reduce((n, r) => n + r.errorCount, 0);
		const warnings = results.reduce((n, r) => n + r.warningCount, 0);
		if (errors > 0 || warnings > 0) {
			const formatter = await eslint.loadFormatter('stylish');
			process.stdout.write(await formatter.format(results));
		}
		process.stdout.write(
			`tarball lint (n8n scan-community-package rules): ${files.length} files (${jsCount} JS + package.json), ${errors} errors, ${warnings} warnings\n`,
		);
		return errors === 0 ? 0 : 1;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(e: unknown) => {
			process.stderr.write(`tarball lint failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
			process.exit(1);
		},
	);
}
