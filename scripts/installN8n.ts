/** npm run n8n:install: installs the pinned n8n (and Node 24) into the cache folder, once. */
import { ensureN8n, runtimeDir } from './n8n/n8nRuntime';

ensureN8n((line) => console.log(line))
	.then(() => console.log(`n8n ready in ${runtimeDir()}`))
	.catch((error: Error) => {
		console.error(`n8n install failed: ${error.message}`);
		process.exit(1);
	});
