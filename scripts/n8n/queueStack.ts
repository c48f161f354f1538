/**
 * n8n in queue mode on 127.0.0.1, for `npm run dev:queue`, the queue tests and the benchmark:
 * Postgres and Redis of its own, one main (`n8n start`, editor and REST API; production webhooks
 * left to the webhook processor), one webhook processor (`n8n webhook`) and workers
 * (`n8n worker`), each n8n process with its own user folder holding this package as a community
 * package, and the same credential and example workflows as `npm run dev`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { n8nDatabaseEnv, startPostgres, type RunningPostgres } from '../services/postgres';
import { startRedis, type RunningRedis } from '../services/redis';
import type { InstalledKit } from './kitInstall';
import { copyCommunityPackages, ownerSession, startN8n, type N8nRole, type N8nSetup, type RunningN8n } from './n8nInstance';
import { ensureN8n, type N8nRuntime } from './n8nRuntime';
import { importStackData, installPackedPackage, installStackKit, timed, type StackContent } from './provision';

/** n8n's Bull queue timings; unset ones keep n8n's defaults (60 s, 10 s, 30 s). */
export interface QueueTiming {
	/** How long a worker's lock on a running job lasts without renewal. */
	lockDurationMs?: number;
	/** How often a worker renews its locks. */
	lockRenewTimeMs?: number;
	/** How often a worker looks for jobs whose lock expired (a dead worker's). */
	stalledIntervalMs?: number;
}

/**
 * What our stacks use, and the README recommends. A killed worker's webhook callers got their
 * HTTP 500 about lock duration + stalled interval + 25-30 s after the kill: 39-45 s with these,
 * 106-140 s with n8n's defaults (60 s, 10 s, 30 s). A live worker keeps its jobs unless its
 * event loop stalls for lock - renew (8 s). Measured with test/queue (README, "Scaling with
 * queue mode").
 */
export const RECOMMENDED_QUEUE_TIMING: Required<QueueTiming> = {
	lockDurationMs: 10_000,
	lockRenewTimeMs: 2_000,
	stalledIntervalMs: 5_000,
};

/** The environment variable n8n reads each timing from. */
export const QUEUE_TIMING_ENV: Record<keyof QueueTiming, string> = {
	lockDurationMs: 'QUEUE_WORKER_LOCK_DURATION',
	lockRenewTimeMs: 'QUEUE_WORKER_LOCK_RENEW_TIME',
	stalledIntervalMs: 'QUEUE_WORKER_STALLED_INTERVAL',
};

export interface QueueStackOptions extends StackContent {
	/**
	 * n8n's ports, three per process from here (its port, its task broker, the broker of a CLI
	 * command run with its setup): the main, the webhook processor, then each worker, whose
	 * port is its health server. Default 5700.
	 */
	basePort?: number;
	postgresPort?: number;
	redisPort?: number;
	/** Workers with the package (default 2). */
	workers?: number;
	/** Each worker's `--concurrency` (default 5; n8n warns below 5). */
	concurrency?: number;
	/** Also start one worker whose user folder lacks the package: every execution it takes fails. */
	workerWithoutPackage?: boolean;
	timing?: QueueTiming;
	/** Added to every n8n process's environment (and its CLI commands'). */
	env?: NodeJS.ProcessEnv;
	/**
	 * Where the user folders, Postgres's cluster, Redis and the logs go; a temporary folder, removed
	 * by stop(), by default. Run as root, the `postgres` account must be able to reach it.
	 */
	dir?: string;
}

export interface QueueWorker extends RunningN8n {
	hasPackage: boolean;
	/** The ids of the executions this worker logged "Worker started execution <id>" for. */
	startedExecutions(): string[];
}

export interface WorkerOptions {
	/** False: a user folder without the package. Default true. */
	withPackage?: boolean;
	concurrency?: number;
}

/** One line of "what runs where". */
export interface StackProcess {
	name: string;
	pid: number;
	port: number;
	running: boolean;
	/** What it is, and its other ports. */
	description: string;
	logFile?: string;
}

export interface QueueStack {
	runtime: N8nRuntime;
	/** The main: editor and REST API. */
	editorUrl: string;
	/** The webhook processor: production webhooks are `${webhookUrl}/webhook/<path>`. */
	webhookUrl: string;
	/** A logged-in owner session cookie for the main's REST API. */
	cookie: string;
	/** The compliance kit as its installer left it: workflow and credential ids by the examples' keys. */
	kit: InstalledKit;
	/** The owner's API key (n8n's public API). */
	apiKey: string;
	dir: string;
	postgres: RunningPostgres;
	redis: RunningRedis;
	main: RunningN8n;
	webhook: RunningN8n;
	/** Every worker started, extra ones and killed ones included. */
	workers: QueueWorker[];
	startWorker(options?: WorkerOptions): Promise<QueueWorker>;
	/** SIGKILL to a worker and its task runner, as a crash would. */
	killWorker(worker: QueueWorker): Promise<void>;
	/** `SELECT status, count(*) FROM execution_entity GROUP BY status`, of one workflow when given its id. */
	executionCounts(workflowId?: string): Promise<Record<string, number>>;
	processes(): StackProcess[];
	timings: Record<string, number>;
	/** Stops the n8n processes, then Redis and Postgres; removes the folder when it was a temporary one. */
	stop(): Promise<void>;
}

const DEFAULTS = { basePort: 5700, postgresPort: 55432, redisPort: 56379, workers: 2, concurrency: 5 };
const PORTS_PER_PROCESS = 3;
const STARTED_EXECUTION = /Worker started execution (\S+)/g;

function timingEnv(timing: QueueTiming = {}): NodeJS.ProcessEnv {
	return Object.fromEntries(
		(Object.keys(QUEUE_TIMING_ENV) as Array<keyof QueueTiming>)
			.filter((key) => timing[key] !== undefined)
			.map((key) => [QUEUE_TIMING_ENV[key], String(timing[key])]),
	);
}

/** What every n8n process of the stack shares: queue mode, the database, Redis, the encryption key. */
function queueEnv(options: QueueStackOptions, postgres: RunningPostgres, redis: RunningRedis, webhookUrl: string): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		...n8nDatabaseEnv(postgres),
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		// The production URLs the editor shows are the webhook processor's.
		WEBHOOK_URL: `${webhookUrl}/`,
		...timingEnv(options.timing),
		...options.env,
	};
}

/** Waits for every start to settle (so nothing is left half-started), then throws the first failure. */
async function settleAll(starts: Array<Promise<unknown>>): Promise<void> {
	const failure = (await Promise.allSettled(starts)).find((result) => result.status === 'rejected');
	if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
}

/** The stack's n8n processes: ports and user folders handed out in order, every started process remembered. */
class N8nFleet {
	readonly running: RunningN8n[] = [];
	readonly workers: QueueWorker[] = [];
	private readonly descriptions = new Map<RunningN8n, string>();
	private slots = 0;
	private workerCount = 0;

	constructor(
		private readonly runtime: N8nRuntime,
		private readonly dir: string,
		private readonly basePort: number,
		private readonly defaultConcurrency: number,
		private readonly env: NodeJS.ProcessEnv,
	) {}

	static userFolder(dir: string, name: string): string {
		return path.join(dir, name);
	}

	logFile(name: string): string {
		return path.join(this.dir, 'logs', `${name}.log`);
	}

	/** The next free ports and a user folder of its own, given the main's packages unless told otherwise. */
	setup(name: string, withPackage: boolean, env: NodeJS.ProcessEnv = {}): N8nSetup {
		const port = this.basePort + PORTS_PER_PROCESS * this.slots++;
		const userFolder = N8nFleet.userFolder(this.dir, name);
		fs.mkdirSync(userFolder, { recursive: true });
		if (withPackage && name !== 'main') copyCommunityPackages(N8nFleet.userFolder(this.dir, 'main'), userFolder);
		return { runtime: this.runtime, userFolder, port, brokerPort: port + 1, env: { ...this.env, ...env } };
	}

	async start(name: string, role: N8nRole, setup: N8nSetup, description: string, concurrency?: number): Promise<RunningN8n> {
		const n8n = await startN8n(setup, { role, name, concurrency, logFile: this.logFile(name) });
		this.running.push(n8n);
		// A webhook processor runs no task broker; the main and the workers do.
		const broker = role === 'webhook' ? '' : `; task broker :${setup.brokerPort}`;
		this.descriptions.set(n8n, `${description}${broker}; user folder ${setup.userFolder}`);
		return n8n;
	}

	async startWorker({ withPackage = true, concurrency = this.defaultConcurrency }: WorkerOptions = {}): Promise<QueueWorker> {
		const name = `worker-${++this.workerCount}`;
		const description = `worker, concurrency ${concurrency}${withPackage ? '' : ', WITHOUT the package'}; health server on this port`;
		const n8n = await this.start(name, 'worker', this.setup(name, withPackage), description, concurrency);
		const startedExecutions = () => [...n8n.output().matchAll(STARTED_EXECUTION)].map((match) => match[1]);
		const worker = Object.assign(n8n, { hasPackage: withPackage, startedExecutions });
		this.workers.push(worker);
		return worker;
	}

	/** In port order: the main, the webhook processor, the workers. */
	describe(): StackProcess[] {
		const byPort = [...this.running].sort((a, b) => Number(new URL(a.url).port) - Number(new URL(b.url).port));
		return byPort.map((n8n) => ({
			name: n8n.name,
			pid: n8n.pid,
			port: Number(new URL(n8n.url).port),
			running: n8n.running(),
			description: this.descriptions.get(n8n) ?? n8n.role,
			logFile: this.logFile(n8n.name),
		}));
	}

	async stop(): Promise<void> {
		await Promise.all(this.running.map(async (n8n) => await n8n.stop()));
	}
}

function serviceProcesses(postgres: RunningPostgres, redis: RunningRedis): StackProcess[] {
	return [
		{
			name: 'postgres',
			pid: postgres.process.pid,
			port: postgres.port,
			running: postgres.process.running(),
			description: `Postgres, database ${postgres.database}, user ${postgres.user}`,
		},
		{ name: 'redis', pid: redis.process().pid, port: redis.port, running: redis.process().running(), description: 'Redis, no persistence' },
	];
}

export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const log = options.log ?? (() => {});
	// Options left undefined (as well as absent ones) take the defaults.
	const settings = Object.fromEntries(
		Object.entries(DEFAULTS).map(([key, fallback]) => [key, options[key as keyof typeof DEFAULTS] ?? fallback]),
	) as typeof DEFAULTS;
	const timings: Record<string, number> = {};
	const runtime = await timed(timings, 'installN8n', async () => await ensureN8n(log));
	const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-queue-'));
	// Postgres runs as another user and must get through to its folder inside.
	fs.chmodSync(dir, 0o711);
	fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
	const removeDir = () => options.dir === undefined && fs.rmSync(dir, { recursive: true, force: true });
	// The fleet hands out ports in order: the main gets the first three, the webhook processor the next.
	const webhookUrl = `http://127.0.0.1:${settings.basePort + PORTS_PER_PROCESS}`;

	let postgres: RunningPostgres | undefined;
	let redis: RunningRedis | undefined;
	let fleet: N8nFleet | undefined;
	const stop = async () => {
		await fleet?.stop();
		await Promise.all([redis?.stop(), postgres?.stop()]);
		removeDir();
	};

	try {
		await timed(timings, 'startServices', async () => {
			const password = randomBytes(12).toString('hex');
			await settleAll([
				startPostgres({ port: settings.postgresPort, dir: path.join(dir, 'postgres'), database: 'n8n', user: 'n8n', password, log }).then(
					(started) => (postgres = started),
				),
				startRedis({ port: settings.redisPort, dir: path.join(dir, 'redis'), log }).then((started) => (redis = started)),
				installPackedPackage(options, runtime, [N8nFleet.userFolder(dir, 'main')]),
			]);
		});
		const services = { postgres: postgres as RunningPostgres, redis: redis as RunningRedis };
		const n8n = new N8nFleet(runtime, dir, settings.basePort, settings.concurrency, queueEnv(options, services.postgres, services.redis, webhookUrl));

		fleet = n8n;
		const mainSetup = n8n.setup('main', true, { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' });
		const webhookSetup = n8n.setup('webhook', true);
		await timed(timings, 'importData', async () => await importStackData(options, mainSetup));

		log(`Starting n8n ${runtime.version} in queue mode: a main, a webhook processor, ${settings.workers} worker(s)`);
		// All at once: none needs another to start (the webhook processor finds the main's webhooks in the database).
		const [main, webhook] = await timed(timings, 'startN8n', async () => {
			const starts = [
				n8n.start('main', 'start', mainSetup, 'main: editor and REST API'),
				n8n.start('webhook', 'webhook', webhookSetup, 'webhook processor: production webhooks'),
			];
			const workerStarts = Array.from({ length: settings.workers }, async () => await n8n.startWorker());
			if (options.workerWithoutPackage) workerStarts.push(n8n.startWorker({ withPackage: false }));
			await settleAll([...starts, ...workerStarts]);
			return await Promise.all(starts);
		});
		const cookie = await ownerSession(main.url);
		const { kit, apiKey } = await timed(timings, 'installKit', async () => await installStackKit(options, mainSetup, { editorUrl: main.url, webhookUrl, cookie }));

		return {
			runtime,
			editorUrl: main.url,
			webhookUrl,
			cookie,
			kit,
			apiKey,
			dir,
			...services,
			main,
			webhook,
			workers: n8n.workers,
			startWorker: async (workerOptions) => await n8n.startWorker(workerOptions),
			killWorker: async (worker) => await worker.kill(),
			executionCounts: async (workflowId) => {
				if (workflowId !== undefined && !/^[A-Za-z0-9]+$/.test(workflowId)) throw new Error(`Not a workflow id: ${workflowId}`);
				// Without a workflow: the executions requests started, not the sub-workflows' (the pause ledger's that each mute starts in turn, the MCP tools').
				const subWorkflows = [kit.workflows['pause-ledger'], kit.workflows['mcp-recording-tool']].map((id) => `'${id}'`).join(', ');
				// As n8n lists them: a run a workflow does not keep is marked deleted when it ends (and pruned later), its status left as it was.
				const where = `${workflowId === undefined ? ` WHERE "workflowId" NOT IN (${subWorkflows})` : ` WHERE "workflowId" = '${workflowId}'`} AND "deletedAt" IS NULL`;
				const rows = await services.postgres.rows<{ status: string; count: number }>(
					`SELECT status, count(*)::int AS count FROM execution_entity${where} GROUP BY status`,
				);
				return Object.fromEntries(rows.map((row) => [row.status, row.count]));
			},
			processes: () => [...serviceProcesses(services.postgres, services.redis), ...n8n.describe()],
			timings,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
