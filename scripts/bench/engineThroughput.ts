/**
 * npm run bench — Mute requests through n8n's engine: our node vs n8n's HTTP Request node vs
 * plain axios (the limit), same concurrency, the simulator in its own process, each case in its
 * own process. Prints a table of medians (min–max over the runs) and writes it as JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';
import { startSimulatorProcess } from './simulatorProcess';

const CONCURRENCY = 16;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CASES = ['ours', 'httpRequest', 'axios'] as const;

interface CaseResult {
	samples: number[];
	rssBefore: number;
	rssPeak: number;
	heapGrowth: number;
}

async function runCase(name: string, items: number, runs: number, baseUrl: string): Promise<CaseResult> {
	const script = path.join(PACKAGE_DIR, 'build', 'scripts', 'bench', 'throughputCase.js');
	return await new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [script, name, String(items), String(runs), String(CONCURRENCY), baseUrl], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('exit', (code) => {
			const line = out.trim().split('\n').pop() ?? '';
			if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as CaseResult);
			else reject(new Error(`case ${name} exited with ${code}`));
		});
	});
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const sim = await startSimulatorProcess('bench-token');
	const report: Record<string, unknown>[] = [];
	try {
		for (const latency of [0, 20]) {
			await sim.control('DELETE', 'faults');
			if (latency > 0) await sim.control('POST', 'faults', { fault: { kind: 'delay', ms: latency }, endpoint: 'MuteUnmuteCalls' });
			const items = 1000;
			const results: Record<string, CaseResult> = {};
			for (const name of CASES) results[name] = await runCase(name, items, RUNS, sim.baseUrl);
			console.log(`\n${items} Mute items, concurrency ${CONCURRENCY}, simulator latency ${latency} ms, ${RUNS} runs (ms: median [min–max])`);
			for (const name of CASES) {
				const s = results[name].samples;
				const med = median(s);
				console.log(
					`  ${name.padEnd(12)} ${med.toFixed(0).padStart(6)} [${Math.min(...s).toFixed(0)}–${Math.max(...s).toFixed(0)}]  ${((items / med) * 1000).toFixed(0).padStart(6)} req/s`,
				);
				report.push({ latency, items, case: name, medianMs: med, minMs: Math.min(...s), maxMs: Math.max(...s) });
			}
			const ours = median(results.ours.samples);
			console.log(
				`  ours / axios ${(ours / median(results.axios.samples)).toFixed(2)}×   ours / HTTP Request ${(ours / median(results.httpRequest.samples)).toFixed(2)}×` +
					(latency > 0 ? `   ideal (N / concurrency × latency) ${((items / CONCURRENCY) * latency).toFixed(0)} ms` : ''),
			);
		}

		await sim.control('DELETE', 'faults');
		console.log('\n10,000 Mute items, one run, each case in its own process (peak RSS growth over the process start)');
		for (const name of ['ours', 'httpRequest'] as const) {
			const result = await runCase(name, 10_000, 1, sim.baseUrl);
			const growth = (result.rssPeak - result.rssBefore) / 1024 / 1024;
			console.log(`  ${name.padEnd(12)} ${result.samples[0].toFixed(0).padStart(6)} ms   peak RSS +${growth.toFixed(0)} MB   heap +${(result.heapGrowth / 1024 / 1024).toFixed(0)} MB`);
			report.push({ items: 10_000, case: name, ms: result.samples[0], rssGrowthMb: growth, heapGrowthMb: result.heapGrowth / 1024 / 1024 });
		}
	} finally {
		sim.stop();
	}
	const file = path.join(os.tmpdir(), `voicenter-bench-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify({ machine: { cpus: os.cpus().length, node: process.version }, report }, null, 2));
	console.log(`\nJSON: ${file}`);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
