/**
 * Where the CPU goes, on the runtime n8n runs on: a CPU profile of ours (at its best Concurrency)
 * and of the HTTP Request node as users leave it, each over 10 timed runs of 1,000 items after the
 * warm-up, summarised by owner (ours, n8n, Node, V8) and by function. The .cpuprofile files are
 * kept (their folder is printed) for Chrome DevTools.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { caseLabel, runCaseProcess, type EngineCase } from './engineThroughput';
import { profileLines, summariseProfile } from './profileSummary';
import type { BenchRuntime } from './runtimes';
import type { SimulatorPool } from './simulatorPool';

const RUNS = 10;

export async function profileSection(pool: SimulatorPool, runtime: BenchRuntime, concurrency: number, report: Record<string, unknown>): Promise<void> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-bench-profiles-'));
	console.log(`\nCPU profiles on ${runtime.label}, ${RUNS} timed runs of 1,000 items each after the warm-up (files in ${folder}):`);
	const cases: EngineCase[] = [
		{ name: 'ours', concurrency },
		{ name: 'httpRequestUnbatched', concurrency: 0 },
	];
	const summaries: Record<string, unknown> = {};
	for (const engineCase of cases) {
		const file = path.join(folder, `${engineCase.name}.cpuprofile`);
		const { sim } = await pool.acquire();
		await sim.control('POST', 'reset');
		await runCaseProcess(runtime, engineCase, { items: 1000, runs: RUNS, baseUrl: sim.baseUrl, memory: false, env: { BENCH_CPU_PROFILE: file } });
		const summary = summariseProfile(file, 15);
		console.log(`  ${caseLabel(engineCase)}:`);
		for (const line of profileLines(summary, RUNS)) console.log(`    ${line}`);
		summaries[engineCase.name] = summary;
	}
	report.profiles = { runtime: runtime.label, folder, runs: RUNS, summaries };
}
