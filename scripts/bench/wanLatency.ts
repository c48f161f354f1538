/**
 * One CRM event, one mute, with Voicenter at a distance over HTTPS: the simulator serves HTTPS
 * with a CA made at run time (trusted by n8n through NODE_EXTRA_CA_CERTS, by this process
 * through its agents) behind a proxy that puts a round-trip time between it and its clients
 * (simulator/wanProxy.ts says exactly what is modelled). A real n8n runs the examples as a CRM
 * calls them; the same Voicenter requests are also sent straight from here, on a new connection
 * each (what n8n's helper does) and on one kept-open connection (the limit).
 *
 * Calls are sequential and interleaved. Between two calls the simulator is reset (every mute
 * changes a recording call) and asked how many Voicenter requests the call made: a case that
 * made another number than it should fails the section. That takes a few hundred ms, so every
 * call also meets an idle n8n, as a CRM event usually does.
 */
import axios from 'axios';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { makeLocalCertificates } from '../../simulator/localCertificates';
import { startLocalStack } from '../n8n/localStack';
import type { ImportedWorkflow } from '../n8n/n8nInstance';
import { pinProcess, SIMULATOR_CPU } from './cpuPinning';
import { startSimulatorProcess } from './simulatorProcess';
import { wanClient, type TimedRequest } from './wanClient';
import { NO_REQUEST_PATH, noRequestWorkflow } from './webhookLatency';
import { crmHeaders } from '../n8n/exampleWorkflows';

const EXTENSION = 'APIAPI';
const IDLE_BEFORE_CALL_MS = 200;

/**
 * `via`: a CRM's call to n8n's production webhook, or the Voicenter requests sent from here;
 * `requests`: how many Voicenter requests one call makes, `inSequence` how many of them wait for
 * the one before.
 */
export const WAN_CASES = {
	n8nAlone: { label: 'n8n alone: Webhook → Respond, no request', via: 'n8n', requests: 0, inSequence: 0 },
	plain: { label: 'Mute: the mute-by-extension example', via: 'n8n', requests: 1, inSequence: 1 },
	plainNew: { label: '  direct: the mute, a new connection', via: 'direct', requests: 1, inSequence: 1 },
	plainKept: { label: '  direct: the mute, one kept-open connection (limit)', via: 'direct', requests: 1, inSequence: 1 },
	verified: { label: 'Verified mute: the mute-verified example (Send at Once)', via: 'n8n', requests: 3, inSequence: 2 },
	verifiedReadFirst: { label: 'Verified mute, Verify Order "Read Calls First"', via: 'n8n', requests: 3, inSequence: 3 },
	verifiedNew: { label: '  direct: read, mute, read, a new connection each', via: 'direct', requests: 3, inSequence: 3 },
	verifiedKept: { label: '  direct: read, mute, read, one kept-open connection (limit)', via: 'direct', requests: 3, inSequence: 3 },
} as const;
export type WanCase = keyof typeof WAN_CASES;

export interface WanSamples {
	/** The caller's round trip of each call. */
	totalMs: number[];
	/** Direct cases: each request's connection set-up and Voicenter's answer. */
	setupMs: number[];
	answerMs: number[];
	/** Cases with a mute: from the start of the call until the mute reached Voicenter (the recording stops there). */
	mutedAtMs: number[];
}

export interface WanLatency {
	rttMs: number;
	samples: Record<WanCase, WanSamples>;
	timings: Record<string, number>;
}

export interface WanOptions {
	packageDir: string;
	token: string;
	rttMs: number;
	/** The simulator takes basePort + 1, the delaying proxy basePort + 2, n8n basePort + 10 to + 12. */
	basePort: number;
	calls: number;
	warmupCalls: number;
	log: (line: string) => void;
}

interface ExampleNode {
	type: string;
	webhookId?: string;
	parameters: { path?: string; options?: Record<string, unknown> };
}

/** An example in examples/, read fresh from the file. */
function example(packageDir: string, file: string): { name: string; nodes: ExampleNode[] } {
	return JSON.parse(fs.readFileSync(path.join(packageDir, 'examples', file), 'utf8')) as { name: string; nodes: ExampleNode[] };
}

/** Where an example listens: its Webhook node's path. */
function examplePath(packageDir: string, file: string): string {
	const webhook = example(packageDir, file).nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	if (webhook?.parameters.path === undefined) throw new Error(`examples/${file}: no Webhook node with a path`);
	return webhook.parameters.path;
}

const READ_FIRST_PATH = 'voicenter/mute-verified-read-first';

/** The verified-mute example with one option changed (Verify Order "Read Calls First", the order before it existed), under its own path. */
function verifiedReadFirstTwin(packageDir: string): ImportedWorkflow {
	const definition = example(packageDir, 'mute-verified-webhook.json');
	for (const node of definition.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = READ_FIRST_PATH;
			node.webhookId = '7d1e6c2a-5b4f-4e3d-9c8b-1a2b3c4d5e6f';
		}
		if (node.type.endsWith('.voicenterRecording')) node.parameters.options = { ...node.parameters.options, verifyOrder: 'readFirst' };
	}
	return { id: 'VcBenchVerRdFrst', active: true, definition: { ...definition, name: `${definition.name} (Read Calls First)` } };
}

export async function measureWanLatency(options: WanOptions): Promise<WanLatency> {
	const plainPath = examplePath(options.packageDir, 'mute-by-extension-webhook.json');
	const verifiedPath = examplePath(options.packageDir, 'mute-verified-webhook.json');
	const certificates = makeLocalCertificates();
	const ca = fs.readFileSync(certificates.caPath);
	const sim = await startSimulatorProcess(options.token, {
		args: [
			'--port', String(options.basePort + 1),
			'--tls-key', certificates.keyPath,
			'--tls-cert', certificates.certPath,
			'--rtt-ms', String(options.rttMs),
			'--wan-port', String(options.basePort + 2),
		],
		ca,
	});
	pinProcess(sim.pid, SIMULATOR_CPU);
	const fresh = wanClient(ca, 'new');
	const keptOpen = wanClient(ca, 'keptOpen');
	try {
		const stack = await startLocalStack({
			packageDir: options.packageDir,
			simulatorBaseUrl: sim.baseUrl,
			simulatorToken: options.token,
			port: options.basePort + 10,
			extraWorkflows: [noRequestWorkflow(), verifiedReadFirstTwin(options.packageDir)],
			env: { NODE_EXTRA_CA_CERTS: certificates.caPath },
			log: options.log,
		});
		try {
			const crm = axios.create({ httpAgent: new http.Agent({ keepAlive: true }), timeout: 30_000, headers: crmHeaders() });
			const webhook = async (webhookPathName: string, accept: (data: Record<string, unknown>) => boolean): Promise<TimedRequest[]> => {
				const started = process.hrtime.bigint();
				const { data } = await crm.post(`${stack.n8n.url}/webhook/${webhookPathName}`, { extension: EXTENSION });
				const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
				if (!accept(data as Record<string, unknown>)) throw new Error(`/webhook/${webhookPathName}: unexpected answer ${JSON.stringify(data)}`);
				return [{ setupMs: 0, answerMs: 0, totalMs, json: data }];
			};
			const mutedWithActionId = (data: Record<string, unknown>) => data.muted === true && typeof data.actionId === 'string';
			const read = { code: options.token, extension: EXTENSION };
			const mute = { extension: EXTENSION, state: '1' };
			const sequence = (client: typeof fresh, bodies: Array<[string, Record<string, string>]>) => async () => {
				const timed: TimedRequest[] = [];
				for (const [endpoint, body] of bodies) timed.push(await client.post(`${sim.baseUrl}/${endpoint}`, body));
				return timed;
			};
			const plain: Array<[string, Record<string, string>]> = [['MuteUnmuteCalls', mute]];
			const verified: Array<[string, Record<string, string>]> = [
				['GetExtensionsCalls', read],
				['MuteUnmuteCalls', mute],
				['GetExtensionsCalls', read],
			];
			const send: Record<WanCase, () => Promise<TimedRequest[]>> = {
				n8nAlone: () => webhook(NO_REQUEST_PATH, (data) => data.extension === EXTENSION),
				plain: () => webhook(plainPath, mutedWithActionId),
				plainNew: sequence(fresh, plain),
				plainKept: sequence(keptOpen, plain),
				verified: () => webhook(verifiedPath, (data) => mutedWithActionId(data) && data.verified === true),
				verifiedReadFirst: () => webhook(READ_FIRST_PATH, (data) => mutedWithActionId(data) && data.verified === true),
				verifiedNew: sequence(fresh, verified),
				verifiedKept: sequence(keptOpen, verified),
			};
			const samples = Object.fromEntries(
				Object.keys(WAN_CASES).map((name) => [name, { totalMs: [], setupMs: [], answerMs: [], mutedAtMs: [] }]),
			) as unknown as Record<WanCase, WanSamples>;

			await sim.control('POST', 'reset');
			for (let call = 0; call < options.warmupCalls + options.calls; call++) {
				for (const name of Object.keys(WAN_CASES) as WanCase[]) {
					await new Promise((resolve) => setTimeout(resolve, IDLE_BEFORE_CALL_MS));
					// The simulator's receivedAt is Date.now() in its process: the same clock.
					const callStarted = Date.now();
					const timed = await send[name]();
					const requests = (await sim.control('GET', 'requests')) as Array<{ endpoint: string; receivedAt: number }>;
					if (requests.length !== WAN_CASES[name].requests) {
						throw new Error(`${name}: the simulator saw ${requests.length} Voicenter requests, not ${WAN_CASES[name].requests}`);
					}
					await sim.control('POST', 'reset');
					if (call < options.warmupCalls) continue;
					const sample = samples[name];
					sample.totalMs.push(timed.reduce((sum, one) => sum + one.totalMs, 0));
					const mute = requests.find((request) => request.endpoint === 'MuteUnmuteCalls');
					if (mute !== undefined) sample.mutedAtMs.push(mute.receivedAt - callStarted);
					if (WAN_CASES[name].via === 'direct') {
						sample.setupMs.push(...timed.map((one) => one.setupMs));
						sample.answerMs.push(...timed.map((one) => one.answerMs));
					}
				}
			}
			return { rttMs: options.rttMs, samples, timings: stack.timings };
		} finally {
			await stack.n8n.stop();
		}
	} finally {
		fresh.close();
		keptOpen.close();
		sim.stop();
		certificates.remove();
	}
}
