import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';
const verifyByCall = (operation: 'mute' | 'unmute', callId: string, verifyTimeout = 3000) => ({
	operation,
	target: 'callId',
	callId,
	options: { verify: true, verifyOrder: 'readFirst', verifyTimeout },
});

const verifyByExtension = (extension: string, verifyTimeout = 3000) => ({
	operation: 'mute',
	target: 'extension',
	extension,
	options: { verify: true, verifyOrder: 'readFirst', verifyTimeout },
});

describe('Verify, Read Calls First: the requested state is read back from Active Calls', () => {
	test('a mute applied at once is verified: read before, request, read after', async () => {
		const { sim } = harness;
		const result = await harness.run(verifyByCall('mute', SEED_IVRIDS.apiapiTalking));

		expect(result.error).toBeUndefined();
		expect(result.output(NODE)[0].json).toMatchObject({
			ActionID: sim.issuedActionIds[0],
			verified: true,
			alreadyInState: false,
			calls: [{ ivrid: SEED_IVRIDS.apiapiTalking, isMuted: true, alreadyInState: false }],
		});
		expect(sim.requests.map((request) => request.endpoint)).toEqual(['GetExtensionsCalls', 'MuteUnmuteCalls', 'GetExtensionsCalls']);
	});

	test('a mute applied after a delay shorter than the deadline is verified on a later read', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'late', ms: 300 });
		const result = await harness.run(verifyByCall('mute', SEED_IVRIDS.apiapiTalking));
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)[0].json.verified).toBe(true);
		expect(sim.requestsTo('GetExtensionsCalls').length).toBeGreaterThanOrEqual(3);
	});

	test('a mute that never applies fails loudly: the call is treated as still recording', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		const result = await harness.run(verifyByCall('mute', SEED_IVRIDS.apiapiTalking, 1500));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`Mute of call ID "${SEED_IVRIDS.apiapiTalking}" (verify) failed (item 0): Voicenter accepted it (ActionID ${sim.issuedActionIds[0]}) but call ${SEED_IVRIDS.apiapiTalking} did not show muted within 1500 ms`,
		);
		expect(result.error?.description).toMatch(/STILL RECORDING/);
	});

	test('a server that reads state the other way round is caught', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'inverted' });
		const result = await harness.run(verifyByCall('mute', SEED_IVRIDS.apiapiTalking, 1200));
		expect(result.error?.message).toMatch(/did not show muted within 1200 ms$/);
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(false);
	});

	test('a call that ends before it could be verified fails', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		const ending = setTimeout(() => sim.endCall(SEED_IVRIDS.apiapiTalking), 300);
		const result = await harness.run(verifyByCall('mute', SEED_IVRIDS.apiapiTalking, 5000));
		clearTimeout(ending);
		expect(result.error?.message).toMatch(/but call 2020101201a1b2c3d4 ended before the state could be verified$/);
	});

	test('by extension, every call of a two-call extension is verified', async () => {
		const result = await harness.run(verifyByExtension(SEED_EXTENSIONS.withTwoCalls));
		const json = result.output(NODE)[0].json;
		expect(json.verified).toBe(true);
		expect((json.calls as Array<{ ivrid: string; isMuted: boolean }>).map((call) => [call.ivrid, call.isMuted]).sort()).toEqual(
			[
				[SEED_IVRIDS.sipsip1Talking, true],
				[SEED_IVRIDS.sipsip1OnHold, true],
			].sort(),
		);
	});

	test('by extension, one call that stays recording fails the whole item', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		sim.setMuted(SEED_IVRIDS.sipsip1OnHold, true);
		const result = await harness.run(verifyByExtension(SEED_EXTENSIONS.withTwoCalls, 1000));
		expect(result.error?.message).toMatch(new RegExp(`call ${SEED_IVRIDS.sipsip1Talking} did not show muted within 1000 ms$`));
	});

	test('a call already in the requested state is reported as such, not as a failure', async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip1OnHold, true);
		const result = await harness.run(verifyByExtension(SEED_EXTENSIONS.withTwoCalls));
		const json = result.output(NODE)[0].json;
		expect(json.verified).toBe(true);
		expect(json.alreadyInState).toBe(false);
		const calls = json.calls as Array<{ ivrid: string; alreadyInState: boolean }>;
		expect(calls.find((call) => call.ivrid === SEED_IVRIDS.sipsip1OnHold)!.alreadyInState).toBe(true);
		expect(calls.find((call) => call.ivrid === SEED_IVRIDS.sipsip1Talking)!.alreadyInState).toBe(false);

		const again = await harness.run(verifyByCall('mute', SEED_IVRIDS.sipsip1OnHold));
		expect(again.output(NODE)[0].json).toMatchObject({ verified: true, alreadyInState: true });
	});

	test('an unmute is verified too', async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const result = await harness.run(verifyByCall('unmute', SEED_IVRIDS.sipsip2Outgoing));
		expect(result.output(NODE)[0].json).toMatchObject({
			verified: true,
			calls: [{ ivrid: SEED_IVRIDS.sipsip2Outgoing, isMuted: false, alreadyInState: false }],
		});
	});

	test('an extension with no live call: nothing to verify is a failure', async () => {
		const result = await harness.run(verifyByExtension(SEED_EXTENSIONS.withoutCalls));
		expect(result.error?.message).toMatch(/extension "SIPSIP3" had no live call when the request was sent, so nothing was verified$/);
	});

	test('Continue On Fail keeps the item with verified: false, the reason and the ActionID', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		const result = await harness.run(verifyByCall('mute', SEED_IVRIDS.apiapiTalking, 1000), undefined, { continueOnFail: true });
		const [item] = result.output(NODE);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			verified: false,
			reason: `call ${SEED_IVRIDS.apiapiTalking} did not show muted within 1000 ms`,
			ActionID: sim.issuedActionIds[0],
			calls: [{ ivrid: SEED_IVRIDS.apiapiTalking, isMuted: false, alreadyInState: false }],
			callId: SEED_IVRIDS.apiapiTalking,
			error: expect.stringMatching(/did not show muted/),
		});
	});

	test('Verify without a token fails before anything is sent', async () => {
		const result = await harness.run(verifyByCall('mute', SEED_IVRIDS.apiapiTalking), undefined, { token: '' });
		expect(result.error?.message).toMatch(/needs the API Token, and it is empty$/);
		expect(harness.sim.requests).toHaveLength(0);
	});
});
