/**
 * npm run soak — 100,000 Mute/Unmute requests through n8n's engine, in batches, against the
 * simulator (its own process) with randomly injected faults. Reports requests, faults, retries,
 * items out vs in, whether every call ended in the state of the last request Voicenter accepted
 * for it, and peak memory. Exits 1 on any inconsistency.
 */
import { runWorkflow } from '../../test/engine/runWorkflow';
import { chain, recordingNode } from '../../test/engine/workflows';
import { startSimulatorProcess } from './simulatorProcess';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const BATCH = 1000;
const TOKEN = 'soak-token';
const FAULT_KINDS = [
	{ kind: 'drop' },
	{ kind: 'httpStatus', status: 503 },
	{ kind: 'httpStatus', status: 502 },
	{ kind: 'httpStatus', status: 429 },
	{ kind: 'httpStatus', status: 500 },
	{ kind: 'html' },
	{ kind: 'errorCode', errorCode: 400, message: 'Parameters are not valid' },
];

interface SimCall {
	ivrid: string;
	isMuted: boolean;
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

async function main(): Promise<void> {
	const sim = await startSimulatorProcess(TOKEN);
	const started = Date.now();
	let itemsIn = 0;
	let itemsOut = 0;
	let succeeded = 0;
	let failed = 0;
	let retries = 0;
	let faultsInjected = 0;
	let peakRss = 0;
	let peakHeap = 0;
	const lastAccepted = new Map<string, boolean>();
	const problems: string[] = [];

	try {
		const ivrids = ((await sim.control('GET', 'calls')) as SimCall[]).map((call) => call.ivrid);
		for (let sent = 0; sent < TOTAL; sent += BATCH) {
			const size = Math.min(BATCH, TOTAL - sent);
			const operation = Math.random() < 0.5 ? 'mute' : 'unmute';
			for (let rule = 0; rule < 3; rule++) {
				const times = Math.floor(Math.random() * 15);
				if (times === 0) continue;
				await sim.control('POST', 'faults', { fault: pick(FAULT_KINDS), times, endpoint: 'MuteUnmuteCalls' });
				faultsInjected += times;
			}
			const targets = Array.from({ length: size }, () => pick(ivrids));
			const result = await runWorkflow(
				chain(
					recordingNode(
						{
							operation,
							target: 'callId',
							callId: '={{ $json.callId }}',
							requestMethod: Math.random() < 0.5 ? 'POST' : 'GET',
							options: { concurrency: 16, maxAttempts: 3, timeout: 2000 },
						},
						{ onError: 'continueRegularOutput' },
					),
				),
				{
					input: targets.map((callId) => ({ json: { callId } })),
					credentials: { 'voicenter-test': { baseUrl: sim.baseUrl, apiToken: TOKEN } },
				},
			);
			const out = result.output('Voicenter Recording');
			itemsIn += size;
			itemsOut += out.length;
			if (out.length !== size) problems.push(`batch at ${sent}: ${out.length} items out for ${size} in`);
			out.forEach((item, i) => {
				const attempts = Number(item.json.attempts ?? 1);
				retries += attempts - 1;
				if (item.json.error === undefined) {
					succeeded++;
					lastAccepted.set(targets[i], operation === 'mute');
				} else {
					failed++;
				}
			});
			await sim.control('DELETE', 'faults');
			const memory = process.memoryUsage();
			peakRss = Math.max(peakRss, memory.rss);
			peakHeap = Math.max(peakHeap, memory.heapUsed);
		}

		const finalCalls = (await sim.control('GET', 'calls')) as SimCall[];
		let consistent = 0;
		for (const call of finalCalls) {
			const expected = lastAccepted.get(call.ivrid);
			if (expected === undefined || expected === call.isMuted) consistent++;
			else problems.push(`call ${call.ivrid} is ${call.isMuted ? 'muted' : 'recording'}, last accepted request said otherwise`);
		}

		const seconds = (Date.now() - started) / 1000;
		const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
		console.log(`soak: ${itemsIn} Mute/Unmute requests in ${Math.ceil(itemsIn / BATCH)} batches of ${BATCH}, ${seconds.toFixed(1)} s (${(itemsIn / seconds).toFixed(0)} items/s)`);
		console.log(`  items out / in         ${itemsOut} / ${itemsIn}`);
		console.log(`  succeeded / failed     ${succeeded} / ${failed}`);
		console.log(`  faults injected        ${faultsInjected}`);
		console.log(`  retries                ${retries}`);
		console.log(`  calls consistent       ${consistent} / ${finalCalls.length} (final state = last accepted request)`);
		console.log(`  peak RSS / heap        ${mb(peakRss)} / ${mb(peakHeap)}`);
		if (problems.length > 0) {
			console.log(`FAILED: ${problems.length} problem(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
			process.exitCode = 1;
		}
	} finally {
		sim.stop();
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
