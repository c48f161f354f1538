/**
 * The safety net in queue mode: a worker dies while the auto-resume example's mute is in flight, so
 * that flow never reaches its Wait and never unmutes; the recording watchdog, polling on the main,
 * resumes the call, once.
 *
 * Its own stack (not queueMode.queue.ts's): an active polling trigger starts executions and reads
 * Active Calls every minute, which would land in that file's exact request and execution counts, and
 * this file kills a worker it must find by itself. The shipped watchdog (15 minutes) stays inactive;
 * a copy with Muted Too Long after 1 minute and its own id is imported active, so exactly one
 * poller exists and its executions are told apart by workflow id.
 */
import { unflatten } from '../../scripts/bench/n8nRunData';
import { SEED_EXTENSIONS, SEED_IVRIDS, type RecordedRequest } from '../../simulator/voicenterSimulator';
import { exampleWorkflow, TRIGGER_NODE_TYPE } from '../engine/workflows';
import { callWebhook, useQueueStack, type CallResult } from './stack';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const WATCHDOG_ID = 'VcWatchdog1MinQ1';
const THRESHOLD_MINUTES = 1;
/** n8n's Every Minute. */
const POLL_INTERVAL_MS = MINUTE_MS;
/**
 * The execution that resumes the call: a job through Redis to the surviving worker, a verified
 * Unmute (an Active Calls read first), on a 2-core machine also running Postgres and four n8n
 * processes; and n8n's scheduler firing a little late.
 */
const MARGIN_MS = 30 * SECOND_MS;
/**
 * From the mute being applied: the first poll after it (at most one poll interval later) starts the
 * Muted Too Long clock; the threshold later a poll reports it; then the resume runs.
 */
const RESUME_BOUND_MS = THRESHOLD_MINUTES * MINUTE_MS + POLL_INTERVAL_MS + MARGIN_MS;
/**
 * Voicenter answers the mute this late, after applying it. Below the node's 10 s request timeout,
 * so even a worker left alive would not send it twice; long enough to find and kill the worker.
 */
const SLOW_ANSWER_MS = 8 * SECOND_MS;

const EXTENSION = SEED_EXTENSIONS.sipsip2;
const CALL = SEED_IVRIDS.sipsip2Outgoing;

/** examples/recording-watchdog.json with Muted Too Long after 1 minute. */
function oneMinuteWatchdog(): Record<string, unknown> {
	const workflow = exampleWorkflow('recording-watchdog.json') as unknown as {
		name: string;
		nodes: Array<{ type: string; webhookId?: string; parameters: Record<string, unknown> }>;
	};
	for (const node of workflow.nodes) {
		if (node.type === TRIGGER_NODE_TYPE) node.parameters.mutedTooLongMinutes = THRESHOLD_MINUTES;
		// Webhook ids are unique per instance: the example itself is imported too (inactive).
		if (node.webhookId !== undefined) node.webhookId = `${node.webhookId.slice(0, -4)}que1`;
	}
	return { ...workflow, name: `${workflow.name} (${THRESHOLD_MINUTES} minute)` };
}

const env = useQueueStack({ extraWorkflows: [{ id: WATCHDOG_ID, active: true, definition: oneMinuteWatchdog() }] });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(50);
	}
}

interface StoredExecution {
	id: string;
	mode: string;
	status: string;
}

async function executionsOf(workflowId: string): Promise<StoredExecution[]> {
	return await env.stack.postgres.rows<StoredExecution>(
		`SELECT id::text AS id, mode, status FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`,
	);
}

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: { event: string; ivrid: string } }> | null> } }>>;

/** An execution's stored run data: per node that ran, its runs. */
async function runDataOf(executionId: string): Promise<RunData> {
	const [row] = await env.stack.postgres.rows<{ data: string }>(`SELECT data FROM execution_data WHERE "executionId" = ${Number(executionId)}`);
	if (row === undefined) return {};
	return (unflatten(row.data) as { resultData?: { runData?: RunData } }).resultData?.runData ?? {};
}

/** The events one watchdog execution was started for, read from its stored run data (`event ivrid`). */
async function triggerEvents(executionId: string): Promise<string[]> {
	const items = (await runDataOf(executionId))['Voicenter Trigger']?.[0]?.data?.main?.[0] ?? [];
	return items.map(({ json }) => `${json.event} ${json.ivrid}`);
}

const muteRequests = (): RecordedRequest[] => env.sim.requestsTo('MuteUnmuteCalls');
const seconds = (ms: number) => (ms / 1000).toFixed(1);

describe('queue mode: a worker killed mid-mute, the recording watchdog on the main', () => {
	test(
		'the auto-resume flow dies before its Wait and leaves the call muted; the watchdog resumes it within the threshold + one poll, in one execution with one Unmute',
		async () => {
			const { sim, stack } = env;
			// The watchdog's activation took its baseline (a read with no call muted): no event, no execution.
			await waitFor(() => sim.requestsTo('GetExtensionsCalls')[0], 2 * MINUTE_MS, "the watchdog's first poll");
			expect(await executionsOf(WATCHDOG_ID)).toEqual([]);
			expect(sim.call(CALL)?.isMuted).toBe(false);

			// The CRM opens the card form: the flow mutes SIPSIP2; Voicenter applies it and answers late.
			sim.injectFault({ fault: { kind: 'slowAnswer', ms: SLOW_ANSWER_MS }, endpoint: 'MuteUnmuteCalls', times: 1 });
			const caller: Promise<CallResult> = callWebhook(`${stack.webhookUrl}/webhook/voicenter/pause`, { extension: EXTENSION }, 3 * MINUTE_MS);
			const mute = await waitFor(() => muteRequests()[0], 60 * SECOND_MS, 'the flow to send its mute');
			const mutedAt = mute.receivedAt;
			expect(mute.body).toEqual({ extension: EXTENSION, state: '1' });
			expect(sim.call(CALL)?.isMuted).toBe(true);

			// From now on, sample the call's recording state.
			const samples: Array<{ at: number; muted: boolean }> = [];
			const sampler = setInterval(() => samples.push({ at: Date.now(), muted: sim.call(CALL)?.isMuted ?? false }), 100);

			try {
				// The worker running the flow's execution, by the line it logged for it.
				const flowExecution = await waitFor(async () => (await executionsOf(env.stack.kit.workflows['mute-with-auto-resume']))[0], 10 * SECOND_MS, "the flow's execution in Postgres");
				const victim = await waitFor(
					() => stack.workers.find((worker) => worker.running() && worker.startedExecutions().includes(flowExecution.id)),
					5 * SECOND_MS,
					`the worker that logged "Worker started execution ${flowExecution.id}"`,
				);
				const survivors = stack.workers.filter((worker) => worker !== victim && worker.running());
				const killedAt = Date.now();
				await stack.killWorker(victim);
				const killDone = Date.now();
				process.stdout.write(
					`worker ${victim.name} (PID ${victim.pid}) SIGKILLed ${killedAt - mutedAt} ms after the mute was applied, execution ${flowExecution.id} in flight; Voicenter's answer was due at ${SLOW_ANSWER_MS} ms\n`,
				);
				// Dead before Voicenter answered: the flow never learnt the mute happened.
				expect(killDone - mutedAt).toBeLessThan(SLOW_ANSWER_MS);
				expect(survivors.length).toBeGreaterThan(0);

				// The flow's execution ends as a crash (no retry in n8n 2.x); its caller gets an error.
				const [answer, flowEnd] = await Promise.all([
					caller,
					waitFor(
						async () => {
							const rows = await executionsOf(env.stack.kit.workflows['mute-with-auto-resume']);
							return rows.some((row) => row.status === 'new' || row.status === 'running') ? undefined : { rows, at: Date.now() };
						},
						3 * MINUTE_MS,
						"the flow's execution to end",
					),
				]);
				process.stdout.write(
					`the flow's caller got HTTP ${answer.status} ${answer.endedAt - killedAt} ms after the kill; its execution ended ${JSON.stringify(flowEnd.rows)} about ${flowEnd.at - killedAt} ms after it\n`,
				);
				expect(answer.status).toBeGreaterThanOrEqual(500);
				expect(flowEnd.rows).toHaveLength(1);
				expect(['error', 'crashed']).toContain(flowEnd.rows[0].status);
				// It never answered the CRM "muted" nor reached its Wait (status error, not waiting), so
				// nothing will unmute. n8n 2.41 stores no run data for it (none is saved mid-run): the
				// check below only guards against a later n8n storing a run past the Mute.
				const flowNodes = Object.keys(await runDataOf(flowExecution.id));
				process.stdout.write(`nodes the flow's stored execution ran: ${JSON.stringify(flowNodes)}\n`);
				expect(flowNodes).not.toContain('Reply to CRM: muted');
				expect(flowNodes).not.toContain('Wait for the form to close');

				// The watchdog resumes the call.
				const unmute = await waitFor(
					() => muteRequests().find((request) => (request.body as { state?: string }).state === '0'),
					RESUME_BOUND_MS + MINUTE_MS,
					'an Unmute request',
				);
				const recordingAt = unmute.receivedAt;
				await waitFor(() => (sim.call(CALL)?.isMuted === false ? true : undefined), 5 * SECOND_MS, 'the call to record again');
				process.stdout.write(
					`queue watchdog: left muted → recording again in ${seconds(recordingAt - killedAt)} s ` +
						`(${seconds(recordingAt - mutedAt)} s after the mute was applied; bound ${seconds(RESUME_BOUND_MS)} s = ` +
						`${THRESHOLD_MINUTES} min threshold + 1 poll (${seconds(POLL_INTERVAL_MS)} s) + ${seconds(MARGIN_MS)} s margin)\n`,
				);
				expect(unmute.body).toEqual({ ivrid: CALL, state: '0' });
				expect(recordingAt - mutedAt).toBeLessThanOrEqual(RESUME_BOUND_MS);
				// Muted all along until the watchdog's Unmute: nothing else brought the recording back.
				const early = samples.filter((sample) => sample.at < recordingAt);
				expect(early.length).toBeGreaterThan(0);
				expect(early.filter((sample) => !sample.muted)).toEqual([]);

				// One poller: wait one more poll interval, in which a second poller (another process
				// polling the same workflow) would report the same call too, then count.
				await sleep(POLL_INTERVAL_MS + 10 * SECOND_MS);
				const watchdogRuns = await waitFor(
					async () => {
						const rows = await executionsOf(WATCHDOG_ID);
						return rows.some((row) => row.status === 'new' || row.status === 'running') ? undefined : rows;
					},
					MINUTE_MS,
					"the watchdog's executions to end",
				);
				const byEvent = await Promise.all(
					watchdogRuns.map(async (row) => ({ ...row, events: row.mode === 'trigger' ? await triggerEvents(row.id) : [] })),
				);
				process.stdout.write(`watchdog executions: ${JSON.stringify(byEvent)}\n`);
				const tooLong = byEvent.filter((row) => row.events.includes(`mutedTooLong ${CALL}`));
				expect(tooLong).toHaveLength(1);
				expect(tooLong[0]).toMatchObject({ mode: 'trigger', status: 'success', events: [`mutedTooLong ${CALL}`] });
				// Recording Muted (the poll that started the clock), Muted Too Long, Recording Resumed (the
				// poll after the watchdog's own resume: handed to the pause ledger, which finds the pause
				// closed already), and the alert Muted Too Long sent to the workflow's own Alert inbox (a
				// webhook execution); nothing else.
				expect(byEvent.filter((row) => row.mode === 'trigger').map((row) => row.events)).toEqual([[`recordingMuted ${CALL}`], [`mutedTooLong ${CALL}`], [`recordingResumed ${CALL}`]]);
				expect(byEvent.filter((row) => row.mode === 'webhook').map((row) => row.status)).toEqual(['success']);
				const counts = await stack.executionCounts(WATCHDOG_ID);
				expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(4);

				// At Voicenter: the flow's mute and the watchdog's one Unmute by call ID; no unmute from the flow.
				expect(muteRequests().map((request) => request.body)).toEqual([
					{ extension: EXTENSION, state: '1' },
					{ ivrid: CALL, state: '0' },
				]);
				expect(sim.call(CALL)?.isMuted).toBe(false);
				expect(await stack.executionCounts(env.stack.kit.workflows['mute-with-auto-resume'])).toEqual({ [flowEnd.rows[0].status]: 1 });
			} finally {
				clearInterval(sampler);
			}
		},
		12 * MINUTE_MS,
	);
});
