import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { activatePollingTrigger, emittedJson, type ActivePollingTrigger } from './engine/pollingTrigger';
import { runWorkflow } from './engine/runWorkflow';
import { triggerNode } from './engine/workflows';
import { SECRET_TOKEN, useSimulator } from './support';

const harness = useSimulator();

const ALL_EVENTS = ['recordingMuted', 'recordingResumed', 'mutedTooLong', 'callEndedWhileMuted'];
const START = Date.parse('2026-12-03T09:00:00.000Z');
const MINUTE = 60_000;

// Only Date is faked: the simulator, n8n's HTTP client and the tests' own waits keep real timers.
beforeEach(() => {
	jest.useFakeTimers({
		now: START,
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
});
afterEach(() => jest.useRealTimers());

function at(minutes: number): string {
	return new Date(START + minutes * MINUTE).toISOString();
}

function credentials(token: string = SECRET_TOKEN) {
	return { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken: token } };
}

async function activate(parameters: INodeParameters, stored?: IDataObject, typeVersion = 1) {
	return await activatePollingTrigger(
		triggerNode({ events: ALL_EVENTS, mutedTooLongMinutes: 15, ...parameters }, { typeVersion }),
		credentials(),
		stored,
	);
}

/** Moves the clock to `minutes` after the start and polls once, as the schedule would then. */
async function pollAt(trigger: ActivePollingTrigger, minutes: number): Promise<IDataObject[]> {
	jest.setSystemTime(START + minutes * MINUTE);
	return emittedJson(await trigger.poll());
}

/** The event fields of a seeded call, for exact comparison. */
function callFields(ivrid: string) {
	const call = harness.sim.call(ivrid)!;
	return {
		ivrid,
		extension: call.extension,
		callerPhone: call.callerPhone,
		callerName: call.callerName,
		direction: call.direction,
		startedAt: new Date(call.callStarted * 1000).toISOString(),
	};
}

const talking = SEED_IVRIDS.sipsip1Talking;
const onHold = SEED_IVRIDS.sipsip1OnHold;
const outgoing = SEED_IVRIDS.sipsip2Outgoing;

describe('Voicenter Trigger: a poll sequence', () => {
	test('the first poll only takes the baseline, then a mute, a resume and a new mute each fire once, with its times', async () => {
		const { sim } = harness;
		const { trigger, firstPoll } = await activate({});
		expect(firstPoll).toBeNull();

		expect(await pollAt(trigger, 1)).toEqual([]);

		sim.setMuted(talking, true);
		expect(await pollAt(trigger, 2)).toEqual([
			{ event: 'recordingMuted', ...callFields(talking), mutedSince: at(2), mutedForSeconds: 0, polledAt: at(2) },
		]);
		expect(await pollAt(trigger, 3)).toEqual([]);

		sim.setMuted(talking, false);
		expect(await pollAt(trigger, 5)).toEqual([
			{ event: 'recordingResumed', ...callFields(talking), mutedSince: at(2), mutedForSeconds: 180, polledAt: at(5) },
		]);
		expect(await pollAt(trigger, 6)).toEqual([]);

		sim.setMuted(talking, true);
		expect(await pollAt(trigger, 7)).toEqual([
			{ event: 'recordingMuted', ...callFields(talking), mutedSince: at(7), mutedForSeconds: 0, polledAt: at(7) },
		]);
		// One request per poll: the activation's and seven more.
		expect(sim.requestsTo('GetExtensionsCalls')).toHaveLength(7);
	});

	test('Muted Too Long fires once per mute, at the first poll N minutes after the first poll that saw it, and again only after a resume and a new mute', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ mutedTooLongMinutes: 2 });
		sim.setMuted(outgoing, true);
		expect((await pollAt(trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted']);
		expect(await pollAt(trigger, 2)).toEqual([]);
		expect(await pollAt(trigger, 3)).toEqual([
			{ event: 'mutedTooLong', ...callFields(outgoing), mutedSince: at(1), mutedForSeconds: 120, polledAt: at(3), attempt: 1 },
		]);
		expect(await pollAt(trigger, 4)).toEqual([]);
		expect(await pollAt(trigger, 30)).toEqual([]);

		sim.setMuted(outgoing, false);
		expect((await pollAt(trigger, 31)).map((event) => event.event)).toEqual(['recordingResumed']);
		sim.setMuted(outgoing, true);
		expect((await pollAt(trigger, 32)).map((event) => event.event)).toEqual(['recordingMuted']);
		expect(await pollAt(trigger, 33)).toEqual([]);
		expect(await pollAt(trigger, 34)).toEqual([
			{ event: 'mutedTooLong', ...callFields(outgoing), mutedSince: at(32), mutedForSeconds: 120, polledAt: at(34), attempt: 1 },
		]);
	});

	test('a poll a few seconds short of N minutes after the mute counts as N minutes (the schedule fires slightly early)', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ mutedTooLongMinutes: 1, events: ['mutedTooLong'] });
		sim.setMuted(outgoing, true);
		expect(await pollAt(trigger, 1)).toEqual([]);
		jest.setSystemTime(START + 2 * MINUTE - 2_000);
		expect(emittedJson(await trigger.poll()).map((event) => event.mutedForSeconds)).toEqual([58]);
	});

	test('a call that ends while muted fires Call Ended While Muted with the last poll that saw it; one that ends while recording fires nothing', async () => {
		const { sim } = harness;
		const { trigger } = await activate({});
		sim.setMuted(onHold, true);
		const ended = callFields(onHold);
		expect((await pollAt(trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted']);

		sim.endCall(onHold);
		sim.endCall(talking);
		expect(await pollAt(trigger, 2)).toEqual([
			{ event: 'callEndedWhileMuted', ...ended, mutedSince: at(1), mutedForSeconds: 60, polledAt: at(2), lastSeenAt: at(1) },
		]);
		expect(await pollAt(trigger, 3)).toEqual([]);
		expect(trigger.memory()).toMatchObject({ 'node:Voicenter Trigger': { watch: { muted: {} } } });
	});

	test('calls already muted at activation fire nothing then; their Muted Too Long clock starts at that first poll', async () => {
		const { sim } = harness;
		sim.setMuted(talking, true);
		sim.setMuted(outgoing, true);
		const { trigger, firstPoll } = await activate({ mutedTooLongMinutes: 5 });
		expect(firstPoll).toBeNull();
		expect(await pollAt(trigger, 4)).toEqual([]);
		const tooLong = await pollAt(trigger, 5);
		expect(tooLong.map((event) => [event.event, event.ivrid, event.mutedSince, event.mutedForSeconds])).toEqual([
			['mutedTooLong', talking, at(0), 300],
			['mutedTooLong', outgoing, at(0), 300],
		]);
	});

	test('version 1.1: the calls already muted at activation are reported then, as Recording Muted at the first poll, once', async () => {
		const { sim } = harness;
		sim.setMuted(talking, true);
		const { trigger, firstPoll } = await activate({ mutedTooLongMinutes: 5 }, undefined, 1.1);
		expect(emittedJson(firstPoll)).toEqual([{ event: 'recordingMuted', ...callFields(talking), mutedSince: at(0), mutedForSeconds: 0, polledAt: at(0), atFirstPoll: true }]);
		expect(await pollAt(trigger, 1)).toEqual([]);
		// Its clock started at that first poll, as in version 1.
		expect((await pollAt(trigger, 5)).map((event) => [event.event, event.ivrid, event.mutedSince])).toEqual([['mutedTooLong', talking, at(0)]]);
		sim.setMuted(talking, false);
		expect((await pollAt(trigger, 6)).map((event) => [event.event, event.mutedSince, event.atFirstPoll])).toEqual([['recordingResumed', at(0), undefined]]);
	});

	test('version 1.1 with no call muted at activation: the first poll reports nothing', async () => {
		const { firstPoll } = await activate({}, undefined, 1.1);
		expect(firstPoll).toBeNull();
	});

	test('only the chosen events are emitted, while the others are still tracked', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ events: ['mutedTooLong'], mutedTooLongMinutes: 2 });
		sim.setMuted(talking, true);
		expect(await pollAt(trigger, 1)).toEqual([]);
		sim.setMuted(talking, false);
		expect(await pollAt(trigger, 2)).toEqual([]);
		sim.setMuted(talking, true);
		expect(await pollAt(trigger, 3)).toEqual([]);
		// Counted from the new mute at minute 3, not the first at minute 1.
		expect(await pollAt(trigger, 4)).toEqual([]);
		expect((await pollAt(trigger, 5)).map((event) => [event.event, event.mutedSince])).toEqual([['mutedTooLong', at(3)]]);
	});
});

describe('Voicenter Trigger: Report Again Every', () => {
	test('a call still muted is reported again at the first poll N minutes after the last report, as attempt 2, 3, 4', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ mutedTooLongMinutes: 2, mutedTooLongRepeatMinutes: 3 });
		sim.setMuted(outgoing, true);
		expect((await pollAt(trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted']);
		expect(await pollAt(trigger, 3)).toEqual([
			{ event: 'mutedTooLong', ...callFields(outgoing), mutedSince: at(1), mutedForSeconds: 120, polledAt: at(3), attempt: 1 },
		]);
		expect(await pollAt(trigger, 4)).toEqual([]);
		expect(await pollAt(trigger, 5)).toEqual([]);
		expect(await pollAt(trigger, 6)).toEqual([
			{ event: 'mutedTooLong', ...callFields(outgoing), mutedSince: at(1), mutedForSeconds: 300, polledAt: at(6), attempt: 2 },
		]);
		expect(await pollAt(trigger, 8)).toEqual([]);
		// No poll at minute 9 (n8n was busy): the first poll after it reports, and the next is counted from it.
		expect((await pollAt(trigger, 11)).map((event) => [event.event, event.attempt, event.mutedForSeconds])).toEqual([['mutedTooLong', 3, 600]]);
		expect(await pollAt(trigger, 13)).toEqual([]);
		expect((await pollAt(trigger, 14)).map((event) => [event.event, event.attempt])).toEqual([['mutedTooLong', 4]]);
		expect(trigger.memory()).toMatchObject({
			'node:Voicenter Trigger': { watch: { muted: { [outgoing]: { mutedSince: at(1), tooLongReports: 4, lastReportedAt: at(14) } } } },
		});
	});

	test('a poll a few seconds short of N minutes after the last report counts as N minutes (the schedule fires slightly early)', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ events: ['mutedTooLong'], mutedTooLongMinutes: 1, mutedTooLongRepeatMinutes: 2 });
		sim.setMuted(outgoing, true);
		expect(await pollAt(trigger, 1)).toEqual([]);
		expect((await pollAt(trigger, 2)).map((event) => event.attempt)).toEqual([1]);
		jest.setSystemTime(START + 4 * MINUTE - 2_000);
		expect(emittedJson(await trigger.poll()).map((event) => [event.attempt, event.mutedForSeconds])).toEqual([[2, 178]]);
	});

	test('0 (the default) reports each mute once, however long it stays muted', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ mutedTooLongMinutes: 2, mutedTooLongRepeatMinutes: 0 });
		sim.setMuted(outgoing, true);
		expect((await pollAt(trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted']);
		expect((await pollAt(trigger, 3)).map((event) => [event.event, event.attempt])).toEqual([['mutedTooLong', 1]]);
		for (const minute of [4, 5, 6, 10, 30, 120]) expect(await pollAt(trigger, minute)).toEqual([]);
	});

	test('a resume stops the reports; a new mute starts again at attempt 1, the threshold after it; the other events carry no attempt', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ mutedTooLongMinutes: 2, mutedTooLongRepeatMinutes: 2 });
		sim.setMuted(outgoing, true);
		sim.setMuted(onHold, true);
		const ended = callFields(onHold);
		expect((await pollAt(trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted', 'recordingMuted']);
		expect((await pollAt(trigger, 3)).map((event) => [event.event, event.ivrid, event.attempt])).toEqual([
			['mutedTooLong', onHold, 1],
			['mutedTooLong', outgoing, 1],
		]);

		sim.setMuted(outgoing, false);
		sim.endCall(onHold);
		expect(await pollAt(trigger, 4)).toEqual([
			{ event: 'recordingResumed', ...callFields(outgoing), mutedSince: at(1), mutedForSeconds: 180, polledAt: at(4) },
			{ event: 'callEndedWhileMuted', ...ended, mutedSince: at(1), mutedForSeconds: 180, polledAt: at(4), lastSeenAt: at(3) },
		]);
		for (const minute of [5, 6, 8]) expect(await pollAt(trigger, minute)).toEqual([]);

		sim.setMuted(outgoing, true);
		expect(await pollAt(trigger, 9)).toEqual([
			{ event: 'recordingMuted', ...callFields(outgoing), mutedSince: at(9), mutedForSeconds: 0, polledAt: at(9) },
		]);
		expect(await pollAt(trigger, 10)).toEqual([]);
		expect((await pollAt(trigger, 11)).map((event) => [event.event, event.mutedSince, event.attempt])).toEqual([['mutedTooLong', at(9), 1]]);
		expect((await pollAt(trigger, 13)).map((event) => [event.event, event.mutedSince, event.attempt])).toEqual([['mutedTooLong', at(9), 2]]);
	});
});

describe('Voicenter Trigger: a failed poll', () => {
	test.each([
		['HTTP 500', { kind: 'httpStatus', status: 500 }, /HTTP 500/],
		['HTTP 403 (an IP that is not whitelisted)', { kind: 'httpStatus', status: 403 }, /HTTP 403/],
		['garbage instead of JSON', { kind: 'malformedJson' }, /not valid JSON|JSON/i],
		['a dropped connection, every attempt', { kind: 'drop' }, /3 attempts/],
	] as const)('%s is an error, and the next good poll carries on with the state it had: no false resume, no reset clock', async (_name, fault, message) => {
		const { sim } = harness;
		const { trigger } = await activate({ mutedTooLongMinutes: 3 });
		sim.setMuted(talking, true);
		expect((await pollAt(trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted']);
		const before = trigger.memory();

		sim.injectFault({ fault: fault as never, endpoint: 'GetExtensionsCalls' });
		jest.setSystemTime(START + 2 * MINUTE);
		const failure = trigger.poll();
		await expect(failure).rejects.toThrow(/^Voicenter Trigger \(Get Active Calls\)( \(3 attempts\))? failed: /);
		await expect(failure).rejects.toThrow(message);
		expect(trigger.memory()).toEqual(before);
		sim.clearFaults();

		expect(await pollAt(trigger, 3)).toEqual([]);
		expect((await pollAt(trigger, 4)).map((event) => [event.event, event.mutedSince])).toEqual([['mutedTooLong', at(1)]]);
	});

	test('a missing API token fails the activation before anything is sent, with the message Get Active Calls gives', async () => {
		const activation = activatePollingTrigger(triggerNode({ events: ALL_EVENTS }), credentials(''));
		await expect(activation).rejects.toThrow(
			'Voicenter API credential: Voicenter Trigger (Get Active Calls) needs the API Token, and it is empty',
		);
		expect(harness.sim.requestsTo('GetExtensionsCalls')).toHaveLength(0);
	});

	test('a wrong API token fails the activation, saying the token is the problem', async () => {
		const activation = activatePollingTrigger(triggerNode({ events: ALL_EVENTS }), credentials('wrong-token'));
		await expect(activation).rejects.toThrow(/Voicenter Trigger \(Get Active Calls\) failed: .*(wrong API token|ERR 1)/);
	});

	test('a negative Report Again Every fails the activation with what to do', async () => {
		await expect(activate({ mutedTooLongRepeatMinutes: -5 })).rejects.toThrow('"Report Again Every (Minutes)" must be a number of at least 0');
		expect(harness.sim.requestsTo('GetExtensionsCalls')).toHaveLength(0);
	});

	test('no event chosen fails the activation with what to do', async () => {
		await expect(activatePollingTrigger(triggerNode({ events: [] }), credentials())).rejects.toThrow(
			'Choose at least one event in "Events"',
		);
		expect(harness.sim.requestsTo('GetExtensionsCalls')).toHaveLength(0);
	});
});

describe('Voicenter Trigger: what survives a restart or a re-activation', () => {
	test('a new activation from the stored state carries on: a call that ended meanwhile is reported, and the clock keeps its start', async () => {
		const { sim } = harness;
		const first = await activate({ mutedTooLongMinutes: 10 });
		sim.setMuted(talking, true);
		sim.setMuted(onHold, true);
		expect((await pollAt(first.trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted', 'recordingMuted']);
		const stored = first.trigger.stored();
		expect(stored).toEqual(first.trigger.memory());

		// n8n is down from minute 2 to minute 8; the call on hold ends meanwhile.
		const ended = callFields(onHold);
		sim.endCall(onHold);
		jest.setSystemTime(START + 8 * MINUTE);
		const second = await activate({ mutedTooLongMinutes: 10 }, stored);
		expect(emittedJson(second.firstPoll)).toEqual([
			{ event: 'callEndedWhileMuted', ...ended, mutedSince: at(1), mutedForSeconds: 420, polledAt: at(8), lastSeenAt: at(1) },
		]);
		expect((await pollAt(second.trigger, 11)).map((event) => [event.event, event.ivrid, event.mutedSince])).toEqual([
			['mutedTooLong', talking, at(1)],
		]);
	});

	test('the reports made survive a restart: the next is the following attempt, N minutes after the last', async () => {
		const { sim } = harness;
		const parameters = { events: ['mutedTooLong'], mutedTooLongMinutes: 2, mutedTooLongRepeatMinutes: 5 };
		const first = await activate(parameters);
		sim.setMuted(talking, true);
		expect(await pollAt(first.trigger, 1)).toEqual([]);
		expect((await pollAt(first.trigger, 3)).map((event) => event.attempt)).toEqual([1]);
		// n8n is down from minute 4 to minute 7.
		jest.setSystemTime(START + 7 * MINUTE);
		const second = await activate(parameters, first.trigger.stored());
		expect(second.firstPoll).toBeNull();
		expect((await pollAt(second.trigger, 8)).map((event) => [event.attempt, event.mutedSince])).toEqual([[2, at(1)]]);
	});

	test('n8n stores the state only when a poll emits: a mute seen by a poll that emitted nothing is seen anew after a restart', async () => {
		const { sim } = harness;
		const first = await activate({ events: ['mutedTooLong'], mutedTooLongMinutes: 10 });
		sim.setMuted(talking, true);
		expect(await pollAt(first.trigger, 1)).toEqual([]);
		expect(first.trigger.memory()).not.toEqual(first.trigger.stored());

		jest.setSystemTime(START + 3 * MINUTE);
		const second = await activate({ events: ['mutedTooLong'], mutedTooLongMinutes: 10 }, first.trigger.stored());
		expect(second.firstPoll).toBeNull();
		expect(await pollAt(second.trigger, 11)).toEqual([]);
		expect((await pollAt(second.trigger, 13)).map((event) => event.mutedSince)).toEqual([at(3)]);
	});

	test('with Recording Muted chosen too, every new mute is stored at once, so a restart keeps its clock', async () => {
		const { sim } = harness;
		const events = ['recordingMuted', 'mutedTooLong'];
		const first = await activate({ events, mutedTooLongMinutes: 10 });
		sim.setMuted(talking, true);
		expect((await pollAt(first.trigger, 1)).map((event) => event.event)).toEqual(['recordingMuted']);

		jest.setSystemTime(START + 3 * MINUTE);
		const second = await activate({ events, mutedTooLongMinutes: 10 }, first.trigger.stored());
		expect((await pollAt(second.trigger, 11)).map((event) => [event.event, event.mutedSince])).toEqual([['mutedTooLong', at(1)]]);
	});
});

describe('Voicenter Trigger: state kept before Report Again Every', () => {
	/** The static data as the trigger stored it before it counted reports: one boolean per muted call. */
	function oldState(polledAt: string, ivrid: string, mutedSince: string, reportedTooLong: boolean): IDataObject {
		return { 'node:Voicenter Trigger': { watch: { scope: '', polledAt, muted: { [ivrid]: { ...remembered(ivrid), mutedSince, reportedTooLong } } } } };
	}

	/** A seeded call's fields as the trigger remembers a muted call. */
	function remembered(ivrid: string) {
		const { extension, callerPhone, callerName, direction, startedAt } = callFields(ivrid);
		return { extension, callerPhone, callerName, direction, startedAt };
	}

	test('reportedTooLong true counts as one report made: no second first report, with 0 none at all', async () => {
		const { sim } = harness;
		sim.setMuted(talking, true);
		jest.setSystemTime(START + 20 * MINUTE);
		const { trigger, firstPoll } = await activate({}, oldState(at(16), talking, at(1), true));
		expect(firstPoll).toBeNull();
		for (const minute of [21, 30, 60]) expect(await pollAt(trigger, minute)).toEqual([]);
		const kept = (trigger.memory()['node:Voicenter Trigger'] as IDataObject).watch as IDataObject;
		// Kept from now on in today's shape.
		expect((kept.muted as IDataObject)[talking]).toEqual({ ...remembered(talking), mutedSince: at(1), tooLongReports: 1, lastReportedAt: at(16) });
	});

	test('reportedTooLong true with Report Again Every: the next report is attempt 2, N minutes after the poll that state was kept at', async () => {
		const { sim } = harness;
		sim.setMuted(talking, true);
		jest.setSystemTime(START + 20 * MINUTE);
		const { trigger, firstPoll } = await activate({ mutedTooLongRepeatMinutes: 5 }, oldState(at(16), talking, at(1), true));
		expect(firstPoll).toBeNull();
		expect(await pollAt(trigger, 21)).toEqual([
			{ event: 'mutedTooLong', ...callFields(talking), mutedSince: at(1), mutedForSeconds: 1200, polledAt: at(21), attempt: 2 },
		]);
		expect(await pollAt(trigger, 25)).toEqual([]);
		expect((await pollAt(trigger, 26)).map((event) => event.attempt)).toEqual([3]);
	});

	test('reportedTooLong false counts as none: the first report, attempt 1, at the first poll past the threshold', async () => {
		const { sim } = harness;
		sim.setMuted(talking, true);
		jest.setSystemTime(START + 10 * MINUTE);
		const { trigger, firstPoll } = await activate({}, oldState(at(9), talking, at(1), false));
		expect(firstPoll).toBeNull();
		expect(await pollAt(trigger, 15)).toEqual([]);
		expect(await pollAt(trigger, 16)).toEqual([
			{ event: 'mutedTooLong', ...callFields(talking), mutedSince: at(1), mutedForSeconds: 900, polledAt: at(16), attempt: 1 },
		]);
		expect(await pollAt(trigger, 40)).toEqual([]);
	});
});

describe('Voicenter Trigger: extensions', () => {
	test('several extensions: one Active Calls request for all of them, and events only for their calls', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ extensions: `${SEED_EXTENSIONS.sipsip2}, ${SEED_EXTENSIONS.withTwoCalls}` });
		sim.setMuted(talking, true);
		sim.setMuted(outgoing, true);
		sim.setMuted(SEED_IVRIDS.apiapiTalking, true);
		const muted = await pollAt(trigger, 1);
		expect(muted.map((event) => event.ivrid).sort()).toEqual([outgoing, talking].sort());

		const requests = sim.requestsTo('GetExtensionsCalls');
		expect(requests).toHaveLength(2);
		expect(requests.map((request) => request.body)).toEqual([{ code: SECRET_TOKEN }, { code: SECRET_TOKEN }]);
		expect(requests.every((request) => request.method === 'POST' && !request.url.includes(SECRET_TOKEN))).toBe(true);
	});

	test('one extension: the same request for all, and events only for its calls', async () => {
		const { sim } = harness;
		const { trigger } = await activate({ extensions: SEED_EXTENSIONS.sipsip2 });
		sim.setMuted(outgoing, true);
		sim.setMuted(talking, true);
		expect((await pollAt(trigger, 1)).map((event) => event.ivrid)).toEqual([outgoing]);
		expect(sim.requestsTo('GetExtensionsCalls').map((request) => request.body)).toEqual([{ code: SECRET_TOKEN }, { code: SECRET_TOKEN }]);
	});

	test('an extension the account does not have fails the poll, naming it', async () => {
		await expect(activate({ extensions: `${SEED_EXTENSIONS.sipsip2}, NOSUCH1` })).rejects.toThrow(
			`Voicenter's Active Calls has no extension "NOSUCH1"`,
		);
	});

	test('changing the extensions takes a new baseline instead of reporting the old ones\' calls as ended', async () => {
		const { sim } = harness;
		sim.setMuted(talking, true);
		const first = await activate({ extensions: SEED_EXTENSIONS.withTwoCalls });
		sim.setMuted(outgoing, true);
		expect(await pollAt(first.trigger, 1)).toEqual([]);
		const second = await activate({ extensions: SEED_EXTENSIONS.sipsip2 }, first.trigger.memory());
		expect(second.firstPoll).toBeNull();
	});
});

describe('Voicenter Trigger: Fetch Test Event in the editor', () => {
	test('shows the calls muted right now, as "mutedNow" (never an event a flow acts on), and keeps no state', async () => {
		const { sim } = harness;
		sim.setMuted(outgoing, true);
		const node = triggerNode({ events: ALL_EVENTS });
		const result = await runWorkflow({ nodes: [node], connections: {} }, { credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(result.output(node.name).map((item) => item.json)).toEqual([
			{ event: 'mutedNow', ...callFields(outgoing), mutedSince: null, mutedForSeconds: null, polledAt: at(0) },
		]);
		expect(result.workflow.staticData).toEqual({});
	});
});
