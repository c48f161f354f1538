import { spawn } from 'node:child_process';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';

export interface SimulatorProcess {
	pid: number;
	baseUrl: string;
	origin: string;
	control(method: string, route: string, body?: unknown): Promise<unknown>;
	stop(): void;
}

/** The simulator in a process of its own, so it does not share the measured process's CPU. */
export async function startSimulatorProcess(token: string): Promise<SimulatorProcess> {
	const child = spawn(process.execPath, [path.join(PACKAGE_DIR, 'build', 'simulator', 'main.js'), '--port', '0'], {
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
