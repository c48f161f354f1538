/** @type {import('jest').Config} */
// The end-to-end suite: a real n8n (N8N_VERSION picks one of scripts/n8n/n8nRuntime.ts's versions,
// default 2.41.1; each installed once into a cache folder) and Chromium. Every file starts its own n8n.
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
