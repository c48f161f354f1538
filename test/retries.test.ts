import type { Fault } from '../simulator/voicenterSimulator';
import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';
const muteApiapi = (options: Record<string, unknown> = {}) => ({
	operation: 'mute',
	target: 'extension',
	extension: SEED_EXTENSIONS.apiapi,
	// Generous: the attempt after the fault must succeed even on a loaded machine.
	options: { timeout: 1000, ...options },
});

describe('transient failures are sent again; Voicenter refusals never are', () => {
	const transient: Array<[string, Fault]> = [
		['a dropped connection', { kind: 'drop' }],
		['a timeout', { kind: 'hang' }],
		['HTTP 429', { kind: 'httpStatus', status: 429 }],
		['HTTP 502', { kind: 'httpStatus', status: 502 }],
		['HTTP 503', { kind: 'httpStatus', status: 503 }],
		['HTTP 504', { kind: 'httpStatus', status: 504 }],
	];

	test.each(transient)('after %s, the second attempt succeeds: one action, attempts 2', async (_name, fault) => {
		const { sim } = harness;
		sim.injectFault({ fault, times: 1 });
		const result = await harness.run(muteApiapi());

		expect(result.error).toBeUndefined();
		expect(result.output(NODE)[0].json).toMatchObject({ attempts: 2, ActionID: sim.issuedActionIds[0] });
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(2);
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(true);
	});

	const final: Array<[string, Fault]> = [
		['ErrorCode 400', { kind: 'errorCode', errorCode: 400, message: 'Parameters are not valid' }],
		['HTTP 400', { kind: 'httpStatus', status: 400 }],
		['HTTP 403', { kind: 'httpStatus', status: 403 }],
		['HTTP 404', { kind: 'httpStatus', status: 404 }],
		['HTTP 500', { kind: 'httpStatus', status: 500 }],
		['an HTML page', { kind: 'html' }],
	];

	test.each(final)('%s is never sent again', async (_name, fault) => {
		const { sim } = harness;
		sim.injectFault({ fault, times: 1 });
		const result = await harness.run(muteApiapi(), undefined, { continueOnFail: true });
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(1);
		expect(result.output(NODE)[0].json).toMatchObject({ attempts: 1, error: expect.stringMatching(/^Mute of extension "APIAPI" failed/) });
	});

	test('Max Attempts bounds the attempts, and 1 means no retry', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'httpStatus', status: 503 } });
		const five = await harness.run(muteApiapi({ maxAttempts: 5 }), undefined, { continueOnFail: true });
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(5);
		expect(five.output(NODE)[0].json).toMatchObject({ attempts: 5, error: expect.stringMatching(/\(5 attempts\) failed/) });

		sim.requests.length = 0;
		const one = await harness.run(muteApiapi({ maxAttempts: 1 }), undefined, { continueOnFail: true });
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(1);
		expect(one.output(NODE)[0].json.attempts).toBe(1);
	});

	test('a hung server is given up on after Max Attempts × Timeout, not waited for forever', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'hang' } });
		const result = await harness.run(muteApiapi({ timeout: 150, maxAttempts: 2 }));
		expect(result.error?.message).toBe('Mute of extension "APIAPI" (2 attempts) failed (item 0): no answer from Voicenter within 150 ms');
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(2);
	});

	test('Active Calls reads are retried too', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'httpStatus', status: 503 }, endpoint: 'GetExtensionsCalls', times: 1 });
		const result = await harness.run({ operation: 'getActiveCalls', extension: SEED_EXTENSIONS.apiapi });
		expect(result.error).toBeUndefined();
		expect(result.output(NODE).map((item) => item.json.ivrid)).toEqual([SEED_IVRIDS.apiapiTalking]);
		expect(sim.requestsTo('GetExtensionsCalls')).toHaveLength(2);
	});
});
