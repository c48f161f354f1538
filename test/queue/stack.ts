import { startSimulator, type VoicenterSimulator } from '../../simulator/voicenterSimulator';
import { RECOMMENDED_QUEUE_TIMING, startQueueStack, type QueueStack, type QueueTiming } from '../../scripts/n8n/queueStack';
import type { ImportedWorkflow } from '../../scripts/n8n/n8nInstance';
import { PACKAGE_DIR } from '../engine/loadNodeTypes';

// The load generator lives with the scripts, which the benchmark shares; the percentile with the bench's statistics.
export { callWebhook, runCalls, type CallResult } from '../../scripts/n8n/webhookCalls';
export { percentile } from '../../scripts/bench/stats';

export interface QueueEnv {
	sim: VoicenterSimulator;
	stack: QueueStack;
}

/**
 * n8n's queue timing for the suite: the recommended one, or QUEUE_TEST_TIMING="<lock>,<renew>,<stalled>"
 * (ms) to measure another.
 */
export function suiteTiming(): QueueTiming {
	const custom = process.env.QUEUE_TEST_TIMING;
	if (custom === undefined || custom === '') return RECOMMENDED_QUEUE_TIMING;
	const [lockDurationMs, lockRenewTimeMs, stalledIntervalMs] = custom.split(',').map(Number);
	return { lockDurationMs, lockRenewTimeMs, stalledIntervalMs };
}

/**
 * The simulator and n8n in queue mode (two workers, the recommended queue timing) for one test file;
 * `extraWorkflows` are imported beside the examples (active ones activated).
 */
export function useQueueStack(options: { activatePolling?: boolean; extraWorkflows?: ImportedWorkflow[] } = {}): QueueEnv {
	const env = {} as QueueEnv;
	beforeAll(async () => {
		env.sim = await startSimulator();
		env.stack = await startQueueStack({
			packageDir: PACKAGE_DIR,
			simulatorBaseUrl: env.sim.baseUrl,
			simulatorToken: env.sim.token,
			basePort: Number(process.env.QUEUE_TEST_BASE_PORT ?? 5800),
			postgresPort: Number(process.env.QUEUE_TEST_POSTGRES_PORT ?? 55442),
			redisPort: Number(process.env.QUEUE_TEST_REDIS_PORT ?? 56389),
			timing: suiteTiming(),
			// The watchdog example reads Active Calls every minute and starts executions: only the
			// file that tests it runs it.
			activatePolling: options.activatePolling ?? false,
			extraWorkflows: options.extraWorkflows,
			log: (line) => process.stdout.write(`${line}\n`),
		});
		process.stdout.write(`queue stack timings (ms): ${JSON.stringify(env.stack.timings)}\n`);
	}, 15 * 60_000);
	afterAll(async () => {
		await env.stack?.stop();
		await env.sim?.close();
	}, 120_000);
	return env;
}
