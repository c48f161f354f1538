import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { VoicenterRecording } from '../nodes/Voicenter/VoicenterRecording.node';
import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';
const callIds = Object.values(SEED_IVRIDS);

/** The parameters as n8n saves them (values equal to a default are dropped, collections kept as set). */
function savedParameters(parameters: INodeParameters): INodeParameters | null {
	const { description } = new VoicenterRecording();
	return NodeHelpers.getNodeParameters(description.properties, parameters, false, false, { typeVersion: 2 }, description);
}

describe('many items', () => {
	test('100 items: one output each, in input order, paired, even when answers arrive out of order', async () => {
		const { sim } = harness;
		// Early requests answer late, so completion order differs from input order.
		for (let i = 0; i < 30; i++) sim.injectFault({ fault: { kind: 'delay', ms: 60 - 2 * i }, times: 1 });
		const input = items(...Array.from({ length: 100 }, (_, i) => ({ callId: callIds[i % callIds.length], n: i })));

		const result = await harness.run(
			{ operation: 'mute', target: 'callId', callId: '={{ $json.callId }}', options: { concurrency: 8 } },
			input,
		);

		expect(result.error).toBeUndefined();
		const out = result.output(NODE);
		expect(out).toHaveLength(100);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.callId).toBe(callIds[i % callIds.length]);
		});
		expect(new Set(out.map((item) => item.json.ActionID)).size).toBe(100);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(100);
	});

	test.each([1, 4])('no more than %i requests are open at once', async (concurrency) => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'delay', ms: 100 } });
		await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { concurrency } },
			items(...Array.from({ length: 12 }, () => ({}))),
		);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(12);
		expect(sim.peakInFlight).toBe(concurrency);
	});

	test('at the highest Concurrency (1,000) every item of a 400-item run is in flight at once', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'delay', ms: 300 } });
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { concurrency: 1000 } },
			items(...Array.from({ length: 400 }, () => ({}))),
		);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)).toHaveLength(400);
		expect(sim.peakInFlight).toBe(400);
	});

	test('left at its default, every item of a 400-item Mute run is in flight at once, as the HTTP Request node sends them', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'delay', ms: 300 } });
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi },
			items(...Array.from({ length: 400 }, () => ({}))),
		);
		expect(result.error).toBeUndefined();
		expect(sim.peakInFlight).toBe(400);
	});

	test.each([
		['Get Active Calls', { operation: 'getActiveCalls', extension: SEED_EXTENSIONS.apiapi }],
		['verified Mutes', { operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { verify: true, verifyOrder: 'readFirst' } }],
		['Mutes by Caller Number', { operation: 'mute', target: 'callerNumber', callerNumber: '0501234567' }],
	])('left at its default, %s (items that read Active Calls) keep to 10 at a time', async (_name, parameters) => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'delay', ms: 50 } });
		const result = await harness.run(parameters, items(...Array.from({ length: 30 }, () => ({}))));
		expect(result.error).toBeUndefined();
		expect(sim.peakInFlight).toBe(10);
	});

	test('a workflow saved with Concurrency 10 keeps it: n8n keeps the value in the saved parameters, and the node keeps to it', async () => {
		const { sim } = harness;
		const parameters = { operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { concurrency: 10 } };
		expect(savedParameters(parameters)).toMatchObject({ options: { concurrency: 10 } });

		sim.injectFault({ fault: { kind: 'delay', ms: 50 } });
		const result = await harness.run(parameters, items(...Array.from({ length: 50 }, () => ({}))));
		expect(result.error).toBeUndefined();
		expect(sim.peakInFlight).toBe(10);
	});

	test('without Continue On Fail, a failure stops new requests and fails with that item\'s error', async () => {
		const { sim } = harness;
		sim.injectFault({ fault: { kind: 'delay', ms: 20 } });
		const extensions = Array.from({ length: 20 }, (_, i) => (i === 3 ? 'NOSUCH' : SEED_EXTENSIONS.apiapi));

		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.ext }}', options: { concurrency: 2 } },
			items(...extensions.map((ext) => ({ ext }))),
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Mute of extension "NOSUCH" failed (item 3): Voicenter answered ErrorCode 400: Extension not found',
		);
		// Items 0–3 were sent; at most one more was already in flight when item 3 failed.
		const sent = sim.requestsTo('MuteUnmuteCalls').length;
		expect(sent).toBeGreaterThanOrEqual(4);
		expect(sent).toBeLessThanOrEqual(5);
	});
});
