import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { WATCHDOG_ALERT_CREDENTIAL } from '../scripts/n8n/exampleWorkflows';
import { PAUSE_LEDGER_CALLED_AS as PAUSE_LEDGER_WORKFLOW_ID } from '../nodes/Voicenter/kit/kitContents';
import { SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { startAlertInbox, type AlertInbox } from './engine/alertInbox';
import { activatePollingTrigger } from './engine/pollingTrigger';
import { runWorkflow, type RunResult } from './engine/runWorkflow';
import { exampleWorkflow } from './engine/workflows';
import { SECRET_TOKEN, useSimulator } from './support';

const harness = useSimulator();
const EXAMPLE = exampleWorkflow('recording-watchdog.json');
const ALERT_PATH = '/webhook/voicenter/watchdog-alert';
const START = Date.parse('2026-12-03T09:00:00.000Z');
const MINUTE = 60_000;

let inbox: AlertInbox;
beforeAll(async () => (inbox = await startAlertInbox(WATCHDOG_ALERT_CREDENTIAL.data.secret)));
afterAll(async () => await inbox.close());
beforeEach(() => {
	inbox.received.length = 0;
	jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'hrtime', 'performance'] });
});
afterEach(() => jest.useRealTimers());

const credentials = () => ({
	'voicenter-simulator': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN },
	[WATCHDOG_ALERT_CREDENTIAL.id]: WATCHDOG_ALERT_CREDENTIAL.data,
});
/** The alert as the Alert inbox gets it: inside a token signed with the watchdog's passphrase, good for 5 minutes. */
const signedAlert = (audit: IDataObject) => ({
	path: ALERT_PATH,
	body: {},
	claims: { sub: 'recording watchdog', alert: audit, iat: expect.any(Number), exp: expect.any(Number) },
});
const triggerOf = () => EXAMPLE.nodes.find((node) => node.type === 'n8n-nodes-voicenter.voicenterTrigger') as INode;

/** The example's trigger, activated, and each later poll at `minutes` run through the example as n8n would. */
async function activeWatchdog() {
	const { trigger } = await activatePollingTrigger(triggerOf(), credentials());
	return async (minutes: number) => {
		jest.setSystemTime(START + minutes * MINUTE);
		const emitted = await trigger.poll();
		if (emitted === null) return undefined;
		return await runWorkflow(EXAMPLE, { mode: 'trigger', input: emitted[0], credentials: credentials(), instanceUrl: inbox.url });
	};
}

const jsonOf = (items: INodeExecutionData[]): IDataObject[] => items.map((item) => item.json);

/** What each call of the pause ledger got (never waited for: a poll does not wait on the ledger). */
function ledgerItems(result: RunResult): IDataObject[][] {
	expect(result.subWorkflowCalls.every((call) => call.workflowId === PAUSE_LEDGER_WORKFLOW_ID && !call.waited)).toBe(true);
	return result.subWorkflowCalls.map((call) => jsonOf(call.items));
}

describe('examples/recording-watchdog.json', () => {
	test('a call left muted for 15 minutes is resumed with Verify, audited as resumed by the watchdog, and the alert is sent', async () => {
		const { sim } = harness;
		const ivrid = SEED_IVRIDS.sipsip2Outgoing;
		const pollAt = await activeWatchdog();
		sim.setMuted(ivrid, true);

		const noted = await pollAt(1);
		expect(noted?.status).toBe('success');
		// The pause goes to the ledger (it adds a row only when no n8n workflow has: a mute made outside n8n).
		expect(ledgerItems(noted!)).toEqual([[expect.objectContaining({ event: 'recordingMuted', ivrid })]]);
		expect(noted?.output('Resume recording')).toEqual([]);
		expect(inbox.received).toEqual([]);

		for (const minute of [2, 10, 15]) expect(await pollAt(minute)).toBeUndefined();
		expect(sim.call(ivrid)?.isMuted).toBe(true);

		const resumed = await pollAt(16);
		expect(resumed?.status).toBe('success');
		expect(sim.call(ivrid)?.isMuted).toBe(false);
		const [audit] = jsonOf(resumed!.output('Audit: resumed by the watchdog'));
		expect(audit).toMatchObject({
			resumedBy: 'watchdog',
			resumed: true,
			attempt: 1,
			verified: true,
			ivrid,
			extension: 'SIPSIP2',
			mutedSince: new Date(START + MINUTE).toISOString(),
			mutedForSeconds: 900,
			actionId: sim.issuedActionIds[0],
		});
		expect(inbox.received).toEqual([signedAlert(audit)]);
		expect(ledgerItems(resumed!)).toEqual([[expect.objectContaining({ ActionID: sim.issuedActionIds[0], audit: expect.objectContaining({ operation: 'unmute', source: 'watchdog', requestedBy: 'recording watchdog' }) })]]);
		const unmute = sim.requestsTo('MuteUnmuteCalls');
		expect(unmute.map((request) => request.body)).toEqual([{ ivrid, state: '0' }]);
	});

	test('a resume Voicenter refuses is audited as NOT resumed, alerted, and fails the execution', async () => {
		const { sim } = harness;
		const ivrid = SEED_IVRIDS.apiapiTalking;
		const pollAt = await activeWatchdog();
		sim.setMuted(ivrid, true);
		await pollAt(1);
		sim.injectFault({ fault: { kind: 'errorCode', errorCode: 400, message: 'Parameters are not valid' }, endpoint: 'MuteUnmuteCalls' });

		const failed = await pollAt(16);
		expect(failed?.status).toBe('error');
		expect(failed?.error?.message).toMatch(new RegExp(`^The watchdog could not resume the recording of call ${ivrid}: Unmute of call ID "${ivrid}" failed`));
		expect(sim.call(ivrid)?.isMuted).toBe(true);
		const [audit] = jsonOf(failed!.output('Audit: NOT resumed'));
		expect(audit).toMatchObject({ resumedBy: 'watchdog', resumed: false, ivrid, error: expect.stringContaining('Parameters are not valid') });
		expect(audit).toMatchObject({ attempt: 1, whatToDo: expect.stringMatching(/^Attempt 1 failed\. .* the watchdog tries again every 5 minutes/) });
		expect(inbox.received).toEqual([signedAlert(audit)]);
		// The ledger heard of the failed attempt before "Fail the execution" stopped the run.
		expect(ledgerItems(failed!)).toEqual([[expect.objectContaining({ error: expect.objectContaining({ audit: expect.objectContaining({ operation: 'unmute', source: 'watchdog' }) }) })]]);
	});

	test('while the call stays muted the watchdog tries again every 5 minutes (Report Again Every), each alert naming its attempt', async () => {
		const { sim } = harness;
		const ivrid = SEED_IVRIDS.apiapiTalking;
		const pollAt = await activeWatchdog();
		sim.setMuted(ivrid, true);
		await pollAt(1);
		sim.injectFault({ fault: { kind: 'errorCode', errorCode: 400, message: 'Parameters are not valid' }, endpoint: 'MuteUnmuteCalls' });

		const first = await pollAt(16);
		expect(first?.status).toBe('error');
		for (const minute of [17, 20]) expect(await pollAt(minute)).toBeUndefined();
		const second = await pollAt(21);
		expect(second?.status).toBe('error');
		const [secondAudit] = jsonOf(second!.output('Audit: NOT resumed'));
		expect(secondAudit).toMatchObject({ resumed: false, attempt: 2, ivrid, mutedForSeconds: 1200, whatToDo: expect.stringMatching(/^Attempt 2 failed\. /) });
		expect(sim.call(ivrid)?.isMuted).toBe(true);

		// Voicenter is back: the third attempt resumes the call, and the reports stop.
		sim.clearFaults();
		expect(await pollAt(25)).toBeUndefined();
		const resumed = await pollAt(26);
		expect(resumed?.status).toBe('success');
		expect(sim.call(ivrid)?.isMuted).toBe(false);
		const [audit] = jsonOf(resumed!.output('Audit: resumed by the watchdog'));
		expect(audit).toMatchObject({ resumedBy: 'watchdog', resumed: true, attempt: 3, verified: true, ivrid, mutedForSeconds: 1500 });
		expect(inbox.received.map((alert) => (alert.claims as IDataObject).alert)).toEqual([
			expect.objectContaining({ resumed: false, attempt: 1 }),
			secondAudit,
			audit,
		]);
		// The next poll sees the recording on again: the ledger hears it (and finds the pause already closed by the watchdog); nothing else runs.
		const after = await pollAt(31);
		expect(ledgerItems(after!)).toEqual([[expect.objectContaining({ event: 'recordingResumed', ivrid })]]);
		expect(after?.output('Resume recording')).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ ivrid, state: '0' },
			{ ivrid, state: '0' },
			{ ivrid, state: '0' },
		]);
	});

	test('a call that ends while muted is audited and alerted; nothing is sent to Voicenter', async () => {
		const { sim } = harness;
		const ivrid = SEED_IVRIDS.sipsip1OnHold;
		const pollAt = await activeWatchdog();
		sim.setMuted(ivrid, true);
		await pollAt(1);
		sim.endCall(ivrid);

		const ended = await pollAt(3);
		expect(ended?.status).toBe('success');
		const [audit] = jsonOf(ended!.output('Audit: call ended while muted'));
		expect(audit).toMatchObject({ event: 'callEndedWhileMuted', ivrid, mutedForSeconds: 120, lastSeenAt: new Date(START + MINUTE).toISOString() });
		expect(inbox.received).toEqual([signedAlert(audit)]);
		expect(ledgerItems(ended!)).toEqual([[expect.objectContaining({ event: 'callEndedWhileMuted', ivrid })]]);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
	});

	test('a recording resumed outside n8n goes to the ledger only: no resume, no alert', async () => {
		const { sim } = harness;
		const ivrid = SEED_IVRIDS.sipsip2Outgoing;
		const pollAt = await activeWatchdog();
		sim.setMuted(ivrid, true);
		await pollAt(1);
		sim.setMuted(ivrid, false);

		const resumed = await pollAt(2);
		expect(resumed?.status).toBe('success');
		expect(ledgerItems(resumed!)).toEqual([[expect.objectContaining({ event: 'recordingResumed', ivrid })]]);
		expect(resumed?.output('Resume recording')).toEqual([]);
		expect(inbox.received).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
	});
});
