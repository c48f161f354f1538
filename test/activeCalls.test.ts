import type { INodeParameters } from 'n8n-workflow';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { runWorkflow } from './engine/runWorkflow';
import { chain, recordingNode } from './engine/workflows';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';

/** Runs the node with a credential that has this Account Time Zone (undefined: a credential saved before the field). */
async function runWithTimeZone(parameters: INodeParameters, timeZone: unknown) {
	return await runWorkflow(chain(recordingNode(parameters)), {
		credentials: {
			'voicenter-test': {
				baseUrl: harness.sim.baseUrl,
				apiToken: SECRET_TOKEN,
				...(timeZone === undefined ? {} : { timeZone: timeZone as string }),
			},
		},
	});
}

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

describe("Get Active Calls' times are UTC, converted from Voicenter's account clock", () => {
	// Voicenter (and so the simulator, in Asia/Jerusalem by default) writes epoch seconds on the
	// account's wall clock: UTC + 2 h in an Israeli winter, + 3 h in summer.
	const WINTER = Date.parse('2026-01-15T10:00:00Z') / 1000;
	const SUMMER = Date.parse('2026-07-15T10:00:00Z') / 1000;

	function addCalls() {
		const winter = harness.sim.addCall(SEED_EXTENSIONS.withoutCalls, { callStarted: WINTER, callAnswered: WINTER + 5 });
		const summer = harness.sim.addCall(SEED_EXTENSIONS.withoutCalls, { callStarted: SUMMER, callAnswered: SUMMER + 7 });
		const ringing = harness.sim.addCall(SEED_EXTENSIONS.withoutCalls, { status: 'Ringing', callStarted: SUMMER, callAnswered: 0 });
		return { winter: winter.ivrid, summer: summer.ivrid, ringing: ringing.ivrid };
	}

	function timesOf(out: Array<{ json: Record<string, unknown> }>, ivrid: string) {
		const { startedAt, answeredAt } = out.find((item) => item.json.ivrid === ivrid)!.json;
		return { startedAt, answeredAt };
	}

	test.each([
		['a credential saved before the field (no Account Time Zone)', undefined],
		['an empty Account Time Zone', ''],
		['Asia/Jerusalem', 'Asia/Jerusalem'],
		['Asia/Jerusalem, with spaces around it', '  Asia/Jerusalem '],
	])('%s: the real UTC instants, winter and summer', async (_name, timeZone) => {
		const ids = addCalls();
		const result = await runWithTimeZone({ operation: 'getActiveCalls', extension: SEED_EXTENSIONS.withoutCalls }, timeZone);
		expect(result.error).toBeUndefined();
		const out = result.output(NODE);
		expect(timesOf(out, ids.winter)).toEqual({ startedAt: '2026-01-15T10:00:00.000Z', answeredAt: '2026-01-15T10:00:05.000Z' });
		expect(timesOf(out, ids.summer)).toEqual({ startedAt: '2026-07-15T10:00:00.000Z', answeredAt: '2026-07-15T10:00:07.000Z' });
		expect(timesOf(out, ids.ringing)).toEqual({ startedAt: '2026-07-15T10:00:00.000Z', answeredAt: null });
	});

	test("the seeded calls' times are the instants the simulator keeps (UTC inside, Israel's clock on the wire)", async () => {
		const result = await harness.run({ operation: 'getActiveCalls', extension: '' });
		const out = result.output(NODE);
		for (const call of harness.sim.calls()) {
			expect(timesOf(out, call.ivrid)).toEqual({
				startedAt: new Date(call.callStarted * 1000).toISOString(),
				answeredAt: call.callAnswered > 0 ? new Date(call.callAnswered * 1000).toISOString() : null,
			});
		}
	});

	test("the credential's zone is the one used: told UTC while the account is in Israel, the times come out 2 or 3 hours late", async () => {
		const ids = addCalls();
		const result = await runWithTimeZone({ operation: 'getActiveCalls', extension: SEED_EXTENSIONS.withoutCalls }, 'UTC');
		const out = result.output(NODE);
		expect(timesOf(out, ids.winter).startedAt).toBe('2026-01-15T12:00:00.000Z');
		expect(timesOf(out, ids.summer).startedAt).toBe('2026-07-15T13:00:00.000Z');
	});

	test.each([
		['a misspelt zone', 'Asia/Jerusalm', 'Voicenter API credential: the Account Time Zone "Asia/Jerusalm" is not a time zone (an IANA name such as Asia/Jerusalem or UTC)'],
		['an abbreviation', 'IST', 'Voicenter API credential: the Account Time Zone "IST" is an abbreviation, not a time zone (an IANA name such as Asia/Jerusalem or UTC)'],
		['not text', 120, 'Voicenter API credential: the Account Time Zone must be text, an IANA name such as Asia/Jerusalem (got number)'],
	])('%s is refused, naming the credential field, before anything is sent', async (_name, timeZone, message) => {
		const result = await runWithTimeZone({ operation: 'getActiveCalls' }, timeZone);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toMatch(/^Set "Account Time Zone" to the IANA name of your Voicenter account's time zone, e\.g\. Asia\/Jerusalem/);
		expect(harness.sim.requests).toHaveLength(0);
	});

	test('a bad zone stops a mute too, before anything is sent (the credential is read once, whole)', async () => {
		const result = await runWithTimeZone({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi }, 'Asia/Jerusalm');
		expect(result.error?.message).toMatch(/^Voicenter API credential: the Account Time Zone "Asia\/Jerusalm"/);
		expect(harness.sim.requests).toHaveLength(0);
	});
});
