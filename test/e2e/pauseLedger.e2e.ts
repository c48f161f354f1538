/**
 * A scripted day of pauses in a real n8n, and what the pause ledger, the auditor's report and its
 * CSV make of it. Every door that pauses or resumes a recording is used once, on a call of its own:
 * - A: the CRM's verified mute, then the CRM's unmute by call ID;
 * - N: a CRM mute of an extension Voicenter does not know (an attempt that paused nothing);
 * - B: the auto-resume example, left to its time limit (8 s here);
 * - C: the agent's pause form, then its Resume button (n8n 2.x: 1.x cannot sign agents in);
 * - M: an MCP client's pause_recording, then its resume_recording;
 * - D: a CRM mute never undone, resumed by the watchdog (Muted Too Long after 1 minute);
 * - E: the same, but Voicenter refuses the watchdog's first unmute: its retry a minute later resumes it;
 * - F: a CRM mute, then the call ends while muted;
 * - G: a mute and a resume made outside n8n (Voicenter's back office), seen by the watchdog's trigger.
 * Then every call ends and the simulator posts Voicenter's CDR notifications to the CDR example
 * (A's twice). The day takes about five minutes, most of it waiting for the watchdog's polls.
 */
import { dayInZone, utcMsFromServerSeconds } from '../../nodes/Voicenter/helpers/voicenterClock';
import type { LedgerEntry } from '../../nodes/Voicenter/ledger/ledgerTypes';
import { insertLedgerEntries, otherCallsPause, pauseLedgerEntries, pauseLedgerRows, type LedgerRow } from '../../scripts/n8n/pauseLedger';
import { AUDITOR_CREDENTIAL, MCP_BEARER_CREDENTIAL, MCP_TOOLS_PATH, PAUSE_REPORT_PATH, crmHeaders } from '../../scripts/n8n/exampleWorkflows';
import { n8nMajor, selectedN8nVersion } from '../../scripts/n8n/n8nRuntime';
import { SEED_EXTENSIONS, type VoicenterCdr } from '../../simulator/voicenterSimulator';
import { launchChromium, screenshots, shown, showsText } from './browser';
import { oneMinuteWatchdog, retentionOnWebhook, shortAutoResume } from './exampleVariants';
import { callMcpTool, connectMcp } from './mcpClient';
import { executionsOf, kitWorkflowId, ledgerIdle, until, useRealN8n } from './stack';

const MINUTE_MS = 60_000;
const TIME_LIMIT_SECONDS = 8;
const AUTO_RESUME_PATH = 'voicenter/pause-ledger-day';
const FORM_PATH = 'voicenter/agent-pause';
const FORM_RUNS_HERE = n8nMajor(selectedN8nVersion()) >= 2;
const WATCHDOG_ID = 'VcLedgerDayWdog1';
const RETENTION_PATH = 'voicenter/pause-ledger-day/retention';

const env = useRealN8n(
	[
		{ id: 'VcLedgerDayAuto1', active: true, definition: shortAutoResume({ path: AUTO_RESUME_PATH, seconds: TIME_LIMIT_SECONDS, suffix: 'da11' }) },
		{ id: WATCHDOG_ID, active: true, definition: oneMinuteWatchdog({ extensions: '', repeatMinutes: 1, suffix: 'da12' }) },
		{ id: 'VcLedgerDayKeep1', active: true, definition: retentionOnWebhook({ path: RETENTION_PATH, webhookId: '5b0e2c71-9d4a-4f3e-8c6b-2a1d7e9fda13' }) },
	],
	{ activatePolling: false },
);
const version = () => env.stack.setup.runtime.version;
const log = (line: string) => process.stdout.write(`pause ledger (n8n ${version()}): ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rows = async () => await pauseLedgerRows(env.stack.n8n.url, env.stack.cookie);
const epochSeconds = (iso: unknown) => Date.parse(String(iso)) / 1000;

async function crm(path: string, body: unknown, user: string): Promise<{ status: number; json: Record<string, unknown> }> {
	const response = await fetch(`${env.stack.n8n.url}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...crmHeaders(user) },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** What the test did and when, to hold the ledger against. */
interface Pause {
	callId: string;
	extension: string;
	/** Epoch ms: just before the request that paused, and once it had answered (or, outside n8n, when the trigger could first have seen it). */
	pausedFrom: number;
	pausedTo: number;
	resumedFrom?: number;
	resumedTo?: number;
	muteActionId?: string;
	unmuteActionId?: string;
}

interface Day {
	pauses: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'M', Pause | undefined>;
	failedAttempt: { at: number; status: number; reply: Record<string, unknown> };
	rows: LedgerRow[];
	/** A's row before and after its CDR was posted a second time. */
	rowABeforeRepeat: LedgerRow;
	cdrs: VoicenterCdr[];
}

/** A live, answered call on `extension`: answered 30 s ago, so pauses sit 30 s or more into its recording. */
function newCall(extension: string, callerPhone: string): string {
	const now = Math.floor(Date.now() / 1000);
	return env.sim.addCall(extension, { callerPhone, callStarted: now - 35, callAnswered: now - 30 }).ivrid;
}

async function crmPauseResume(): Promise<Pause> {
	const callId = newCall(SEED_EXTENSIONS.withTwoCalls, '0521000001');
	const pausedFrom = Date.now();
	const mute = await crm('voicenter/mute-verified', { extension: SEED_EXTENSIONS.withTwoCalls }, 'dana@crm');
	const pausedTo = Date.now();
	expect(mute).toMatchObject({ status: 200, json: { muted: true, verified: true } });
	await sleep(6000);
	const resumedFrom = Date.now();
	const unmute = await crm('voicenter/unmute', { callId }, 'dana@crm');
	const resumedTo = Date.now();
	expect(unmute.status).toBe(200);
	return { callId, extension: SEED_EXTENSIONS.withTwoCalls, pausedFrom, pausedTo, resumedFrom, resumedTo, muteActionId: String(mute.json.actionId), unmuteActionId: String(unmute.json.actionId) };
}

async function timeLimitPause(): Promise<Pause> {
	const callId = newCall(SEED_EXTENSIONS.apiapi, '0521000002');
	const pausedFrom = Date.now();
	const mute = await crm(AUTO_RESUME_PATH, { extension: SEED_EXTENSIONS.apiapi }, 'omer@crm');
	const pausedTo = Date.now();
	expect(mute).toMatchObject({ status: 200, json: { muted: true } });
	await until('B resumed by its time limit', 2 * MINUTE_MS, () => (env.sim.call(callId)?.isMuted === false ? true : undefined));
	return { callId, extension: SEED_EXTENSIONS.apiapi, pausedFrom, pausedTo, resumedFrom: pausedTo, resumedTo: Date.now(), muteActionId: String(mute.json.actionId) };
}

/** The agent, signed in to n8n, pauses the customer's call by phone number and presses Resume. */
async function agentFormPause(): Promise<Pause> {
	const callId = newCall(SEED_EXTENSIONS.withTwoCalls, '0521000003');
	const browser = await launchChromium();
	try {
		const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
		const [name, ...value] = env.stack.cookie.split(';')[0].split('=');
		await context.addCookies([{ name, value: value.join('='), url: env.stack.n8n.url }]);
		const page = await context.newPage();
		page.setDefaultTimeout(30_000);
		await page.goto(`${env.stack.n8n.url}/form/${FORM_PATH}`);
		// The first time, n8n asks the signed-in agent to let the form run with his login.
		const allow = page.getByRole('button', { name: 'Allow access' });
		const heading = page.locator('h1').getByText('Pause call recording');
		await Promise.race([shown(allow), shown(heading)]);
		if (await allow.isVisible()) await allow.click();
		await showsText(page.locator('h1'), 'Pause call recording');
		await page.getByLabel('Customer phone number').fill('0521000003');
		await page.getByLabel('Reason').selectOption('Card payment');
		const pausedFrom = Date.now();
		await page.getByRole('button', { name: 'Pause recording' }).click();
		await showsText(page.locator('h1'), 'Recording paused');
		const pausedTo = Date.now();
		expect(env.sim.call(callId)?.isMuted).toBe(true);
		await sleep(4000);
		const resumedFrom = Date.now();
		await page.getByRole('button', { name: 'Resume recording' }).click();
		await showsText(page.locator('h1'), 'Recording resumed');
		return { callId, extension: SEED_EXTENSIONS.withTwoCalls, pausedFrom, pausedTo, resumedFrom, resumedTo: Date.now() };
	} finally {
		await browser.close();
	}
}

/** An MCP client (Claude Desktop, Cursor…) pauses a call by its ID and resumes it. */
async function mcpPause(): Promise<Pause> {
	const callId = newCall(SEED_EXTENSIONS.apiapi, '0521000008');
	const { client } = await connectMcp(new URL(`${env.stack.n8n.url}/${MCP_TOOLS_PATH}`), MCP_BEARER_CREDENTIAL.data.token);
	try {
		const answerOf = (text: string) => (JSON.parse(text) as Array<Record<string, unknown>>)[0];
		const pausedFrom = Date.now();
		const paused = await callMcpTool(client, 'pause_recording', { callId });
		const pausedTo = Date.now();
		expect(String(answerOf(paused.text).result)).toMatch(/^Muted and verified/);
		await sleep(5000);
		const resumedFrom = Date.now();
		const resumed = await callMcpTool(client, 'resume_recording', { callId });
		const resumedTo = Date.now();
		expect(String(answerOf(resumed.text).result)).toMatch(/^Resumed and verified/);
		return { callId, extension: SEED_EXTENSIONS.apiapi, pausedFrom, pausedTo, resumedFrom, resumedTo, muteActionId: String(answerOf(paused.text).ActionID), unmuteActionId: String(answerOf(resumed.text).ActionID) };
	} finally {
		await client.close();
	}
}

/** A CRM mute nobody undoes: the watchdog's to resume. */
async function leftForTheWatchdog(extension: string, phone: string, failFirstUnmute: boolean): Promise<Pause> {
	const callId = newCall(extension, phone);
	if (failFirstUnmute) {
		env.sim.injectFault({ fault: { kind: 'errorCode', errorCode: 'SERVER_ERROR', message: 'Temporary failure, try again' }, times: 1, endpoint: 'MuteUnmuteCalls', ivrid: callId });
	}
	const pausedFrom = Date.now();
	const mute = await crm('voicenter/mute', { extension }, 'lior@crm');
	const pausedTo = Date.now();
	expect(mute).toMatchObject({ status: 200, json: { muted: true } });
	await until(`${callId} resumed by the watchdog`, 7 * MINUTE_MS, () => (env.sim.call(callId)?.isMuted === false ? true : undefined));
	return { callId, extension, pausedFrom, pausedTo, resumedTo: Date.now(), muteActionId: String(mute.json.actionId) };
}

async function endsWhileMuted(): Promise<Pause> {
	const callId = newCall(SEED_EXTENSIONS.withoutCalls, '0521000006');
	const pausedFrom = Date.now();
	const mute = await crm('voicenter/mute', { extension: SEED_EXTENSIONS.withoutCalls }, 'dana@crm');
	const pausedTo = Date.now();
	expect(mute).toMatchObject({ status: 200, json: { muted: true } });
	await sleep(8000);
	const resumedFrom = Date.now();
	env.sim.endCall(callId);
	return { callId, extension: SEED_EXTENSIONS.withoutCalls, pausedFrom, pausedTo, resumedFrom, resumedTo: Date.now(), muteActionId: String(mute.json.actionId) };
}

/** Muted and resumed in Voicenter itself: the ledger learns of it from the watchdog's trigger, a poll at a time. */
async function outsideN8n(): Promise<Pause> {
	const callId = newCall(SEED_EXTENSIONS.ringing, '0521000007');
	const pausedFrom = Date.now();
	env.sim.setMuted(callId, true);
	const row = await until('G in the ledger', 3 * MINUTE_MS, async () => (await rows()).find((candidate) => candidate.callId === callId));
	const resumedFrom = Date.now();
	env.sim.setMuted(callId, false);
	await until('G closed in the ledger', 3 * MINUTE_MS, async () => ((await rows()).find((candidate) => candidate.id === row.id)?.ending === 'open' ? undefined : true));
	return { callId, extension: SEED_EXTENSIONS.ringing, pausedFrom, pausedTo: pausedFrom, resumedFrom, resumedTo: Date.now() };
}

async function scriptedDay(): Promise<Day> {
	const { sim } = env;
	// The seeded calls end before any CDR is sent: the day's calls are the only ones live.
	for (const call of sim.calls()) sim.endCall(call.ivrid);
	sim.setCdrNotificationUrl(`${env.stack.n8n.url}/webhook/${env.stack.kit.cdrPath}`);

	const watchdogDay = Promise.all([leftForTheWatchdog(SEED_EXTENSIONS.sipsip2, '0521000004', false), leftForTheWatchdog(SEED_EXTENSIONS.numeric, '0521000005', true)]);
	const outside = outsideN8n();
	watchdogDay.catch(() => undefined);
	outside.catch(() => undefined);

	const A = await crmPauseResume();
	const failedAt = Date.now();
	const failed = await crm('voicenter/mute', { extension: 'NOSUCH9' }, 'dana@crm');
	const B = await timeLimitPause();
	const C = FORM_RUNS_HERE ? await agentFormPause() : undefined;
	const M = await mcpPause();
	const F = await endsWhileMuted();
	const [D, E] = await watchdogDay;
	const G = await outside;
	log(`the pauses: ${JSON.stringify({ A, B, C, D, E, F, G, M })}`);

	// The day ends: every call hangs up and Voicenter sends its records.
	for (const pause of [A, B, C, D, E, G, M]) if (pause !== undefined) sim.endCall(pause.callId);
	const joined = async () => {
		const all = await rows();
		return all.filter((row) => row.ending !== 'notPaused').every((row) => String(row.recordingUrl ?? '') !== '') ? all : undefined;
	};
	await until('every pause joined to its call record', 2 * MINUTE_MS, joined);
	await ledgerIdle(env, 60_000);
	const rowABeforeRepeat = (await rows()).find((row) => row.callId === A.callId)!;
	const repeat = await sim.resendCdr(A.callId);
	expect(repeat).toMatchObject({ ivrid: A.callId, resent: true, accepted: true });
	await sleep(3000);
	await ledgerIdle(env, 60_000);
	return {
		pauses: { A, B, C, D, E, F, G, M },
		failedAttempt: { at: failedAt, status: failed.status, reply: failed.json },
		rows: await rows(),
		rowABeforeRepeat,
		cdrs: sim.cdrs(),
	};
}

let day: Day;
beforeAll(async () => {
	const started = Date.now();
	day = await scriptedDay();
	log(`the scripted day took ${Math.round((Date.now() - started) / 1000)} s; ${day.rows.length} ledger rows:\n${day.rows.map((row) => `  ${JSON.stringify(row)}`).join('\n')}`);
}, 12 * MINUTE_MS);

const rowOf = (pause: Pause | undefined) => day.rows.filter((row) => row.callId === pause?.callId);

/** The CDR's `time` as UTC epoch seconds: Voicenter writes it on the account's clock. */
function cdrStartSeconds(cdr: VoicenterCdr): number {
	return utcMsFromServerSeconds(Number(cdr.time), env.sim.accountTimeZone) / 1000;
}

/** Where a moment sits in the call's recording, in whole seconds, as the CDR tells it (the recording starts when the call is answered). */
function recordingOffset(callId: string, epochMs: number): number {
	const cdr = day.cdrs.find((candidate) => candidate.ivruniqueid === callId)!;
	return epochMs / 1000 - (cdrStartSeconds(cdr) + Number(cdr.dialtime));
}

function expectPauseTimes(row: LedgerRow, pause: Pause): void {
	// Stamped by the node between the test's request and its answer (a second's slack for rounding).
	expect(epochSeconds(row.pausedAt) * 1000).toBeGreaterThanOrEqual(pause.pausedFrom - 1000);
	expect(epochSeconds(row.pausedAt) * 1000).toBeLessThanOrEqual(pause.pausedTo + 1000);
	if (pause.resumedTo !== undefined && row.ending !== 'open') {
		expect(epochSeconds(row.resumedAt) * 1000).toBeLessThanOrEqual(pause.resumedTo + 1000);
		expect(row.pauseSeconds).toBe(Math.max(0, Math.round(epochSeconds(row.resumedAt) - epochSeconds(row.pausedAt))));
	}
}

/** The row's place in the recording: the CDR's answer time, the pause's own times, the "mm:ss–mm:ss" text. */
function expectRecordingPlace(row: LedgerRow, pause: Pause): void {
	const cdr = day.cdrs.find((candidate) => candidate.ivruniqueid === pause.callId)!;
	expect(row.recordingUrl).toBe(cdr.record);
	expect(row.recordingUrl).toBe(env.sim.recordingUrl(pause.callId));
	expect(Math.abs(Number(row.recordingFrom) - recordingOffset(pause.callId, epochSeconds(row.pausedAt) * 1000))).toBeLessThanOrEqual(1);
	expect(Number(row.recordingFrom)).toBeGreaterThanOrEqual(29);
	expect(Math.abs(Number(row.recordingTo) - Number(row.recordingFrom) - Number(row.pauseSeconds))).toBeLessThanOrEqual(1);
	const clock = (seconds: number) => `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
	expect(row.recordingInterval).toBe(`${clock(Number(row.recordingFrom))}–${clock(Number(row.recordingTo))}`);
	expect(epochSeconds(row.callStartedAt)).toBe(cdrStartSeconds(cdr));
	// Sent as an account in Asia/Jerusalem sends it: hours away from UTC, read back to the second.
	expect(env.sim.accountTimeZone).toBe('Asia/Jerusalem');
	expect(Number(cdr.time) - cdrStartSeconds(cdr)).toBeGreaterThanOrEqual(7200);
}

describe('a scripted day of pauses: the ledger holds exactly one row per pause, each with how it ended and where it sits in the recording', () => {
	test('one row per pause of one call, and one for the attempt that paused nothing; no other rows', () => {
		const expected = Object.values(day.pauses).filter((pause): pause is Pause => pause !== undefined).map((pause) => pause.callId);
		expect(day.rows.filter((row) => row.ending !== 'notPaused').map((row) => row.callId).sort()).toEqual([...expected].sort());
		expect(day.rows.filter((row) => row.ending === 'notPaused')).toHaveLength(1);
		expect(day.rows).toHaveLength(expected.length + 1);
	});

	test("A: the CRM's verified pause and its resume by call ID → ending crm, both ActionIDs, verified / not asked", () => {
		const { A } = day.pauses;
		const [row] = rowOf(A);
		expect(row).toMatchObject({
			extension: SEED_EXTENSIONS.withTwoCalls,
			callerNumber: '•••••••001',
			ending: 'crm',
			pausedBy: 'dana@crm',
			pausedVia: 'webhook',
			resumedBy: 'dana@crm',
			resumedVia: 'webhook',
			muteActionId: A!.muteActionId,
			unmuteActionId: A!.unmuteActionId,
			muteVerified: true,
			unmuteVerified: null,
			problem: '',
		});
		expectPauseTimes(row, A!);
		expect(row.pauseSeconds).toBeGreaterThanOrEqual(5);
		expectRecordingPlace(row, A!);
	});

	test("A's CDR posted a second time changed nothing", () => {
		expect(day.cdrs.filter((cdr) => cdr.ivruniqueid === day.pauses.A!.callId)).toHaveLength(1);
		const deliveries = env.sim.cdrDeliveries.filter((delivery) => delivery.ivrid === day.pauses.A!.callId);
		expect(deliveries.map((delivery) => [delivery.resent, delivery.accepted])).toEqual([
			[false, true],
			[true, true],
		]);
		expect(rowOf(day.pauses.A)).toEqual([day.rowABeforeRepeat]);
	});

	test('the attempt on an extension Voicenter does not know is a row that says it paused nothing, and why', () => {
		const [row] = day.rows.filter((row) => row.ending === 'notPaused');
		expect(day.failedAttempt.status).toBe(500);
		expect(row).toMatchObject({ callId: '', extension: 'NOSUCH9', pausedBy: 'dana@crm', pausedVia: 'webhook', muteActionId: '', recordingUrl: null });
		expect(String(row.problem)).toBe(String(day.failedAttempt.reply.error));
		expect(String(row.problem)).toContain('NOSUCH9');
	});

	test('B: the time limit resumed it → ending timeLimit, about the limit long', () => {
		const { B } = day.pauses;
		const [row] = rowOf(B);
		expect(row).toMatchObject({ extension: SEED_EXTENSIONS.apiapi, ending: 'timeLimit', pausedBy: 'omer@crm', pausedVia: 'webhook', resumedBy: 'n8n (time limit)', resumedVia: 'timeLimit', muteActionId: B!.muteActionId });
		expectPauseTimes(row, B!);
		expect(row.pauseSeconds).toBeGreaterThanOrEqual(TIME_LIMIT_SECONDS);
		// n8n 2.x hands a wait to its wait tracker, which looks for due executions once a minute.
		expect(row.pauseSeconds).toBeLessThanOrEqual(TIME_LIMIT_SECONDS + 70);
		expectRecordingPlace(row, B!);
	});

	(FORM_RUNS_HERE ? test : test.skip)("C: the agent's form paused the customer's call and its Resume button ended it → ending agent, by the signed-in agent", () => {
		const { C } = day.pauses;
		const [row] = rowOf(C);
		expect(row).toMatchObject({ extension: SEED_EXTENSIONS.withTwoCalls, ending: 'agent', pausedBy: 'owner@voicenter.test', pausedVia: 'form', resumedBy: 'owner@voicenter.test', resumedVia: 'form' });
		expectPauseTimes(row, C!);
		expectRecordingPlace(row, C!);
	});

	test("M: an MCP client's pause_recording and resume_recording → ending aiTool, both verified", () => {
		const { M } = day.pauses;
		const [row] = rowOf(M);
		expect(row).toMatchObject({
			// By call ID: the extension comes from Voicenter's CDR.
			extension: SEED_EXTENSIONS.apiapi,
			ending: 'aiTool',
			pausedBy: 'MCP client (bearer token)',
			pausedVia: 'aiTool',
			resumedBy: 'MCP client (bearer token)',
			resumedVia: 'aiTool',
			muteActionId: M!.muteActionId,
			unmuteActionId: M!.unmuteActionId,
			muteVerified: true,
			unmuteVerified: true,
			problem: '',
		});
		expectPauseTimes(row, M!);
		expectRecordingPlace(row, M!);
	});

	test('D: left paused, resumed by the watchdog at its first attempt → ending watchdog', () => {
		const { D } = day.pauses;
		const [row] = rowOf(D);
		expect(row).toMatchObject({ extension: SEED_EXTENSIONS.sipsip2, callerNumber: '•••••••004', ending: 'watchdog', pausedBy: 'lior@crm', resumedBy: 'recording watchdog', resumedVia: 'watchdog', unmuteVerified: true, problem: '' });
		expectPauseTimes(row, D!);
		// Muted Too Long after 1 minute, counted from the first poll that saw the mute: 1 to 2 minutes and a bit.
		expect(row.pauseSeconds).toBeGreaterThanOrEqual(55);
		expect(row.pauseSeconds).toBeLessThanOrEqual(150);
		expectRecordingPlace(row, D!);
	});

	test("E: the watchdog's first unmute refused, its retry a minute later resumed it → ending watchdog, the failed attempt noted", () => {
		const { E } = day.pauses;
		const [row] = rowOf(E);
		expect(row).toMatchObject({ extension: SEED_EXTENSIONS.numeric, ending: 'watchdog', resumedBy: 'recording watchdog', unmuteVerified: true });
		expect(String(row.problem)).toMatch(/^resume failed at \S+ \(recording watchdog, watchdog\): .*Temporary failure, try again/);
		expectPauseTimes(row, E!);
		expect(row.pauseSeconds).toBeGreaterThanOrEqual(115);
		expect(row.pauseSeconds).toBeLessThanOrEqual(215);
		expectRecordingPlace(row, E!);
		expect(env.sim.requestsTo('MuteUnmuteCalls').filter((request) => request.params.ivrid === E!.callId)).toHaveLength(2);
	});

	test('F: the call ended while paused → ending callEnded, the pause lasting to the end of the call', () => {
		const { F } = day.pauses;
		const [row] = rowOf(F);
		const cdr = day.cdrs.find((candidate) => candidate.ivruniqueid === F!.callId)!;
		expect(row).toMatchObject({ extension: SEED_EXTENSIONS.withoutCalls, ending: 'callEnded', resumedBy: 'the call ended', resumedVia: 'voicenter', muteActionId: F!.muteActionId });
		expect(epochSeconds(row.resumedAt)).toBe(cdrStartSeconds(cdr) + Number(cdr.duration));
		expectPauseTimes(row, F!);
		expect(Number(row.recordingTo)).toBe(Number(cdr.duration) - Number(cdr.dialtime));
		expectRecordingPlace(row, F!);
	});

	test('G: paused and resumed outside n8n → a row from what the trigger saw, ending outsideN8n, timed to its polls', () => {
		const { G } = day.pauses;
		const [row] = rowOf(G);
		expect(row).toMatchObject({ extension: SEED_EXTENSIONS.ringing, ending: 'outsideN8n', pausedBy: 'outside n8n (seen by the Voicenter Trigger)', pausedVia: 'voicenter', resumedVia: 'voicenter', muteActionId: '' });
		// The trigger sees a change at its next poll (every minute): the row's times are those polls'.
		expect(epochSeconds(row.pausedAt) * 1000).toBeGreaterThanOrEqual(G!.pausedFrom);
		expect(epochSeconds(row.pausedAt) * 1000).toBeLessThanOrEqual(G!.resumedFrom!);
		expect(epochSeconds(row.resumedAt) * 1000).toBeGreaterThanOrEqual(G!.resumedFrom!);
		expect(epochSeconds(row.resumedAt) * 1000).toBeLessThanOrEqual(G!.resumedTo! + 1000);
		expectRecordingPlace(row, G!);
	});

	test('no pause is left open, and every paused call has its recording', () => {
		expect(day.rows.filter((row) => row.ending === 'open')).toEqual([]);
		expect(day.rows.filter((row) => row.ending !== 'notPaused' && !String(row.recordingUrl).startsWith('http'))).toEqual([]);
	});
});

const AUDITOR = { username: String(AUDITOR_CREDENTIAL.data.user), password: String(AUDITOR_CREDENTIAL.data.password) };
const reportUrl = (query: string) => `${env.stack.n8n.url}/webhook/${PAUSE_REPORT_PATH}?${query}`;
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
/** The report's days are the account's (Asia/Jerusalem) days, not UTC's. */
const days = () => {
	const zone = env.sim.accountTimeZone;
	const first = day.rows.map((row) => dayInZone(Date.parse(String(row.pausedAt)), zone)).sort()[0];
	return `from=${first}&to=${dayInZone(Date.now(), zone)}`;
};

const idsInOrder = (list: LedgerRow[]) => list.map((row) => row.id).sort((a, b) => a - b);

/** Splits CSV text as RFC 4180 writes it (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
			else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') record.push(cell), (cell = '');
		else if (char === '\r' && text[i + 1] === '\n') record.push(cell), records.push(record), (record = []), (cell = ''), i++;
		else cell += char;
	}
	return records;
}

describe("the auditor's report of that day", () => {
	test('in Chromium: the summary counts the day, the tables name the pauses, each pause links into its recording', async () => {
		const browser = await launchChromium();
		const screenshot = screenshots('report');
		try {
			const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, httpCredentials: AUDITOR });
			const page = await context.newPage();
			const response = await page.goto(reportUrl(days()));
			expect(response?.status()).toBe(200);
			await showsText(page.locator('h1'), 'Recording pauses');
			const file = await screenshot(page, 'pause-report');
			log(`report screenshot: ${file}`);
			const summary = await page.locator('.summary').innerText();
			const paused = day.rows.filter((row) => row.ending !== 'notPaused');
			expect(summary).toMatch(new RegExp(`Pauses\\s+${paused.length}\\b`));
			expect(summary).toMatch(/Still paused now\s+0\b/);
			expect(summary).toMatch(/Ended while paused\s+1\b/);
			expect(summary).toMatch(/Failed attempts\s+1\b/);
			const longest = Math.max(...paused.map((row) => Number(row.pauseSeconds)));
			expect(summary).toContain(`${Math.floor(longest / 60)} min ${String(longest % 60).padStart(2, '0')} s`);
			// Every pause, with its link to the paused interval of its recording.
			const everyPause = page.locator('h2', { hasText: 'Every pause' }).locator('xpath=following-sibling::table[1]');
			expect(await everyPause.locator('tbody tr').count()).toBe(paused.length);
			for (const row of paused) {
				// Two pauses can sit at the same interval of their calls: the link is looked for in the pause's own row.
				const link = everyPause.locator('tbody tr', { hasText: String(row.callId) }).locator('a', { hasText: String(row.recordingInterval) });
				expect(await link.getAttribute('href')).toBe(`${row.recordingUrl}#t=${row.recordingFrom},${row.recordingTo}`);
			}
			const endedWhilePaused = page.locator('h2', { hasText: 'Calls that ended while paused' }).locator('xpath=following-sibling::table[1]');
			expect(await endedWhilePaused.innerText()).toContain(day.pauses.F!.callId);
			// B, D, E, F, G were paused without Verify (or resumed without it): the not-verified table names them.
			const notVerified = await page.locator('h2', { hasText: 'Pauses not verified' }).locator('xpath=following-sibling::table[1]').innerText();
			for (const pause of [day.pauses.B, day.pauses.D, day.pauses.F, day.pauses.G]) expect(notVerified).toContain(pause!.callId);
			// A recording link opens the simulator's recording.
			const recording = await fetch(String(rowOf(day.pauses.A)[0].recordingUrl));
			expect([recording.status, recording.headers.get('content-type')]).toEqual([200, 'audio/mpeg']);
		} finally {
			await browser.close();
		}
	});

	test('as CSV: the same rows, one line each, in the ledger’s columns', async () => {
		const response = await fetch(reportUrl(`${days()}&format=csv`), { headers: basic(AUDITOR.username, AUDITOR.password) });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="pause-ledger-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/);
		const [header, ...lines] = parseCsv(await response.text());
		log(`CSV: ${lines.length} rows, columns ${header.join(',')}`);
		expect(header.slice(0, 8)).toEqual(['id', 'callId', 'extension', 'callerNumber', 'pausedAt', 'resumedAt', 'pauseSeconds', 'ending']);
		const byId = new Map(lines.map((line) => [Number(line[0]), Object.fromEntries(header.map((column, i) => [column, line[i]]))]));
		expect([...byId.keys()].sort((a, b) => a - b)).toEqual(idsInOrder(day.rows));
		for (const row of day.rows) {
			expect(byId.get(row.id)).toMatchObject({ callId: String(row.callId), ending: String(row.ending), pauseSeconds: row.pauseSeconds === null ? '' : String(row.pauseSeconds), recordingInterval: String(row.recordingInterval ?? '') });
		}
	});
});

describe('strangers at the doors the ledger added: refused, nothing written', () => {
	async function ledgerRunsSince(since: number): Promise<number> {
		return (await executionsOf(env, kitWorkflowId(env, 'pause-ledger'), since)).length;
	}

	test('the report without credentials, with a wrong password or another user is refused (401 or 403); the ledger is not read', async () => {
		const since = Date.now();
		const refused = [
			await fetch(reportUrl(days())),
			await fetch(reportUrl(days()), { headers: basic(AUDITOR.username, 'guess') }),
			await fetch(reportUrl(days()), { headers: basic('dana@crm', AUDITOR.password) }),
		];
		log(`the report refused strangers with HTTP ${refused.map((response) => response.status).join(', ')}`);
		expect(refused[0].status).toBe(401);
		for (const response of refused) {
			expect([401, 403]).toContain(response.status);
			expect(await response.text()).not.toContain('Recording pauses');
		}
		await sleep(2000);
		expect(await ledgerRunsSince(since)).toBe(0);
	});

	test('a CDR at the path without its secret is 404; from an address not allowed, 403; the ledger is unchanged', async () => {
		const since = Date.now();
		const before = await rows();
		const { G } = day.pauses;
		// A forged record that would move G's pause in the recording, were it taken.
		const forged = { ...day.cdrs.find((cdr) => cdr.ivruniqueid === G!.callId)!, time: 1, dialtime: 0, record: 'https://attacker.example/fake.mp3' };
		const wrongSecret = await fetch(`${env.stack.n8n.url}/webhook/voicenter/cdr/guessed-secret`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
		expect(wrongSecret.status).toBe(404);
		// The right path from another address (127.0.0.2: loopback, but not on the allow-list).
		const { request } = await import('node:http');
		const url = new URL(`${env.stack.n8n.url}/webhook/${env.stack.kit.cdrPath}`);
		const status = await new Promise<number>((resolve, reject) => {
			const sent = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: '127.0.0.2', headers: { 'content-type': 'application/json' } }, (response) => {
				response.resume();
				resolve(response.statusCode ?? 0);
			});
			sent.on('error', reject);
			sent.end(JSON.stringify(forged));
		});
		expect(status).toBe(403);
		await sleep(2000);
		expect(await ledgerRunsSince(since)).toBe(0);
		expect(await rows()).toEqual(before);
	});
});

describe('retention: the ledger forgets exactly the pauses older than the cut-off', () => {
	/**
	 * The retention example's write, started on a webhook, keeping the pauses of the last
	 * `keepSeconds`: the HTTP status, and the calls whose entries the ledger answered it deleted.
	 */
	async function forget(keepSeconds: number, headers: Record<string, string> = crmHeaders('retention@crm')): Promise<{ status: number; deleted?: string[] }> {
		const response = await fetch(`${env.stack.n8n.url}/webhook/${RETENTION_PATH}?keepSeconds=${keepSeconds}`, { method: 'POST', headers, signal: AbortSignal.timeout(60_000) });
		const text = await response.text();
		log(`retention keeping ${keepSeconds} s: HTTP ${response.status} ${text.slice(0, 120)}`);
		if (response.status !== 200) return { status: response.status };
		const answer = text.trim() === '' ? [] : (JSON.parse(text) as Array<{ callId?: string }> | { callId?: string });
		return { status: 200, deleted: callsOf((Array.isArray(answer) ? answer : [answer]).filter((entry) => entry.callId !== undefined)) };
	}
	const pausedAtMs = (row: LedgerRow) => Date.parse(String(row.pausedAt));
	const idsOf = (ledgerRows: LedgerRow[]) => ledgerRows.map((row) => row.id).sort((a, b) => a - b);
	const callsOf = (list: Array<{ callId?: string }>) => [...new Set(list.map((row) => String(row.callId)))].sort();

	test('without the CRM token the retention webhook is refused and nothing is deleted', async () => {
		const before = await rows();
		expect([401, 403]).toContain((await forget(0, {})).status);
		expect(await rows()).toEqual(before);
	});

	test("keeping a year (the example's setting) deletes none of the day's rows", async () => {
		const before = await rows();
		const entriesBefore = await pauseLedgerEntries(env.stack.n8n.url, env.stack.cookie);
		expect(await forget(365 * 24 * 3600)).toEqual({ status: 200, deleted: [] });
		expect(await rows()).toEqual(before);
		expect(await pauseLedgerEntries(env.stack.n8n.url, env.stack.cookie)).toEqual(entriesBefore);
	});

	test('a cut-off inside the day deletes the rows paused before it, and only those', async () => {
		const before = (await rows()).sort((a, b) => pausedAtMs(a) - pausedAtMs(b));
		// The cut-off sits in the middle of the widest gap between two pauses, so the second or two the
		// request takes to reach n8n cannot move it past a row.
		const widthBefore = (i: number) => pausedAtMs(before[i]) - pausedAtMs(before[i - 1]);
		let gap = 1;
		for (let i = 2; i < before.length; i++) if (widthBefore(i) > widthBefore(gap)) gap = i;
		expect(widthBefore(gap)).toBeGreaterThanOrEqual(6_000);
		const cutOff = (pausedAtMs(before[gap]) + pausedAtMs(before[gap - 1])) / 2;
		// The ledger answers with what its last delete took (the calls found on both sides of the
		// cut-off); the table below is what counts.
		expect((await forget(Math.round((Date.now() - cutOff) / 1000))).status).toBe(200);
		// Each call paused before the cut-off is forgotten whole: its pause, resume, what the trigger saw and its record.
		const after = await rows();
		const entriesLeft = await pauseLedgerEntries(env.stack.n8n.url, env.stack.cookie);
		// (An attempt that reached no call has no call ID: those after the cut-off stay.)
		const forgotten = callsOf(before.slice(0, gap)).filter((callId) => callId !== '');
		expect(entriesLeft.filter((entry) => forgotten.includes(entry.callId))).toEqual([]);
		expect(entriesLeft.filter((entry) => entry.callId === '' && Date.parse(entry.at) < cutOff)).toEqual([]);
		log(`retention: ${before.length} rows, cut-off ${new Date(cutOff).toISOString()}, ${after.length} kept`);
		expect(idsOf(after)).toEqual(idsOf(before.slice(gap)));
		expect(after.length).toBeGreaterThan(0);
		expect(after.length).toBeLessThan(before.length);
	});
});

describe('the order of events changes nothing, in a real n8n under load', () => {
	test('20 calls muted by one request, resumed by 20 CRM requests within a second of it: each row closed by its own resume, naming its own user', async () => {
		const { sim } = env;
		const extension = 'BURST20';
		sim.addExtension({ username: extension, representative: 'Burst' });
		const now = Math.floor(Date.now() / 1000);
		const callIds = Array.from({ length: 20 }, (_, i) => sim.addCall(extension, { callerPhone: `05230000${String(i).padStart(2, '0')}`, callStarted: now - 40, callAnswered: now - 35 }).ivrid);
		const mute = await crm('voicenter/mute', { extension }, 'lead@crm');
		expect(mute).toMatchObject({ status: 200, json: { muted: true } });
		const resumes = await Promise.all(callIds.map((callId, i) => crm('voicenter/unmute', { callId }, `agent-${i}@crm`)));
		expect(resumes.map((resume) => resume.status)).toEqual(Array(20).fill(200));
		const closed = await until('the 20 pauses closed', 2 * MINUTE_MS, async () => {
			const burst = (await rows()).filter((row) => callIds.includes(row.callId));
			return burst.length >= 20 && burst.every((row) => row.ending !== 'open') ? burst : undefined;
		});
		await ledgerIdle(env, 60_000);
		const final = (await rows()).filter((row) => callIds.includes(row.callId));
		log(`20 resumes within a second of their mute: ${final.length} rows, endings ${JSON.stringify(final.reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.ending]: (counts[row.ending] ?? 0) + 1 }), {}))}`);
		expect(final).toEqual(closed);
		expect(final).toHaveLength(20);
		callIds.forEach((callId, i) => {
			expect(final.find((row) => row.callId === callId)).toMatchObject({
				extension,
				ending: 'crm',
				pausedBy: 'lead@crm',
				muteActionId: String(mute.json.actionId),
				resumedBy: `agent-${i}@crm`,
				unmuteActionId: String(resumes[i].json.actionId),
				problem: '',
			});
		});
	});

	/**
	 * A call of a day gone by (its pause and resume as n8n wrote them, added straight to the table),
	 * then its CDR through the CDR door, as an account in Asia/Jerusalem sends it: the pause sits 27 s
	 * into the recording whichever side of a change of clocks the call began.
	 */
	test.each([
		// The call begins at 01:59:40 local, winter time (UTC+2); the pause is after the change.
		['summer time began (2026-03-27, 02:00 → 03:00 local)', '2026-03-26T23:59:40.000Z', 2, 'dstspring'],
		// 01:59:40 local happens twice that night: the first time, summer time (UTC+3).
		['summer time ended (2026-10-25, 02:00 → 01:00 local; the first 01:59)', '2026-10-24T22:59:40.000Z', 3, 'dstautumn'],
	])('a CDR across the day %s lands at 00:27–00:32', async (_when, startedUtc, offsetHours, suffix) => {
		const { sim } = env;
		const callId = `2026e2e${suffix}`;
		const started = Date.parse(startedUtc);
		const fact = (kind: LedgerEntry['kind'], seconds: number): LedgerEntry => ({
			kind,
			at: new Date(started + seconds * 1000).toISOString(),
			callId,
			extension: 'APIAPI',
			callerNumber: '•••••••099',
			by: 'dana@crm',
			via: 'webhook',
			actionId: `${kind}-${suffix}`,
			verified: true,
			problem: '',
			execution: 'e2e/0',
			seenSince: null,
			recordingUrl: '',
			callStartedAt: null,
			recordingStartedAt: null,
			callEndedAt: null,
		});
		await insertLedgerEntries(env.stack.n8n.url, env.stack.cookie, [fact('pause', 27), fact('resume', 32)]);
		expect(sim.accountTimeZone).toBe('Asia/Jerusalem');
		const cdr = { ivruniqueid: callId, time: started / 1000 + offsetHours * 3600, duration: 60, dialtime: 0, record: `https://rec.example/${callId}.mp3`, extenUser: 'APIAPI', callerPhone: '0521000099', status: 'ANSWER' };
		const posted = await fetch(`${env.stack.n8n.url}/webhook/${env.stack.kit.cdrPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cdr) });
		expect(posted.status).toBe(200);
		const row = await until(`${callId} joined`, MINUTE_MS, async () => (await rows()).find((candidate) => candidate.callId === callId && candidate.recordingUrl !== null));
		log(`${callId}: CDR time ${cdr.time} (account clock) → ${row.callStartedAt}; in the recording ${row.recordingInterval}`);
		expect(row).toMatchObject({ callStartedAt: startedUtc, recordingFrom: 27, recordingTo: 32, recordingInterval: '00:27–00:32', ending: 'crm' });
	});
});

describe('a report of more entries than one report reads', () => {
	test('answers 400 asking for fewer days, as a page and as CSV, reading no more than it takes; a shorter range is a report', async () => {
		// 50,001 entries of calls long gone, every 17 s from 2020-01-10 (ten days), as a busy centre's ledger holds them.
		const first = Date.UTC(2020, 0, 10, 0, 0, 0);
		const fact = (i: number) => otherCallsPause(`2020busy${i}`, first + i * 17_000);
		for (let from = 0; from <= 50_000; from += 5_000) {
			await insertLedgerEntries(env.stack.n8n.url, env.stack.cookie, Array.from({ length: Math.min(5_000, 50_001 - from) }, (_, i) => fact(from + i)));
		}
		const auditor = basic(AUDITOR.username, AUDITOR.password);
		for (const format of ['', '&format=csv']) {
			const started = Date.now();
			const response = await fetch(reportUrl(`from=2020-01-01&to=2020-01-31${format}`), { headers: auditor, signal: AbortSignal.timeout(120_000) });
			const text = await response.text();
			log(`report of 50,001 entries${format}: HTTP ${response.status} in ${Date.now() - started} ms: ${text.slice(0, 200)}`);
			expect(response.status).toBe(400);
			expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(text).toBe(
				'The pause ledger holds more than 50,000 entries for 2020-01-01 to 2020-01-31: more than one report reads. ' +
					'Ask for fewer days (?from=2020-01-01&to=2020-01-01 and onwards), as a page or with &format=csv.',
			);
		}
		const day = await fetch(reportUrl('from=2020-01-12&to=2020-01-12&format=csv'), { headers: auditor, signal: AbortSignal.timeout(120_000) });
		const lines = (await day.text()).trim().split('\r\n');
		log(`one day of them as CSV: HTTP ${day.status}, ${lines.length - 1} pauses`);
		expect(day.status).toBe(200);
		// A day of the account's calendar (Asia/Jerusalem) holds 86,400 / 17 ≈ 5,082 of them.
		expect(lines.length - 1).toBeGreaterThan(5_000);
		expect(lines.length - 1).toBeLessThan(5_200);
	});
});
