// n8n's own community-node lint rules, applied as @n8n/node-cli (the starter's toolchain) applies
// them: @n8n/eslint-plugin-community-nodes plus eslint-plugin-n8n-nodes-base.
import { config } from '@n8n/node-cli/eslint';

export default [
	{
		// Not part of the published package: the simulator, tests and scripts run only here, and the
		// community-node rules (no node:http, no timers, ...) are about code that runs inside n8n.
		// They are type-checked with `strict` by tsconfig.tools.json and tsconfig.test.json instead.
		ignores: ['dist/**', 'build/**', 'coverage/**', 'simulator/**', 'test/**', 'scripts/**'],
	},
	...config,
];
