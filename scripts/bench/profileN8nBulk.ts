/**
 * A CPU profile of a real n8n running the bulk mute (n8nBulk.ts): n8n started under `--cpu-prof`
 * (a wrapper around its Node), 10 calls of 1,000 items to one case's workflow, n8n stopped (which
 * writes the profile), then where its CPU went: by owner, by function, and the time spent in n8n's
 * credential read (CredentialsHelper.getDecrypted: the database query, the decryption, the
 * defaults and expressions).
 *   npm run build && npm run build:tools
 *   node build/scripts/bench/profileN8nBulk.js [ours|httpRequestUnbatched|httpRequestBatched] [concurrency]
 * Ports: BENCH_PROFILE_N8N_PORT (5985, with the next two) and BENCH_PROFILE_SIMULATOR_PORT (5988).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';
import { startN8n, waitForWebhooks } from '../n8n/n8nInstance';
import { ensureN8n } from '../n8n/n8nRuntime';
import { importStackData, installPackedPackage, stackWorkflows } from '../n8n/provision';
import { pinProcess, SIMULATOR_CPU } from './cpuPinning';
import { bulkWorkflows, type BulkCase } from './n8nBulk';
import { inclusiveMs, largestProfile, profileLines, summariseProfile } from './profileSummary';
import { startSimulatorProcess } from './simulatorProcess';

const CALLS = 10;
const ITEMS = 1000;

async function main(): Promise<void> {
	const [, , name = 'ours', concurrencyArg = '100'] = process.argv as [string, string, BulkCase?, string?];
	const port = Number(process.env.BENCH_PROFILE_N8N_PORT ?? 5985);
	const sim = await startSimulatorProcess('bench-token', { args: ['--port', process.env.BENCH_PROFILE_SIMULATOR_PORT ?? '5988'] });
	pinProcess(sim.pid, SIMULATOR_CPU);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-profile-'));
	try {
		const runtime = await ensureN8n();
		const wrapper = path.join(folder, 'node-cpu-prof');
		fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${runtime.node}" --cpu-prof --cpu-prof-dir="${folder}" "$@"\n`, { mode: 0o755 });
		const content = {
			packageDir: PACKAGE_DIR,
			simulatorBaseUrl: sim.baseUrl,
			simulatorToken: 'bench-token',
			extraWorkflows: bulkWorkflows(sim.baseUrl, Number(concurrencyArg), [name]),
		};
		const setup = { runtime, userFolder: fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-user-')), port, brokerPort: port + 1 };
		await installPackedPackage(content, runtime, [setup.userFolder]);
		await importStackData(content, setup, true);
		// Only the server runs under the profiler: the import commands above ran on the plain runtime.
		const n8n = await startN8n({ ...setup, runtime: { ...runtime, node: wrapper } });
		try {
			await waitForWebhooks(n8n.url, stackWorkflows(content));
			const body = JSON.stringify({ extensions: Array.from({ length: ITEMS }, () => 'APIAPI') });
			for (let call = 0; call < CALLS; call++) {
				const response = await fetch(`${n8n.url}/webhook/voicenter/bench-bulk-${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
				if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
			}
		} finally {
			await n8n.stop();
		}
		const file = largestProfile(folder);
		console.log(`n8n ${runtime.version}, ${CALLS} calls of ${ITEMS} items to the ${name} workflow (start-up included), profile ${file}; per call:`);
		for (const line of profileLines(summariseProfile(file, 25), CALLS)) console.log(`  ${line}`);
		const credentialMs = inclusiveMs(file, 'getDecrypted', '/credentials-helper.js');
		console.log(`  n8n's credential read (CredentialsHelper.getDecrypted, inclusive): ${(credentialMs / CALLS).toFixed(1)} ms per call`);
	} finally {
		sim.stop();
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
