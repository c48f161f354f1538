/**
 * One benchmark case in a process of its own (so memory figures are its own): N Mute requests
 * through a node in n8n's engine (ours, HTTP Request, the plain helper loop) or straight with
 * axios, R times after the warm-ups.
 * Prints one JSON line: wall times and memory.
 */
import axios from 'axios';
import http from 'node:http';

import { addNodeType } from '../../test/engine/loadNodeTypes';
import { runWorkflow } from '../../test/engine/runWorkflow';
import { chain, recordingNode, TEST_CREDENTIAL } from '../../test/engine/workflows';
import { profileIfAsked } from './cpuProfile';
import { PLAIN_HELPER_NODE_TYPE, PlainHelperLoop } from './plainHelperNode';

export type CaseName = 'ours' | 'httpRequest' | 'httpRequestUnbatched' | 'plainHelper' | 'axiosKeepAlive' | 'axiosNewConnection';
/** What one case process reports: wall time per run, and its peak memory above the warmed-up baseline. */
export interface CaseResult {
	samples: number[];
	/** CPU time (user + system) this process used in each timed run, ms. */
	cpuMs: number[];
	rssGrowthMb: number;
	heapGrowthMb: number;
	/** Heap still in use after the last run and a full GC, with that run's output still held. */
	retainedMb: number;
}

// The last run's outcome, held so that what it retains can be told from what was garbage.
const held: { outcome?: unknown } = {};

const [, , caseName, itemsArg, runsArg, concurrencyArg, baseUrl, memoryArg] = process.argv as [string, string, CaseName, string, string, string, string, string?];
const ITEMS = Number(itemsArg);
const RUNS = Number(runsArg);
const CONCURRENCY = Number(concurrencyArg);
const WARMUP_RUNS = 3;
/** `memory` as the last argument: peak RSS and heap are sampled during the timed runs. */
const SAMPLE_MEMORY = memoryArg === 'memory';
const EXTENSION = 'APIAPI';

/**
 * n8n's HTTP Request node sending the same POST. Batched, it starts CONCURRENCY requests every
 * 1 ms; as users leave it (no batching), it starts every item's request at once.
 */
function httpRequestNode(batched: boolean) {
	return {
		id: 'http-request',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [200, 0] as [number, number],
		parameters: {
			method: 'POST',
			url: `${baseUrl}/MuteUnmuteCalls`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ extension: $json.extension, state: "1" }) }}',
			// The HTTP Request node only throttles when the interval is above 0 (with 0 it starts every
			// request at once); 1 ms is the closest it gets to "CONCURRENCY at a time".
			options: batched ? { batching: { batch: { batchSize: CONCURRENCY, batchInterval: 1 } } } : {},
		},
	};
}

function plainHelperNode() {
	return {
		id: 'plain-helper-loop',
		name: 'Plain Helper Loop',
		type: PLAIN_HELPER_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0] as [number, number],
		parameters: { extension: '={{ $json.extension }}', concurrency: CONCURRENCY },
		credentials: TEST_CREDENTIAL,
	};
}

/**
 * Plain axios, CONCURRENCY in flight. `keepAlive` reuses connections, as axios does by default;
 * without it every request opens its own connection, as n8n's request helpers do.
 */
async function sendWithAxios(keepAlive: boolean, items: number): Promise<void> {
	const shared = new http.Agent({ keepAlive });
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < items) {
				next++;
				const httpAgent = keepAlive ? shared : new http.Agent();
				const response = await axios.post(`${baseUrl}/MuteUnmuteCalls`, { extension: EXTENSION, state: '1' }, { httpAgent });
				if (response.data.ErrorCode !== '200') throw new Error('not accepted');
			}
		}),
	);
	shared.destroy();
}

function oursNode() {
	// Concurrency 0: the option left out, as a user leaves the node (its default).
	return recordingNode({ operation: 'mute', target: 'extension', extension: '={{ $json.extension }}', options: CONCURRENCY > 0 ? { concurrency: CONCURRENCY } : {} });
}

const NODE_BY_CASE = {
	ours: oursNode,
	httpRequest: () => httpRequestNode(true),
	httpRequestUnbatched: () => httpRequestNode(false),
	plainHelper: plainHelperNode,
};

async function once(items: number): Promise<{ ms: number; cpuMs: number }> {
	const input = Array.from({ length: items }, () => ({ json: { extension: EXTENSION } }));
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	if (caseName === 'axiosKeepAlive' || caseName === 'axiosNewConnection') {
		await sendWithAxios(caseName === 'axiosKeepAlive', items);
	} else {
		const node = NODE_BY_CASE[caseName]();
		const result = (held.outcome = await runWorkflow(chain(node), {
			input,
			credentials: { 'voicenter-test': { baseUrl, apiToken: '' } },
		}));
		if (result.error) throw new Error(result.error.message);
		if (result.output(node.name).length !== items) throw new Error('items lost');
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function main(): Promise<void> {
	addNodeType(PLAIN_HELPER_NODE_TYPE, new PlainHelperLoop());
	// Warm-up: module loading, and V8 optimising the hot paths (the first runs are markedly slower).
	for (let run = 0; run < WARMUP_RUNS; run++) await once(Math.min(ITEMS, 1000));
	held.outcome = undefined;
	collectGarbage();
	const baseline = process.memoryUsage();
	let rssPeak = baseline.rss;
	let heapPeak = baseline.heapUsed;
	// Only when memory is measured: process.memoryUsage() every 5 ms cost ours ~24 ms per 1,000 items
	// (4% of its CPU profile on Node 24), and the HTTP Request node, whose item loop holds the event
	// loop so that the timer fires less often, ~1 ms: it skewed the throughput figures.
	const sampler = SAMPLE_MEMORY
		? setInterval(() => {
				const now = process.memoryUsage();
				rssPeak = Math.max(rssPeak, now.rss);
				heapPeak = Math.max(heapPeak, now.heapUsed);
			}, 5)
		: undefined;
	const samples: number[] = [];
	const cpuMs: number[] = [];
	const stopProfile = await profileIfAsked();
	for (let run = 0; run < RUNS; run++) {
		const timed = await once(ITEMS);
		samples.push(timed.ms);
		cpuMs.push(timed.cpuMs);
	}
	await stopProfile();
	clearInterval(sampler);
	collectGarbage();
	const result: CaseResult = {
		samples,
		cpuMs,
		rssGrowthMb: (rssPeak - baseline.rss) / 2 ** 20,
		heapGrowthMb: (heapPeak - baseline.heapUsed) / 2 ** 20,
		retainedMb: (process.memoryUsage().heapUsed - baseline.heapUsed) / 2 ** 20,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
