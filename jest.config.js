/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testTimeout: 30000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
		// n8n's Form nodes sanitise HTML with sanitize-html, whose parser (htmlparser2 and its helpers)
		// ships as ES modules only: jest can require those only on Node 24.9+, so it compiles them to CommonJS.
		'/sanitize-html/node_modules/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
	},
	transformIgnorePatterns: ['^(?!.*/sanitize-html/node_modules/).*/node_modules/'],
};
