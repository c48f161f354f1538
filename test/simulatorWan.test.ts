import fs from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';

import { makeLocalCertificates, type LocalCertificates } from '../simulator/localCertificates';
import { startSimulator, type VoicenterSimulator } from '../simulator/voicenterSimulator';
import { startWanProxy, type WanProxy } from '../simulator/wanProxy';

const RTT_MS = 100;

let certificates: LocalCertificates;
let ca: Buffer;
let simulator: VoicenterSimulator;
let proxy: WanProxy;

beforeAll(async () => {
	certificates = makeLocalCertificates();
	ca = fs.readFileSync(certificates.caPath);
	simulator = await startSimulator({ tls: { key: fs.readFileSync(certificates.keyPath), cert: fs.readFileSync(certificates.certPath) } });
	proxy = await startWanProxy({ targetPort: simulator.port, rttMs: RTT_MS });
});

afterAll(async () => {
	await proxy.close();
	await simulator.close();
	certificates.remove();
});

beforeEach(() => simulator.reset());

interface Timed {
	status: number;
	json: unknown;
	/** Until the connection was secure; undefined on a connection already open. */
	setupMs?: number;
	totalMs: number;
}

function post(port: number, path: string, body: unknown, agent: https.Agent | false): Promise<Timed> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const timed: Partial<Timed> = {};
		const request = https.request(
			{ host: '127.0.0.1', port, path, method: 'POST', agent, ...(agent === false ? { ca } : {}), headers: { 'content-type': 'application/json' } },
			(response) => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk.toString()));
				response.on('end', () =>
					resolve({ ...timed, status: response.statusCode ?? 0, json: JSON.parse(text) as unknown, totalMs: performance.now() - started }),
				);
			},
		);
		request.on('socket', (socket: TLSSocket) => {
			if (!socket.connecting && socket.authorized) return;
			socket.once('secureConnect', () => (timed.setupMs = performance.now() - started));
		});
		request.on('error', reject);
		request.end(JSON.stringify(body));
	});
}

const mute = { extension: 'APIAPI', state: '1' };

describe('the simulator over HTTPS, at a distance', () => {
	test('it serves HTTPS that a client trusts through the CA made at run time, and only then', async () => {
		expect(simulator.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/Comet\/API$/);
		const answer = await post(simulator.port, '/Comet/API/MuteUnmuteCalls', mute, false);
		expect(answer.json).toMatchObject({ ErrorCode: '200', Message: 'Success' });

		const untrusted = new Promise((resolve, reject) => {
			const request = https.request({ host: '127.0.0.1', port: simulator.port, path: '/Comet/API/MuteUnmuteCalls', method: 'POST', agent: false }, resolve);
			request.on('error', reject);
			request.end(JSON.stringify(mute));
		});
		await expect(untrusted).rejects.toThrow(/unable to verify the first certificate/);
	});

	test('through the proxy a request on a new connection costs three round trips: TCP, TLS, the request', async () => {
		const answer = await post(proxy.port, '/Comet/API/MuteUnmuteCalls', mute, false);
		expect(answer.json).toMatchObject({ ErrorCode: '200' });
		expect(answer.setupMs).toBeGreaterThanOrEqual(2 * RTT_MS - 2);
		expect(answer.totalMs - answer.setupMs!).toBeGreaterThanOrEqual(RTT_MS - 2);
		expect(answer.totalMs).toBeGreaterThanOrEqual(3 * RTT_MS - 2);
		expect(simulator.requestsTo('MuteUnmuteCalls')).toHaveLength(1);
	});

	test('on a kept-open connection one round trip, and the answer arrives whole', async () => {
		const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 1 });
		try {
			await post(proxy.port, '/Comet/API/MuteUnmuteCalls', mute, agent);
			const again = await post(proxy.port, '/Comet/API/GetExtensionsCalls', { code: simulator.token }, agent);
			expect(again.setupMs).toBeUndefined();
			expect(again.totalMs).toBeGreaterThanOrEqual(RTT_MS - 2);
			expect(again.totalMs).toBeLessThan(2.5 * RTT_MS);
			expect((again.json as { EXTENSIONS: unknown[] }).EXTENSIONS.length).toBeGreaterThan(1);
		} finally {
			agent.destroy();
		}
	});
});
