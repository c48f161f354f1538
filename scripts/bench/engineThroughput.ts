/**
 * Mute requests through n8n's engine: each case in a process of its own (so its memory figures
 * are its own), the simulator in another, cases taken in turn over several rounds so they share
 * whatever the machine is doing.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';
import { MEASURED_CPU, onCpu } from './cpuPinning';
import type { SimulatorProcess } from './simulatorProcess';
import type { CaseName, CaseResult } from './throughputCase';

export const CONCURRENCY = 16;

export const CASE_LABELS: Record<CaseName, string> = {
	axiosKeepAlive: 'axios, connections kept open (the limit)',
	axiosNewConnection: 'axios, a new connection per request',
	plainHelper: 'plain helper loop node (calibration)',
	httpRequest: "n8n's HTTP Request node",
	ours: 'Voicenter Recording (ours)',
};

export const THROUGHPUT_CASES = Object.keys(CASE_LABELS) as CaseName[];

async function runCaseProcess(name: CaseName, items: number, runs: number, baseUrl: string): Promise<CaseResult> {
	const script = path.join(PACKAGE_DIR, 'build', 'scripts', 'bench', 'throughputCase.js');
	const [command, args] = onCpu(MEASURED_CPU, process.execPath, [
		'--expose-gc',
		script,
		name,
		String(items),
		String(runs),
		String(CONCURRENCY),
		baseUrl,
	]);
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('exit', (code) => {
			const line = out.trim().split('\n').pop() ?? '';
			if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as CaseResult);
			else reject(new Error(`case ${name} exited with ${code}`));
		});
	});
}

export interface CaseFigures {
	samples: number[];
	/** The most requests the simulator had open at once during the case. */
	peakInFlight: number;
	rssGrowthMb: number;
	heapGrowthMb: number;
	retainedMb: number;
}

/** Runs every case `rounds` times in turn, `runsPerProcess` timed runs each, with the latency set. */
export async function measureThroughput(
	sim: SimulatorProcess,
	options: { items: number; latencyMs: number; rounds: number; runsPerProcess: number; cases?: CaseName[] },
): Promise<Record<string, CaseFigures>> {
	const figures: Record<string, CaseFigures> = {};
	for (let round = 0; round < options.rounds; round++) {
		for (const name of options.cases ?? THROUGHPUT_CASES) {
			// A fresh simulator state per process: its request log would otherwise grow for the whole run.
			await sim.control('POST', 'reset');
			if (options.latencyMs > 0) {
				await sim.control('POST', 'faults', { fault: { kind: 'delay', ms: options.latencyMs }, endpoint: 'MuteUnmuteCalls' });
			}
			const result = await runCaseProcess(name, options.items, options.runsPerProcess, sim.baseUrl);
			const { peakInFlight } = (await sim.control('GET', 'stats')) as { peakInFlight: number };
			const sofar = (figures[name] ??= { samples: [], peakInFlight: 0, rssGrowthMb: 0, heapGrowthMb: 0, retainedMb: 0 });
			sofar.samples.push(...result.samples);
			sofar.peakInFlight = Math.max(sofar.peakInFlight, peakInFlight);
			sofar.rssGrowthMb = Math.max(sofar.rssGrowthMb, result.rssGrowthMb);
			sofar.heapGrowthMb = Math.max(sofar.heapGrowthMb, result.heapGrowthMb);
			sofar.retainedMb = Math.max(sofar.retainedMb, result.retainedMb);
		}
	}
	return figures;
}
