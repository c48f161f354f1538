/**
 * The pause ledger's decisions, through n8n's engine with the real Voicenter Pause Ledger node:
 * which entries each item becomes, how entries pair into pauses whatever order they were written
 * in, Voicenter's clock, the report, and retention.
 */
import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { LedgerEntry, PauseRow, ReportRequest, StoredEntry } from '../nodes/Voicenter/ledger/ledgerTypes';
import { pairPauses } from '../nodes/Voicenter/ledger/pairPauses';
import { MOST_ENTRIES_A_REPORT_READS, tooManyEntries } from '../nodes/Voicenter/ledger/reportRequest';
import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { runWorkflow } from './engine/runWorkflow';
import { TEST_CREDENTIAL, chain, recordingNode } from './engine/workflows';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();
const LEDGER = 'Voicenter Pause Ledger';
const JERUSALEM = 'Asia/Jerusalem';

function ledgerNode(parameters: INodeParameters, overrides: Partial<INode> = {}): INode {
	return {
		id: 'voicenter-pause-ledger',
		name: LEDGER,
		type: 'n8n-nodes-voicenter.voicenterPauseLedger',
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: TEST_CREDENTIAL,
		...overrides,
	};
}

async function runLedger(parameters: INodeParameters, input: INodeExecutionData[], timeZone?: string) {
	const result = await runWorkflow(chain(ledgerNode(parameters)), {
		input,
		credentials: { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN, ...(timeZone === undefined ? {} : { timeZone }) } },
	});
	return { result, json: result.error === undefined ? result.output(LEDGER).map((item) => item.json) : [] };
}

/** A Voicenter Recording node, then the ledger turning its items into entries. */
async function recordThenLedger(parameters: INodeParameters, input: INodeExecutionData[] = [{ json: {} }]) {
	const result = await runWorkflow(chain(recordingNode(parameters), ledgerNode({ operation: 'addEntries' })), {
		input,
		credentials: { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN } },
	});
	expect(result.error).toBeUndefined();
	return result.output(LEDGER);
}

/** Voicenter's clock: what its servers write for a UTC instant on an Israeli account (+02:00 winter, +03:00 summer). */
const jerusalemSeconds = (utcIso: string, summer: boolean) => Date.parse(utcIso) / 1000 + (summer ? 3 : 2) * 3600;

describe('Turn Into Entries: what each item means for the ledger', () => {
	test('a verified mute by call ID → one pause entry: who, which door, ActionID, verified, the execution; the caller number masked', async () => {
		const [entry] = await recordThenLedger(
			{ operation: 'mute', target: 'callId', callId: SEED_IVRIDS.apiapiTalking, options: { verify: true, verifyTimeout: 3000 } },
			items({ callerNumber: '0521234567' }),
		);
		expect(entry.json).toMatchObject({
			kind: 'pause',
			callId: SEED_IVRIDS.apiapiTalking,
			actionId: harness.sim.issuedActionIds[0],
			verified: true,
			problem: '',
			seenSince: null,
		});
		expect(Date.parse(String(entry.json.at))).toBeGreaterThan(Date.now() - 60_000);
		expect(String(entry.json.execution)).toMatch(/\/\d+$/);
		expect(entry.pairedItem).toEqual({ item: 0 });
	});

	test('a mute of an extension without Verify → the ledger reads Active Calls: one entry per call muted on it now', async () => {
		const entries = await recordThenLedger({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.withTwoCalls });
		const muted = harness.sim.calls().filter((call) => call.extension === SEED_EXTENSIONS.withTwoCalls && call.isMuted);
		expect(muted.length).toBe(2);
		expect(entries.map((item) => item.json.callId).sort()).toEqual(muted.map((call) => call.ivrid).sort());
		for (const item of entries) {
			expect(item.json).toMatchObject({ kind: 'pause', extension: SEED_EXTENSIONS.withTwoCalls, verified: null });
			// The caller's number, from Active Calls, masked like every other.
			const call = muted.find((candidate) => candidate.ivrid === item.json.callId)!;
			expect(item.json.callerNumber).toBe(`${'•'.repeat(call.callerPhone.length - 3)}${call.callerPhone.slice(-3)}`);
		}
	});

	test('a mute of an extension read after a quick resume: a call started before the mute is covered though it records again; a call started after is not', async () => {
		const { sim } = harness;
		sim.addExtension({ username: 'QUICK1' });
		const now = Math.floor(Date.now() / 1000);
		const early = sim.addCall('QUICK1', { callStarted: now - 60, callAnswered: now - 55 }).ivrid;
		const mute = await harness.run({ operation: 'mute', target: 'extension', extension: 'QUICK1' });
		expect(mute.error).toBeUndefined();
		// Resumed, and a new call answered, before the ledger reads Active Calls.
		sim.setMuted(early, false);
		sim.addCall('QUICK1', { callStarted: now + 120, callAnswered: now + 121 });
		const { json } = await runLedger({ operation: 'addEntries' }, mute.output('Voicenter Recording'));
		expect(json.map((entry) => [entry.kind, entry.callId])).toEqual([['pause', early]]);
	});

	test('a failed mute → a pauseFailed entry with Voicenter\'s reason (the recording went on)', async () => {
		const result = await runWorkflow(
			chain(recordingNode({ operation: 'mute', target: 'extension', extension: 'NOSUCH9' }, { onError: 'continueRegularOutput' }), ledgerNode({ operation: 'addEntries' })),
			{ credentials: { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN } } },
		);
		const [entry] = result.output(LEDGER);
		expect(entry.json).toMatchObject({ kind: 'pauseFailed', callId: '', extension: 'NOSUCH9' });
		expect(String(entry.json.problem)).toContain('NOSUCH9');
	});

	test("the Voicenter Trigger's events → seen entries timed by its polls; Muted Too Long adds nothing", async () => {
		const event = { ivrid: 'c1', extension: 'APIAPI', callerPhone: '0529876543', mutedSince: '2026-12-07T10:00:00.000Z', polledAt: '2026-12-07T10:03:00.000Z' };
		const { json } = await runLedger(
			{ operation: 'addEntries' },
			items({ ...event, event: 'recordingMuted', polledAt: event.mutedSince }, { ...event, event: 'mutedTooLong' }, { ...event, event: 'recordingResumed' }, { ...event, event: 'callEndedWhileMuted' }),
		);
		expect(json.map((entry) => [entry.kind, entry.at, entry.seenSince, entry.by])).toEqual([
			['seenPaused', event.mutedSince, event.mutedSince, 'outside n8n (seen by the Voicenter Trigger)'],
			['seenResumed', event.polledAt, event.mutedSince, 'outside n8n (seen by the Voicenter Trigger)'],
			['seenEnded', event.polledAt, event.mutedSince, 'the call ended'],
		]);
		expect(json[0].callerNumber).toBe('•••••••543');
	});

	test.each([
		['winter', '2026-01-15T08:00:00.000Z', false],
		['summer', '2026-07-15T08:00:00.000Z', true],
	])("a CDR from an account in Asia/Jerusalem (%s): its times are read on the account's clock", async (_season, startedUtc, summer) => {
		const cdr = { ivruniqueid: 'cdr1', time: jerusalemSeconds(startedUtc, summer), duration: 95, dialtime: 5, record: 'https://rec.example/cdr1.mp3', extenUser: 'APIAPI', callerPhone: '0521112223' };
		const { json } = await runLedger({ operation: 'addEntries' }, items({ body: cdr, headers: {} }), JERUSALEM);
		expect(json).toEqual([
			expect.objectContaining({
				kind: 'callRecord',
				callId: 'cdr1',
				extension: 'APIAPI',
				callStartedAt: startedUtc,
				recordingStartedAt: new Date(Date.parse(startedUtc) + 5000).toISOString(),
				callEndedAt: new Date(Date.parse(startedUtc) + 95_000).toISOString(),
				recordingUrl: 'https://rec.example/cdr1.mp3',
			}),
		]);
	});

	test('an item that is none of these fails the node, naming the item; Continue On Fail keeps it as an error item', async () => {
		const { result } = await runLedger({ operation: 'addEntries' }, items({ event: 'recordingMuted', ivrid: 'x', mutedSince: 'x', polledAt: 'x' }, { hello: 1 }));
		expect(result.error?.message).toMatch(/^Item 0 cannot go into the pause ledger: "mutedSince" is not a date/);
		const continued = await runWorkflow(chain(ledgerNode({ operation: 'addEntries' }, { onError: 'continueRegularOutput' })), {
			input: items({ hello: 1 }),
			credentials: { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN } },
		});
		expect(continued.output(LEDGER)).toEqual([{ json: { error: expect.stringMatching(/^Item 0 cannot go into the pause ledger: it is neither/) }, pairedItem: { item: 0 } }]);
	});

	test('a bad Account Time Zone on the credential is refused before anything is read', async () => {
		const cdr = { ivruniqueid: 'cdr1', time: 1_800_000_000, duration: 10 };
		const { result } = await runLedger({ operation: 'addEntries' }, items(cdr), 'Asia/Jerusalm');
		expect(result.error?.message).toMatch(/Account Time Zone|time zone/i);
	});
});

// ---------------------------------------------------------------------------------------------
// Pairing: entries written in any order give the same pauses.

const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function entry(kind: LedgerEntry['kind'], seconds: number, fields: Partial<LedgerEntry> = {}): LedgerEntry {
	return {
		kind,
		at: at(seconds),
		callId: 'call-1',
		extension: 'SIPSIP1',
		callerNumber: '',
		by: kind.startsWith('seen') ? 'outside n8n (seen by the Voicenter Trigger)' : 'dana@crm',
		via: kind.startsWith('seen') || kind === 'callRecord' ? 'voicenter' : 'webhook',
		actionId: kind === 'pause' ? 'mute-1' : kind === 'resume' ? 'unmute-1' : '',
		verified: null,
		problem: '',
		execution: kind === 'pause' || kind === 'resume' ? 'wf/1' : '',
		seenSince: null,
		recordingUrl: '',
		callStartedAt: null,
		recordingStartedAt: null,
		callEndedAt: null,
		...fields,
	};
}

function callRecord(callId: string, startSeconds: number, answerAfter: number, endSeconds: number): LedgerEntry {
	return entry('callRecord', endSeconds, {
		callId,
		by: '',
		actionId: '',
		recordingUrl: `https://rec.example/${callId}.mp3`,
		callStartedAt: at(startSeconds),
		recordingStartedAt: at(startSeconds + answerAfter),
		callEndedAt: at(endSeconds),
	});
}

/** Writes the entries in this order: n8n gives ids as they land. */
const stored = (entries: LedgerEntry[]): StoredEntry[] => entries.map((entry, index) => ({ ...entry, id: index + 1 }));

function permutations<T>(list: T[]): T[][] {
	if (list.length <= 1) return [list];
	return list.flatMap((item, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The pauses, without the ids (which entry landed first differs by order). */
const withoutIds = (rows: PauseRow[]) => rows.map(({ id, ...row }) => row);

/** Every order in which the entries could be written gives the pauses the first order gives. */
function sameInEveryOrder(entries: LedgerEntry[]): PauseRow[] {
	const expected = pairPauses(stored(entries));
	for (const order of permutations(entries)) expect(withoutIds(pairPauses(stored(order)))).toEqual(withoutIds(expected));
	return expected;
}

async function pairThroughEngine(entries: LedgerEntry[]): Promise<Record<string, unknown>[]> {
	const { json } = await runLedger({ operation: 'pairPauses' }, stored(entries).map((row) => ({ json: row as unknown as INodeExecutionData['json'] })));
	return json;
}

describe('Pair Into Pauses: one row per pause of one call, whatever order its facts were written in', () => {
	test("a CRM pause, its resume and the call's record, in all 6 orders → one row, ending crm, where it sits in the recording", async () => {
		const entries = [entry('pause', 0, { verified: true }), entry('resume', 42), callRecord('call-1', -30, 5, 100)];
		const [row, ...others] = sameInEveryOrder(entries);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			callId: 'call-1',
			pausedAt: at(0),
			resumedAt: at(42),
			pauseSeconds: 42,
			ending: 'crm',
			pausedBy: 'dana@crm',
			resumedBy: 'dana@crm',
			muteActionId: 'mute-1',
			unmuteActionId: 'unmute-1',
			muteVerified: true,
			unmuteVerified: null,
			recordingUrl: 'https://rec.example/call-1.mp3',
			recordingFrom: 25,
			recordingTo: 67,
			recordingInterval: '00:25–01:07',
		});
		// Through n8n's engine, written in the worst order (the record first, the resume before its pause).
		expect(withoutIds((await pairThroughEngine([entries[2], entries[1], entries[0]])) as unknown as PauseRow[])).toEqual(withoutIds([row]));
	});

	test("the trigger's Recording Resumed written before the CRM's resume, and even stamped before it (the poll landed before n8n stamped the unmute) → the CRM named, in all 24 orders", () => {
		const [row, ...others] = sameInEveryOrder([
			entry('pause', 0),
			entry('seenPaused', 20, { seenSince: at(20) }),
			entry('seenResumed', 60, { seenSince: at(20) }),
			entry('resume', 61, { by: 'omer@crm' }),
		]);
		expect(others).toEqual([]);
		expect(row).toMatchObject({ ending: 'crm', pausedBy: 'dana@crm', resumedBy: 'omer@crm', resumedVia: 'webhook', unmuteActionId: 'unmute-1', pausedAt: at(0), resumedAt: at(60), pauseSeconds: 60 });
	});

	test('the trigger saw the mute before n8n stamped it → one pause, n8n\'s, from when it was first seen', () => {
		const [row, ...others] = sameInEveryOrder([entry('seenPaused', 10, { seenSince: at(10) }), entry('pause', 12), entry('resume', 50)]);
		expect(others).toEqual([]);
		expect(row).toMatchObject({ pausedBy: 'dana@crm', pausedVia: 'webhook', muteActionId: 'mute-1', pausedAt: at(10), ending: 'crm' });
	});

	test('two resumes of one call → one row naming the first; the second is noted on it', () => {
		const [row, ...others] = sameInEveryOrder([entry('pause', 0), entry('resume', 30, { by: 'dana@crm' }), entry('resume', 31, { by: 'omer@crm', actionId: 'unmute-2' })]);
		expect(others).toEqual([]);
		expect(row).toMatchObject({ ending: 'crm', resumedBy: 'dana@crm', unmuteActionId: 'unmute-1' });
		expect(row.problem).toBe(`resumed again at ${at(31)} (omer@crm, webhook)`);
	});

	test('paused and resumed outside n8n, seen by the trigger → a row from its polls, ending outsideN8n', () => {
		const [row] = sameInEveryOrder([entry('seenPaused', 60, { seenSince: at(60) }), entry('seenResumed', 180, { seenSince: at(60) })]);
		expect(row).toMatchObject({ ending: 'outsideN8n', pausedVia: 'voicenter', resumedVia: 'voicenter', pausedAt: at(60), resumedAt: at(180), pauseSeconds: 120, muteActionId: '' });
	});

	test('a call already muted at the trigger\'s first poll (no Recording Muted), then resumed → a row, not nothing', () => {
		const [row, ...others] = sameInEveryOrder([entry('seenResumed', 120, { seenSince: at(0) })]);
		expect(others).toEqual([]);
		expect(row).toMatchObject({ ending: 'outsideN8n', pausedAt: at(0), resumedAt: at(120), pausedVia: 'voicenter' });
	});

	test("a call already muted at the trigger's first poll (version 1.1 reports it) is a row while it stays paused, saying so", async () => {
		const event = { event: 'recordingMuted', ivrid: 'call-1', extension: 'SIPSIP1', callerPhone: '', mutedSince: at(0), polledAt: at(0), atFirstPoll: true };
		const { json } = await runLedger({ operation: 'addEntries' }, items(event));
		const [row, ...others] = pairPauses(stored(json as unknown as LedgerEntry[]));
		expect(others).toEqual([]);
		expect(row).toMatchObject({ ending: 'open', pausedAt: at(0), pausedVia: 'voicenter', problem: 'already muted when the Voicenter Trigger began to watch: paused then or before' });
		// n8n's own pause made before the trigger began to watch keeps the row n8n's.
		const [ours] = sameInEveryOrder([entry('pause', -30), entry('seenPaused', 0, { seenSince: at(0), problem: 'already muted when the Voicenter Trigger began to watch: paused then or before' })]);
		expect(ours).toMatchObject({ pausedBy: 'dana@crm', pausedAt: at(-30), problem: '' });
	});

	test('a resume of a call the ledger holds no pause of → a row that says so', () => {
		const [row] = sameInEveryOrder([entry('resume', 5)]);
		expect(row).toMatchObject({ pausedAt: null, resumedAt: at(5), ending: 'crm', pauseSeconds: null });
		expect(row.problem).toBe('resumed, but the ledger holds no pause of this call before it');
	});

	test('the call ended while muted: the trigger\'s Call Ended While Muted or, without it, the record ends the pause', () => {
		const [seen] = sameInEveryOrder([entry('pause', 0), entry('seenEnded', 70, { seenSince: at(10), by: 'the call ended' }), callRecord('call-1', -30, 5, 65)]);
		// Ended at the call's end, as its record tells it, not at the poll that saw it.
		expect(seen).toMatchObject({ ending: 'callEnded', resumedBy: 'the call ended', resumedAt: at(65), pauseSeconds: 65 });
		const [seenOnly] = sameInEveryOrder([entry('pause', 0), entry('seenEnded', 70, { seenSince: at(10), by: 'the call ended' })]);
		expect(seenOnly).toMatchObject({ ending: 'callEnded', resumedAt: at(70), recordingUrl: null });
		const [byRecord] = sameInEveryOrder([entry('pause', 0), callRecord('call-1', -30, 5, 65)]);
		expect(byRecord).toMatchObject({ ending: 'callEnded', resumedAt: at(65), pauseSeconds: 65, recordingFrom: 25, recordingTo: 90, recordingInterval: '00:25–01:30' });
	});

	test('a failed unmute is noted on the pause it did not end; the retry ends it', () => {
		const [row] = sameInEveryOrder([entry('pause', 0), entry('resumeFailed', 60, { by: 'recording watchdog', via: 'watchdog', problem: 'SERVER_ERROR' }), entry('resume', 120, { by: 'recording watchdog', via: 'watchdog' })]);
		expect(row).toMatchObject({ ending: 'watchdog', problem: `resume failed at ${at(60)} (recording watchdog, watchdog): SERVER_ERROR` });
	});

	test("Voicenter's record sent twice joins once: the first one counts", () => {
		const first = callRecord('call-1', -30, 5, 100);
		const again = { ...callRecord('call-1', -30, 5, 100), recordingUrl: 'https://rec.example/other.mp3' };
		const rows = pairPauses(stored([entry('pause', 0), first, entry('resume', 10), again]));
		expect(rows).toHaveLength(1);
		expect(rows[0].recordingUrl).toBe('https://rec.example/call-1.mp3');
	});

	test('20 calls muted by one request and resumed by 20 requests written before the mute\'s own entries: each closes its own row, naming its own user', () => {
		const calls = Array.from({ length: 20 }, (_, i) => `call-${i}`);
		const resumes = calls.map((callId, i) => entry('resume', 3 + i / 100, { callId, by: `agent-${i}@crm`, actionId: `unmute-${i}` }));
		const pauses = calls.map((callId) => entry('pause', 0, { callId, actionId: 'mute-all' }));
		const rows = pairPauses(stored([...resumes, ...pauses]));
		expect(rows).toHaveLength(20);
		for (const [i, callId] of calls.entries()) {
			expect(rows.find((row) => row.callId === callId)).toMatchObject({ ending: 'crm', resumedBy: `agent-${i}@crm`, unmuteActionId: `unmute-${i}`, muteActionId: 'mute-all', pausedAt: at(0) });
		}
	});

	test('an unmute of an extension ends every open pause on it, and no other', () => {
		const rows = pairPauses(
			stored([entry('pause', 0, { callId: 'a' }), entry('pause', 1, { callId: 'b' }), entry('pause', 2, { callId: 'c', extension: 'OTHER' }), entry('resume', 10, { callId: '', extension: 'SIPSIP1' })]),
		);
		expect(rows.map((row) => [row.callId, row.ending])).toEqual([
			['a', 'crm'],
			['b', 'crm'],
			['c', 'open'],
		]);
	});

	test("an unmute of an extension ends a pause made by call ID on it, the call's extension known only from its record", () => {
		const rows = pairPauses(stored([entry('pause', 0, { callId: 'd', extension: '' }), entry('resume', 10, { callId: '', extension: 'SIPSIP1' }), callRecord('d', -30, 5, 100)]));
		expect(rows).toEqual([expect.objectContaining({ callId: 'd', extension: 'SIPSIP1', ending: 'crm', resumedAt: at(10) })]);
	});

	test('a failed attempt is a row of its own, and a resume after it is noted there', () => {
		const rows = pairPauses(stored([entry('pauseFailed', 0, { callId: '', extension: 'NOSUCH9', problem: 'Extension not found' }), entry('resume', 5, { callId: '', extension: 'NOSUCH9' })]));
		expect(rows).toEqual([expect.objectContaining({ ending: 'notPaused', extension: 'NOSUCH9', problem: `Extension not found | resumed again at ${at(5)} (dana@crm, webhook)` })]);
	});
});

describe("Voicenter's clock: a pause lands at the right place of the recording, across a daylight-saving change", () => {
	// Israel's summer time began on Friday 2026-03-27 at 02:00 local (00:00 UTC): the clocks went to 03:00.
	test.each([
		['winter, the hour before the change', '2026-03-26T23:30:00.000Z', false],
		['summer, the hour after it', '2026-03-27T00:30:00.000Z', true],
	])('%s: the CDR as an Israeli account sends it, through the engine, places a pause 27 s into the call at 00:27', async (_when, startedUtc, summer) => {
		const start = Date.parse(startedUtc);
		const cdr = { ivruniqueid: 'dst1', time: jerusalemSeconds(startedUtc, summer), duration: 60, dialtime: 0, record: 'https://rec.example/dst1.mp3' };
		const { json: [record] } = await runLedger({ operation: 'addEntries' }, items(cdr), JERUSALEM);
		const pause = { ...entry('pause', 0, { callId: 'dst1' }), at: new Date(start + 27_000).toISOString() };
		const resume = { ...entry('resume', 0, { callId: 'dst1' }), at: new Date(start + 32_000).toISOString() };
		const [row] = pairPauses(stored([pause, resume, record as unknown as LedgerEntry]));
		expect(row).toMatchObject({ recordingFrom: 27, recordingTo: 32, recordingInterval: '00:27–00:32', callStartedAt: startedUtc });
	});
});

describe('the report and retention, through the engine', () => {
	const day = [entry('pause', 0, { callId: 'r1', callerNumber: '•••••••001' }), entry('resume', 30, { callId: 'r1' }), callRecord('r1', -30, 5, 100)];

	test("Read Report Request: the account's days, a bad date named", async () => {
		const { json } = await runLedger({ operation: 'readReportRequest', query: '={{ $json.query }}' }, items({ query: { from: '2026-07-02', to: '2026-07-02' } }, { query: { from: '2026-13-01' } }), JERUSALEM);
		expect(json[0]).toMatchObject({ problem: '', request: { fromDay: '2026-07-02', toDay: '2026-07-02', timeZone: JERUSALEM, format: 'html', from: '2026-07-01T21:00:00.000Z', to: '2026-07-02T20:59:59.999Z' } });
		expect(json[1].problem).toBe('"from" (2026-13-01) must be a date written YYYY-MM-DD, e.g. ?from=' + String(json[1].problem).split('?from=')[1]);
	});

	test('Read Report Request: Most Entries sets how many a report reads, and a bad one is named with its item', async () => {
		const { json } = await runLedger({ operation: 'readReportRequest', query: '={{ $json.query }}', mostEntries: 100_000 }, items({ query: { from: '2026-07-02', to: '2026-07-02' } }), JERUSALEM);
		expect(json[0]).toMatchObject({ problem: '', request: { mostEntries: 100_000 }, readAtMost: 100_001 });
		const { json: byDefault } = await runLedger({ operation: 'readReportRequest', query: '={{ $json.query }}' }, items({ query: {} }), JERUSALEM);
		expect(byDefault[0]).toMatchObject({ request: { mostEntries: MOST_ENTRIES_A_REPORT_READS }, readAtMost: MOST_ENTRIES_A_REPORT_READS + 1 });
		const { result } = await runLedger({ operation: 'readReportRequest', query: '={{ $json.query }}', mostEntries: 0 }, items({ query: {} }), JERUSALEM);
		expect(result.error?.message).toBe('Item 0: "Most Entries" must be a whole number of 1 or more, not 0');
	});

	test("Build Report refuses past the request's own Most Entries, naming that number", async () => {
		const request = { fromDay: '2026-01-01', toDay: '2026-01-01', timeZone: JERUSALEM, format: 'html', from: '2025-12-31T22:00:00.000Z', to: '2026-01-01T21:59:59.999Z', mostEntries: 2 };
		const three = [0, 1, 2].map((i) => entry('pause', i, { callId: `k${i}` }));
		const { json } = await runLedger({ operation: 'buildReport', request: JSON.stringify(request) }, stored(three).map((row) => ({ json: row as unknown as INodeExecutionData['json'] })));
		expect(json[0]).toMatchObject({ statusCode: 400, tooManyEntries: true });
		expect(String(json[0].body)).toMatch(/^The pause ledger holds more than 2 entries for 2026-01-01 to 2026-01-01/);
	});

	test('Build Report: the page names the zone and when the ledger was last written; the CSV has the row', async () => {
		const request = { fromDay: '2026-12-07', toDay: '2026-12-07', timeZone: JERUSALEM, format: 'html', from: '2026-12-06T22:00:00.000Z', to: '2026-12-07T21:59:59.999Z' };
		const input = stored(day).map((row) => ({ json: row as unknown as INodeExecutionData['json'] }));
		const page = await runLedger({ operation: 'buildReport', request: JSON.stringify(request), lastWrittenAt: at(100) }, input);
		expect(page.json).toHaveLength(1);
		expect(page.json[0]).toMatchObject({ contentType: 'text/html; charset=utf-8', pauses: 1 });
		expect(String(page.json[0].body)).toContain(JERUSALEM);
		expect(String(page.json[0].body)).toContain('2026-12-07 12:01:40');
		const csv = await runLedger({ operation: 'buildReport', request: JSON.stringify({ ...request, format: 'csv' }) }, input);
		const lines = String(csv.json[0].body).trim().split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toContain(',r1,SIPSIP1,•••••••001,');
		expect(csv.json[0].fileName).toBe('pause-ledger-2026-12-07-to-2026-12-07.csv');
	});

	test('Build Report: days holding more entries than a report reads get no partial report but HTTP 400 asking for fewer days', async () => {
		const request = { fromDay: '2026-01-01', toDay: '2026-06-30', timeZone: JERUSALEM, format: 'csv', from: '2025-12-31T22:00:00.000Z', to: '2026-06-30T20:59:59.999Z' };
		const many = Array.from({ length: MOST_ENTRIES_A_REPORT_READS + 1 }, (_, i) => entry('pause', i, { callId: `m${i}` }));
		const { json } = await runLedger({ operation: 'buildReport', request: JSON.stringify(request) }, stored(many).map((row) => ({ json: row as unknown as INodeExecutionData['json'] })));
		expect(json).toEqual([{ statusCode: 400, contentType: 'text/plain; charset=utf-8', body: tooManyEntries(request as ReportRequest), tooManyEntries: true }]);
		// One fewer is a report.
		const { json: fits } = await runLedger({ operation: 'buildReport', request: JSON.stringify(request) }, stored(many.slice(1)).map((row) => ({ json: row as unknown as INodeExecutionData['json'] })));
		expect(fits[0]).toMatchObject({ statusCode: 200, contentType: 'text/csv; charset=utf-8' });
	});

	test('Build Report refuses a request it did not make', async () => {
		const { result } = await runLedger({ operation: 'buildReport', request: '{"fromDay":"2026-12-07"}' }, [{ json: {} }]);
		expect(result.error?.message).toBe('"Report Request" is not a request made by Read Report Request');
	});

	test('Plan Retention refuses a cut-off that is not a date, naming the field', async () => {
		const { result } = await runLedger({ operation: 'planRetention', pausedBefore: 'last year' }, [{ json: {} }]);
		expect(result.error?.message).toBe('"Forget Pauses Before" is not a date: "last year"');
	});

	test('Plan Retention: of the entries deleted before the cut-off and those just after it, the calls on both sides go whole; the rest need no second delete', async () => {
		// r1 ended before the cut-off; r3 was paused before it and resumed after it; r2 began after it;
		// an attempt that reached no call went with the delete before the cut-off.
		const entries = [
			...day,
			entry('pauseFailed', 50, { callId: '', extension: 'NOSUCH9' }),
			entry('pause', 190, { callId: 'r3' }),
			entry('resume', 230, { callId: 'r3' }),
			entry('pause', 500, { callId: 'r2' }),
			entry('pauseFailed', 600, { callId: '', extension: 'NOSUCH9' }),
		];
		const { json } = await runLedger(
			{ operation: 'planRetention', pausedBefore: at(200) },
			// As the Merge hands them over: what the delete gave back, an empty item for a read that found nothing, the read after.
			[...stored(entries).map((row) => ({ json: row as unknown as INodeExecutionData['json'] })), { json: {} }],
		);
		expect(json).toEqual([{ callId: 'r3', before: new Date(T0 + 200_000 + 2 * 86_400_000).toISOString() }]);
	});
});
