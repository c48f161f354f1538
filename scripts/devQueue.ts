/**
 * npm run dev:queue: n8n 2.x in queue mode on 127.0.0.1 (Postgres, Redis, a main, a webhook
 * processor and workers, see scripts/n8n/queueStack.ts) with this package, the simulator, the
 * "Voicenter API" credential and the example workflows active. Ctrl-C stops all of it.
 *
 * N8N_PORT (default 5700) is the first of n8n's ports; POSTGRES_PORT (55432), REDIS_PORT (56379),
 * DEV_QUEUE_WORKERS (2), DEV_QUEUE_CONCURRENCY (5), DEV_QUEUE_WORKER_WITHOUT_PACKAGE=1 (one more
 * worker, without the package), VOICENTER_SIM_PORT, and n8n's QUEUE_WORKER_LOCK_DURATION,
 * QUEUE_WORKER_LOCK_RENEW_TIME and QUEUE_WORKER_STALLED_INTERVAL (ms).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSimulator } from '../simulator/voicenterSimulator';
import { PACKAGE_DIR } from '../test/engine/loadNodeTypes';
import { OWNER } from './n8n/n8nInstance';
import { QUEUE_TIMING_ENV, RECOMMENDED_QUEUE_TIMING, startQueueStack, type QueueStack, type QueueTiming } from './n8n/queueStack';
import { exampleMcpLine, examplePauseLedgerLines, exampleWebhookLines } from './n8n/stackSummary';
import type { ManagedProcess } from './services/managedProcess';

function numberEnv(name: string): number | undefined {
	const value = process.env[name];
	if (value === undefined || value.trim() === '') return undefined;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name}=${value} is not a whole number`);
	return parsed;
}

/** n8n's QUEUE_WORKER_* variables where set, the recommended timing for the rest. */
function timingFromEnv(): QueueTiming {
	return Object.fromEntries(
		Object.entries(QUEUE_TIMING_ENV).map(([key, name]) => [key, numberEnv(name) ?? RECOMMENDED_QUEUE_TIMING[key as keyof QueueTiming]]),
	) as QueueTiming;
}

function phases(timings: Record<string, number>): string {
	return Object.entries(timings)
		.map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
		.join(', ');
}

function summary(stack: QueueStack, simulatorOrigin: string): string {
	const rows = stack.processes().map((row) => `    ${row.name.padEnd(9)} ${String(row.pid).padEnd(8)} ${String(row.port).padEnd(6)} ${row.description}`);
	const { postgres, redis } = stack;
	return `
n8n ${stack.runtime.version} in queue mode is ready after ${Math.round(process.uptime())} s (${phases(stack.timings)})
  editor    ${stack.editorUrl}  (the main)
  login     ${OWNER.email} / ${OWNER.password}
${exampleWebhookLines(stack.webhookUrl, '  webhooks  ')}
            (the webhook processor; the main serves no production webhooks)
  mcp       ${exampleMcpLine(stack.webhookUrl)}
${examplePauseLedgerLines(stack.webhookUrl, '  ledger    ', stack.kit.cdrPath)}
  processes name      pid      port
${rows.join('\n')}
  postgres  postgresql://${postgres.user}:${postgres.password}@${postgres.host}:${postgres.port}/${postgres.database}
  redis     redis://${redis.host}:${redis.port}
  logs      ${path.join(stack.dir, 'logs')}
  simulator ${simulatorOrigin}/__simulator/calls (live calls and their mute state)
Ctrl-C stops all of it.`;
}

async function main(): Promise<void> {
	const sim = await startSimulator({ port: numberEnv('VOICENTER_SIM_PORT') ?? 0 });
	console.log(`Voicenter simulator: ${sim.baseUrl}`);
	// Ours rather than the stack's, so that a Ctrl-C during start-up can remove it too.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-queue-'));
	process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

	let stack: QueueStack | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n, Redis, Postgres and the simulator…');
		await stack?.stop();
		await sim.close();
		process.exit(code);
	};
	// Before the stack is up there is nothing to stop in order: exiting SIGKILLs what has started.
	const onSignal = () => (stack === undefined ? process.exit(130) : void stop(0));
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	stack = await startQueueStack({
		packageDir: PACKAGE_DIR,
		simulatorBaseUrl: sim.baseUrl,
		simulatorToken: sim.token,
		basePort: numberEnv('N8N_PORT'),
		postgresPort: numberEnv('POSTGRES_PORT'),
		redisPort: numberEnv('REDIS_PORT'),
		workers: numberEnv('DEV_QUEUE_WORKERS'),
		concurrency: numberEnv('DEV_QUEUE_CONCURRENCY'),
		workerWithoutPackage: process.env.DEV_QUEUE_WORKER_WITHOUT_PACKAGE === '1',
		timing: timingFromEnv(),
		dir,
		log: (line) => console.log(line),
	});
	// Calls that end reach the pause ledger's CDR example through the webhook processor.
	sim.setCdrNotificationUrl(`${stack.webhookUrl}/webhook/${stack.kit.cdrPath}`);
	console.log(summary(stack, sim.origin));

	const watched: ManagedProcess[] = [stack.postgres.process, stack.redis.process(), stack.main, stack.webhook, ...stack.workers];
	for (const managed of watched) {
		void managed.exited.then(({ code, signal }) => {
			if (stopping) return;
			console.error(`${managed.name} exited unexpectedly (${signal ?? code}):\n${managed.output().slice(-2000)}`);
			void stop(1);
		});
	}
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
