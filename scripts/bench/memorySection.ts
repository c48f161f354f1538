/**
 * Memory at 10,000 Mute items, one run in a warmed-up process per case and runtime: the growth of
 * RSS and heap over the warmed-up baseline, and what the heap keeps after the run.
 */
import { caseKey, caseLabel, measureThroughput, referenceCases } from './engineThroughput';
import type { BenchRuntime } from './runtimes';
import type { SimulatorPool } from './simulatorPool';

const CONCURRENCY = 16;
const CASES = referenceCases(CONCURRENCY);

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

export async function memorySection(pool: SimulatorPool, runtimes: BenchRuntime[], report: Record<string, unknown>): Promise<void> {
	const figures = await measureThroughput(pool, { runtimes, cases: CASES, items: 10_000, latencyMs: 0, rounds: 1, runsPerProcess: 1, memory: true });
	console.log(
		'\n10,000 Mute items, one run in a warmed-up process. Peaks: growth over the warmed-up baseline (after a full GC).' +
			'\n  Retained: heap in use after the run and another full GC, its output still held (the axios cases keep no output).',
	);
	for (const runtime of runtimes) {
		console.log(`  ${runtime.label}:`);
		for (const engineCase of CASES) {
			const figure = figures[runtime.label][caseKey(engineCase)];
			console.log(
				`    ${caseLabel(engineCase).padEnd(58)} ${figure.rounds[0][0].toFixed(0).padStart(6)} ms   peak RSS +${figure.rssGrowthMb.toFixed(0)} MB   peak heap +${figure.heapGrowthMb.toFixed(0)} MB   retained after GC +${figure.retainedMb.toFixed(0)} MB`,
			);
		}
		const byCase = figures[runtime.label];
		const ours = byCase[caseKey({ name: 'ours', concurrency: CONCURRENCY })].rssGrowthMb;
		const http = byCase[caseKey({ name: 'httpRequest', concurrency: CONCURRENCY })].rssGrowthMb;
		console.log(`    ours: RSS growth ≤ 50 MB: ${verdict(ours <= 50)}; no worse than HTTP Request batched: ${verdict(ours <= http)}`);
	}
	report.memory_10000 = figures;
}
