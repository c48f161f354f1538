import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();

describe('Mute and Unmute send exactly the contract request and change the call state', () => {
	const cases = [
		{ operation: 'mute', state: '1', muted: true },
		{ operation: 'unmute', state: '0', muted: false },
	] as const;

	for (const { operation, state, muted } of cases) {
		for (const requestMethod of ['POST', 'GET'] as const) {
			test(`${operation} by extension over ${requestMethod}`, async () => {
				const { sim } = harness;
				const extension = SEED_EXTENSIONS.withTwoCalls;
				if (!muted) sim.callsOf(extension).forEach((call) => sim.setMuted(call.ivrid, true));

				const result = await harness.run({ operation, target: 'extension', extension, requestMethod });

				expect(result.error).toBeUndefined();
				const [request] = sim.requestsTo('MuteUnmuteCalls');
				expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(1);
				expect(request.method).toBe(requestMethod);
				if (requestMethod === 'POST') {
					expect(request.body).toEqual({ extension, state });
					expect(request.url).toBe('/Comet/API/MuteUnmuteCalls');
				} else {
					expect(request.query).toEqual({ extension, state });
					expect(request.rawBody).toBe('');
				}
				expect(sim.callsOf(extension).map((call) => call.isMuted)).toEqual([muted, muted]);
				expect(sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => !call.isMuted)).toBe(true);

				const [item] = result.output('Voicenter Recording');
				expect(item.json).toEqual({
					ActionID: sim.issuedActionIds[0],
					ErrorCode: '200',
					Message: 'Success',
					operation,
					target: 'extension',
					extension,
					state,
					requestMethod,
					attempts: 1,
					audit: expect.any(Object),
				});
				expect(item.json.ActionID).toMatch(/^[0-9a-f]{32}$/);
				expect(item.pairedItem).toEqual({ item: 0 });
			});

			test(`${operation} by call ID over ${requestMethod}`, async () => {
				const { sim } = harness;
				const callId = SEED_IVRIDS.sipsip1Talking;
				if (!muted) sim.setMuted(callId, true);

				const result = await harness.run({ operation, target: 'callId', callId, requestMethod });

				expect(result.error).toBeUndefined();
				const [request] = sim.requestsTo('MuteUnmuteCalls');
				expect(request.params).toEqual({ ivrid: callId, state });
				expect(request.method).toBe(requestMethod);
				expect(sim.call(callId)!.isMuted).toBe(muted);
				// The other call on the same extension is untouched.
				expect(sim.call(SEED_IVRIDS.sipsip1OnHold)!.isMuted).toBe(false);

				const [item] = result.output('Voicenter Recording');
				expect(item.json).toMatchObject({ ActionID: sim.issuedActionIds[0], callId, target: 'callId', state });
				expect(item.json).not.toHaveProperty('extension');
			});
		}
	}
});

describe('targets as a workflow delivers them', () => {
	test('an expression reads the extension from a webhook body; numbers are sent as strings, whitespace trimmed', async () => {
		const { sim } = harness;
		sim.addCall(SEED_EXTENSIONS.numeric);
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.body.extension }}' },
			items({ body: { extension: 1001 } }),
		);
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')[0].body).toEqual({ extension: '1001', state: '1' });
		expect(sim.callsOf('1001').every((call) => call.isMuted)).toBe(true);
	});

	test('surrounding whitespace in a call ID is trimmed', async () => {
		const { sim } = harness;
		const result = await harness.run({ operation: 'mute', target: 'callId', callId: `  ${SEED_IVRIDS.apiapiTalking}\t` });
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')[0].body).toEqual({ ivrid: SEED_IVRIDS.apiapiTalking, state: '1' });
	});

	test('a by-extension mute does not cover a call the extension takes afterwards', async () => {
		const { sim } = harness;
		await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi });
		const later = sim.addCall(SEED_EXTENSIONS.apiapi);
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(true);
		expect(sim.call(later.ivrid)!.isMuted).toBe(false);
	});

	test('GET encodes hostile values so Voicenter receives them literally', async () => {
		const { sim } = harness;
		const hostile = ['101&state=0', 'a b+c', 'x#y?z=1', 'שלוחה/7%', '"quoted";'];
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.ext }}', requestMethod: 'GET' },
			items(...hostile.map((ext) => ({ ext }))),
			{ continueOnFail: true },
		);
		const received = sim.requestsTo('MuteUnmuteCalls').map((request) => request.query);
		expect(received).toHaveLength(hostile.length);
		expect(received.map((query) => query.extension).sort()).toEqual([...hostile].sort());
		expect(received.every((query) => query.state === '1' && Object.keys(query).length === 2)).toBe(true);
		// Unknown extensions: every item fails on its own, none is lost.
		expect(result.output('Voicenter Recording').map((item) => item.json.Message)).toEqual(
			hostile.map(() => 'Extension not found'),
		);
	});
});
