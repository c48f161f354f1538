/**
 * Where one n8n process spends its CPU under the CRM's load: the stack of `npm run dev` (the kit
 * installed by its installer, the webhooks locked, the pause ledger writing) started with n8n's
 * Node under `--cpu-prof`, warm-up calls, then locked "mute by extension" calls at a fixed number
 * in flight, n8n stopped (which writes the profile), then the shares by owner, the top functions
 * and the inclusive time of the steps each call goes through.
 *   npm run build && npm run build:tools
 *   node build/scripts/bench/profileCrmLoad.js [calls] [inFlight]
 * BENCH_N8N_ENV adds settings to n8n's environment (n8nSettings.ts).
 * Ports: BENCH_PROFILE_N8N_PORT (5985, with the next two) and BENCH_PROFILE_SIMULATOR_PORT (5988).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';
import { startLocalStack } from '../n8n/localStack';
import { callWebhook, runCalls } from '../n8n/webhookCalls';
import { benchN8nSettings, describeSettings } from './n8nSettings';
import { pinProcess, SIMULATOR_CPU } from './cpuPinning';
import { inclusiveMs, largestProfile, profileLines, summariseProfile } from './profileSummary';
import { MUTE_BODY, MUTE_PATH } from './queueThroughput';
import { startSimulatorProcess } from './simulatorProcess';

/** Steps of a CRM call and its ledger write, by the n8n function that holds each (inclusive time). */
const STEPS: Array<{ step: string; fn: string; file: string }> = [
	{ step: 'run a workflow (the CRM one and the ledger)', fn: 'processRunExecutionData', file: '/workflow-execute.js' },
	{ step: 'store the finished execution', fn: 'updateExistingExecution', file: '/execution-lifecycle/shared/shared-hook-functions.js' },
	{ step: 'read a credential', fn: 'getDecrypted', file: '/credentials-helper.js' },
	{ step: 'start a sub-workflow (Execute Workflow)', fn: 'executeWorkflow', file: '/workflow-execute-additional-data.js' },
	{ step: 'create an execution row', fn: 'create', file: '/executions/execution-persistence.js' },
	{ step: 'the JWT check of the webhook', fn: 'validateWebhookAuthentication', file: '/nodes/Webhook/utils.js' },
];

async function main(): Promise<void> {
	const calls = Number(process.argv[2] ?? 300);
	const inFlight = Number(process.argv[3] ?? 30);
	const port = Number(process.env.BENCH_PROFILE_N8N_PORT ?? 5985);
	const sim = await startSimulatorProcess('bench-token', { args: ['--port', process.env.BENCH_PROFILE_SIMULATOR_PORT ?? '5988'] });
	pinProcess(sim.pid, SIMULATOR_CPU);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-crm-profile-'));
	try {
		const stack = await startLocalStack({
			packageDir: PACKAGE_DIR,
			simulatorBaseUrl: sim.baseUrl,
			simulatorToken: 'bench-token',
			port,
			env: { ...benchN8nSettings(), NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${folder}` },
		});
		const url = `${stack.n8n.url}/webhook/${MUTE_PATH}`;
		const call = async (index: number) => await callWebhook(url, MUTE_BODY, 60_000, index);
		let seconds: number;
		try {
			await runCalls(30, inFlight, call);
			const began = Date.now();
			const results = await runCalls(calls, inFlight, call);
			seconds = (Date.now() - began) / 1000;
			const failed = results.filter((result) => result.status !== 200 || result.body?.muted !== true);
			if (failed.length > 0) throw new Error(`${failed.length} calls were not answered 200 muted: ${JSON.stringify(failed[0])}`);
		} finally {
			await stack.n8n.stop();
		}
		const file = largestProfile(folder);
		console.log(`n8n ${stack.setup.runtime.version} (${describeSettings(benchN8nSettings())}): ${calls} locked CRM calls, ${inFlight} in flight, ${(calls / seconds).toFixed(1)} calls/s under the profiler; profile ${file} (start-up and warm-up included); per call:`);
		for (const line of profileLines(summariseProfile(file, 40), calls)) console.log(`  ${line}`);
		for (const { step, fn, file: suffix } of STEPS) console.log(`  ${step} (${fn}, inclusive): ${(inclusiveMs(file, fn, suffix) / calls).toFixed(2)} ms per call`);
	} finally {
		sim.stop();
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
