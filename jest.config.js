/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{
				// Object form = overrides on top of <rootDir>/tsconfig.json.
				// isolatedModules => transpile-only (fast); type checking is `npm run typecheck`.
				tsconfig: { isolatedModules: true },
			},
		],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
	// Must run before n8n-core is imported anywhere: points N8N_USER_FOLDER at a temp dir.
	setupFiles: ['<rootDir>/test/helpers/harness/env.ts'],
	// Removes that temp dir after each test file.
	setupFilesAfterEnv: ['<rootDir>/test/helpers/harness/cleanup.ts'],
	testTimeout: 30000,
};
