import { spawn } from 'node:child_process';
import https from 'node:https';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';

export interface SimulatorProcess {
	pid: number;
	baseUrl: string;
	origin: string;
	control(method: string, route: string, body?: unknown): Promise<unknown>;
	stop(): void;
}

/** One control request over HTTPS, trusting `ca` (fetch cannot be given a CA in Node 20). */
function httpsJson(url: string, method: string, ca: Buffer, body?: string): Promise<{ status: number; json: unknown }> {
	return new Promise((resolve, reject) => {
		const request = https.request(url, { method, ca, headers: { 'content-type': 'application/json' } }, (response) => {
			let text = '';
			response.on('data', (chunk: Buffer) => (text += chunk.toString()));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) as unknown }));
		});
		request.on('error', reject);
		request.end(body);
	});
}

/**
 * The simulator in a process of its own, so it does not share the measured process's CPU. `args`
 * go to simulator/main.js (e.g. TLS and a network distance: then `ca` is its CA, for the control
 * requests, and `baseUrl` the delayed address).
 */
export async function startSimulatorProcess(token: string, extra: { args?: string[]; ca?: Buffer } = {}): Promise<SimulatorProcess> {
	const child = spawn(process.execPath, [path.join(PACKAGE_DIR, 'build', 'simulator', 'main.js'), '--port', '0', ...(extra.args ?? [])], {
		env: { ...process.env, VOICENTER_SIM_TOKEN: token },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const baseUrl = await new Promise<string>((resolve, reject) => {
		let seen = '';
		child.stdout.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			const match = /listening on (\S+)/.exec(seen);
			if (match) resolve(match[1]);
		});
		child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
	});
	const origin = new URL(baseUrl).origin;
	const control = async (method: string, route: string, body?: unknown) => {
		if (extra.ca !== undefined) {
			const { status, json } = await httpsJson(`${origin}/__simulator/${route}`, method, extra.ca, body === undefined ? undefined : JSON.stringify(body));
			if (status >= 400) throw new Error(`simulator ${method} ${route}: HTTP ${status}`);
			return json;
		}
		const response = await fetch(`${origin}/__simulator/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`simulator ${method} ${route}: HTTP ${response.status}`);
		return (await response.json()) as unknown;
	};
	return { pid: child.pid ?? 0, baseUrl, origin, control, stop: () => child.kill('SIGTERM') };
}
