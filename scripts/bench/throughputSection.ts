/**
 * The engine throughput tables: 1,000 Mute items through WorkflowExecute on each runtime side by
 * side (Node 20 and n8n's Node 24), ours at each Concurrency setting against n8n's HTTP Request
 * node as users leave it (no batching: every request at once) and batched to the same
 * concurrency; then the same at 20 ms simulator latency. Prints the ratios round by round.
 */
import {
	caseKey,
	caseLabel,
	measureThroughput,
	referenceCases,
	type CaseFigures,
	type EngineCase,
	type ThroughputFigures,
} from './engineThroughput';
import type { BenchRuntime } from './runtimes';
import type { SimulatorPool } from './simulatorPool';
import { summarise } from './stats';

const ITEMS = 1000;
/** Ours at its default (10), the settings a bulk mute would try and its highest; the HTTP Request node batched to each. */
export const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '10,16,32,100,1000').split(',').map(Number);
/** The reference cases (axios, the plain helper loop) and the 20 ms latency section keep 16 in flight. */
const REFERENCE_CONCURRENCY = 16;
const HIGHEST = Math.max(...CONCURRENCIES);

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const ms = (value: number) => value.toFixed(0).padStart(6);
const median = (values: number[]) => summarise(values).median;

function latencyZeroCases(): EngineCase[] {
	return [
		...referenceCases(REFERENCE_CONCURRENCY).filter(({ name }) => name !== 'httpRequest' && name !== 'ours'),
		// The calibration loop at the highest setting too: what n8n's request path alone costs there.
		...(HIGHEST === REFERENCE_CONCURRENCY ? [] : [{ name: 'plainHelper', concurrency: HIGHEST } as EngineCase]),
		...CONCURRENCIES.map((concurrency): EngineCase => ({ name: 'httpRequest', concurrency })),
		...CONCURRENCIES.map((concurrency): EngineCase => ({ name: 'ours', concurrency })),
	];
}

/** The reference cases at 16 in flight, and ours at its best Concurrency at 0 ms when that is another. */
const latencyTwentyCases = (best: number): EngineCase[] => [
	...referenceCases(REFERENCE_CONCURRENCY),
	...(best === REFERENCE_CONCURRENCY ? [] : [{ name: 'ours', concurrency: best } as EngineCase]),
];

/** One row: per runtime, median/min/max wall time and the median CPU time of a run. */
function printTable(title: string, cases: EngineCase[], runtimes: BenchRuntime[], figures: ThroughputFigures, showPeak: boolean): void {
	console.log(`\n${title}`);
	const head = runtimes.map((runtime) => runtime.label.padEnd(29)).join('  ');
	console.log(`  ${''.padEnd(58)} ${head}`);
	const columns = runtimes.map(() => 'median    min    max    cpu').join('   ');
	console.log(`  ${'case (ms per 1,000 items)'.padEnd(58)} ${columns}${showPeak ? '  peak in flight' : ''}`);
	for (const engineCase of cases) {
		const cells = runtimes.map((runtime) => {
			const figure = figures[runtime.label]?.[caseKey(engineCase)];
			if (figure === undefined) return ''.padEnd(27);
			const wall = summarise(figure.rounds.flat());
			return `${ms(wall.median)} ${ms(wall.min)} ${ms(wall.max)} ${ms(median(figure.cpuRounds.flat()))}`;
		});
		const peak = showPeak ? `  ${String(Math.max(...runtimes.map((r) => figures[r.label]?.[caseKey(engineCase)]?.peakInFlight ?? 0))).padStart(6)}` : '';
		console.log(`  ${caseLabel(engineCase).padEnd(58)} ${cells.join('   ')}${peak}`);
	}
}

/** Round by round (each round is one process per case, taken in turn): ours' median over the other's. */
function roundRatios(ours: CaseFigures, other: CaseFigures): number[] {
	return ours.rounds.map((samples, round) => median(samples) / median(other.rounds[round] ?? [NaN]));
}

const ratioList = (ratios: number[]) => ratios.map((ratio) => `${ratio.toFixed(2)}×`).join(' ');

function timeWaitRange(figures: ThroughputFigures): string {
	const counts = Object.values(figures)
		.flatMap((byCase) => Object.values(byCase).flatMap((figure) => figure.machineTimeWait))
		.filter((count): count is number => count !== undefined);
	return counts.length === 0 ? 'not counted (no ss)' : `${Math.min(...counts)}–${Math.max(...counts)}`;
}

export async function throughputSection(
	pool: SimulatorPool,
	runtimes: BenchRuntime[],
	rounds: number,
	runsPerProcess: number,
	report: Record<string, unknown>,
): Promise<void> {
	const production = runtimes[runtimes.length - 1];
	console.log(
		`\nEngine throughput, on ${runtimes.map((runtime) => runtime.label).join(' and ')}: each case ${rounds} processes (rounds) × ${runsPerProcess} timed runs after 3 warm-up runs; ` +
			'cases and runtimes taken in turn; each process against a simulator port with no socket left in TIME_WAIT. "cpu": the CPU time the process used per run (median).',
	);

	const zero = latencyZeroCases();
	const figures = await measureThroughput(pool, { runtimes, cases: zero, items: ITEMS, latencyMs: 0, rounds, runsPerProcess });
	printTable('1,000 Mute items through WorkflowExecute, simulator latency 0 ms', zero, runtimes, figures, false);
	console.log(`  TIME_WAIT sockets on the machine when a case started: ${timeWaitRange(figures)} (none on its simulator port)`);
	report.throughput_0ms = figures;

	const unbatched = caseKey({ name: 'httpRequestUnbatched', concurrency: 0 });
	const oursAt = (concurrency: number) => caseKey({ name: 'ours', concurrency });
	const onProduction = figures[production.label] ?? {};
	const best = CONCURRENCIES.reduce((a, b) => (median(onProduction[oursAt(b)].rounds.flat()) < median(onProduction[oursAt(a)].rounds.flat()) ? b : a));
	console.log(`  Ours at its best Concurrency on ${production.label} (lowest median): ${best}. Round by round:`);
	for (const runtime of runtimes) {
		const byCase = figures[runtime.label];
		const vsUnbatched = roundRatios(byCase[oursAt(best)], byCase[unbatched]);
		const vsBatched = roundRatios(byCase[oursAt(best)], byCase[caseKey({ name: 'httpRequest', concurrency: best })]);
		console.log(`    ${runtime.label}: ours / HTTP Request as users leave it ${ratioList(vsUnbatched)}; ours / HTTP Request batched ${best} per 1 ms ${ratioList(vsBatched)}`);
		if (runtime === production) {
			console.log(`    target ≤ 0.90× the HTTP Request node as users leave it on ${runtime.label}, in every round: ${verdict(vsUnbatched.every((ratio) => ratio <= 0.9))}`);
		}
	}
	for (const runtime of runtimes) {
		const byCase = figures[runtime.label];
		const perSetting = CONCURRENCIES.map((concurrency) => `${concurrency}: ${(median(byCase[oursAt(concurrency)].rounds.flat()) / median(byCase[unbatched].rounds.flat())).toFixed(2)}×`);
		console.log(`    ${runtime.label}, ours / HTTP Request as users leave it by Concurrency (medians): ${perSetting.join(', ')}`);
	}
	for (const runtime of runtimes) {
		const byCase = figures[runtime.label];
		const oursMedian = median(byCase[oursAt(best)].rounds.flat());
		const of = (engineCase: EngineCase) => oursMedian / median(byCase[caseKey(engineCase)].rounds.flat());
		const vsAxios = of({ name: 'axiosKeepAlive', concurrency: REFERENCE_CONCURRENCY });
		const loop: EngineCase = { name: 'plainHelper', concurrency: byCase[caseKey({ name: 'plainHelper', concurrency: best })] ? best : REFERENCE_CONCURRENCY };
		console.log(
			`    ${runtime.label}: ours / axios kept open ${vsAxios.toFixed(2)}× (target ≤ 1.30×: ${verdict(vsAxios <= 1.3)}); ours / plain helper loop at ${loop.concurrency} in flight ${of(loop).toFixed(2)}×`,
		);
		if (loop.concurrency === best) {
			const loopVsUnbatched = roundRatios(byCase[caseKey(loop)], byCase[unbatched]);
			console.log(`      the plain helper loop at ${best} / HTTP Request as users leave it, round by round: ${ratioList(loopVsUnbatched)} (n8n's request path alone)`);
		}
	}
	report.throughput_best_concurrency = best;

	const twenty = latencyTwentyCases(best);
	const slow = await measureThroughput(pool, { runtimes, cases: twenty, items: ITEMS, latencyMs: 20, rounds, runsPerProcess });
	printTable('1,000 Mute items through WorkflowExecute, simulator latency 20 ms', twenty, runtimes, slow, true);
	const ideal = (ITEMS / REFERENCE_CONCURRENCY) * 20;
	for (const runtime of runtimes) {
		const oursMedian = median(slow[runtime.label][oursAt(REFERENCE_CONCURRENCY)].rounds.flat());
		console.log(
			`  ${runtime.label}: ideal N / concurrency × latency = ${ideal.toFixed(0)} ms; ours at ${REFERENCE_CONCURRENCY} in flight ${(oursMedian / ideal).toFixed(2)}× (target ≤ 1.10×: ${verdict(oursMedian <= ideal * 1.1)})`,
		);
	}
	for (const runtime of runtimes) {
		const byCase = slow[runtime.label];
		const ratio = median(byCase[oursAt(best)].rounds.flat()) / median(byCase[unbatched].rounds.flat());
		console.log(`  ${runtime.label}: ours at ${best} in flight / HTTP Request as users leave it ${ratio.toFixed(2)}× (medians)`);
	}
	report.throughput_20ms = slow;
}
