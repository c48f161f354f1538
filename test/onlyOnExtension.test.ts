import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';
const OWN = SEED_EXTENSIONS.withTwoCalls;
const mutedCalls = () => harness.sim.calls().filter((call) => call.isMuted).map((call) => call.ivrid).sort();

/** A Mute restricted to the agent's own extension (SIPSIP1), the target mapped from each item. */
const restricted = (target: string, extra: Record<string, unknown> = {}) => ({
	operation: 'mute',
	target,
	[target]: '={{ $json.value }}',
	options: { onlyOnExtension: '={{ $json.own }}', requestedBy: '={{ $json.agent }}', ...extra },
});

describe('Only Calls On Extension: an agent pauses only the calls on his own extension', () => {
	test('his own extension, a call on it, a caller on it: each is muted', async () => {
		const { sim } = harness;
		for (const [target, value] of [
			['extension', OWN],
			['callId', SEED_IVRIDS.sipsip1Talking],
			['callerNumber', '+972-50-111-2233'],
		]) {
			sim.reset();
			const added = sim.addCall(OWN, { callerPhone: '0501112233' });
			const result = await harness.run(restricted(target), items({ value, own: OWN, agent: 'dana@example.com' }));
			expect([target, result.error?.message]).toEqual([target, undefined]);
			const expected = target === 'extension' ? [SEED_IVRIDS.sipsip1Talking, SEED_IVRIDS.sipsip1OnHold, added.ivrid] : target === 'callId' ? [SEED_IVRIDS.sipsip1Talking] : [added.ivrid];
			expect(mutedCalls()).toEqual(expected.sort());
		}
	});

	test("a colleague's extension is refused before anything is read or sent, and the audit names who tried", async () => {
		const { sim } = harness;
		const result = await harness.run(restricted('extension'), items({ value: SEED_EXTENSIONS.apiapi, own: OWN, agent: 'dana@example.com' }), {
			continueOnFail: true,
		});
		const [item] = result.output(NODE);
		expect(item.json.error).toBe(`Extension "APIAPI" refused: only the calls on extension "${OWN}" may be paused or resumed here (item 0)`);
		expect(item.json.description).toMatch(/Nothing was muted or unmuted\.$/);
		expect(item.json.audit).toMatchObject({ requestedBy: 'dana@example.com', targetValue: SEED_EXTENSIONS.apiapi, ActionID: null });
		expect(sim.requests).toEqual([]);
	});

	test("a stranger's call ID (live on another extension) is refused after one read of his own extension; nothing is sent", async () => {
		const { sim } = harness;
		const result = await harness.run(restricted('callId'), items({ value: SEED_IVRIDS.apiapiTalking, own: OWN, agent: 'dana@example.com' }), {
			continueOnFail: true,
		});
		const [item] = result.output(NODE);
		expect(item.json.error).toBe(`Call ID "${SEED_IVRIDS.apiapiTalking}" refused: it is not a live call on extension "${OWN}" (item 0)`);
		expect(item.json.audit).toMatchObject({ requestedBy: 'dana@example.com', targetValue: SEED_IVRIDS.apiapiTalking, ActionID: null });
		expect(sim.requests.map((request) => [request.endpoint, (request.body as { extension?: string }).extension])).toEqual([['GetExtensionsCalls', OWN]]);
		expect(mutedCalls()).toEqual([]);
	});

	test("a caller whose call is on another extension is refused; only the agent's own call with that number is muted", async () => {
		const { sim } = harness;
		const refused = await harness.run(restricted('callerNumber'), items({ value: '0501234567', own: OWN }));
		expect(refused.error?.message).toBe(`Caller number "0501234567" refused: its live call is not on extension "${OWN}" (item 0)`);
		expect(sim.requestsTo('MuteUnmuteCalls')).toEqual([]);

		// The same customer on two lines: one call on the agent's extension, one on a colleague's.
		const own = sim.addCall(OWN, { callerPhone: '0501234567' });
		const result = await harness.run(restricted('callerNumber'), items({ value: '0501234567', own: OWN }));
		expect(result.error).toBeUndefined();
		expect(mutedCalls()).toEqual([own.ivrid]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid: own.ivrid, state: '1' }]);
	});

	test.each([
		['empty', ''],
		['blank', '  '],
		['missing from the item', undefined],
	])('added but %s (e.g. the agent is not in the list): refused, nothing read or sent', async (_, own) => {
		const { sim } = harness;
		const result = await harness.run(restricted('extension'), items({ value: OWN, own }));
		expect(result.error?.message).toBe('Only Calls On Extension is empty (item 0)');
		expect(sim.requests).toEqual([]);
	});

	test('the Unmute of a colleague\'s call is refused the same way', async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const result = await harness.run(
			{ ...restricted('callId'), operation: 'unmute' },
			items({ value: SEED_IVRIDS.sipsip2Outgoing, own: OWN }),
		);
		expect(result.error?.message).toMatch(/^Call ID "2020101201cc7b38df" refused/);
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(true);
		expect(sim.requestsTo('MuteUnmuteCalls')).toEqual([]);
	});

	test('with Verify, a call on his extension is muted and verified', async () => {
		const result = await harness.run(restricted('callId', { verify: true }), items({ value: SEED_IVRIDS.sipsip1OnHold, own: OWN }));
		expect(result.output(NODE)[0].json).toMatchObject({ verified: true, calls: [{ ivrid: SEED_IVRIDS.sipsip1OnHold, isMuted: true }] });
	});
});
