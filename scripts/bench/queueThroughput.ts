/**
 * The CRM's view of n8n under load, one process against queue mode: the same webhook calls (the
 * "mute by extension" example, POST /webhook/voicenter/mute), a fixed number in flight, against
 * the single-process n8n of `npm run dev`, then queue mode with one worker, then with two. One
 * stack at a time, each stopped before the next starts: they would otherwise share the cores.
 *
 * Every answer must be HTTP 200 with `muted: true` and an ActionID the simulator issued, each
 * ActionID once; anything else is counted and fails the section, after all stacks have run.
 * The CPU each process used during the measured calls is read from /proc, so the printout can
 * say what the machine was doing rather than guess.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

import { startLocalStack } from '../n8n/localStack';
import { RECOMMENDED_QUEUE_TIMING, startQueueStack } from '../n8n/queueStack';
import { callWebhook, runCalls, type CallResult } from '../n8n/webhookCalls';
import type { SimulatorProcess } from './simulatorProcess';
import { summarise, type Summary } from './stats';

export const MUTE_PATH = 'voicenter/mute';
export const MUTE_BODY = { extension: 'SIPSIP1' } as const;
/** A call that gets no answer within this is counted as hung (status 0). */
const CALL_BOUND_MS = 60_000;
/** Worker `--concurrency` of the queue stacks (queueStack.ts's default, stated here so the printout can say it). */
export const WORKER_CONCURRENCY = 5;

export type StackCase = 'single' | 'queue1' | 'queue2';
export const STACK_CASES: StackCase[] = ['single', 'queue1', 'queue2'];

export interface QueueThroughputOptions {
	packageDir: string;
	sim: SimulatorProcess;
	simulatorToken: string;
	calls: number;
	inFlight: number;
	warmupCalls: number;
	/** The single-process n8n's port. */
	singlePort: number;
	/** The queue stacks' first n8n port, Postgres's and Redis's. */
	basePort: number;
	postgresPort: number;
	redisPort: number;
	log: (line: string) => void;
	/** Told as soon as a stack has been measured and stopped. */
	onStack?: (name: StackCase, figures: StackFigures) => void;
	/** Added to every n8n process's environment. */
	n8nEnv?: Record<string, string>;
}

/** One process tree's CPU over the measured calls, in % of one core. */
export interface CpuShare {
	name: string;
	percent: number;
}

export interface CpuUse {
	cores: number;
	/** Busy time of the whole machine, in % of one core (cores × 100 = all busy). */
	machinePercent: number;
	/** Time the hypervisor gave to others, in % of one core (0 without /proc). */
	stealPercent: number;
	/** Per process, with its descendants (n8n's task runners, Postgres's backends); only this one without /proc. */
	processes: CpuShare[];
}

export interface Rejected {
	index: number;
	status: number;
	body: unknown;
	why: string;
}

export interface StackFigures {
	label: string;
	/** From asking for the stack to its webhooks answering. */
	startupMs: number;
	startupPhases: Record<string, number>;
	stopMs: number;
	/** From the first measured call to the last answer. */
	wallMs: number;
	callsPerSecond: number;
	roundTrip: Summary;
	/** Each measured call's round trip, in call order. */
	samples: number[];
	statuses: Record<string, number>;
	/** Measured calls not answered 200 (status 0: no answer within the bound). */
	non200: number;
	/** Answered 200 but not a true mute: `muted` not true, no ActionID, one the simulator never issued, or one given twice. */
	notMuted: number;
	/** Warm-up calls that were not a 200 true mute. */
	warmupRejected: number;
	rejected: Rejected[];
	/** Voicenter API requests the simulator saw during the measured calls. */
	simulatorRequests: number;
	cpu: CpuUse;
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: the machine's busy time (/proc/stat, else os.cpus) and each process tree's ticks (/proc).

const CLOCK_TICKS = (() => {
	const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
	const ticks = Number(result.stdout?.trim());
	return result.status === 0 && ticks > 0 ? ticks : 100;
})();
const HAS_PROC = fs.existsSync('/proc/self/stat');

interface Watched {
	name: string;
	pid: number;
	/** With all its descendants (n8n's task runners, Postgres's backends, which leave its process group), or alone. */
	tree: boolean;
}

interface CpuSnapshot {
	at: number;
	machine: { busyMs: number; stealMs: number };
	/** Ticks by watched name: utime + stime + the reaped children's cutime + cstime, over its tree. */
	ticks: Map<string, number>;
	self: NodeJS.CpuUsage;
}

/** All cores' busy time (user, nice, system, irq, softirq) and the time the hypervisor took (steal). */
function machineTimes(): CpuSnapshot['machine'] {
	if (HAS_PROC) {
		// cpu  user nice system idle iowait irq softirq steal …, in ticks.
		const [user, nice, system, , , irq, softirq, steal] = fs
			.readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const ms = (ticks: number) => ((ticks || 0) / CLOCK_TICKS) * 1000;
		return { busyMs: ms(user + nice + system + irq + softirq), stealMs: ms(steal) };
	}
	return { busyMs: os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0), stealMs: 0 };
}

interface ProcessRow {
	pid: number;
	ppid: number;
	ticks: number;
}

/** Every process /proc shows: its parent and its CPU ticks. */
function readProcesses(): ProcessRow[] {
	const rows: ProcessRow[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// The command name may hold spaces and parentheses: the fields start after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((at) => Number(fields[at]));
		rows.push({ pid: Number(entry), ppid: Number(fields[1]), ticks: utime + stime + cutime + cstime });
	}
	return rows;
}

function cpuSnapshot(watched: Watched[]): CpuSnapshot {
	const ticks = new Map<string, number>();
	if (HAS_PROC) {
		const rows = readProcesses();
		const children = new Map<number, ProcessRow[]>();
		for (const row of rows) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
		const treeTicks = (row: ProcessRow): number => row.ticks + (children.get(row.pid) ?? []).reduce((sum, child) => sum + treeTicks(child), 0);
		for (const { name, pid, tree } of watched) {
			const root = rows.find((row) => row.pid === pid);
			ticks.set(name, root === undefined ? 0 : tree ? treeTicks(root) : root.ticks);
		}
	}
	return { at: Date.now(), machine: machineTimes(), ticks, self: process.cpuUsage() };
}

function cpuUse(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
	const wallMs = Math.max(1, after.at - before.at);
	const percent = (ms: number) => (ms / wallMs) * 100;
	const processes: CpuShare[] = [];
	if (HAS_PROC) {
		for (const [name, ticks] of after.ticks) {
			processes.push({ name, percent: percent(((ticks - (before.ticks.get(name) ?? 0)) / CLOCK_TICKS) * 1000) });
		}
	}
	const self = process.cpuUsage(before.self);
	processes.push({ name: 'load generator', percent: percent((self.user + self.system) / 1000) });
	return {
		cores: os.cpus().length,
		machinePercent: percent(after.machine.busyMs - before.machine.busyMs),
		stealPercent: percent(after.machine.stealMs - before.machine.stealMs),
		processes,
	};
}

// ---------------------------------------------------------------------------------------------

interface StartedStack {
	url: string;
	phases: Record<string, number>;
	watched: Watched[];
	stop(): Promise<void>;
}

type SimulatorStats = { requests: number };

/** 200, `muted: true`, an ActionID the simulator issued and no other call got. */
function check(results: CallResult[], issued: Set<string>, seen: Set<string>): Rejected[] {
	const rejected: Rejected[] = [];
	for (const { index, status, body } of results) {
		const actionId = body?.actionId;
		let why: string | undefined;
		if (status !== 200) why = status === 0 ? `no answer within ${CALL_BOUND_MS} ms` : `HTTP ${status}`;
		else if (body?.muted !== true) why = 'muted is not true';
		else if (typeof actionId !== 'string') why = 'no ActionID';
		else if (!issued.has(actionId)) why = 'an ActionID the simulator never issued';
		else if (seen.has(actionId)) why = 'an ActionID another call got too';
		if (typeof actionId === 'string') seen.add(actionId);
		if (why !== undefined) rejected.push({ index, status, body, why });
	}
	return rejected;
}

async function measureStack(
	label: string,
	start: () => Promise<StartedStack>,
	options: QueueThroughputOptions,
): Promise<StackFigures> {
	const { sim } = options;
	await sim.control('POST', 'reset');
	const startedAt = Date.now();
	const stack = await start();
	const startupMs = Date.now() - startedAt;
	options.log(`  ${label}: up after ${(startupMs / 1000).toFixed(1)} s; ${options.warmupCalls} warm-up calls, then ${options.calls} measured`);
	const url = `${stack.url}/webhook/${MUTE_PATH}`;
	const call = async (index: number) => await callWebhook(url, MUTE_BODY, CALL_BOUND_MS, index);
	const watched: Watched[] = [...stack.watched, { name: 'simulator', pid: sim.pid, tree: false }];

	let warmup: CallResult[];
	let measured: CallResult[];
	let wallMs: number;
	let cpu: CpuUse;
	let warmupIssued: Set<string>;
	let stats: SimulatorStats;
	let issued: Set<string>;
	let stopMs: number;
	try {
		warmup = await runCalls(options.warmupCalls, options.inFlight, call);
		warmupIssued = new Set((await sim.control('GET', 'action-ids')) as string[]);
		// The simulator's counts and ActionIDs from here on are the measured calls' (the calls reseeded).
		await sim.control('POST', 'reset');
		const before = cpuSnapshot(watched);
		const began = Date.now();
		measured = await runCalls(options.calls, options.inFlight, call);
		wallMs = Date.now() - began;
		cpu = cpuUse(before, cpuSnapshot(watched));
		stats = (await sim.control('GET', 'stats')) as SimulatorStats;
		issued = new Set((await sim.control('GET', 'action-ids')) as string[]);
	} finally {
		const stopping = Date.now();
		await stack.stop();
		stopMs = Date.now() - stopping;
	}

	const warmupRejected = check(warmup, warmupIssued, new Set());
	const rejected = check(measured, issued, new Set());
	const statuses: Record<string, number> = {};
	for (const { status } of measured) {
		const key = status === 0 ? 'hung' : String(status);
		statuses[key] = (statuses[key] ?? 0) + 1;
	}
	const samples = measured.map((result) => result.ms);
	return {
		label,
		startupMs,
		startupPhases: stack.phases,
		stopMs,
		wallMs,
		callsPerSecond: (options.calls / wallMs) * 1000,
		roundTrip: summarise(samples),
		samples,
		statuses,
		non200: measured.filter((result) => result.status !== 200).length,
		notMuted: rejected.filter((entry) => entry.status === 200).length,
		warmupRejected: warmupRejected.length,
		rejected: [...warmupRejected.map((entry) => ({ ...entry, why: `warm-up: ${entry.why}` })), ...rejected],
		simulatorRequests: stats.requests,
		cpu,
	};
}

export function stackLabel(name: StackCase): string {
	if (name === 'single') return 'one process (npm run dev)';
	const workers = name === 'queue1' ? 1 : 2;
	return `queue mode, ${workers} worker${workers > 1 ? 's' : ''} × concurrency ${WORKER_CONCURRENCY}`;
}

/** Measures each stack in turn: start, warm up, measure, stop. */
export async function measureQueueThroughput(options: QueueThroughputOptions): Promise<Record<StackCase, StackFigures>> {
	const content = {
		packageDir: options.packageDir,
		simulatorBaseUrl: options.sim.baseUrl,
		simulatorToken: options.simulatorToken,
		log: () => {},
	};
	const queueStarter = async (workers: number): Promise<StartedStack> => {
		const stack = await startQueueStack({
			...content,
			basePort: options.basePort,
			postgresPort: options.postgresPort,
			redisPort: options.redisPort,
			workers,
			concurrency: WORKER_CONCURRENCY,
			timing: RECOMMENDED_QUEUE_TIMING,
			env: options.n8nEnv,
		});
		return {
			url: stack.webhookUrl,
			phases: stack.timings,
			watched: [
				{ name: 'webhook processor', pid: stack.webhook.pid, tree: true },
				...stack.workers.map((worker) => ({ name: worker.name, pid: worker.pid, tree: true })),
				{ name: 'main', pid: stack.main.pid, tree: true },
				{ name: 'postgres', pid: stack.postgres.process.pid, tree: true },
				{ name: 'redis', pid: stack.redis.process().pid, tree: true },
			],
			stop: async () => await stack.stop(),
		};
	};

	const starters: Record<StackCase, () => Promise<StartedStack>> = {
		single: async () => {
			const stack = await startLocalStack({ ...content, port: options.singlePort, env: options.n8nEnv });
			return {
				url: stack.n8n.url,
				phases: stack.timings,
				watched: [{ name: 'n8n', pid: stack.n8n.pid, tree: true }],
				stop: async () => {
					await stack.n8n.stop();
					fs.rmSync(stack.setup.userFolder, { recursive: true, force: true });
				},
			};
		},
		queue1: async () => await queueStarter(1),
		queue2: async () => await queueStarter(2),
	};
	const figures = {} as Record<StackCase, StackFigures>;
	for (const name of STACK_CASES) {
		figures[name] = await measureStack(stackLabel(name), starters[name], options);
		options.onStack?.(name, figures[name]);
	}
	return figures;
}
