/** @type {import('jest').Config} */
// The end-to-end suite: a real n8n (installed once into a cache folder) and Chromium.
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	// The first run installs n8n (minutes); starting it and the editor take tens of seconds each.
	testTimeout: 120000,
	maxWorkers: 1,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
};
