/**
 * Mute requests through n8n's engine: each case in a process of its own (so its memory figures
 * are its own) on each runtime, the simulator in another, cases and runtimes taken in turn over
 * several rounds so they share whatever the machine is doing, each against a simulator port with
 * no TIME_WAIT sockets left from an earlier case (simulatorPool.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';
import { MEASURED_CPU, onCpu } from './cpuPinning';
import type { BenchRuntime } from './runtimes';
import type { SimulatorPool } from './simulatorPool';
import type { CaseName, CaseResult } from './throughputCase';

export const CASE_LABELS: Record<CaseName, string> = {
	axiosKeepAlive: 'axios, connections kept open (the limit)',
	axiosNewConnection: 'axios, a new connection per request',
	plainHelper: 'plain helper loop node (calibration)',
	httpRequestUnbatched: "n8n's HTTP Request node, as users leave it",
	httpRequest: "n8n's HTTP Request node, batched",
	ours: 'Voicenter Recording (ours)',
};

/** One case: what sends the requests, and how many it keeps in flight (the HTTP Request node unbatched has no limit). */
export interface EngineCase {
	name: CaseName;
	concurrency: number;
}

export const caseKey = ({ name, concurrency }: EngineCase): string => (name === 'httpRequestUnbatched' ? name : `${name}@${concurrency}`);

export function caseLabel({ name, concurrency }: EngineCase): string {
	if (name === 'httpRequestUnbatched') return CASE_LABELS[name];
	if (name === 'httpRequest') return `${CASE_LABELS[name]} ${concurrency} per 1 ms`;
	if (name === 'ours' && concurrency === 0) return `${CASE_LABELS[name]}, as users leave it`;
	return `${CASE_LABELS[name]}, ${concurrency} in flight`;
}

/** One case process: `runs` timed runs after the warm-up; `env` is added to its environment (BENCH_CPU_PROFILE). */
export async function runCaseProcess(
	runtime: BenchRuntime,
	engineCase: EngineCase,
	options: { items: number; runs: number; baseUrl: string; memory: boolean; env?: NodeJS.ProcessEnv },
): Promise<CaseResult> {
	const script = path.join(PACKAGE_DIR, 'build', 'scripts', 'bench', 'throughputCase.js');
	const [command, args] = onCpu(MEASURED_CPU, runtime.node, [
		'--expose-gc',
		script,
		engineCase.name,
		String(options.items),
		String(options.runs),
		String(engineCase.concurrency),
		options.baseUrl,
		...(options.memory ? ['memory'] : []),
	]);
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...options.env } });
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('exit', (code) => {
			const line = out.trim().split('\n').pop() ?? '';
			if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as CaseResult);
			else reject(new Error(`case ${caseKey(engineCase)} on ${runtime.label} exited with ${code}`));
		});
	});
}

export interface CaseFigures {
	/** Wall time of each timed run, grouped by round (one process per round). */
	rounds: number[][];
	/** CPU time the case's process used in each timed run, grouped by round. */
	cpuRounds: number[][];
	/** The most requests the simulator had open at once during the case. */
	peakInFlight: number;
	rssGrowthMb: number;
	heapGrowthMb: number;
	retainedMb: number;
	/** TIME_WAIT sockets on the machine when each round's process started. */
	machineTimeWait: Array<number | undefined>;
}

/** Figures by runtime label, then by case key. */
export type ThroughputFigures = Record<string, Record<string, CaseFigures>>;

/**
 * Runs every case on every runtime `rounds` times, in turn (round by round, case by case, runtime
 * by runtime), `runsPerProcess` timed runs each, with the simulator's latency set.
 */
export async function measureThroughput(
	pool: SimulatorPool,
	options: {
		runtimes: BenchRuntime[];
		cases: EngineCase[];
		items: number;
		latencyMs: number;
		rounds: number;
		runsPerProcess: number;
		/** Sample peak memory during the timed runs (it costs CPU: not for the throughput figures). */
		memory?: boolean;
	},
): Promise<ThroughputFigures> {
	const figures: ThroughputFigures = {};
	for (let round = 0; round < options.rounds; round++) {
		for (const engineCase of options.cases) {
			for (const runtime of options.runtimes) {
				const { sim, machineTimeWait } = await pool.acquire();
				// A fresh simulator state per process: its request log would otherwise grow for the whole run.
				await sim.control('POST', 'reset');
				if (options.latencyMs > 0) {
					await sim.control('POST', 'faults', { fault: { kind: 'delay', ms: options.latencyMs }, endpoint: 'MuteUnmuteCalls' });
				}
				const result = await runCaseProcess(runtime, engineCase, {
					items: options.items,
					runs: options.runsPerProcess,
					baseUrl: sim.baseUrl,
					memory: options.memory ?? false,
				});
				const { peakInFlight } = (await sim.control('GET', 'stats')) as { peakInFlight: number };
				const byCase = (figures[runtime.label] ??= {});
				const sofar = (byCase[caseKey(engineCase)] ??= {
					rounds: [],
					cpuRounds: [],
					peakInFlight: 0,
					rssGrowthMb: 0,
					heapGrowthMb: 0,
					retainedMb: 0,
					machineTimeWait: [],
				});
				sofar.rounds.push(result.samples);
				sofar.cpuRounds.push(result.cpuMs);
				sofar.machineTimeWait.push(machineTimeWait);
				sofar.peakInFlight = Math.max(sofar.peakInFlight, peakInFlight);
				sofar.rssGrowthMb = Math.max(sofar.rssGrowthMb, result.rssGrowthMb);
				sofar.heapGrowthMb = Math.max(sofar.heapGrowthMb, result.heapGrowthMb);
				sofar.retainedMb = Math.max(sofar.retainedMb, result.retainedMb);
			}
		}
	}
	return figures;
}

/**
 * The reference cases, each keeping `concurrency` requests in flight, with the HTTP Request node
 * both as users leave it and batched to the same concurrency.
 */
export function referenceCases(concurrency: number): EngineCase[] {
	return [
		{ name: 'axiosKeepAlive', concurrency },
		{ name: 'axiosNewConnection', concurrency },
		{ name: 'plainHelper', concurrency },
		{ name: 'httpRequestUnbatched', concurrency: 0 },
		{ name: 'httpRequest', concurrency },
		{ name: 'ours', concurrency },
	];
}
