import type { Fault } from '../simulator/voicenterSimulator';
import { SEED_EXTENSIONS } from '../simulator/voicenterSimulator';
import type { RunResult } from './engine/runWorkflow';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();

function everythingVisible(result: RunResult): string {
	const error = result.error;
	return JSON.stringify({
		runData: result.run.data.resultData,
		error: error && { message: error.message, description: error.description, stack: error.stack, json: error },
	});
}

describe('the API token never leaves the credential on the mute path', () => {
	const faults: Array<Fault | undefined> = [
		undefined,
		{ kind: 'errorCode', errorCode: 400, message: 'Parameters are not valid' },
		{ kind: 'httpStatus', status: 500 },
		{ kind: 'html' },
		{ kind: 'malformedJson' },
		{ kind: 'drop' },
		{ kind: 'hang' },
	];

	for (const requestMethod of ['POST', 'GET'] as const) {
		for (const continueOnFail of [false, true]) {
			test(`${requestMethod}, Continue On Fail ${continueOnFail ? 'on' : 'off'}: every outcome`, async () => {
				const { sim } = harness;
				const seen: string[] = [];
				let requestsSent = 0;
				for (const fault of faults) {
					sim.reset();
					if (fault) sim.injectFault({ fault });
					const result = await harness.run(
						{
							operation: 'mute',
							target: 'extension',
							extension: '={{ $json.ext }}',
							requestMethod,
							options: { timeout: 200 },
						},
						// An empty target refuses the whole run without Continue On Fail, so only with it.
						items({ ext: SEED_EXTENSIONS.apiapi }, { ext: 'NOSUCH' }, ...(continueOnFail ? [{ ext: '' }] : [])),
						{ continueOnFail },
					);
					expect(result.status).toBe(continueOnFail ? 'success' : 'error');
					seen.push(everythingVisible(result));
					seen.push(...sim.requests.map((request) => JSON.stringify(request)));
					requestsSent += sim.requests.length;
				}
				expect(requestsSent).toBeGreaterThanOrEqual(faults.length);
				for (const text of seen) expect(text).not.toContain(SECRET_TOKEN);
			});
		}
	}
});

describe('the API token travels only in Active Calls POST bodies', () => {
	test('never in a URL, an output item or an error, on success or failure', async () => {
		const { sim } = harness;
		const seen: string[] = [];
		const faults: Array<Fault | undefined> = [undefined, { kind: 'httpStatus', status: 403 }, { kind: 'html' }, { kind: 'drop' }];
		for (const fault of faults) {
			sim.reset();
			if (fault) sim.injectFault({ fault });
			for (const continueOnFail of [false, true]) {
				const result = await harness.run({ operation: 'getActiveCalls', extension: '={{ $json.ext }}' }, items({ ext: '' }, { ext: 'NOSUCH' }), {
					continueOnFail,
				});
				seen.push(everythingVisible(result));
				const verified = await harness.run(
					{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { verify: true, verifyTimeout: 300, timeout: 300 } },
					undefined,
					{ continueOnFail },
				);
				seen.push(everythingVisible(verified));
			}
			seen.push(...sim.requests.map((request) => request.url));
			expect(sim.requests.every((request) => request.method === 'POST')).toBe(true);
		}
		// It did travel, in the bodies.
		expect(sim.requests.some((request) => request.rawBody.includes(SECRET_TOKEN))).toBe(true);
		for (const text of seen) expect(text).not.toContain(SECRET_TOKEN);
	});
});

describe('the remaining error paths do not leak the token either', () => {
	test('refused Server URL, refused targets, failed verifications, exhausted retries', async () => {
		const { sim } = harness;
		const runs: RunResult[] = [];
		runs.push(await harness.run({ operation: 'mute', target: 'extension', extension: 'x' }, undefined, { baseUrl: 'http://10.0.0.1/api' }));
		runs.push(
			await harness.run({ operation: 'mute', target: 'callId', callId: '={{ $json.v }}' }, items({ v: '' }, { v: 'a\nb' }, { v: {} }, { v: 'x'.repeat(200) }), {
				continueOnFail: true,
			}),
		);
		for (const behaviour of [{ kind: 'never' }, { kind: 'inverted' }] as const) {
			sim.reset();
			sim.setMuteBehaviour(behaviour);
			runs.push(await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.withTwoCalls, options: { verify: true, verifyTimeout: 200 } }));
		}
		sim.reset();
		sim.injectFault({ fault: { kind: 'httpStatus', status: 503 } });
		runs.push(await harness.run({ operation: 'getActiveCalls' }, undefined, { continueOnFail: true }));

		expect(runs.filter((run) => run.error !== undefined).length).toBeGreaterThanOrEqual(3);
		for (const run of runs) expect(everythingVisible(run)).not.toContain(SECRET_TOKEN);
		for (const request of sim.requests) expect(request.url).not.toContain(SECRET_TOKEN);
	});
});
