/**
 * npm run bench — where the node stands against the limit and against what a user would otherwise
 * use. Engine throughput at 1,000 items (simulator answering at once and after 20 ms), memory at
 * 10,000 items, the webhook round trip in a real n8n, and the CRM's calls/s and round trip under
 * load in one n8n process against queue mode with one and two workers. Prints tables with the
 * project's targets and writes everything as JSON to a file it names (also when a section fails).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';
import { PINNING, pinProcess, SIMULATOR_CPU } from './cpuPinning';
import { CASE_LABELS, CONCURRENCY, measureThroughput, type CaseFigures } from './engineThroughput';
import {
	measureQueueThroughput,
	MUTE_BODY,
	MUTE_PATH,
	STACK_CASES,
	WORKER_CONCURRENCY,
	type StackCase,
	type StackFigures,
} from './queueThroughput';
import { startSimulatorProcess, type SimulatorProcess } from './simulatorProcess';
import { summarise, type Summary } from './stats';
import { measureWebhookLatency, PACING, type Pacing, type WebhookCase } from './webhookLatency';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RUNS_PER_PROCESS = Number(process.env.BENCH_RUNS ?? 3);
const WEBHOOK_CALLS = Number(process.env.BENCH_WEBHOOK_CALLS ?? 200);
const N8N_PORT = Number(process.env.BENCH_N8N_PORT ?? 5696);
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'throughput,memory,webhook,queue').split(','));
const QUEUE_CALLS = Number(process.env.BENCH_QUEUE_CALLS ?? 300);
const QUEUE_IN_FLIGHT = Number(process.env.BENCH_QUEUE_IN_FLIGHT ?? 30);
const QUEUE_WARMUP_CALLS = 30;
/** Apart from the webhook section's n8n (5696), the queue tests' (5800–5830, 55442, 56389) and npm run dev's. */
const QUEUE_PORTS = { single: 5697, basePort: 5900, postgres: 55452, redis: 56399 };
const ITEMS = 1000;
const TOKEN = 'bench-token';

const report: Record<string, unknown> = {};
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const ms = (value: number) => value.toFixed(0).padStart(6);

/** Peak in flight is counted while the simulator holds requests: with no latency it answers each at once. */
function throughputTable(title: string, figures: Record<string, CaseFigures>, showPeak: boolean): Record<string, number> {
	console.log(`\n${title}`);
	console.log(`  ${'case'.padEnd(44)} median    min    max   req/s  peak in flight`);
	const medians: Record<string, number> = {};
	for (const [name, figure] of Object.entries(figures)) {
		const s = summarise(figure.samples);
		medians[name] = s.median;
		const label = CASE_LABELS[name as keyof typeof CASE_LABELS];
		const rate = ((ITEMS / s.median) * 1000).toFixed(0).padStart(7);
		console.log(
			`  ${label.padEnd(44)} ${ms(s.median)} ${ms(s.min)} ${ms(s.max)} ${rate}  ${(showPeak ? String(figure.peakInFlight) : '–').padStart(6)}`,
		);
	}
	return medians;
}

async function main(): Promise<void> {
	const sim = await startSimulatorProcess(TOKEN);
	pinProcess(sim.pid, SIMULATOR_CPU);
	console.log(
		`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; ` +
			(PINNING ? `simulator pinned to CPU ${SIMULATOR_CPU}, measured processes to CPU 0` : 'no CPU pinning (taskset missing)'),
	);
	console.log(`Each case: ${ROUNDS} processes × ${RUNS_PER_PROCESS} timed runs after 3 warm-up runs; cases taken in turn.`);
	report.machine = {
		cpus: os.cpus().length,
		model: os.cpus()[0]?.model,
		memGb: os.totalmem() / 2 ** 30,
		node: process.version,
		pinning: PINNING,
	};
	try {
		for (const latencyMs of SECTIONS.has('throughput') ? [0, 20] : []) {
			const figures = await measureThroughput(sim, {
				items: ITEMS,
				latencyMs,
				rounds: ROUNDS,
				runsPerProcess: RUNS_PER_PROCESS,
			});
			const medians = throughputTable(
				`1,000 Mute items through WorkflowExecute, concurrency ${CONCURRENCY}, simulator latency ${latencyMs} ms (ms)`,
				figures,
				latencyMs > 0,
			);
			report[`throughput_${latencyMs}ms`] = Object.fromEntries(
				Object.entries(figures).map(([name, figure]) => [
					name,
					{
						...summarise(figure.samples),
						samples: figure.samples,
						peakInFlight: figure.peakInFlight,
					},
				]),
			);
			if (latencyMs === 0) {
				const vsHttp = medians.ours / medians.httpRequest;
				const vsAxios = medians.ours / medians.axiosKeepAlive;
				console.log(`  ours / HTTP Request ${vsHttp.toFixed(2)}× (target ≤ 0.90×: ${verdict(vsHttp <= 0.9)})`);
				console.log(`  ours / axios        ${vsAxios.toFixed(2)}× (target ≤ 1.30×: ${verdict(vsAxios <= 1.3)})`);
				console.log(
					`  ours / plain helper loop ${(medians.ours / medians.plainHelper).toFixed(2)}×; axios new connection / axios kept open ${(medians.axiosNewConnection / medians.axiosKeepAlive).toFixed(2)}×`,
				);
			} else {
				const ideal = (ITEMS / CONCURRENCY) * latencyMs;
				console.log(
					`  ideal N / concurrency × latency = ${ideal.toFixed(0)} ms; ours ${(medians.ours / ideal).toFixed(2)}× (target ≤ 1.10×: ${verdict(medians.ours <= ideal * 1.1)})`,
				);
				console.log(
					`  axios new connection ${(medians.axiosNewConnection / ideal).toFixed(2)}×, plain helper loop ${(medians.plainHelper / ideal).toFixed(2)}× of ideal`,
				);
			}
		}

		if (SECTIONS.has('memory')) await memorySection(sim);
		if (SECTIONS.has('webhook')) await webhookSection(sim);
		if (SECTIONS.has('queue')) await queueSection(sim);
	} catch (error) {
		report.failure = (error as Error).message;
		throw error;
	} finally {
		sim.stop();
		// What was measured before a failure is kept too; report.failure says what failed.
		const file = path.join(os.tmpdir(), `voicenter-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
		fs.writeFileSync(file, JSON.stringify(report, null, 2));
		console.log(`\nJSON: ${file}${report.failure === undefined ? '' : ' (incomplete: a section failed)'}`);
	}
}

async function memorySection(sim: SimulatorProcess): Promise<void> {
	const memory = await measureThroughput(sim, {
		items: 10_000,
		latencyMs: 0,
		rounds: 1,
		runsPerProcess: 1,
	});
	console.log(
		'\n10,000 Mute items, one run in a warmed-up process. Peaks: growth over the warmed-up baseline (after a full GC).' +
			'\n  Retained: heap in use after the run and another full GC, its output still held (the axios cases keep no output).',
	);
	for (const [name, figure] of Object.entries(memory)) {
		console.log(
			`  ${CASE_LABELS[name as keyof typeof CASE_LABELS].padEnd(44)} ${ms(figure.samples[0])} ms   peak RSS +${figure.rssGrowthMb.toFixed(0)} MB   peak heap +${figure.heapGrowthMb.toFixed(0)} MB   retained after GC +${figure.retainedMb.toFixed(0)} MB`,
		);
	}
	const oursRss = memory.ours.rssGrowthMb;
	console.log(
		`  ours: RSS growth ≤ 50 MB: ${verdict(oursRss <= 50)}; no worse than HTTP Request: ${verdict(oursRss <= memory.httpRequest.rssGrowthMb)}`,
	);
	report.memory_10000 = memory;
}

async function webhookSection(sim: SimulatorProcess): Promise<void> {
	console.log(`\nReal n8n (port ${N8N_PORT}): ${WEBHOOK_CALLS} sequential calls per case, interleaved, after 20 warm-up calls…`);
	const webhook = await measureWebhookLatency({
		packageDir: PACKAGE_DIR,
		simulatorBaseUrl: sim.baseUrl,
		simulatorToken: TOKEN,
		port: N8N_PORT,
		calls: WEBHOOK_CALLS,
		warmupCalls: 20,
		log: () => {},
	});
	const labels: Record<WebhookCase, string> = {
		ours: 'Webhook → Voicenter Recording → Respond',
		httpRequest: 'Webhook → HTTP Request → Respond',
		noRequest: 'Webhook → Respond (n8n alone, no request)',
		direct: 'axios straight to the simulator (limit)',
	};
	const fine = (value: number) => value.toFixed(1).padStart(6);
	const summaries = {} as Record<Pacing, Record<WebhookCase, Summary>>;
	for (const pacing of Object.keys(PACING) as Pacing[]) {
		console.log(
			PACING[pacing] === 0
				? '  Back to back (each call straight after the previous one, while n8n may still be finishing the last execution; not judged):'
				: `  Paused ${PACING[pacing]} ms before each call (each call meets an idle n8n, as a CRM event usually does):`,
		);
		console.log(`    ${'case'.padEnd(44)} median    p95    min    max (ms)`);
		const byCase = Object.fromEntries(
			(Object.keys(labels) as WebhookCase[]).map((name) => [name, summarise(webhook.samples[pacing][name])]),
		) as Record<WebhookCase, Summary>;
		summaries[pacing] = byCase;
		for (const name of Object.keys(labels) as WebhookCase[]) {
			const s = byCase[name];
			console.log(`    ${labels[name].padEnd(44)} ${fine(s.median)} ${fine(s.p95)} ${fine(s.min)} ${fine(s.max)}`);
		}
		const overHttp = byCase.ours.median - byCase.httpRequest.median;
		const overDirect = byCase.ours.median - byCase.direct.median;
		// Back to back, n8n alternates slow and fast calls, and which case lands on the slow ones
		// decides its median: the targets are judged on the paused calls only.
		const judged = PACING[pacing] > 0;
		const target = (limit: number, value: number) => (judged ? ` (target ≤ ${limit}: ${verdict(value <= limit)})` : '');
		console.log(`    ours − HTTP Request median ${overHttp.toFixed(1)} ms${target(5, overHttp)}`);
		console.log(`    ours − direct median ${overDirect.toFixed(1)} ms${target(10, overDirect)}`);
		console.log(
			`    n8n alone − direct ${(byCase.noRequest.median - byCase.direct.median).toFixed(1)} ms; ours − n8n alone ${(byCase.ours.median - byCase.noRequest.median).toFixed(1)} ms`,
		);
	}
	report.webhook = {
		summaries,
		samples: webhook.samples,
		n8nStartup: webhook.timings,
	};
}

async function queueSection(sim: SimulatorProcess): Promise<void> {
	const cores = os.cpus().length;
	console.log(
		`\nOne n8n process against queue mode: ${QUEUE_CALLS} CRM calls, ${QUEUE_IN_FLIGHT} in flight, POST /webhook/${MUTE_PATH} ${JSON.stringify(MUTE_BODY)} ` +
			`(the "mute by extension" example), after ${QUEUE_WARMUP_CALLS} warm-up calls; one stack at a time, each stopped before the next starts.`,
	);
	console.log(
		`  The machine: ${cores} cores, shared during each run by all of that stack's processes (queue mode: Postgres, Redis, n8n main, ` +
			`webhook processor, workers), the simulator${PINNING ? ` (pinned to CPU ${SIMULATOR_CPU}, the rest unpinned)` : ''} and this load generator; ` +
			`what each used is measured below. Queue stacks: worker concurrency ${WORKER_CONCURRENCY}, the recommended queue timing.`,
	);
	const figures = await measureQueueThroughput({
		packageDir: PACKAGE_DIR,
		sim,
		simulatorToken: TOKEN,
		calls: QUEUE_CALLS,
		inFlight: QUEUE_IN_FLIGHT,
		warmupCalls: QUEUE_WARMUP_CALLS,
		singlePort: QUEUE_PORTS.single,
		basePort: QUEUE_PORTS.basePort,
		postgresPort: QUEUE_PORTS.postgres,
		redisPort: QUEUE_PORTS.redis,
		log: (line) => console.log(line),
	});
	report.queue = { calls: QUEUE_CALLS, inFlight: QUEUE_IN_FLIGHT, warmupCalls: QUEUE_WARMUP_CALLS, workerConcurrency: WORKER_CONCURRENCY, ports: QUEUE_PORTS, stacks: figures };

	const fine = (value: number) => value.toFixed(0).padStart(7);
	const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`.padStart(9);
	console.log(`\n  ${'stack'.padEnd(42)} start-up calls/s     p50     p95     p99     max  not 200  (CRM round trip, ms)`);
	for (const name of STACK_CASES) {
		const f = figures[name];
		const s = f.roundTrip;
		console.log(
			`  ${f.label.padEnd(42)}${seconds(f.startupMs)} ${f.callsPerSecond.toFixed(1).padStart(7)} ${fine(s.median)} ${fine(s.p95)} ${fine(s.p99)} ${fine(s.max)} ${String(f.non200).padStart(8)}`,
		);
	}
	const single = figures.single.callsPerSecond;
	console.log(
		`  calls/s against one process: ${(['queue1', 'queue2'] as StackCase[]).map((name) => `${figures[name].label} ${(figures[name].callsPerSecond / single).toFixed(2)}×`).join(', ')}`,
	);

	console.log(`  CPU during the measured calls, % of one core (all ${cores} cores busy = ${cores * 100}%):`);
	for (const name of STACK_CASES) {
		const { cpu } = figures[name];
		const listed = cpu.processes.reduce((sum, share) => sum + share.percent, 0);
		const shares = [...cpu.processes.map((share) => `${share.name} ${share.percent.toFixed(0)}%`)];
		// Without /proc only this process is listed, and the rest is not unaccounted for.
		if (cpu.processes.length > 1) shares.push(`rest (other processes, kernel) ${Math.max(0, cpu.machinePercent - listed).toFixed(0)}%`);
		const steal = cpu.stealPercent >= 1 ? `, and ${cpu.stealPercent.toFixed(0)}% taken by the hypervisor` : '';
		console.log(`    ${figures[name].label}: machine busy ${cpu.machinePercent.toFixed(0)}%${steal}; ${shares.join(', ')}`);
	}
	const phases = (f: StackFigures) =>
		Object.entries(f.startupPhases)
			.map(([phase, msTaken]) => `${phase} ${(msTaken / 1000).toFixed(1)}`)
			.join(', ');
	console.log('  Start-up phases (s), then the stop:');
	for (const name of STACK_CASES) {
		console.log(`    ${figures[name].label}: ${phases(figures[name])}; stopped in ${(figures[name].stopMs / 1000).toFixed(1)} s`);
	}
	for (const name of STACK_CASES) {
		const f = figures[name];
		if (f.simulatorRequests !== QUEUE_CALLS) {
			console.log(`  NOTE ${f.label}: the simulator saw ${f.simulatorRequests} Voicenter requests for ${QUEUE_CALLS} calls`);
		}
	}

	const failing = STACK_CASES.filter((name) => figures[name].rejected.length > 0);
	if (failing.length > 0) {
		for (const name of failing) {
			const f = figures[name];
			console.error(
				`\n  FAILED ${f.label}: ${f.non200} measured calls not 200 (${JSON.stringify(f.statuses)}), ${f.notMuted} answered 200 without a true mute, ${f.warmupRejected} warm-up calls rejected. First ones:`,
			);
			for (const entry of f.rejected.slice(0, 5)) {
				console.error(`    call ${entry.index}: ${entry.why}; ${JSON.stringify(entry.body)?.slice(0, 300)}`);
			}
		}
		throw new Error(
			`queue section: ${failing.map((name) => figures[name].label).join('; ')} answered calls with something other than a 200 true mute: the figures above measure failures`,
		);
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
