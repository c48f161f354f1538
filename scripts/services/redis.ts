/** A throwaway Redis on 127.0.0.1 from Debian's redis-server: no persistence, restartable on its port. */
import fs from 'node:fs';
import net from 'node:net';

import { startManagedProcess, type ManagedProcess } from './managedProcess';
import { aptInstall, findOnPath } from './systemPackages';

export interface RedisOptions {
	port: number;
	/** Its working folder (created if missing); nothing is saved there. */
	dir: string;
	log?: (line: string) => void;
}

export interface RunningRedis {
	host: string;
	port: number;
	/** The current server process (a new one after each restart). */
	process(): ManagedProcess;
	/** Stops the server (everything queued is lost), waits downMs, starts a new one on the same port. */
	restart(downMs?: number): Promise<void>;
	stop(): Promise<void>;
}

async function redisServerBinary(log: (line: string) => void): Promise<string> {
	const found = findOnPath('redis-server');
	if (found !== undefined) return found;
	await aptInstall('redis-server', log);
	const installed = findOnPath('redis-server') ?? '/usr/bin/redis-server';
	if (!fs.existsSync(installed)) throw new Error('apt-get installed redis-server, but it is not on PATH');
	return installed;
}

/** True when a PING on the port answers +PONG. */
async function answersPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let reply = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
	});
}

export async function startRedis(options: RedisOptions): Promise<RunningRedis> {
	const binary = await redisServerBinary(options.log ?? (() => {}));
	fs.mkdirSync(options.dir, { recursive: true });
	const args = [
		'--port', String(options.port),
		'--bind', '127.0.0.1',
		'--protected-mode', 'yes',
		'--save', '',
		'--appendonly', 'no',
		'--daemonize', 'no',
		'--dir', options.dir,
	];
	const start = async () =>
		await startManagedProcess({
			name: 'redis',
			command: binary,
			args,
			cwd: options.dir,
			isReady: async () => await answersPing(options.port),
			readyTimeoutMs: 30_000,
		});

	let server = await start();
	return {
		host: '127.0.0.1',
		port: options.port,
		process: () => server,
		restart: async (downMs = 0) => {
			await server.stop();
			await new Promise((resolve) => setTimeout(resolve, downMs));
			server = await start();
		},
		stop: async () => await server.stop(),
	};
}
