/**
 * `BENCH_SECTIONS=defaults`: ours as users leave it (the Concurrency option left out) against n8n's
 * HTTP Request node as users leave it, for 1 to 1,000 Mute items through n8n's engine on the Node
 * n8n runs on, the simulator answering at once; then 50 items with Voicenter 40 ms away over HTTPS
 * (a new TLS connection per request, as n8n's request helper makes them). Round by round: each
 * round is one process per case, cases taken in turn.
 */
import fs from 'node:fs';

import { DEFAULT_CONCURRENCY } from '../../nodes/Voicenter/actions/options';
import { makeLocalCertificates } from '../../simulator/localCertificates';
import { caseKey, runCaseProcess, type EngineCase } from './engineThroughput';
import type { BenchRuntime } from './runtimes';
import { startSimulatorProcess } from './simulatorProcess';
import type { SimulatorPool } from './simulatorPool';
import { summarise } from './stats';

const ITEM_COUNTS = (process.env.BENCH_DEFAULT_ITEMS ?? '1,10,50,100,250,500,1000').split(',').map(Number);
const WAN_ITEMS = Number(process.env.BENCH_WAN_ITEMS ?? 50);
const WAN_RTT_MS = Number(process.env.BENCH_WAN_RTT_MS ?? 40);
/** Apart from the wan section's ports (6000–6012). */
const WAN_PORT = Number(process.env.BENCH_DEFAULTS_WAN_PORT ?? 6020);
const OURS: EngineCase = { name: 'ours', concurrency: 0 };
const PEER: EngineCase = { name: 'httpRequestUnbatched', concurrency: 0 };

const median = (values: number[]) => summarise(values).median;
const ratios = (ours: number[][], peer: number[][]) => ours.map((samples, round) => median(samples) / median(peer[round]));
const list = (values: number[]) => values.map((value) => `${value.toFixed(2)}×`).join(' ');

/** Few items make a short, noisy run: more timed runs per process, so each process does ~2,000 items' work (3 to 200 runs). */
const runsFor = (items: number, runsPerProcess: number) => Math.min(200, Math.max(runsPerProcess, Math.ceil(2000 / items)));

interface Measured {
	ours: number[][];
	peer: number[][];
}

async function measure(rounds: number, run: (engineCase: EngineCase) => Promise<number[]>): Promise<Measured> {
	const measured: Measured = { ours: [], peer: [] };
	for (let round = 0; round < rounds; round++) {
		measured.ours.push(await run(OURS));
		measured.peer.push(await run(PEER));
	}
	return measured;
}

function printRow(label: string, measured: Measured): boolean {
	const perRound = ratios(measured.ours, measured.peer);
	const oursMedian = median(measured.ours.flat());
	const peerMedian = median(measured.peer.flat());
	console.log(
		`  ${label.padEnd(30)} ${oursMedian.toFixed(1).padStart(8)} ${peerMedian.toFixed(1).padStart(8)} ${(oursMedian / peerMedian).toFixed(2).padStart(6)}×   ${list(perRound)}`,
	);
	// Judged on the medians of all runs: one round of a few-ms case swings by half either way on this machine.
	return oursMedian <= peerMedian;
}

export async function defaultsSection(
	pool: SimulatorPool,
	runtime: BenchRuntime,
	token: string,
	rounds: number,
	runsPerProcess: number,
	report: Record<string, unknown>,
): Promise<void> {
	console.log(
		`\nDefaults against defaults on ${runtime.label}: ours with the Concurrency option left out (Mute and Unmute: ${DEFAULT_CONCURRENCY} at once) ` +
			"against n8n's HTTP Request node as users leave it (every item at once); Mute by extension items through WorkflowExecute. " +
			`${rounds} rounds; each round one process per case, cases in turn; per process 3 warm-up runs, then enough timed runs for ~2,000 items (3 to 200).`,
	);
	console.log(`  ${'items'.padEnd(30)} ${'ours ms'.padStart(8)} ${'HTTP ms'.padStart(8)}  ratio   round by round (medians)`);
	const engine: Record<number, Measured> = {};
	let met = true;
	for (const items of ITEM_COUNTS) {
		const runs = runsFor(items, runsPerProcess);
		engine[items] = await measure(rounds, async (engineCase) => {
			const { sim } = await pool.acquire();
			await sim.control('POST', 'reset');
			return (await runCaseProcess(runtime, engineCase, { items, runs, baseUrl: sim.baseUrl, memory: false })).samples;
		});
		met = printRow(`${items} item${items === 1 ? '' : 's'}, simulator at once`, engine[items]) && met;
	}

	const certificates = makeLocalCertificates();
	const sim = await startSimulatorProcess(token, {
		args: ['--port', String(WAN_PORT), '--tls-key', certificates.keyPath, '--tls-cert', certificates.certPath, '--rtt-ms', String(WAN_RTT_MS), '--wan-port', String(WAN_PORT + 1)],
		ca: fs.readFileSync(certificates.caPath),
	});
	let wan: Measured;
	try {
		wan = await measure(rounds, async (engineCase) => {
			await sim.control('POST', 'reset');
			const result = await runCaseProcess(runtime, engineCase, {
				items: WAN_ITEMS,
				runs: runsPerProcess * 2,
				baseUrl: sim.baseUrl,
				memory: false,
				env: { NODE_EXTRA_CA_CERTS: certificates.caPath },
			});
			return result.samples;
		});
	} finally {
		sim.stop();
	}
	met = printRow(`${WAN_ITEMS} items, ${WAN_RTT_MS} ms over HTTPS`, wan) && met;
	console.log(`  target: ours as users leave it ≤ 1.00× the HTTP Request node as users leave it, by the median of all runs, every item count: ${met ? 'met' : 'MISSED'}`);
	report.defaults = { runtime: runtime.label, oursConcurrency: DEFAULT_CONCURRENCY, engine, wan, wanItems: WAN_ITEMS, wanRttMs: WAN_RTT_MS, keys: [caseKey(OURS), caseKey(PEER)] };
}
