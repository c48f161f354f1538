import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';
const CALL = SEED_IVRIDS.apiapiTalking;

const atOnce = (extra: Record<string, unknown> = {}, verifyTimeout = 3000) => ({
	operation: 'mute',
	target: 'callId',
	callId: CALL,
	options: { verify: true, verifyOrder: 'atOnce', verifyTimeout },
	...extra,
});

describe('Verify Order "Send at Once": the request does not wait for the first read, the proof is the same', () => {
	test.each([
		['set', atOnce()],
		['left at its default', { ...atOnce(), options: { verify: true, verifyTimeout: 3000 } }],
	])('(%s) the mute reaches Voicenter while the first read is still held, and the call is read back muted after it', async (_how, parameters) => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'delay', ms: 400 }, endpoint: 'GetExtensionsCalls', times: 1 });
		const result = await harness.run(parameters);

		expect(result.error).toBeUndefined();
		const json = result.output(NODE)[0].json;
		expect(json).toMatchObject({ ActionID: sim.issuedActionIds[0], verified: true, calls: [{ ivrid: CALL, isMuted: true }] });
		// The first read may already have seen the mute: whether the call already was muted is not known.
		expect(json).not.toHaveProperty('alreadyInState');
		expect(json.calls).toEqual([{ ivrid: CALL, isMuted: true }]);

		const [firstRead, mute, lastRead] = sim.requests;
		expect([firstRead.endpoint, mute.endpoint, lastRead.endpoint]).toEqual(['GetExtensionsCalls', 'MuteUnmuteCalls', 'GetExtensionsCalls']);
		expect(mute.receivedAt - firstRead.receivedAt).toBeLessThan(400);
		expect(sim.requests).toHaveLength(3);
	});

	test.each([
		['never applies', { kind: 'never' } as const],
		['is applied the other way round', { kind: 'inverted' } as const],
	])('a mute that %s still fails: the call is treated as still recording', async (_, behaviour) => {
		const { sim } = harness;
		sim.setMuteBehaviour(behaviour);
		const result = await harness.run(atOnce({}, 1200));
		expect(result.error?.message).toBe(
			`Mute of call ID "${CALL}" (verify) failed (item 0): Voicenter accepted it (ActionID ${sim.issuedActionIds[0]}) but call ${CALL} did not show muted within 1200 ms`,
		);
		expect(result.error?.description).toMatch(/STILL RECORDING/);
	});

	test('a call already muted is verified, without alreadyInState', async () => {
		harness.sim.setMuted(CALL, true);
		const json = (await harness.run(atOnce())).output(NODE)[0].json;
		expect(json).toMatchObject({ verified: true, calls: [{ ivrid: CALL, isMuted: true }] });
		expect(json).not.toHaveProperty('alreadyInState');
	});

	test('by extension, every call of the extension is verified', async () => {
		const result = await harness.run(atOnce({ target: 'extension', extension: SEED_EXTENSIONS.withTwoCalls }));
		const calls = result.output(NODE)[0].json.calls as Array<{ ivrid: string; isMuted: boolean }>;
		expect(calls.map((call) => [call.ivrid, call.isMuted]).sort()).toEqual(
			[
				[SEED_IVRIDS.sipsip1Talking, true],
				[SEED_IVRIDS.sipsip1OnHold, true],
			].sort(),
		);
	});

	test('an extension with no live call: nothing to verify is a failure', async () => {
		const result = await harness.run(atOnce({ target: 'extension', extension: SEED_EXTENSIONS.withoutCalls }));
		expect(result.error?.message).toMatch(/extension "SIPSIP3" had no live call when the request was sent, so nothing was verified$/);
	});

	test('a first read that fails after Voicenter accepted the mute fails the item, with the ActionID and verified: false', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'errorCode', errorCode: 2, message: 'Internal error' }, endpoint: 'GetExtensionsCalls', times: 1 });
		const result = await harness.run(atOnce(), undefined, { continueOnFail: true });
		const [item] = result.output(NODE);
		expect(item.json).toMatchObject({ ActionID: sim.issuedActionIds[0], verified: false, calls: [] });
		expect(item.json.error).toMatch(
			new RegExp(`^Mute of call ID "${CALL}" \\(verify\\) failed \\(item 0\\): Voicenter accepted it \\(ActionID ${sim.issuedActionIds[0]}\\) but the calls could not be read: `),
		);
		expect(item.json.description).toMatch(/STILL RECORDING/);
	});

	test('without a token nothing is sent', async () => {
		const result = await harness.run(atOnce(), undefined, { token: '' });
		expect(result.error?.message).toMatch(/needs the API Token, and it is empty$/);
		expect(harness.sim.requests).toHaveLength(0);
	});

	test('a mute Voicenter refuses fails as the mute, whatever the read gave', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'errorCode', errorCode: 400, message: 'UniqueIvrID not found' }, endpoint: 'MuteUnmuteCalls', times: 1 });
		const result = await harness.run(atOnce());
		expect(result.error?.message).toBe(`Mute of call ID "${CALL}" failed (item 0): Voicenter answered ErrorCode 400: UniqueIvrID not found`);
		expect(sim.issuedActionIds).toHaveLength(0);
	});
});

describe('a read that fails after Voicenter accepted the request never says nothing was muted', () => {
	test.each([
		['Send at Once', 'atOnce'],
		['Read Calls First', 'readFirst'],
	])('(%s) the token refused on a read after the mute: the mute is reported as unconfirmed, the call as still recording', async (_, verifyOrder) => {
		const { sim } = harness;
		// The read that goes out with (or before) the mute answers; every later read is refused.
		sim.injectFault({ fault: { kind: 'delay', ms: 0 }, endpoint: 'GetExtensionsCalls', times: 1 });
		sim.injectFault({ fault: { kind: 'errorCode', errorCode: 1, message: 'Authorization failed.' }, endpoint: 'GetExtensionsCalls' });
		const result = await harness.run(atOnce({ options: { verify: true, verifyOrder, verifyTimeout: 3000 } }), undefined, { continueOnFail: true });

		const [item] = result.output(NODE);
		expect(sim.call(CALL)!.isMuted).toBe(true);
		expect(item.json).toMatchObject({ ActionID: sim.issuedActionIds[0], verified: false });
		expect(item.json.error).toMatch(
			new RegExp(`^Mute of call ID "${CALL}" \\(verify\\) failed \\(item 0\\): Voicenter accepted it \\(ActionID ${sim.issuedActionIds[0]}\\) but the calls could not be read: .*the API token was refused`),
		);
		expect(item.json.description).toMatch(/STILL RECORDING/);
		expect(JSON.stringify(item.json)).not.toMatch(/Nothing was muted/);
	});

	test('a read that fails before anything is sent (Read Calls First) still says nothing was muted', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'errorCode', errorCode: 1, message: 'Authorization failed.' }, endpoint: 'GetExtensionsCalls' });
		const result = await harness.run(atOnce({ options: { verify: true, verifyOrder: 'readFirst' } }));
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
		expect(result.error?.description).toMatch(/Nothing was muted or unmuted/);
	});
});

describe('Verify reads again at most once a second, the read included', () => {
	test('with reads that take 500 ms, a read starts every second, not every 1.5 s', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		sim.injectFault({ fault: { kind: 'delay', ms: 500 }, endpoint: 'GetExtensionsCalls' });
		const result = await harness.run({ operation: 'mute', target: 'callId', callId: CALL, options: { verify: true, verifyOrder: 'readFirst', verifyTimeout: 2600 } });
		expect(result.error?.message).toMatch(/did not show muted within 2600 ms$/);

		const mute = sim.requestsTo('MuteUnmuteCalls')[0];
		const readsAfter = sim.requestsTo('GetExtensionsCalls').filter((read) => read.receivedAt >= mute.receivedAt);
		// Reads at about 0, 1000 and 2000 ms, then a last one at the deadline (2600 ms), whose wait the deadline cut short.
		expect(readsAfter.length).toBeGreaterThanOrEqual(3);
		for (let i = 1; i < 3; i++) {
			const gap = readsAfter[i].receivedAt - readsAfter[i - 1].receivedAt;
			expect(gap).toBeGreaterThanOrEqual(990);
			expect(gap).toBeLessThan(1400);
		}
	});
});
