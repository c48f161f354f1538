/**
 * npm run n8n:install: installs the n8n that N8N_VERSION selects (default 2.41.1) and the Node it
 * runs on into the cache folder, once.
 */
import { ensureN8n, runtimeDir, selectedN8nVersion } from './n8n/n8nRuntime';

async function main(): Promise<void> {
	const version = selectedN8nVersion();
	await ensureN8n((line) => console.log(line), version);
	console.log(`n8n ${version} ready in ${runtimeDir(version)}`);
}

main().catch((error: Error) => {
	console.error(`n8n install failed: ${error.message}`);
	process.exit(1);
});
