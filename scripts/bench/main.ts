/**
 * npm run bench — where the node stands against the limit and against what a user would otherwise
 * use. Engine throughput at 1,000 items (simulator answering at once and after 20 ms) and memory at
 * 10,000 items, each on Node 20 and on the Node 24 n8n runs on; CPU profiles of ours and the HTTP
 * Request node; a bulk mute of 1,000 items in a real n8n; the webhook round trip in a real n8n; the
 * CRM's calls/s and round trip under load in one n8n process against queue mode with one and two
 * workers; and one CRM call with Voicenter at a distance over HTTPS (wanSection.ts). Prints tables
 * with the project's targets and writes everything as JSON to a file it names (also when a section
 * fails).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';
import { PINNING, pinProcess, SIMULATOR_CPU } from './cpuPinning';
import { bulkSection } from './bulkSection';
import { defaultsSection } from './defaultsSection';
import { largeCentreSection } from './largeCentreSection';
import { ledgerScaleSection, type LedgerDatabase } from './ledgerScaleSection';
import { ledgerSection } from './ledgerSection';
import { memorySection } from './memorySection';
import { profileSection } from './profileSection';
import {
	measureQueueThroughput,
	MUTE_BODY,
	MUTE_PATH,
	STACK_CASES,
	WORKER_CONCURRENCY,
	type StackCase,
	type StackFigures,
} from './queueThroughput';
import { benchRuntimes } from './runtimes';
import { startSimulatorPool, type SimulatorPool } from './simulatorPool';
import { benchN8nSettings, describeSettings } from './n8nSettings';
import { startSimulatorProcess, type SimulatorProcess } from './simulatorProcess';
import { summarise, type Summary } from './stats';
import { throughputSection } from './throughputSection';
import { wanSection } from './wanSection';
import { measureWebhookLatency, PACING, type Pacing, type WebhookCase } from './webhookLatency';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RUNS_PER_PROCESS = Number(process.env.BENCH_RUNS ?? 3);
const WEBHOOK_CALLS = Number(process.env.BENCH_WEBHOOK_CALLS ?? 200);
const N8N_PORT = Number(process.env.BENCH_N8N_PORT ?? 5696);
/** The ledger section's n8n, beside the webhook section's. */
const LEDGER_N8N_PORT = N8N_PORT + 2;
const LEDGER_CALLS = Number(process.env.BENCH_LEDGER_CALLS ?? 200);
/** The ledger sizes (entries) the large-centre ledger bench fills the table to. */
const LEDGER_SCALE_ENTRIES = (process.env.BENCH_LEDGER_SCALE_ENTRIES ?? '10000,100000').split(',').map(Number);
const LEDGER_SCALE_DBS = (process.env.BENCH_LEDGER_SCALE_DBS ?? 'sqlite,postgres,postgres-ledger').split(',') as LedgerDatabase[];
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'throughput,defaults,memory,profile,bulk,webhook,centre,ledger,queue,wan').split(','));
/** The engine cases' simulators: one port each, so that every case starts with no TIME_WAIT on its port (simulatorPool.ts). */
const SIMULATOR_POOL = { basePort: Number(process.env.BENCH_SIMULATOR_PORT ?? 5960), size: 16 };
const QUEUE_CALLS = Number(process.env.BENCH_QUEUE_CALLS ?? 300);
const QUEUE_IN_FLIGHT = Number(process.env.BENCH_QUEUE_IN_FLIGHT ?? 30);
const QUEUE_WARMUP_CALLS = 30;
/** Apart from the webhook section's n8n (5696), the queue tests' (5800–5830, 55442, 56389) and npm run dev's. */
const QUEUE_PORTS = { single: 5697, basePort: 5900, postgres: 55452, redis: 56399 };
const TOKEN = 'bench-token';

const report: Record<string, unknown> = {};
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
async function main(): Promise<void> {
	// The simulator of the real-n8n sections, on the port after the engine cases' pool.
	const sim = await startSimulatorProcess(TOKEN, { args: ['--port', String(SIMULATOR_POOL.basePort + SIMULATOR_POOL.size)] });
	pinProcess(sim.pid, SIMULATOR_CPU);
	console.log(
		`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; ` +
			(PINNING ? `simulator pinned to CPU ${SIMULATOR_CPU}, measured processes to CPU 0` : 'no CPU pinning (taskset missing)'),
	);
	report.machine = {
		cpus: os.cpus().length,
		model: os.cpus()[0]?.model,
		memGb: os.totalmem() / 2 ** 30,
		node: process.version,
		pinning: PINNING,
	};
	try {
		if (['throughput', 'defaults', 'memory', 'profile'].some((name) => SECTIONS.has(name))) await engineSections();
		if (SECTIONS.has('bulk')) await bulkSection(PACKAGE_DIR, sim, TOKEN, oursConcurrency(), report);
		if (SECTIONS.has('webhook')) await webhookSection(sim);
		if (SECTIONS.has('centre')) await largeCentreSection(report);
		if (SECTIONS.has('ledger')) await ledgerSection(PACKAGE_DIR, sim, TOKEN, LEDGER_N8N_PORT, LEDGER_CALLS, report);
		if (SECTIONS.has('ledgerscale')) await ledgerScaleSection(PACKAGE_DIR, sim, TOKEN, LEDGER_N8N_PORT, LEDGER_SCALE_ENTRIES, LEDGER_SCALE_DBS, report);
		if (SECTIONS.has('queue')) await queueSection(sim);
		if (SECTIONS.has('wan')) await wanSection(PACKAGE_DIR, TOKEN, report);
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

/** Ours in the profile and bulk sections: at the Concurrency the throughput section found best (BENCH_CONCURRENCY to choose). */
function oursConcurrency(): number {
	return Number(process.env.BENCH_CONCURRENCY ?? report.throughput_best_concurrency ?? 100);
}

/** The engine cases, on both runtimes, each against a simulator port with no TIME_WAIT left. */
async function engineSections(): Promise<void> {
	const runtimes = await benchRuntimes();
	const pool: SimulatorPool = await startSimulatorPool(TOKEN, SIMULATOR_POOL.basePort, SIMULATOR_POOL.size);
	try {
		if (SECTIONS.has('throughput')) await throughputSection(pool, runtimes, ROUNDS, RUNS_PER_PROCESS, report);
		if (SECTIONS.has('defaults')) await defaultsSection(pool, runtimes[runtimes.length - 1], TOKEN, ROUNDS, RUNS_PER_PROCESS, report);
		if (SECTIONS.has('memory')) await memorySection(pool, runtimes, report);
		if (SECTIONS.has('profile')) await profileSection(pool, runtimes[runtimes.length - 1], oursConcurrency(), report);
	} finally {
		pool.stop();
	}
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
			`what each used is measured below. Queue stacks: worker concurrency ${WORKER_CONCURRENCY}, the recommended queue timing. n8n settings: ${describeSettings(benchN8nSettings())}.`,
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
		n8nEnv: benchN8nSettings(),
	});
	report.queue = { n8nSettings: benchN8nSettings(), calls: QUEUE_CALLS, inFlight: QUEUE_IN_FLIGHT, warmupCalls: QUEUE_WARMUP_CALLS, workerConcurrency: WORKER_CONCURRENCY, ports: QUEUE_PORTS, stacks: figures };

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
