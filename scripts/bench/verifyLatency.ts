/**
 * npm run bench:verify — how long a verified Mute/Unmute takes through n8n's engine, next to the
 * same request without Verify. The simulator runs in its own process so it does not share this
 * process's CPU. Prints median, p95, min and max of N runs for each case.
 */
import { runWorkflow } from '../../test/engine/runWorkflow';
import { chain, recordingNode } from '../../test/engine/workflows';
import { startSimulatorProcess } from './simulatorProcess';
import { summarise, type Summary } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const TOKEN = 'bench-token';
const CALL_ID = '2020101201a1b2c3d4';

async function measure(baseUrl: string, verify: boolean): Promise<number[]> {
	const samples: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		// Alternate so every request really changes the call's state.
		const operation = run % 2 === 0 ? 'mute' : 'unmute';
		const workflow = chain(
			recordingNode({ operation, target: 'callId', callId: CALL_ID, options: verify ? { verify: true } : {} }),
		);
		const started = process.hrtime.bigint();
		const result = await runWorkflow(workflow, { credentials: { 'voicenter-test': { baseUrl, apiToken: TOKEN } } });
		samples.push(Number(process.hrtime.bigint() - started) / 1e6);
		if (result.error) throw new Error(`run ${run} failed: ${result.error.message}`);
		if (verify && result.output('Voicenter Recording')[0]?.json.verified !== true) throw new Error(`run ${run} not verified`);
	}
	return samples;
}

async function main(): Promise<void> {
	const sim = await startSimulatorProcess(TOKEN);
	try {
		await measure(sim.baseUrl, true); // warm-up: module loading, first connections
		const rows: Array<[string, Summary]> = [];
		rows.push(['without Verify', summarise(await measure(sim.baseUrl, false))]);
		rows.push(['Verify, mute applied at once', summarise(await measure(sim.baseUrl, true))]);
		await sim.control('POST', 'options', { muteBehaviour: { kind: 'late', ms: 300 } });
		rows.push(['Verify, mute applied after 300 ms', summarise(await measure(sim.baseUrl, true))]);

		console.log(`Verified Mute/Unmute latency through WorkflowExecute, ${RUNS} runs each (ms; simulator in its own process)`);
		console.log('case                                 median      p95      min      max');
		for (const [name, s] of rows) {
			const cells = [s.median, s.p95, s.min, s.max].map((v) => v.toFixed(1).padStart(8)).join(' ');
			console.log(`${name.padEnd(34)} ${cells}`);
		}
	} finally {
		sim.stop();
	}
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
