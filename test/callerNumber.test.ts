import { SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();

const byCallerNumber = (operation: 'mute' | 'unmute', extra: Record<string, unknown> = {}) => ({
	operation,
	target: 'callerNumber',
	callerNumber: '={{ $json.phone }}',
	...extra,
});

describe('Mute and Unmute by Caller Number: the live calls with the customer\'s number, each by its call ID', () => {
	test.each([
		['national', '0501234567'],
		['international with +', '+972501234567'],
		['international without +', '972501234567'],
		['with 00', '00972501234567'],
		['with spaces and dashes', '+972 50-123-4567'],
		['national with spaces', '050 123 4567'],
	])('the %s form (%s) finds the call listed as 0501234567 and mutes it by its ivrid', async (_form, phone) => {
		const { sim } = harness;
		const result = await harness.run(byCallerNumber('mute'), items({ phone }));

		expect(result.error).toBeUndefined();
		expect(sim.requests.map((request) => request.endpoint)).toEqual(['GetExtensionsCalls', 'MuteUnmuteCalls']);
		expect(sim.requestsTo('MuteUnmuteCalls')[0].body).toEqual({ ivrid: SEED_IVRIDS.apiapiTalking, state: '1' });
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(true);
		expect(result.output('Voicenter Recording')).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					ActionID: sim.issuedActionIds[0],
					callerNumber: phone,
					callId: SEED_IVRIDS.apiapiTalking,
					extension: 'APIAPI',
					state: '1',
				}),
				pairedItem: { item: 0 },
			}),
		]);
	});

	test('several live calls with the number: each is muted, one output item per call, all paired to the input item', async () => {
		const { sim } = harness;
		const second = sim.addCall('SIPSIP3', { callerPhone: '050-123-4567' });
		const result = await harness.run(byCallerNumber('mute', { options: { verify: true } }), items({ phone: '+972501234567' }));

		expect(result.error).toBeUndefined();
		const output = result.output('Voicenter Recording');
		expect(output.map((item) => [item.json.callId, item.json.verified, item.pairedItem])).toEqual([
			[SEED_IVRIDS.apiapiTalking, true, { item: 0 }],
			[second.ivrid, true, { item: 0 }],
		]);
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(true);
		expect(sim.call(second.ivrid)!.isMuted).toBe(true);
		// Calls with other numbers are untouched.
		expect(sim.call(SEED_IVRIDS.sipsip1Talking)!.isMuted).toBe(false);
	});

	test('when one of several calls fails, the item fails naming that call, and the calls after it are not attempted', async () => {
		const { sim } = harness;
		const second = sim.addCall('SIPSIP3', { callerPhone: '0501234567' });
		sim.injectFault({ fault: { kind: 'errorCode', errorCode: 400, message: 'UniqueIvrID not found' }, endpoint: 'MuteUnmuteCalls', times: 1 });
		const result = await harness.run(byCallerNumber('mute'), items({ phone: '0501234567' }));

		expect(result.error?.message).toBe(
			`Mute of call ID "${SEED_IVRIDS.apiapiTalking}" failed (item 0): Voicenter answered ErrorCode 400: UniqueIvrID not found`,
		);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(1);
		expect(sim.call(second.ivrid)!.isMuted).toBe(false);
	});

	test('Unmute by Caller Number resumes the recording of the matching call', async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const result = await harness.run(byCallerNumber('unmute', { requestMethod: 'GET' }), items({ phone: '072-277-6772' }));

		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')[0]).toMatchObject({ method: 'GET', query: { ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '0' } });
		// The lookup is always a POST: the token never goes into a URL.
		expect(sim.requestsTo('GetExtensionsCalls')[0].method).toBe('POST');
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(false);
	});

	test('no live call with the number is an explicit error, and nothing is muted', async () => {
		const { sim } = harness;
		const result = await harness.run(byCallerNumber('mute'), items({ phone: '0509999999' }));

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('No live call with caller number "0509999999" (item 0)');
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
	});

	test('a call that has ended is not found: an explicit error, nothing muted', async () => {
		const { sim } = harness;
		sim.endCall(SEED_IVRIDS.apiapiTalking);
		const result = await harness.run(byCallerNumber('mute'), items({ phone: '0501234567' }), { continueOnFail: true });

		const [item] = result.output('Voicenter Recording');
		expect(item.json.error).toBe('No live call with caller number "0501234567" (item 0)');
		expect(item.json.description).toMatch(/has ended/);
		expect(item.json.audit).toMatchObject({ target: 'callerNumber', targetValue: '0501234567', ActionID: null });
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
	});

	test('a failed lookup is an explicit error: without the API Token nothing is sent at all', async () => {
		const { sim } = harness;
		const result = await harness.run(byCallerNumber('mute'), items({ phone: '0501234567' }), { token: '' });

		expect(result.error?.message).toMatch(/^Voicenter API credential: Lookup of caller number "0501234567" needs the API Token, and it is empty/);
		expect(sim.requests).toHaveLength(0);
	});

	test('a lookup Voicenter refuses (HTTP 403) fails the item and mutes nothing', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'httpStatus', status: 403 }, endpoint: 'GetExtensionsCalls' });
		const result = await harness.run(byCallerNumber('mute'), items({ phone: '0501234567' }));

		expect(result.error?.message).toMatch(/^Lookup of caller number "0501234567" failed \(item 0\)/);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
	});

	test.each([['letters', 'abc'], ['too short', '12-34'], ['an e-mail address', 'x@y.com']])(
		'a Caller Number that is %s is refused before anything is sent',
		async (_what, phone) => {
			const { sim } = harness;
			const result = await harness.run(byCallerNumber('mute'), items({ phone }));
			expect(result.error?.message).toBe(`Caller Number "${phone}" is not a phone number (item 0)`);
			expect(sim.requests).toHaveLength(0);
		},
	);
});
