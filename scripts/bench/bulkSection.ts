/**
 * The bulk mute in a real n8n (n8nBulk.ts): 1,000 items through ours, which reads its credential
 * from n8n's database for every item, and through the HTTP Request twin, which has none.
 */
import { BULK_CASES, measureBulk, type BulkCase } from './n8nBulk';
import type { SimulatorProcess } from './simulatorProcess';
import { summarise } from './stats';

const ITEMS = 1000;
const ROUNDS = Number(process.env.BENCH_BULK_ROUNDS ?? 5);
const RUNS_PER_ROUND = Number(process.env.BENCH_BULK_RUNS ?? 3);
const PORT = Number(process.env.BENCH_BULK_N8N_PORT ?? 5690);

const LABELS: Record<BulkCase, string> = {
	ours: 'Voicenter Recording (ours)',
	httpRequestUnbatched: "n8n's HTTP Request node, as users leave it",
	httpRequestBatched: "n8n's HTTP Request node, batched",
	httpRequestCredential: "n8n's HTTP Request node with the Voicenter API credential",
};

export async function bulkSection(
	packageDir: string,
	sim: SimulatorProcess,
	token: string,
	concurrency: number,
	report: Record<string, unknown>,
): Promise<void> {
	console.log(
		`\nReal n8n (port ${PORT}): a webhook call with ${ITEMS.toLocaleString('en')} extensions → Split Out → the node; ` +
			`ours at Concurrency ${concurrency} (its credential read from n8n's database for every item), the HTTP Request twin with no credential ` +
			`(as users leave it, or batched ${concurrency} per 1 ms) and with the Voicenter API credential (as users leave it). ` +
			`${ROUNDS} rounds × ${RUNS_PER_ROUND} calls per case after 2 warm-up calls each, cases in turn. ` +
			"Figure: the node's executionTime from n8n's stored run data.",
	);
	await sim.control('POST', 'reset');
	const figures = await measureBulk({
		packageDir,
		simulatorBaseUrl: sim.baseUrl,
		simulatorToken: token,
		port: PORT,
		items: ITEMS,
		concurrency,
		rounds: ROUNDS,
		runsPerRound: RUNS_PER_ROUND,
		warmupRuns: 2,
		log: () => {},
	});
	const label = (name: BulkCase) => (name === 'httpRequestBatched' ? `${LABELS[name]} ${concurrency} per 1 ms` : LABELS[name]);
	console.log(`  ${'case (ms per 1,000 items)'.padEnd(58)} median    min    max   round medians                 round trip`);
	for (const name of BULK_CASES) {
		const all = summarise(figures.nodeMs[name].flat());
		const rounds = figures.nodeMs[name].map((samples) => summarise(samples).median.toFixed(0)).join(' ');
		console.log(
			`  ${label(name).padEnd(58)} ${all.median.toFixed(0).padStart(6)} ${all.min.toFixed(0).padStart(6)} ${all.max.toFixed(0).padStart(6)}   ${rounds.padEnd(29)} ${summarise(figures.roundTripMs[name]).median.toFixed(0).padStart(6)}`,
		);
	}
	const ratios = (other: BulkCase) =>
		figures.nodeMs.ours
			.map((samples, round) => `${(summarise(samples).median / summarise(figures.nodeMs[other][round]).median).toFixed(2)}×`)
			.join(' ');
	console.log(`  ours / HTTP Request as users leave it (no credential), round by round: ${ratios('httpRequestUnbatched')}`);
	console.log(`  ours / HTTP Request with the Voicenter API credential, round by round: ${ratios('httpRequestCredential')}`);
	report.bulk = { items: ITEMS, concurrency, ...figures };
}
