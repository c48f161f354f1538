/**
 * The Voicenter Trigger and the recording watchdog, active in a real n8n, against the simulator.
 *
 * n8n polls at most once a minute (at a random second), so the file shares one n8n and runs its two
 * slow scenarios at the same time, started once n8n is up:
 * - the trigger's events: a workflow "Voicenter Trigger (all four events, Muted Too Long after 1
 *   minute) → NoOp" watching SIPSIP1, APIAPI and SIPSIP3 through a credential for the simulator's
 *   /api path (so its polls are told apart from the watchdog's reads); several calls change between
 *   the same polls, and what each poll emitted is read back from n8n's stored executions;
 * - the watchdog: a copy of examples/recording-watchdog.json (Muted Too Long after 1 minute,
 *   watching SIPSIP2 only, so neither scenario sees the other's calls) resumes a call the
 *   mute-by-extension example muted and never unmuted. The shipped example stays inactive.
 * A trigger whose credential has no API token is refused at activation meanwhile.
 */
import { WATCHDOG_ALERT_CREDENTIAL, crmHeaders } from '../../scripts/n8n/exampleWorkflows';
import { bearerHeader, claimsFor, oneCharacterOff } from '../../scripts/n8n/signedToken';
import { n8nMajor } from '../../scripts/n8n/n8nRuntime';
import { SEED_EXTENSIONS, SEED_IVRIDS, type RecordedRequest, type VoicenterSimulator } from '../../simulator/voicenterSimulator';
import { TRIGGER_NODE_TYPE } from '../engine/workflows';
import { oneMinuteWatchdog } from './exampleVariants';
import { executionsOf, storedExecution, useRealN8n, type StoredNodeRun } from './stack';
import type { RecordingEvent } from '../../nodes/Voicenter/trigger/recordingWatch';

const MINUTE_MS = 60_000;
/** The trigger counts a mute seen N minutes ago by two polls' clocks as N minutes up to this early (recordingWatch.ts). */
const SCHEDULER_SLACK_SECONDS = 5;
/** The product's promise: a call left muted records again within the threshold plus one poll. The margin covers the run of the watchdog's execution and n8n's scheduler. */
const WATCHDOG_BOUND_MS = 1 * MINUTE_MS + 1 * MINUTE_MS + 30_000;

const EVENTS_WORKFLOW_ID = 'VcTriggerEvents1';
const WATCHDOG_WORKFLOW_ID = 'VcWatchdog1MinE2';
const WATCHED_EXTENSIONS = [SEED_EXTENSIONS.withTwoCalls, SEED_EXTENSIONS.apiapi, SEED_EXTENSIONS.withoutCalls];
const ALL_EVENTS = ['recordingMuted', 'recordingResumed', 'mutedTooLong', 'callEndedWhileMuted'];
/** The events trigger reads the simulator under its other path (/api), so its polls are told apart from the watchdog's reads. */
const API_PATH_CREDENTIAL = { id: 'voicenter-simulator-api', name: 'Voicenter (local simulator, /api)' };

/** The calls of the events scenario. X is muted before n8n starts: the activation's poll sees it muted. */
const CALL_A = SEED_IVRIDS.sipsip1Talking;
const CALL_B = SEED_IVRIDS.sipsip1OnHold;
const CALL_C = SEED_IVRIDS.apiapiTalking;
let callX = '';

function eventsWorkflow(): Record<string, unknown> {
	return {
		name: 'Voicenter Trigger (all four events, Muted Too Long after 1 minute) → NoOp',
		nodes: [
			{
				id: '0b7e4d1a-8c2f-4e6b-9a31-5d7c9e0f1a01',
				name: 'Voicenter Trigger',
				type: TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					events: ALL_EVENTS,
					mutedTooLongMinutes: 1,
					extensions: WATCHED_EXTENSIONS.join(', '),
				},
				credentials: { voicenterApi: API_PATH_CREDENTIAL },
			},
			{
				id: '0b7e4d1a-8c2f-4e6b-9a31-5d7c9e0f1a02',
				name: 'Events seen',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { 'Voicenter Trigger': { main: [[{ node: 'Events seen', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const env = useRealN8n(
	[
		{ id: EVENTS_WORKFLOW_ID, active: true, definition: eventsWorkflow() },
		{ id: WATCHDOG_WORKFLOW_ID, active: true, definition: oneMinuteWatchdog({ extensions: SEED_EXTENSIONS.sipsip2, suffix: 'e2e1' }) },
	],
	{
		prepareSimulator: (sim) => (callX = sim.addCall(SEED_EXTENSIONS.withoutCalls, { isMuted: true, callerPhone: '0501112233' }).ivrid),
		extraCredentials: (sim) => [{ ...API_PATH_CREDENTIAL, type: 'voicenterApi', data: { baseUrl: `${sim.origin}/api`, apiToken: sim.token } }],
	},
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const version = () => env.stack.setup.runtime.version;

/** What the trigger emits for one call (the node's own type: the e2e checks the real thing against it). */
type TriggerItem = RecordingEvent;

/** What the trigger node put out in a stored execution (the items one poll emitted). */
function triggerItems(runData: Record<string, StoredNodeRun[]>): TriggerItem[] {
	return (runData['Voicenter Trigger']?.[0]?.data?.main?.[0] ?? []).map((item) => item.json as unknown as TriggerItem);
}

const label = (item: TriggerItem) => `${item.event} ${item.ivrid}`;

/**
 * The events trigger's polls as the simulator received them: the only Active Calls reads under
 * /api (the watchdog's polls and its Verify's reads go to /Comet/API).
 */
const isEventsPoll = (request: RecordedRequest) => request.endpoint === 'GetExtensionsCalls' && request.path.startsWith('/api/');

/** The first poll of the events trigger received after `after` (epoch ms). */
async function eventsPollAfter(sim: VoicenterSimulator, after: number, timeoutMs = 2 * MINUTE_MS): Promise<RecordedRequest> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const poll = sim.requests.find((request) => isEventsPoll(request) && request.receivedAt > after);
		if (poll !== undefined) return poll;
		if (Date.now() > deadline) throw new Error(`The Voicenter Trigger did not poll within ${timeoutMs} ms after ${new Date(after).toISOString()}`);
		await sleep(250);
	}
}

/**
 * Waits for the next poll, then for a quiet moment: the simulator answers a poll as its request
 * arrives, so a change made now is for the poll after. The activation's poll and the first
 * scheduled one can be seconds apart; scheduled ones are a minute apart.
 */
async function settledPollAfter(sim: VoicenterSimulator, after: number): Promise<RecordedRequest> {
	let poll = await eventsPollAfter(sim, after);
	for (;;) {
		await sleep(2000);
		const later = sim.requests.filter((request) => isEventsPoll(request) && request.receivedAt > poll.receivedAt).at(-1);
		if (later === undefined) return poll;
		poll = later;
	}
}

interface EmittedPoll {
	executionId: string;
	status: string;
	mode: string;
	items: TriggerItem[];
}

interface EventsScenario {
	/** The activation's poll: the baseline. */
	baseline: RecordedRequest;
	/** When the changes before the first and the second compared poll were made. */
	changed: [number, number];
	callD: string;
	/** The three polls after the baseline, as the simulator received them. */
	polls: RecordedRequest[];
	emitted: EmittedPoll[];
}

/**
 * Activation took the baseline with X muted. Then: A, B and C muted and a new call D (recording)
 * before poll 1; A resumed, B and D ended before poll 2; nothing before poll 3.
 */
async function runEventsScenario(): Promise<EventsScenario> {
	const { sim } = env;
	await settledPollAfter(sim, 0);
	const baseline = sim.requests.find(isEventsPoll)!;

	for (const ivrid of [CALL_A, CALL_B, CALL_C]) sim.setMuted(ivrid, true);
	const callD = sim.addCall(SEED_EXTENSIONS.withoutCalls, { isMuted: false, callerPhone: '0504445566' }).ivrid;
	const changed1 = Date.now();
	const poll1 = await settledPollAfter(sim, changed1);

	sim.setMuted(CALL_A, false);
	sim.endCall(CALL_B);
	sim.endCall(callD);
	const changed2 = Date.now();
	const poll2 = await settledPollAfter(sim, changed2);
	const poll3 = await eventsPollAfter(sim, poll2.receivedAt);
	// n8n stores a poll's execution within a second or two; a poll that emits nothing stores none.
	await sleep(10_000);

	const emitted: EmittedPoll[] = [];
	for (const summary of await executionsOf(env, EVENTS_WORKFLOW_ID)) {
		const execution = await storedExecution(env, summary.id);
		emitted.push({ executionId: summary.id, status: execution.status, mode: execution.mode, items: triggerItems(execution.runData) });
	}
	return { baseline, changed: [changed1, changed2], callD, polls: [poll1, poll2, poll3], emitted };
}

interface WatchdogScenario {
	mutedAt: number;
	recordingAgainAt: number;
	muteReply: Record<string, unknown>;
	executions: Array<{ id: string; status: string; mode: string; runData: Record<string, StoredNodeRun[]> }>;
}

/** Mutes SIPSIP2's call through the mute-by-extension example (it never unmutes) and waits for the watchdog. */
async function runWatchdogScenario(): Promise<WatchdogScenario> {
	const { sim } = env;
	const ivrid = SEED_IVRIDS.sipsip2Outgoing;
	const response = await fetch(`${env.stack.n8n.url}/webhook/voicenter/mute`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...crmHeaders() },
		body: JSON.stringify({ extension: SEED_EXTENSIONS.sipsip2 }),
		signal: AbortSignal.timeout(30_000),
	});
	const mutedAt = Date.now();
	const muteReply = (await response.json()) as Record<string, unknown>;
	if (response.status !== 200 || sim.call(ivrid)?.isMuted !== true) {
		throw new Error(`The mute webhook answered HTTP ${response.status} ${JSON.stringify(muteReply)}; call muted: ${sim.call(ivrid)?.isMuted}`);
	}

	// Watched past the bound, so that a late resume is measured rather than cut off.
	const deadline = mutedAt + WATCHDOG_BOUND_MS + 2 * MINUTE_MS;
	while (sim.call(ivrid)?.isMuted === true && Date.now() < deadline) await sleep(250);
	const recordingAgainAt = Date.now();

	// The resume execution and the alert it sent (an execution of the same workflow, from Alert inbox).
	const storedBy = Date.now() + 30_000;
	for (;;) {
		const summaries = await executionsOf(env, WATCHDOG_WORKFLOW_ID);
		const executions = await Promise.all(summaries.map(async (summary) => await storedExecution(env, summary.id)));
		const resumed = executions.some((execution) => execution.runData['Audit: resumed by the watchdog'] !== undefined && execution.status !== 'running');
		const alerted = executions.some((execution) => execution.runData['Alert inbox'] !== undefined);
		if ((resumed && alerted) || Date.now() > storedBy) return { mutedAt, recordingAgainAt, muteReply, executions };
		await sleep(500);
	}
}

let eventsScenario: Promise<EventsScenario>;
let watchdogScenario: Promise<WatchdogScenario>;
beforeAll(() => {
	eventsScenario = runEventsScenario();
	watchdogScenario = runWatchdogScenario();
	// Awaited by their tests; until then a failure must not count as unhandled.
	eventsScenario.catch(() => {});
	watchdogScenario.catch(() => {});
});

async function rest(method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
	const response = await fetch(`${env.stack.n8n.url}/rest/${route}`, {
		method,
		headers: { cookie: env.stack.cookie, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** n8n 2.x's publication status of a workflow once its activation has run (not in progress any more). */
async function publicationSettled(workflowId: string): Promise<Record<string, unknown>> {
	const deadline = Date.now() + 2 * MINUTE_MS;
	for (;;) {
		const { status, json } = await rest('GET', `workflows/${workflowId}/publication-status`);
		const data = json.data as Record<string, unknown>;
		if (status === 200 && data.status !== 'in_progress' && data.status !== 'not_published') return data;
		if (Date.now() > deadline) throw new Error(`The publication of ${workflowId} did not settle: HTTP ${status} ${JSON.stringify(json)}`);
		await sleep(500);
	}
}

describe('Voicenter Trigger and the recording watchdog, active in a real n8n', () => {
	test('a Voicenter Trigger whose credential has no API token is refused at activation, naming the API Token', async () => {
		const { sim } = env;
		const credential = await rest('POST', 'credentials', {
			name: 'Voicenter (no API token)',
			type: 'voicenterApi',
			data: { baseUrl: sim.baseUrl, apiToken: '' },
		});
		expect(credential.status).toBe(200);
		const credentialId = (credential.json.data as { id: string }).id;

		const created = await rest('POST', 'workflows', {
			name: 'Voicenter Trigger without an API token',
			active: false,
			nodes: [
				{
					id: '0b7e4d1a-8c2f-4e6b-9a31-5d7c9e0f1a11',
					name: 'Voicenter Trigger',
					type: TRIGGER_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					// An extension of its own: were it to read Active Calls, its read would not pass for the events trigger's.
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events: ['recordingMuted'], extensions: SEED_EXTENSIONS.ringing },
					credentials: { voicenterApi: { id: credentialId, name: 'Voicenter (no API token)' } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		expect(created.status).toBe(200);
		const { id, versionId } = created.json.data as { id: string; versionId: string };

		if (n8nMajor(version()) >= 2) {
			// n8n 2.x publishes a version (the editor's Publish): it answers at once and activates in
			// the background; the publication status then tells how the trigger fared.
			const activation = await rest('POST', `workflows/${id}/activate`, { versionId });
			process.stdout.write(`missing token (n8n ${version()}): POST /rest/workflows/<id>/activate answered HTTP ${activation.status}, active ${(activation.json.data as { active?: boolean }).active}\n`);
			expect(activation.status).toBe(200);
			const status = await publicationSettled(id);
			const stored = await rest('GET', `workflows/${id}`);
			process.stdout.write(
				`missing token (n8n ${version()}): publication status ${JSON.stringify(status)}; the workflow reads active ${(stored.json.data as { active: boolean }).active}, activeVersionId ${(stored.json.data as { activeVersionId: string | null }).activeVersionId}\n`,
			);
			expect(status).toMatchObject({ status: 'failed', triggers: [{ status: 'failed', errorMessage: expect.stringMatching(/needs the API Token, and it is empty/) }] });
		} else {
			// n8n 1.x saves `active` (the editor's toggle) and activates before it answers.
			const activation = await rest('PATCH', `workflows/${id}`, { active: true, versionId });
			const stored = await rest('GET', `workflows/${id}`);
			process.stdout.write(
				`missing token (n8n ${version()}): PATCH /rest/workflows/<id> {active: true} answered HTTP ${activation.status} ${JSON.stringify(activation.json)}; the workflow reads active ${(stored.json.data as { active: boolean }).active}\n`,
			);
			expect(activation.status).toBe(400);
			expect(activation.json.message).toMatch(/needs the API Token, and it is empty/);
			expect((stored.json.data as { active: boolean }).active).toBe(false);
		}
		// Refused before anything was sent: every Active Calls read carried the simulator credential's token.
		expect(sim.requestsTo('GetExtensionsCalls').filter((request) => request.params.code !== sim.token)).toEqual([]);
	});

	test('the trigger emits each event once, at the poll after the change, for several calls changed between the same polls', async () => {
		const { sim } = env;
		const scenario = await eventsScenario;
		const [poll1, poll2, poll3] = scenario.polls;
		process.stdout.write(
			`events seen (n8n ${version()}), calls A=${CALL_A} B=${CALL_B} C=${CALL_C} D=${scenario.callD} X=${callX}; polls received at ` +
				`${scenario.polls.map((poll) => new Date(poll.receivedAt).toISOString()).join(', ')}:\n` +
				scenario.emitted.map((poll) => `  execution ${poll.executionId} (${poll.mode}, ${poll.status}): ${JSON.stringify(poll.items.map(label))} polled at ${poll.items[0]?.polledAt}\n`).join(''),
		);

		// Only polls that found an event started an execution: the baseline at activation (X muted
		// already) and poll 3 (nothing changed) started none.
		expect(scenario.emitted.map((poll) => [poll.mode, poll.status])).toEqual([
			['trigger', 'success'],
			['trigger', 'success'],
		]);
		const [first, second] = scenario.emitted;
		// Each execution is the poll after a change: stamped after the change, before its Active Calls read.
		for (const [emitted, changedAt, poll] of [
			[first, scenario.changed[0], poll1],
			[second, scenario.changed[1], poll2],
		] as const) {
			const polledAt = Date.parse(emitted.items[0].polledAt);
			expect(emitted.items.every((item) => item.polledAt === emitted.items[0].polledAt)).toBe(true);
			expect(polledAt).toBeGreaterThan(changedAt);
			expect(polledAt).toBeLessThanOrEqual(poll.receivedAt);
		}
		const polledAt1 = first.items[0].polledAt;
		const polledAt2 = second.items[0].polledAt;

		// X was muted when the trigger was activated: its clock starts at the baseline, and Muted Too
		// Long fires once, at the first poll a minute (less the slack) after it.
		const xItems = scenario.emitted.flatMap((poll) => poll.items).filter((item) => item.ivrid === callX);
		expect(xItems.map((item) => item.event)).toEqual(['mutedTooLong']);
		const baselineAt = Date.parse(xItems[0].mutedSince);
		expect(baselineAt).toBeLessThanOrEqual(scenario.baseline.receivedAt);
		// Whole seconds between the two polls' stamps, as the trigger counts them.
		const xDueAtPoll1 = Math.round((Date.parse(polledAt1) - baselineAt) / 1000) + SCHEDULER_SLACK_SECONDS >= 60;
		process.stdout.write(`X: ${JSON.stringify(xItems[0])}\n`);
		const xEvent = ['mutedTooLong', callX].join(' ');

		expect(first.items.map(label).sort()).toEqual(
			[`recordingMuted ${CALL_A}`, `recordingMuted ${CALL_B}`, `recordingMuted ${CALL_C}`, ...(xDueAtPoll1 ? [xEvent] : [])].sort(),
		);
		expect(second.items.map(label).sort()).toEqual(
			[`recordingResumed ${CALL_A}`, `callEndedWhileMuted ${CALL_B}`, `mutedTooLong ${CALL_C}`, ...(xDueAtPoll1 ? [] : [xEvent])].sort(),
		);

		// The fields, for the calls changed between the same two polls.
		const byLabel = new Map(scenario.emitted.flatMap((poll) => poll.items).map((item) => [label(item), item]));
		const c = sim.call(CALL_C)!;
		expect(byLabel.get(`recordingMuted ${CALL_C}`)).toEqual({
			event: 'recordingMuted',
			ivrid: CALL_C,
			extension: c.extension,
			callerPhone: c.callerPhone,
			callerName: c.callerName,
			direction: c.direction,
			startedAt: new Date(c.callStarted * 1000).toISOString(),
			mutedSince: polledAt1,
			mutedForSeconds: 0,
			polledAt: polledAt1,
		});
		const secondsBetweenPolls = Math.round((Date.parse(polledAt2) - Date.parse(polledAt1)) / 1000);
		expect(byLabel.get(`mutedTooLong ${CALL_C}`)).toMatchObject({ mutedSince: polledAt1, mutedForSeconds: secondsBetweenPolls, polledAt: polledAt2 });
		expect(secondsBetweenPolls + SCHEDULER_SLACK_SECONDS).toBeGreaterThanOrEqual(60);
		expect(byLabel.get(`recordingResumed ${CALL_A}`)).toMatchObject({ extension: SEED_EXTENSIONS.withTwoCalls, mutedSince: polledAt1, polledAt: polledAt2 });
		expect(byLabel.get(`callEndedWhileMuted ${CALL_B}`)).toMatchObject({
			extension: SEED_EXTENSIONS.withTwoCalls,
			mutedSince: polledAt1,
			lastSeenAt: polledAt1,
			polledAt: polledAt2,
		});

		// D started and ended while recording; SIPSIP2's call (muted by the watchdog test) is not watched.
		const ivridsSeen = new Set(scenario.emitted.flatMap((poll) => poll.items.map((item) => item.ivrid)));
		expect(ivridsSeen).toEqual(new Set([CALL_A, CALL_B, CALL_C, callX]));
		process.stdout.write(`poll 3 (no change, no execution) was received at ${new Date(poll3.receivedAt).toISOString()}\n`);
	}, 8 * MINUTE_MS);

	test("a stranger's alert is refused by the locked Alert inbox (no token, forged, signed a character off): no execution starts", async () => {
		const started = Date.now();
		const passphrase = WATCHDOG_ALERT_CREDENTIAL.data.secret;
		const forged = (secret: string) => bearerHeader({ ...claimsFor('a stranger', 300), alert: { from: 'a stranger' } }, secret);
		for (const [headers, status] of [[{}, 401], [forged('guess'), 403], [forged(oneCharacterOff(passphrase)), 403]] as const) {
			const response = await fetch(`${env.stack.n8n.url}/webhook/voicenter/watchdog-alert`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify({ from: 'a stranger' }),
			});
			expect(response.status).toBe(status);
		}
		await sleep(1000);
		// The watchdog's own alert may arrive meanwhile, with its signed token: only a stranger's must be absent.
		for (const summary of (await executionsOf(env, WATCHDOG_WORKFLOW_ID, started)).filter((execution) => execution.mode === 'webhook')) {
			expect(JSON.stringify((await storedExecution(env, summary.id)).runData)).not.toContain('a stranger');
		}
	});

	test('the watchdog resumes a call a flow muted and never unmuted within 1 minute + one poll, audits it and alerts', async () => {
		const { sim } = env;
		const ivrid = SEED_IVRIDS.sipsip2Outgoing;
		const scenario = await watchdogScenario;
		const seconds = Math.round((scenario.recordingAgainAt - scenario.mutedAt) / 1000);
		process.stdout.write(`watchdog: left muted → recording again in ${seconds} s (n8n ${version()})\n`);
		const trigger = scenario.executions.filter((execution) => execution.runData['Voicenter Trigger'] !== undefined);
		process.stdout.write(
			`watchdog events seen (n8n ${version()}): ${JSON.stringify(trigger.map((execution) => ({ execution: execution.id, status: execution.status, events: triggerItems(execution.runData).map(label) })))}\n`,
		);

		expect(scenario.muteReply).toMatchObject({ muted: true, extension: SEED_EXTENSIONS.sipsip2 });
		expect(sim.call(ivrid)?.isMuted).toBe(false);
		expect(scenario.recordingAgainAt - scenario.mutedAt).toBeLessThanOrEqual(WATCHDOG_BOUND_MS);

		// The poll that saw the mute noted it (so n8n stored its clock); the next one resumed it.
		expect(trigger.map((execution) => [execution.status, triggerItems(execution.runData).map(label)])).toEqual([
			['success', [`recordingMuted ${ivrid}`]],
			['success', [`mutedTooLong ${ivrid}`]],
		]);
		const resumed = trigger[1];
		const [audit] = resumed.runData['Audit: resumed by the watchdog'][0].data!.main![0]!.map((item) => item.json);
		expect(audit).toMatchObject({ resumedBy: 'watchdog', resumed: true, verified: true, ivrid, extension: SEED_EXTENSIONS.sipsip2, actionId: sim.issuedActionIds[1] });
		expect(resumed.runData['Audit: NOT resumed']).toBeUndefined();
		// The Unmute's own audit record names the watchdog as who asked and as the door.
		expect(resumed.runData['Resume recording'][0].data!.main![0]![0].json.audit).toMatchObject({ requestedBy: 'recording watchdog', source: 'watchdog', state: '0' });
		process.stdout.write(`watchdog audit (n8n ${version()}): ${JSON.stringify(audit)}\n`);

		const alerts = scenario.executions.filter((execution) => execution.runData['Alert inbox'] !== undefined);
		expect(alerts.map((execution) => [execution.mode, execution.status])).toEqual([['webhook', 'success']]);
		// The alert arrives inside the token the watchdog signed, which the Alert inbox verified.
		expect(alerts[0].runData['Alert inbox'][0].data!.main![0]![0].json.jwtPayload).toMatchObject({ sub: 'recording watchdog', alert: audit });

		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.sipsip2, state: '1' },
			{ ivrid, state: '0' },
		]);
	}, 8 * MINUTE_MS);
});

