import type { INode } from 'n8n-workflow';

import { WATCHDOG_ALERT_CREDENTIAL } from '../scripts/n8n/exampleWorkflows';
import { startSimulator, type VoicenterSimulator } from '../simulator/voicenterSimulator';
import { startAlertInbox, type AlertInbox } from './engine/alertInbox';
import { activatePollingTrigger } from './engine/pollingTrigger';
import { runWorkflow } from './engine/runWorkflow';
import { exampleWorkflow } from './engine/workflows';
import { SECRET_TOKEN } from './support';

const EXAMPLE = exampleWorkflow('recording-watchdog.json');
const START = Date.parse('2026-12-03T09:00:00.000Z');
const MINUTE = 60_000;

let sim: VoicenterSimulator;
let inbox: AlertInbox;
beforeAll(async () => {
	sim = await startSimulator({ token: SECRET_TOKEN, scale: { extensions: 2000, liveCalls: 1500 } });
	inbox = await startAlertInbox(WATCHDOG_ALERT_CREDENTIAL.data.secret);
});
afterAll(async () => {
	await inbox.close();
	await sim.close();
});
beforeEach(() => {
	jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'hrtime', 'performance'] });
});
afterEach(() => jest.useRealTimers());

const credentials = () => ({
	'voicenter-simulator': { baseUrl: sim.baseUrl, apiToken: SECRET_TOKEN },
	[WATCHDOG_ALERT_CREDENTIAL.id]: WATCHDOG_ALERT_CREDENTIAL.data,
});

test('at 2,000 extensions and 1,500 live calls the watchdog resumes exactly the calls left muted, at its threshold plus one poll', async () => {
	const trigger = EXAMPLE.nodes.find((node) => node.type === 'n8n-nodes-voicenter.voicenterTrigger') as INode;
	const { trigger: watchdog } = await activatePollingTrigger(trigger, credentials());
	const pollAt = async (minutes: number) => {
		jest.setSystemTime(START + minutes * MINUTE);
		const emitted = await watchdog.poll();
		return emitted === null ? undefined : await runWorkflow(EXAMPLE, { mode: 'trigger', input: emitted[0], credentials: credentials(), instanceUrl: inbox.url });
	};
	// Three forgotten mutes, far apart in the account's list.
	const forgotten = [10, 700, 1400].map((index) => sim.calls()[index].ivrid);
	for (const ivrid of forgotten) sim.setMuted(ivrid, true);

	const noted = await pollAt(1);
	expect(noted?.status).toBe('success');
	for (const minute of [2, 8, 15]) expect(await pollAt(minute)).toBeUndefined();
	expect(forgotten.every((ivrid) => sim.call(ivrid)?.isMuted)).toBe(true);

	// The example's threshold is 15 minutes: the poll after it resumes them.
	const resumed = await pollAt(16);
	expect(resumed?.status).toBe('success');
	expect(resumed!.output('Audit: resumed by the watchdog').map((item) => item.json.ivrid).sort()).toEqual([...forgotten].sort());
	expect(sim.calls().filter((call) => call.isMuted)).toEqual([]);
	const unmutes = sim.requestsTo('MuteUnmuteCalls').map((request) => request.body as { ivrid: string; state: string });
	expect(unmutes.sort((a, b) => a.ivrid.localeCompare(b.ivrid))).toEqual([...forgotten].sort().map((ivrid) => ({ ivrid, state: '0' })));
	expect(inbox.received).toHaveLength(3);
});
