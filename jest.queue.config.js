/** @type {import('jest').Config} */
// n8n in queue mode (Postgres, Redis, a main, a webhook processor, workers), started once for the
// suite by test/queue/stack.ts: load, the MCP example, a killed worker, a Redis restart, a worker
// without the package.
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	testTimeout: 180000,
	maxWorkers: 1,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
};
