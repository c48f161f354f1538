/**
 * One benchmark case in a process of its own (so memory figures are its own): N Mute requests
 * through our node, through n8n's HTTP Request node, or straight with axios, R times.
 * Prints one JSON line: wall times and memory.
 */
import axios from 'axios';
import http from 'node:http';

import { runWorkflow } from '../../test/engine/runWorkflow';
import { chain, recordingNode } from '../../test/engine/workflows';

export type CaseName = 'ours' | 'httpRequest' | 'axios';
const [, , caseName, itemsArg, runsArg, concurrencyArg, baseUrl] = process.argv as [string, string, CaseName, string, string, string, string];
const ITEMS = Number(itemsArg);
const RUNS = Number(runsArg);
const CONCURRENCY = Number(concurrencyArg);
const EXTENSION = 'APIAPI';

function httpRequestNode() {
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
			options: { batching: { batch: { batchSize: CONCURRENCY, batchInterval: 1 } } },
		},
	};
}

async function once(): Promise<number> {
	const input = Array.from({ length: ITEMS }, () => ({ json: { extension: EXTENSION } }));
	const started = process.hrtime.bigint();
	if (caseName === 'axios') {
		const agent = new http.Agent({ keepAlive: true });
		let next = 0;
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async () => {
				while (next < ITEMS) {
					next++;
					const response = await axios.post(`${baseUrl}/MuteUnmuteCalls`, { extension: EXTENSION, state: '1' }, { httpAgent: agent });
					if (response.data.ErrorCode !== '200') throw new Error('not accepted');
				}
			}),
		);
		agent.destroy();
	} else {
		const node =
			caseName === 'ours'
				? recordingNode({ operation: 'mute', target: 'extension', extension: '={{ $json.extension }}', options: { concurrency: CONCURRENCY } })
				: httpRequestNode();
		const result = await runWorkflow(chain(node), {
			input,
			credentials: { 'voicenter-test': { baseUrl, code: '' } },
		});
		if (result.error) throw new Error(result.error.message);
		if (result.output(node.name).length !== ITEMS) throw new Error('items lost');
	}
	return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
	const rssBefore = process.memoryUsage().rss;
	const heapBefore = process.memoryUsage().heapUsed;
	let rssPeak = rssBefore;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
	await once(); // warm-up: module loading, first connections
	const samples: number[] = [];
	for (let run = 0; run < RUNS; run++) samples.push(await once());
	clearInterval(sampler);
	rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
	process.stdout.write(
		`${JSON.stringify({ samples, rssBefore, rssPeak, heapGrowth: process.memoryUsage().heapUsed - heapBefore })}\n`,
	);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
