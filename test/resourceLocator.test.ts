import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters, INodeTypeDescription, INodeType } from 'n8n-workflow';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { listSearch } from './engine/listSearch';
import { loadNodeTypes } from './engine/loadNodeTypes';
import { runWorkflow } from './engine/runWorkflow';
import { chain, recordingNode } from './engine/workflows';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

/** Runs one Voicenter Recording node of the given version over `input`. */
async function runVersion(typeVersion: number, parameters: INodeParameters, input = items({})) {
	return await runWorkflow(chain(recordingNode(parameters, { typeVersion })), {
		input,
		credentials: { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN } },
	});
}

const credential = () => ({ baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN });

describe('version 2: Extension and Call ID are resource locators (From list, By ID)', () => {
	test.each([
		['picked From list', fromList(SEED_EXTENSIONS.withTwoCalls)],
		['typed By ID', byId(SEED_EXTENSIONS.withTwoCalls)],
		['mapped By ID with an expression', byId('={{ $json.body.extension }}')],
	])('Mute by extension, %s, mutes that extension\'s calls', async (_how, extension) => {
		const { sim } = harness;
		const result = await runVersion(2, { operation: 'mute', target: 'extension', extension }, items({ body: { extension: SEED_EXTENSIONS.withTwoCalls } }));

		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' }]);
		expect(sim.callsOf(SEED_EXTENSIONS.withTwoCalls).every((call) => call.isMuted)).toBe(true);
		expect(result.output('Voicenter Recording')[0].json).toMatchObject({ extension: SEED_EXTENSIONS.withTwoCalls, ActionID: sim.issuedActionIds[0] });
	});

	test('Unmute by call ID picked From list, sent over GET', async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const result = await runVersion(2, { operation: 'unmute', target: 'callId', callId: fromList(SEED_IVRIDS.sipsip2Outgoing), requestMethod: 'GET' });

		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')[0]).toMatchObject({ method: 'GET', query: { ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '0' } });
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(false);
	});

	test('a plain text value in a version 2 node (a hand-written or AI-tool workflow) still works', async () => {
		const { sim } = harness;
		const result = await runVersion(2, { operation: 'mute', target: 'callId', callId: SEED_IVRIDS.apiapiTalking });

		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')[0].body).toEqual({ ivrid: SEED_IVRIDS.apiapiTalking, state: '1' });
	});

	test('nothing picked yet: n8n reports the required field before the run, and no request is sent', async () => {
		const { sim } = harness;
		await expect(runVersion(2, { operation: 'mute', target: 'extension', extension: fromList('') })).rejects.toThrow(
			/Parameter "Extension" is required/,
		);
		expect(sim.requests).toEqual([]);
	});

	test('By ID mapped to a field the item lacks: "Extension is empty" for that item, and no request is sent', async () => {
		const { sim } = harness;
		const result = await runVersion(2, { operation: 'mute', target: 'extension', extension: byId('={{ $json.body.extension }}') }, items({ body: {} }));

		expect(result.error?.message).toBe('Extension is empty (item 0)');
		expect(sim.requests).toEqual([]);
	});

	test('Get Active Calls: an empty extension lists every extension\'s calls, a picked one only its own', async () => {
		const { sim } = harness;
		const all = await runVersion(2, { operation: 'getActiveCalls', extension: fromList('') });
		const one = await runVersion(2, { operation: 'getActiveCalls', extension: fromList(SEED_EXTENSIONS.withTwoCalls) });

		expect(all.output('Voicenter Recording')).toHaveLength(5);
		expect(one.output('Voicenter Recording').map((item) => item.json.ivrid)).toEqual([SEED_IVRIDS.sipsip1Talking, SEED_IVRIDS.sipsip1OnHold]);
		expect(sim.requestsTo('GetExtensionsCalls').map((request) => request.body)).toEqual([
			{ code: SECRET_TOKEN },
			{ code: SECRET_TOKEN, extension: SEED_EXTENSIONS.withTwoCalls },
		]);
	});
});

describe('version 1 keeps its plain text fields: saved workflows open and run unchanged', () => {
	let description: INodeTypeDescription;
	beforeAll(async () => {
		const { nodeTypes } = await loadNodeTypes();
		description = (nodeTypes.getByNameAndVersion('n8n-nodes-voicenter.voicenterRecording', 1) as INodeType).description;
	});

	/** The parameters as the editor keeps them when it opens a saved node of that version. */
	const asOpened = (typeVersion: number, parameters: INodeParameters) =>
		NodeHelpers.getNodeParameters(description.properties, parameters, true, false, recordingNode(parameters, { typeVersion }), description);

	test('a version 1 node keeps its text value; a new (version 2) node starts in "From list" mode', () => {
		expect(asOpened(1, { operation: 'mute', target: 'callId', callId: '={{ $json.body.callId }}' })).toMatchObject({
			callId: '={{ $json.body.callId }}',
		});
		expect(asOpened(2, { operation: 'mute', target: 'callId' })).toMatchObject({ callId: { mode: 'list', value: '' } });
	});

	test('a version 1 Mute by extension from an expression runs as before', async () => {
		const { sim } = harness;
		const result = await runVersion(1, { operation: 'mute', target: 'extension', extension: '={{ $json.ext }}' }, items({ ext: SEED_EXTENSIONS.apiapi }));

		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')[0].body).toEqual({ extension: SEED_EXTENSIONS.apiapi, state: '1' });
	});
});

describe('"From list": live extensions and calls, loaded through the credential as the editor does', () => {
	test('extensions with their number of live calls', async () => {
		const { results } = await listSearch('searchExtensions', { parameters: { operation: 'mute' }, credential: credential() });

		expect(results).toEqual([
			{ name: 'APIAPI (1 live call)', value: 'APIAPI' },
			{ name: 'SIPSIP1 (2 live calls)', value: 'SIPSIP1' },
			{ name: 'SIPSIP2 (1 live call)', value: 'SIPSIP2' },
			{ name: 'SIPSIP3 (0 live calls)', value: 'SIPSIP3' },
			{ name: 'SIPSIP4 (1 live call)', value: 'SIPSIP4' },
			{ name: '1001 (0 live calls)', value: '1001' },
		]);
		expect(harness.sim.requestsTo('GetExtensionsCalls')).toEqual([expect.objectContaining({ method: 'POST', body: { code: SECRET_TOKEN } })]);
	});

	test('the search box filters extensions', async () => {
		const { results } = await listSearch('searchExtensions', { parameters: {}, credential: credential(), filter: 'sip' });
		expect(results.map((result) => result.value)).toEqual(['SIPSIP1', 'SIPSIP2', 'SIPSIP3', 'SIPSIP4']);
	});

	test("calls with the caller's name when Voicenter has one, number, direction, extension, how long they have run, and whether muted", async () => {
		harness.sim.setMuted(SEED_IVRIDS.sipsip1OnHold, true);
		const { results } = await listSearch('searchCalls', { parameters: {}, credential: credential() });

		expect(results.map((result) => result.value)).toEqual(Object.values(SEED_IVRIDS));
		expect(results[0].name).toMatch(/^Dana Levi \(0501234567\) · Incoming · APIAPI · 1 min 3\d s$/);
		expect(results[2].name).toMatch(/^0539876543 · Click2Call · SIPSIP1 · 4 min 5\d s · muted$/);
		expect(results[3].name).toMatch(/^0722776772 · Outgoing · SIPSIP2 · [34]\d s$/);
	});

	test.each([['+972-50-123-4567'], ['0501234567'], ['1234567'], ['apiapi'], [SEED_IVRIDS.apiapiTalking], ['dana levi']])(
		'searching calls for %s finds the customer\'s call',
		async (filter) => {
			const { results } = await listSearch('searchCalls', { parameters: {}, credential: credential(), filter });
			expect(results.map((result) => result.value)).toEqual([SEED_IVRIDS.apiapiTalking]);
		},
	);

	test('an ended call is no longer listed', async () => {
		harness.sim.endCall(SEED_IVRIDS.apiapiTalking);
		const { results } = await listSearch('searchCalls', { parameters: {}, credential: credential() });
		expect(results.map((result) => result.value)).not.toContain(SEED_IVRIDS.apiapiTalking);
		expect(results).toHaveLength(4);
	});

	test.each([['searchExtensions'], ['searchCalls']])('%s without an API token says it needs one, and sends nothing', async (method) => {
		await expect(listSearch(method, { parameters: {}, credential: { baseUrl: harness.sim.baseUrl, apiToken: '' } })).rejects.toMatchObject({
			message: expect.stringMatching(/needs the API Token, and it is empty$/),
			description: expect.stringContaining('Set "API Token" in the Voicenter API credential'),
		});
		expect(harness.sim.requests).toEqual([]);
	});

	test('a wrong token is reported as Voicenter answers it, without the token', async () => {
		const failure = listSearch('searchCalls', { parameters: {}, credential: { baseUrl: harness.sim.baseUrl, apiToken: 'wrong-token' } });
		await expect(failure).rejects.toMatchObject({ message: expect.stringMatching(/^Listing live calls failed: /) });
		await expect(failure).rejects.not.toMatchObject({ message: expect.stringContaining('wrong-token') });
	});
});
