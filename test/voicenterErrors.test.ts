import type { Fault } from '../simulator/voicenterSimulator';
import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';

describe('Voicenter errors reported with HTTP 200 fail the item', () => {
	test('unknown extension: the node fails naming the item, the extension and Voicenter\'s message', async () => {
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: 'NOSUCH' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Mute of extension "NOSUCH" failed (item 0): Voicenter answered ErrorCode 400: Extension not found',
		);
		expect(result.error?.description).toMatch(/NOT muted/);
		expect(result.output(NODE)).toEqual([]);
	});

	test('ended call: UniqueIvrID not found', async () => {
		const { sim } = harness;
		sim.endCall(SEED_IVRIDS.sipsip2Outgoing);
		const result = await harness.run({ operation: 'unmute', target: 'callId', callId: SEED_IVRIDS.sipsip2Outgoing });
		expect(result.error?.message).toBe(
			`Unmute of call ID "${SEED_IVRIDS.sipsip2Outgoing}" failed (item 0): Voicenter answered ErrorCode 400: UniqueIvrID not found`,
		);
	});

	test.each([
		['string', '400'],
		['number', 400],
	])('ErrorCode as a %s is an error', async (_kind, errorCode) => {
		harness.sim.injectFault({ fault: { kind: 'errorCode', errorCode, message: 'Parameters are not valid' } });
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi });
		expect(result.error?.message).toMatch(/Voicenter answered ErrorCode 400: Parameters are not valid$/);
		expect(harness.sim.callsOf(SEED_EXTENSIONS.apiapi)[0].isMuted).toBe(false);
	});

	test.each([
		['string "200"', false, '200'],
		['number 200', true, 200],
	])('success ErrorCode as %s is success', async (_kind, asNumber, expected) => {
		harness.sim.setErrorCodeAsNumber(asNumber);
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi });
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)[0].json.ErrorCode).toBe(expected);
	});
});

describe('every injected fault is an explicit failure, never a silent success', () => {
	// [name, fault, message, retryable]: a transient fault is sent three times (the default Max
	// Attempts) and then fails; anything else fails on the first answer.
	const faults: Array<[string, Fault, RegExp, boolean]> = [
		['HTTP 500', { kind: 'httpStatus', status: 500, body: 'Internal Server Error', contentType: 'text/plain' }, /Voicenter answered HTTP 500: Internal Server Error$/, false],
		['HTTP 503 with an HTML page', { kind: 'httpStatus', status: 503 }, /Voicenter answered HTTP 503/, true],
		['HTTP 403 (IP not whitelisted)', { kind: 'httpStatus', status: 403 }, /Voicenter answered HTTP 403/, false],
		['an HTML page with HTTP 200', { kind: 'html' }, /the server answered an HTML page, not a Voicenter response$/, false],
		['malformed JSON', { kind: 'malformedJson' }, /the server answered something that is not JSON \(\{"ErrorCode/, false],
		['an empty body with HTTP 200', { kind: 'httpStatus', status: 200, body: '' }, /the server answered something that is not JSON \(an empty body\)/, false],
		['"Success" without an ActionID', { kind: 'errorCode', errorCode: '200', message: 'Success' }, /Voicenter answered success without an ActionID$/, false],
		['JSON without an ErrorCode', { kind: 'httpStatus', status: 200, body: '{"status":"ok"}', contentType: 'application/json' }, /the server answered JSON without an ErrorCode/, false],
		['a dropped connection', { kind: 'drop' }, /the connection closed before Voicenter answered$/, true],
		['no answer before the timeout', { kind: 'hang' }, /no answer from Voicenter within 300 ms$/, true],
	];

	for (const method of ['POST', 'GET'] as const) {
		test.each(faults)(`${method}: %s`, async (_name, fault, message, retryable) => {
			const { sim } = harness;
			sim.injectFault({ fault });
			const result = await harness.run({
				operation: 'mute',
				target: 'extension',
				extension: SEED_EXTENSIONS.apiapi,
				requestMethod: method,
				options: { timeout: 300 },
			});
			expect(result.status).toBe('error');
			const prefix = retryable ? 'Mute of extension "APIAPI" (3 attempts) failed (item 0): ' : 'Mute of extension "APIAPI" failed (item 0): ';
			expect(result.error?.message.startsWith(prefix)).toBe(true);
			expect(result.error?.message).toMatch(message);
			expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(retryable ? 3 : 1);
		});
	}

	test('a redirect is reported, not followed: a redirected POST would arrive without its body', async () => {
		const { sim } = harness;
		// A 307 back to the same endpoint: a client that followed it would mute on the second request.
		sim.injectFault({ fault: { kind: 'httpStatus', status: 307, location: `${sim.baseUrl}/MuteUnmuteCalls` }, times: 1 });
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi });
		expect(result.error?.message).toMatch(/^Mute of extension "APIAPI" failed \(item 0\): Voicenter answered HTTP 307/);
		expect(result.error?.description).toMatch(/redirected the request, which is not followed/);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(1);
		expect(sim.callsOf(SEED_EXTENSIONS.apiapi)[0].isMuted).toBe(false);
	});

	test('HTTP 403 explains the IP whitelist', async () => {
		harness.sim.injectFault({ fault: { kind: 'httpStatus', status: 403 } });
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi });
		expect(result.error?.description).toMatch(/whitelisted/);
	});

	test('a timed-out mute says the recording state is unknown', async () => {
		harness.sim.injectFault({ fault: { kind: 'hang' } });
		const result = await harness.run({
			operation: 'mute',
			target: 'extension',
			extension: SEED_EXTENSIONS.apiapi,
			options: { timeout: 200 },
		});
		expect(result.error?.description).toMatch(/unknown/);
	});

	test('a refused connection names the cause', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi },
			undefined,
			{ baseUrl: 'http://127.0.0.1:1/Comet/API' },
		);
		expect(result.error?.message).toBe(
			'Mute of extension "APIAPI" (3 attempts) failed (item 0): the connection to the Voicenter server was refused',
		);
	});

	test('a wrong path (HTTP 404 page) points at the Server URL', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi },
			undefined,
			{ baseUrl: `${harness.sim.origin}/wrong/path` },
		);
		expect(result.error?.message).toMatch(/Voicenter answered HTTP 404/);
		expect(result.error?.description).toMatch(/Server URL/);
	});
});

describe('Continue On Fail keeps every item, in order, with its pairedItem', () => {
	test('failures and successes side by side', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'httpStatus', status: 500 }, times: 1 });
		const input = items(
			{ ext: SEED_EXTENSIONS.apiapi },
			{ ext: 'NOSUCH' },
			{ ext: '' },
			{ ext: SEED_EXTENSIONS.withTwoCalls },
		);
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.ext }}', options: { concurrency: 1 } },
			input,
			{ continueOnFail: true },
		);

		expect(result.status).toBe('success');
		const out = result.output(NODE);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		// With concurrency 1 the 500 (not retried) hits the first request.
		expect(out[0].json).toMatchObject({ extension: 'APIAPI', attempts: 1, error: expect.stringMatching(/HTTP 500/) });
		expect(out[1].json).toMatchObject({
			extension: 'NOSUCH',
			ErrorCode: 400,
			Message: 'Extension not found',
			error: 'Mute of extension "NOSUCH" failed (item 1): Voicenter answered ErrorCode 400: Extension not found',
		});
		expect(out[2].json).toMatchObject({ operation: 'mute', error: 'Extension is empty (item 2)' });
		expect(out[3].json).toMatchObject({ extension: 'SIPSIP1', ActionID: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(out[3].json).not.toHaveProperty('error');
		// The empty item was never sent.
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => (request.body as { extension: string }).extension)).toEqual([
			'APIAPI',
			'NOSUCH',
			'SIPSIP1',
		]);
	});
});
