/**
 * The recording watchdog in a real n8n at a large centre's size: the simulator's account holds
 * 2,000 extensions and 1,500 live calls beside the seeded ones, and the watchdog (the example with
 * Muted Too Long after 1 minute) watches every extension, reading all of Active Calls each minute.
 * Three calls far apart in the account's list are muted in Voicenter and forgotten: each records
 * again within the threshold plus one poll, and no other call is touched.
 */
import { executionsOf, storedExecution, useRealN8n } from './stack';
import { oneMinuteWatchdog } from './exampleVariants';

const MINUTE_MS = 60_000;
/** The product's promise, as in watchdog.e2e.ts: threshold + one poll, and room for the execution and n8n's scheduler. */
const WATCHDOG_BOUND_MS = 1 * MINUTE_MS + 1 * MINUTE_MS + 30_000;
const WATCHDOG_WORKFLOW_ID = 'VcWatchdogLarge1';
const EXTENSIONS = 2000;
const LIVE_CALLS = 1500;

const env = useRealN8n([{ id: WATCHDOG_WORKFLOW_ID, active: true, definition: oneMinuteWatchdog({ extensions: '', suffix: 'lrg1' }) }], {
	scale: { extensions: EXTENSIONS, liveCalls: LIVE_CALLS },
});
const log = (line: string) => process.stdout.write(`large centre watchdog (n8n ${env.stack.setup.runtime.version}): ${line}\n`);
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

test(`at ${EXTENSIONS.toLocaleString('en')} extensions and ${LIVE_CALLS.toLocaleString('en')} live calls, the watchdog resumes the calls left muted within 1 minute + one poll, and only those`, async () => {
	const { sim } = env;
	const calls = sim.calls();
	expect(calls.length).toBeGreaterThanOrEqual(LIVE_CALLS);
	expect(calls.filter((call) => call.isMuted)).toEqual([]);
	// Three forgotten mutes, far apart in the account's list, made outside n8n (Voicenter's back office).
	const forgotten = [10, 700, 1400].map((index) => calls[index].ivrid);
	const mutedAt = Date.now();
	for (const ivrid of forgotten) sim.setMuted(ivrid, true);

	const deadline = mutedAt + WATCHDOG_BOUND_MS + 2 * MINUTE_MS;
	const recordingAgainAt: Record<string, number> = {};
	while (Object.keys(recordingAgainAt).length < forgotten.length && Date.now() < deadline) {
		for (const ivrid of forgotten) if (recordingAgainAt[ivrid] === undefined && sim.call(ivrid)?.isMuted === false) recordingAgainAt[ivrid] = Date.now();
		await sleep(250);
	}
	const seconds = forgotten.map((ivrid) => (recordingAgainAt[ivrid] === undefined ? 'still muted' : `${Math.round((recordingAgainAt[ivrid] - mutedAt) / 1000)} s`));
	log(`left muted → recording again: ${seconds.join(', ')}`);

	for (const ivrid of forgotten) expect(recordingAgainAt[ivrid] - mutedAt).toBeLessThanOrEqual(WATCHDOG_BOUND_MS);
	expect(sim.calls().filter((call) => call.isMuted)).toEqual([]);
	const unmutes = sim.requestsTo('MuteUnmuteCalls').map((request) => request.body as { ivrid: string; state: string });
	expect(unmutes.sort((a, b) => a.ivrid.localeCompare(b.ivrid))).toEqual([...forgotten].sort().map((ivrid) => ({ ivrid, state: '0' })));

	// Every poll an execution that finished well (the resume's goes on to audit, ledger and alert); what one took, from n8n's own record.
	const finishedBy = Date.now() + MINUTE_MS;
	let polls = await executionsOf(env, WATCHDOG_WORKFLOW_ID, mutedAt - MINUTE_MS);
	while (polls.some((execution) => ['new', 'running'].includes(execution.status)) && Date.now() < finishedBy) {
		await sleep(500);
		polls = await executionsOf(env, WATCHDOG_WORKFLOW_ID, mutedAt - MINUTE_MS);
	}
	const stored = await Promise.all(polls.filter((execution) => execution.mode === 'trigger').map(async (execution) => await storedExecution(env, execution.id)));
	log(
		`the watchdog's executions since the mutes: ${JSON.stringify(stored.map((execution) => ({ status: execution.status, ms: Date.parse(String(execution.stoppedAt)) - Date.parse(execution.startedAt), nodes: Object.keys(execution.runData).length })))}`,
	);
	expect(stored.map((execution) => execution.status).filter((status) => status !== 'success')).toEqual([]);
	const resumed = stored.flatMap((execution) => execution.runData['Audit: resumed by the watchdog']?.[0]?.data?.main?.[0] ?? []).map((item) => item.json.ivrid);
	expect([...resumed].sort()).toEqual([...forgotten].sort());
}, 8 * MINUTE_MS);
