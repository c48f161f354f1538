/**
 * A bulk mute in a real n8n: one webhook call carries N extensions, Split Out makes them N items,
 * and the measured node sends one Mute per item. Ours reads the "Voicenter API" credential that
 * n8n keeps encrypted in its database (every read is a database query and a decryption); n8n's
 * HTTP Request node, the twin, sends the same POST with no credential (MuteUnmuteCalls needs none:
 * Voicenter authorises the caller's IP). The figure is the node's own `executionTime` from the
 * stored run data, so the webhook, Split Out and the saving of the execution are not in it.
 */
import { EXAMPLE_CREDENTIAL_ID } from '../n8n/exampleWorkflows';
import { startLocalStack } from '../n8n/localStack';
import type { ImportedWorkflow } from '../n8n/n8nInstance';
import { newestExecutionId, nodeTimings, type N8nSession } from './n8nRunData';

export type BulkCase = 'ours' | 'httpRequestUnbatched' | 'httpRequestBatched' | 'httpRequestCredential';
export const BULK_CASES: BulkCase[] = ['ours', 'httpRequestUnbatched', 'httpRequestBatched', 'httpRequestCredential'];

const MEASURED_NODE = 'Send';
const EXTENSION = 'APIAPI';

const WORKFLOW_IDS: Record<BulkCase, string> = {
	ours: 'VcBenchBulkOurs1',
	httpRequestUnbatched: 'VcBenchBulkHttp1',
	httpRequestBatched: 'VcBenchBulkHttpB',
	httpRequestCredential: 'VcBenchBulkHttpC',
};
const WEBHOOK_IDS: Record<BulkCase, string> = {
	ours: '6d2e1f30-5b4c-4e8f-9a71-0c1d2e3f4a01',
	httpRequestUnbatched: '6d2e1f30-5b4c-4e8f-9a71-0c1d2e3f4a02',
	httpRequestBatched: '6d2e1f30-5b4c-4e8f-9a71-0c1d2e3f4a03',
	httpRequestCredential: '6d2e1f30-5b4c-4e8f-9a71-0c1d2e3f4a04',
};

const VOICENTER_CREDENTIAL = { voicenterApi: { id: EXAMPLE_CREDENTIAL_ID, name: 'Voicenter (local simulator)' } };

/**
 * The node under test. The HTTP Request twin sends no credential, as MuteUnmuteCalls needs none;
 * `httpRequestCredential` is the same twin set to the Voicenter API credential ("Predefined
 * Credential Type"), to show what n8n's own node pays for reading a credential.
 */
function measuredNode(name: BulkCase, simulatorBaseUrl: string, concurrency: number): Record<string, unknown> {
	const common = { id: `bench-bulk-${name}`, name: MEASURED_NODE, position: [480, 0] };
	if (name === 'ours') {
		return {
			...common,
			type: 'n8n-nodes-voicenter.voicenterRecording',
			typeVersion: 2,
			parameters: {
				operation: 'mute',
				target: 'extension',
				extension: { __rl: true, mode: 'id', value: '={{ $json.extension }}' },
				requestMethod: 'POST',
				options: { concurrency },
			},
			credentials: VOICENTER_CREDENTIAL,
		};
	}
	const credential =
		name === 'httpRequestCredential'
			? { authentication: 'predefinedCredentialType', nodeCredentialType: 'voicenterApi' }
			: {};
	return {
		...common,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		...(name === 'httpRequestCredential' ? { credentials: VOICENTER_CREDENTIAL } : {}),
		parameters: {
			method: 'POST',
			url: `${simulatorBaseUrl}/MuteUnmuteCalls`,
			...credential,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ extension: $json.extension, state: "1" }) }}',
			options: name === 'httpRequestBatched' ? { batching: { batch: { batchSize: concurrency, batchInterval: 1 } } } : {},
		},
	};
}

/** Webhook (answers when the last node has run) → Split Out (one item per extension) → the measured node. */
function bulkWorkflow(name: BulkCase, simulatorBaseUrl: string, concurrency: number): ImportedWorkflow {
	return {
		id: WORKFLOW_IDS[name],
		active: true,
		definition: {
			name: `Benchmark: bulk mute (${name})`,
			nodes: [
				{
					id: `bench-bulk-${name}-webhook`,
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2.1,
					position: [0, 0],
					webhookId: WEBHOOK_IDS[name],
					parameters: { httpMethod: 'POST', path: `voicenter/bench-bulk-${name}`, responseMode: 'lastNode', responseData: 'noData', options: {} },
				},
				{
					id: `bench-bulk-${name}-split`,
					name: 'Split Out',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [240, 0],
					parameters: { fieldToSplitOut: 'body.extensions', options: { destinationFieldName: 'extension' } },
				},
				measuredNode(name, simulatorBaseUrl, concurrency),
			],
			connections: {
				Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
				'Split Out': { main: [[{ node: MEASURED_NODE, type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

/** The bulk workflows of the given cases, to import beside the examples. */
export function bulkWorkflows(simulatorBaseUrl: string, concurrency: number, cases: BulkCase[] = BULK_CASES): ImportedWorkflow[] {
	return cases.map((name) => bulkWorkflow(name, simulatorBaseUrl, concurrency));
}

export interface BulkFigures {
	/** Per case, per round: the measured node's executionTime of each run (ms). */
	nodeMs: Record<BulkCase, number[][]>;
	/** Per case: the webhook call's round trip of each run (ms), the whole execution and its saving included. */
	roundTripMs: Record<BulkCase, number[]>;
	timings: Record<string, number>;
}

export async function measureBulk(options: {
	packageDir: string;
	simulatorBaseUrl: string;
	simulatorToken: string;
	port: number;
	items: number;
	concurrency: number;
	rounds: number;
	runsPerRound: number;
	warmupRuns: number;
	cases?: BulkCase[];
	log: (line: string) => void;
}): Promise<BulkFigures> {
	const cases = options.cases ?? BULK_CASES;
	const stack = await startLocalStack({
		packageDir: options.packageDir,
		simulatorBaseUrl: options.simulatorBaseUrl,
		simulatorToken: options.simulatorToken,
		port: options.port,
		extraWorkflows: bulkWorkflows(options.simulatorBaseUrl, options.concurrency, cases),
		log: options.log,
	});
	const session: N8nSession = { url: stack.n8n.url, cookie: stack.cookie };
	const body = JSON.stringify({ extensions: Array.from({ length: options.items }, () => EXTENSION) });
	const runOnce = async (name: BulkCase): Promise<{ nodeMs: number; roundTripMs: number }> => {
		const since = Date.now();
		const started = process.hrtime.bigint();
		const response = await fetch(`${stack.n8n.url}/webhook/voicenter/bench-bulk-${name}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
		});
		await response.text();
		const roundTripMs = Number(process.hrtime.bigint() - started) / 1e6;
		if (!response.ok) throw new Error(`bulk ${name}: HTTP ${response.status}`);
		const timings = await nodeTimings(session, await newestExecutionId(session, WORKFLOW_IDS[name], since));
		const measured = timings[MEASURED_NODE];
		if (measured?.items !== options.items) throw new Error(`bulk ${name}: ${measured?.items ?? 0} items out of ${options.items}`);
		return { nodeMs: measured.ms, roundTripMs };
	};
	const figures: BulkFigures = {
		nodeMs: { ours: [], httpRequestUnbatched: [], httpRequestBatched: [], httpRequestCredential: [] },
		roundTripMs: { ours: [], httpRequestUnbatched: [], httpRequestBatched: [], httpRequestCredential: [] },
		timings: stack.timings,
	};
	try {
		for (let run = 0; run < options.warmupRuns; run++) for (const name of cases) await runOnce(name);
		for (let round = 0; round < options.rounds; round++) {
			for (const name of cases) {
				const inRound: number[] = [];
				for (let run = 0; run < options.runsPerRound; run++) {
					const { nodeMs, roundTripMs } = await runOnce(name);
					inRound.push(nodeMs);
					figures.roundTripMs[name].push(roundTripMs);
				}
				figures.nodeMs[name].push(inRound);
			}
		}
	} finally {
		await stack.n8n.stop();
	}
	return figures;
}
