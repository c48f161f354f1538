import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';

describe('Get Active Calls', () => {
	test("one extension: one item per live call, with its mute state and everything else Voicenter says of it, asked over POST with the token in the body", async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip1OnHold, true);
		const result = await harness.run({ operation: 'getActiveCalls', extension: SEED_EXTENSIONS.withTwoCalls });

		expect(result.error).toBeUndefined();
		const out = result.output(NODE);
		expect(out.map((item) => item.json.ivrid).sort()).toEqual([SEED_IVRIDS.sipsip1Talking, SEED_IVRIDS.sipsip1OnHold].sort());
		const onHold = out.find((item) => item.json.ivrid === SEED_IVRIDS.sipsip1OnHold)!;
		expect(onHold.json).toEqual({
			extension: SEED_EXTENSIONS.withTwoCalls,
			extensionId: 3102,
			ivrid: SEED_IVRIDS.sipsip1OnHold,
			callerPhone: '0539876543',
			callerName: '',
			did: '',
			direction: 'Click2Call',
			status: 'Hold',
			startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
			answeredAt: expect.stringMatching(/Z$/),
			isMuted: true,
			customData: { campaign: 'renewals' },
		});
		expect(out.find((item) => item.json.ivrid === SEED_IVRIDS.sipsip1Talking)!.json).toMatchObject({
			isMuted: false,
			callerName: 'Voicenter',
			did: '037181200',
			direction: 'Incoming',
		});
		expect(out.every((item) => item.pairedItem !== undefined && (item.pairedItem as { item: number }).item === 0)).toBe(true);

		const [request] = sim.requestsTo('GetExtensionsCalls');
		expect(request.method).toBe('POST');
		expect(request.body).toEqual({ extension: SEED_EXTENSIONS.withTwoCalls, code: SECRET_TOKEN });
		expect(request.url).not.toContain(SECRET_TOKEN);
	});

	test('all extensions when the extension is empty; a ringing call has no answeredAt', async () => {
		const { sim } = harness;
		const result = await harness.run({ operation: 'getActiveCalls', extension: '' });
		const out = result.output(NODE);
		expect(out).toHaveLength(sim.calls().length);
		expect(sim.requestsTo('GetExtensionsCalls')[0].body).toEqual({ code: SECRET_TOKEN });
		expect(out.find((item) => item.json.ivrid === SEED_IVRIDS.sipsip4Ringing)!.json.answeredAt).toBeNull();
	});

	test('one item per extension, with its calls, when asked', async () => {
		const result = await harness.run({ operation: 'getActiveCalls', options: { groupByExtension: true } });
		const out = result.output(NODE);
		const byExtension = Object.fromEntries(out.map((item) => [item.json.extension, item.json.calls as unknown[]]));
		expect(byExtension[SEED_EXTENSIONS.withTwoCalls]).toHaveLength(2);
		expect(byExtension[SEED_EXTENSIONS.withoutCalls]).toEqual([]);
		expect(out.find((item) => item.json.extension === SEED_EXTENSIONS.apiapi)!.json).toMatchObject({
			extensionId: 3101,
			calls: [expect.objectContaining({ callerName: 'Dana Levi', did: '0732557000', customData: { crmTicket: '48213', queue: 'Billing' } })],
		});
	});

	test('the dialled number (did) is passed on for incoming calls only, as Voicenter sends it', async () => {
		const { sim } = harness;
		sim.addCall(SEED_EXTENSIONS.withoutCalls, { direction: 'Outgoing', did: '0732557000', callerName: 'Ruth Azulay' });
		sim.addCall(SEED_EXTENSIONS.withoutCalls, { direction: 'Spy', callerName: '' });
		const result = await harness.run({ operation: 'getActiveCalls', extension: SEED_EXTENSIONS.withoutCalls });
		expect(result.output(NODE).map((item) => [item.json.direction, item.json.did, item.json.callerName])).toEqual([
			['Outgoing', '', 'Ruth Azulay'],
			['Spy', '', ''],
		]);
	});

	test('a mute shows up in Active Calls', async () => {
		await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi });
		const result = await harness.run({ operation: 'getActiveCalls', extension: SEED_EXTENSIONS.apiapi });
		expect(result.output(NODE).map((item) => item.json.isMuted)).toEqual([true]);
	});

	test('without a token: a clear error saying where to set it, and nothing is sent', async () => {
		const result = await harness.run({ operation: 'getActiveCalls' }, undefined, { token: '' });
		expect(result.error?.message).toBe('Voicenter API credential: Get Active Calls needs the API Token, and it is empty');
		expect(result.error?.description).toMatch(/Set "API Token"/);
		expect(harness.sim.requests).toHaveLength(0);
	});

	test('a wrong token (Voicenter answers an empty list) is reported as such', async () => {
		const result = await harness.run({ operation: 'getActiveCalls' }, undefined, { token: 'not-the-token' });
		expect(result.error?.message).toBe(
			'Get Active Calls failed (item 0): Voicenter returned no extensions, which is how it answers a wrong API token',
		);
	});

	test('a wrong token answered with ERR 1 "Authorization failed." says the token was refused, without the token', async () => {
		harness.sim.setWrongTokenAnswer('authorizationFailed');
		const result = await harness.run({ operation: 'getActiveCalls' }, undefined, { token: 'not-the-token' });
		expect(result.error?.message).toBe(
			'Get Active Calls failed (item 0): the API token was refused (Voicenter answered ERR 1: Authorization failed.)',
		);
		expect(result.error?.description).toMatch(/^Check the API Token in the Voicenter API credential/);
		expect(JSON.stringify(result.error)).not.toContain('not-the-token');
	});

	test('ERR 2 with an internal error says it may be Voicenter\'s own', async () => {
		harness.sim.injectFault({
			fault: { kind: 'httpStatus', status: 200, contentType: 'application/json', body: '{"ERR":2,"DESC":"Internal error"}' },
			endpoint: 'GetExtensionsCalls',
		});
		const result = await harness.run({ operation: 'getActiveCalls' });
		expect(result.error?.message).toBe(
			'Get Active Calls failed (item 0): Voicenter answered ERR 2: Internal error (a parameter was not valid, or Voicenter had an internal error)',
		);
		expect(result.error?.description).toMatch(/try again later/);
	});

	test('HTTP 403 (IP not whitelisted) is reported as such', async () => {
		harness.sim.injectFault({ fault: { kind: 'httpStatus', status: 403 }, endpoint: 'GetExtensionsCalls' });
		const result = await harness.run({ operation: 'getActiveCalls' });
		expect(result.error?.message).toMatch(/^Get Active Calls failed \(item 0\): Voicenter answered HTTP 403/);
		expect(result.error?.description).toMatch(/whitelisted/);
	});

	test("Voicenter's ERR/DESC errors carry Voicenter's description", async () => {
		const result = await harness.run({ operation: 'getActiveCalls', extension: 'NOSUCH' });
		expect(result.error?.message).toBe(
			'Get Active Calls of extension "NOSUCH" failed (item 0): Voicenter answered ERR 2: Invalid parameters: extension NOSUCH not found (a parameter was not valid, or Voicenter had an internal error)',
		);
	});

	test('Continue On Fail keeps the failed input item, paired', async () => {
		const result = await harness.run(
			{ operation: 'getActiveCalls', extension: '={{ $json.ext }}' },
			items({ ext: 'NOSUCH' }, { ext: SEED_EXTENSIONS.apiapi }),
			{ continueOnFail: true },
		);
		const out = result.output(NODE);
		expect(out[0]).toMatchObject({ json: { operation: 'getActiveCalls', extension: 'NOSUCH' }, pairedItem: { item: 0 } });
		expect(out[0].json.error).toMatch(/ERR 2/);
		expect(out.slice(1).map((item) => [item.json.ivrid, item.pairedItem])).toEqual([[SEED_IVRIDS.apiapiTalking, { item: 1 }]]);
	});
});
