/**
 * A long-running child (n8n, Postgres, Redis) that the scripts start, wait for and stop.
 *
 * Each runs in a process group of its own, so that Ctrl-C reaches only the script, which stops
 * everything in order, and so that a SIGKILL takes the process's own children (n8n's task
 * runners, Postgres's backends) with it. Whatever is still running when the script's process
 * exits is SIGKILLed then.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface ManagedProcessOptions {
	/** Names the process in errors and listings. */
	name: string;
	command: string;
	args: string[];
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** Run as this user and group (Postgres refuses root). */
	uid?: number;
	gid?: number;
	/** Everything the process prints is also appended here. */
	logFile?: string;
	/** True once the process serves; polled until then. */
	isReady: () => Promise<boolean>;
	readyTimeoutMs?: number;
	/** The signal that asks for an orderly stop (Postgres: SIGINT, its "fast" shutdown). */
	stopSignal?: NodeJS.Signals;
	/** How long an orderly stop may take before the process group is SIGKILLed. */
	stopTimeoutMs?: number;
}

export interface ProcessExit {
	code: number | null;
	signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
	name: string;
	pid: number;
	child: ChildProcess;
	/** Everything the process printed so far (stdout and stderr). */
	output(): string;
	/** Settles when the process has exited, however it ended. */
	exited: Promise<ProcessExit>;
	running(): boolean;
	/** The orderly stop: stopSignal, then SIGKILL to the group after stopTimeoutMs. */
	stop(): Promise<void>;
	/** SIGKILL to the whole process group, as a crash or the OOM killer would. */
	kill(): Promise<void>;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone already
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const managed of live) killGroup(managed.pid, 'SIGKILL');
	});
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to a few seconds) until no process of the group is left, its orphans included. */
async function groupGone(pid: number): Promise<void> {
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline) {
		try {
			process.kill(-pid, 0);
		} catch {
			return;
		}
		await sleep(50);
	}
}

function spawnManaged(options: ManagedProcessOptions): ManagedProcess {
	const child = spawn(options.command, options.args, {
		env: options.env,
		cwd: options.cwd,
		uid: options.uid,
		gid: options.gid,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
	const pid = child.pid;
	let output = '';
	const log = options.logFile === undefined ? undefined : fs.createWriteStream(options.logFile, { flags: 'a' });
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		log?.write(chunk);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);

	const exited = new Promise<ProcessExit>((resolve) => {
		child.once('exit', (code, signal) => {
			live.delete(managed);
			// Children the process left behind (a task runner, say) go with it.
			killGroup(pid, 'SIGKILL');
			log?.end();
			resolve({ code, signal });
		});
	});
	const running = () => child.exitCode === null && child.signalCode === null;

	const kill = async () => {
		killGroup(pid, 'SIGKILL');
		await exited;
		await groupGone(pid);
	};
	const stop = async () => {
		if (running()) {
			child.kill(options.stopSignal ?? 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, options.stopTimeoutMs ?? 15_000)))]);
			clearTimeout(timer);
		}
		await kill();
	};

	const managed: ManagedProcess = { name: options.name, pid, child, output: () => output, exited, running, stop, kill };
	live.add(managed);
	installExitHook();
	return managed;
}

async function waitUntilReady(managed: ManagedProcess, options: ManagedProcessOptions): Promise<void> {
	const timeoutMs = options.readyTimeoutMs ?? 120_000;
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!managed.running()) {
			const { code, signal } = await managed.exited;
			throw new Error(`${managed.name} exited (${signal ?? code}) before it was ready:\n${managed.output().slice(-3000)}`);
		}
		if (await options.isReady().catch(() => false)) return;
		await sleep(250);
	}
	throw new Error(`${managed.name} was not ready within ${timeoutMs} ms:\n${managed.output().slice(-3000)}`);
}

/** Starts the process and resolves once it is ready; stops it again when it does not get there. */
export async function startManagedProcess(options: ManagedProcessOptions): Promise<ManagedProcess> {
	const managed = spawnManaged(options);
	try {
		await waitUntilReady(managed, options);
	} catch (error) {
		await managed.kill();
		throw error;
	}
	return managed;
}
