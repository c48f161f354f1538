/**
 * The caller's round trip in a real n8n: the mute-by-extension example (Webhook → Voicenter
 * Recording → Respond to Webhook), the same workflow with n8n's HTTP Request node in the middle,
 * Webhook → Respond alone (what n8n costs with no request at all), and a direct call to the
 * simulator (the limit). Calls are sequential and interleaved, so the
 * three cases share whatever the machine is doing.
 */
import axios from 'axios';
import http from 'node:http';

import { startLocalStack } from '../n8n/localStack';
import type { ImportedWorkflow } from '../n8n/n8nInstance';
import { crmHeaders } from '../n8n/exampleWorkflows';

const HTTP_REQUEST_PATH = 'voicenter/mute-with-http-request';
export const NO_REQUEST_PATH = 'voicenter/no-request';

export const node = (name: string, type: string, typeVersion: number, x: number, parameters: Record<string, unknown>) => ({
	id: `bench-${x}`,
	name,
	type,
	typeVersion,
	position: [x, 0],
	parameters,
});

export const webhookNode = (path: string, webhookId: string) => ({
	...node('Webhook', 'n8n-nodes-base.webhook', 2.1, 0, { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} }),
	webhookId,
});

/** n8n's own cost of a webhook call: Webhook → Respond to Webhook, no request in between. */
export function noRequestWorkflow(): ImportedWorkflow {
	return {
		id: 'VcBenchNoReq0001',
		active: true,
		definition: {
			name: 'Benchmark: webhook and response only',
			nodes: [
				webhookNode(NO_REQUEST_PATH, '5a0c7a3e-2b1d-4c8e-9f10-0b3c4d5e6f71'),
				node('Respond', 'n8n-nodes-base.respondToWebhook', 1.5, 240, {
					respondWith: 'json',
					responseBody: '={{ { "muted": false, "extension": $json.body.extension } }}',
					options: {},
				}),
			],
			connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
	};
}

/** The example's twin: Webhook → HTTP Request (the same POST to MuteUnmuteCalls) → Respond to Webhook. */
function httpRequestTwin(simulatorBaseUrl: string): ImportedWorkflow {
	return {
		id: 'VcBenchHttpReq01',
		active: true,
		definition: {
			name: 'Benchmark: mute by extension with the HTTP Request node',
			nodes: [
				webhookNode(HTTP_REQUEST_PATH, '5a0c7a3e-2b1d-4c8e-9f10-0b3c4d5e6f70'),
				node('HTTP Request', 'n8n-nodes-base.httpRequest', 4.2, 240, {
					method: 'POST',
					url: `${simulatorBaseUrl}/MuteUnmuteCalls`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ extension: $json.body.extension, state: "1" }) }}',
					options: {},
				}),
				node('Respond', 'n8n-nodes-base.respondToWebhook', 1.5, 480, {
					respondWith: 'json',
					responseBody: '={{ { "muted": true, "actionId": $json.ActionID } }}',
					options: {},
				}),
			],
			connections: {
				Webhook: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
				'HTTP Request': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

export type WebhookCase = 'ours' | 'httpRequest' | 'noRequest' | 'direct';

/**
 * How calls follow each other. n8n keeps working on an execution after Respond to Webhook has
 * answered (it finishes and saves it), so a call made straight after another meets a busy n8n and
 * every other one is slow; with a pause, each call meets an idle n8n, as a CRM event usually does.
 */
export const PACING = { backToBack: 0, paused: 200 } as const;
export type Pacing = keyof typeof PACING;

export interface WebhookLatency {
	samples: Record<Pacing, Record<WebhookCase, number[]>>;
	/** n8n's start-up, for the record: install, import, start. */
	timings: Record<string, number>;
}

export async function measureWebhookLatency(options: {
	packageDir: string;
	simulatorBaseUrl: string;
	simulatorToken: string;
	port: number;
	calls: number;
	warmupCalls: number;
	log: (line: string) => void;
}): Promise<WebhookLatency> {
	const stack = await startLocalStack({
		packageDir: options.packageDir,
		simulatorBaseUrl: options.simulatorBaseUrl,
		simulatorToken: options.simulatorToken,
		port: options.port,
		extraWorkflows: [httpRequestTwin(options.simulatorBaseUrl), noRequestWorkflow()],
		log: options.log,
	});
	// A caller that keeps its connection open, as a CRM calling n8n repeatedly would.
	const client = axios.create({ httpAgent: new http.Agent({ keepAlive: true }), timeout: 10_000, headers: crmHeaders() });
	const body = { extension: 'APIAPI' };
	const send: Record<WebhookCase, () => Promise<unknown>> = {
		ours: async () => (await client.post(`${stack.n8n.url}/webhook/voicenter/mute`, body)).data,
		httpRequest: async () => (await client.post(`${stack.n8n.url}/webhook/${HTTP_REQUEST_PATH}`, body)).data,
		noRequest: async () => (await client.post(`${stack.n8n.url}/webhook/${NO_REQUEST_PATH}`, body)).data,
		direct: async () => (await client.post(`${options.simulatorBaseUrl}/MuteUnmuteCalls`, { ...body, state: '1' })).data,
	};
	const repliedMuted = (data: unknown) => typeof (data as { actionId?: unknown }).actionId === 'string';
	const accepted: Record<WebhookCase, (data: unknown) => boolean> = {
		ours: repliedMuted,
		httpRequest: repliedMuted,
		noRequest: (data) => (data as { extension?: unknown }).extension === body.extension,
		direct: (data) => (data as { ErrorCode?: unknown }).ErrorCode === '200',
	};
	const samples = {} as WebhookLatency['samples'];
	try {
		for (const pacing of Object.keys(PACING) as Pacing[]) {
			const bySend: Record<WebhookCase, number[]> = { ours: [], httpRequest: [], noRequest: [], direct: [] };
			for (let call = 0; call < options.warmupCalls + options.calls; call++) {
				for (const name of Object.keys(send) as WebhookCase[]) {
					if (PACING[pacing] > 0) await new Promise((resolve) => setTimeout(resolve, PACING[pacing]));
					const started = process.hrtime.bigint();
					const data = await send[name]();
					const ms = Number(process.hrtime.bigint() - started) / 1e6;
					if (!accepted[name](data)) throw new Error(`${name}: unexpected answer ${JSON.stringify(data)}`);
					if (call >= options.warmupCalls) bySend[name].push(ms);
				}
			}
			samples[pacing] = bySend;
		}
	} finally {
		await stack.n8n.stop();
	}
	return { samples, timings: stack.timings };
}
