import type { Fault } from '../simulator/voicenterSimulator';
import { SEED_EXTENSIONS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';
const MAX_ATTEMPTS = 3;

// Every fault the simulator can inject, and whether the node should send the request again.
const FAULTS: Array<[string, Fault, boolean]> = [
	['ErrorCode 400 on HTTP 200', { kind: 'errorCode', errorCode: 400, message: 'Parameters are not valid' }, false],
	['HTTP 500', { kind: 'httpStatus', status: 500 }, false],
	['HTTP 403', { kind: 'httpStatus', status: 403 }, false],
	['HTTP 429', { kind: 'httpStatus', status: 429 }, true],
	['HTTP 502', { kind: 'httpStatus', status: 502 }, true],
	['HTTP 503', { kind: 'httpStatus', status: 503 }, true],
	['HTTP 504', { kind: 'httpStatus', status: 504 }, true],
	['an HTML page', { kind: 'html' }, false],
	['malformed JSON', { kind: 'malformedJson' }, false],
	['a dropped connection', { kind: 'drop' }, true],
	['a hung server (timeout)', { kind: 'hang' }, true],
];

const input = items(
	{ ext: SEED_EXTENSIONS.apiapi },
	{ ext: SEED_EXTENSIONS.withTwoCalls },
	{ ext: SEED_EXTENSIONS.sipsip2 },
);

describe.each(['POST', 'GET'] as const)('fault matrix over %s', (requestMethod) => {
	describe.each(FAULTS)('%s', (_name, fault, retryable) => {
		const attemptsPerItem = retryable ? MAX_ATTEMPTS : 1;
		const parameters = {
			operation: 'mute',
			target: 'extension',
			extension: '={{ $json.ext }}',
			requestMethod,
			options: { timeout: 200, maxAttempts: MAX_ATTEMPTS, concurrency: 1 },
		};

		test('Continue On Fail on: every item out, each with its own explicit error and attempts', async () => {
			const { sim } = harness;
			sim.injectFault({ fault, endpoint: 'MuteUnmuteCalls' });
			const result = await harness.run(parameters, input, { continueOnFail: true });

			const out = result.output(NODE);
			expect(out).toHaveLength(input.length);
			out.forEach((item, i) => {
				expect(item.pairedItem).toEqual({ item: i });
				expect(item.json).toMatchObject({
					extension: input[i].json.ext,
					attempts: attemptsPerItem,
					error: expect.stringMatching(new RegExp(`failed \\(item ${i}\\): `)),
				});
				expect(item.json).not.toHaveProperty('ActionID');
			});
			expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(input.length * attemptsPerItem);
			expect(sim.calls().every((call) => !call.isMuted)).toBe(true);
		});

		test('Continue On Fail off: the node fails with the first item, and sends nothing after it', async () => {
			const { sim } = harness;
			sim.injectFault({ fault, endpoint: 'MuteUnmuteCalls' });
			const result = await harness.run(parameters, input);

			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(/^Mute of extension "APIAPI".* failed \(item 0\): /);
			expect(result.output(NODE)).toEqual([]);
			// Concurrency 1: only the first item was in flight when it failed.
			expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(attemptsPerItem);
		});
	});
});
