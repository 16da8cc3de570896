// ESLint flat config for n8n-nodes-feishu-apaas.
//
// This is a replica of the config that `@n8n/node-cli` v0.48.x ships as
// `@n8n/node-cli/eslint` (`config` = createConfig(supportCloud = true), source:
// n8n-io/n8n packages/@n8n/node-cli/src/configs/eslint.ts), i.e. what
// `n8n-node lint` runs for a community node package that targets n8n Cloud
// verification. We cannot depend on `@n8n/node-cli` itself: its dependency
// chain needs a native module that does not build on Node 20, so the same
// rule sets are wired up here by hand from the packages it uses:
//
//   - @eslint/js recommended + typescript-eslint recommended      (all shipped *.ts)
//   - @n8n/eslint-plugin-community-nodes `recommended`            (all shipped *.ts + package.json)
//   - eslint-plugin-n8n-nodes-base `community` ruleset            (package.json)
//   - eslint-plugin-n8n-nodes-base `credentials` ruleset          (credentials/**/*.ts)
//   - eslint-plugin-n8n-nodes-base `nodes` ruleset                (nodes/**/*.ts)
//   - 'prefer-spread': off, 'no-console': error                   (as node-cli)
//   - the same rule switch-offs node-cli applies to the n8n-nodes-base rulesets.
//
// Differences from node-cli, on purpose:
//   - `eslint-plugin-import-x` flat/recommended (+ its TypeScript resolver) is not
//     included: it is not a dependency of this package (the resolver is the native
//     module chain mentioned above). It only adds import-resolution hygiene rules.
//   - node-cli writes the credential/node globs as './credentials/**' and
//     './nodes/**'; they are written without the './' here (same files).
//   - Inline `eslint-disable` comments are ignored (noInlineConfig), matching
//     `@n8n/scan-community-package`, which lints with `allowInlineConfig: false`.
//   - test/, emulator/ and scripts/ are not shipped (package.json "files" is
//     ["dist"]), so they are linted with typescript-eslint recommended only.
import eslint from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;

// Development-only TypeScript that never ends up in the published package.
const notShipped = ['test/**', 'emulator/**', 'scripts/**'];

export default tseslint.config(
	globalIgnores(['dist/**', 'node_modules/**', 'coverage/**', '.n8n-e2e/**']),
	{
		linterOptions: {
			noInlineConfig: true,
			reportUnusedDisableDirectives: 'error',
		},
	},
	{
		files: ['**/*.ts'],
		ignores: notShipped,
		extends: [eslint.configs.recommended, tseslint.configs.recommended, communityNodesRecommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		files: notShipped.map((dir) => `${dir.slice(0, -3)}/**/*.ts`),
		extends: [tseslint.configs.recommended],
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesPlugin },
	},
	{
		files: ['package.json'],
		// As node-cli: the community-nodes rules that gate on package.json
		// (no-overrides-field, valid-peer-dependencies, no-forbidden-lifecycle-scripts, ...)
		// only fire if the recommended config is applied to package.json too.
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesPlugin.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: {
				extraFileExtensions: ['.json'],
			},
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			// Not valid for community nodes
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// @n8n/eslint-plugin-community-nodes credential-password-field rule is more accurate
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			// Inputs and outputs can be enum instead of string "main"
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Sometimes the 3rd party API does have a maximum limit, so maxValue is valid
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
