import { SEED_EXTENSIONS } from '../simulator/voicenterSimulator';
import { listSearch } from './engine/listSearch';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';

/** Voicenter's call IDs have no fixed length, case or alphabet: one of each shape its material shows. */
const SHAPES = [
	['18 characters, date and hex', '2020101201cc7b38df'],
	['21 characters, mixed case', '2020072818dcDHFJcc804'],
	['32 characters', '20220916103546022555eb61e755c08a'],
	['27 characters, no date', '1bcd7954224861f85a2d70612f2'],
] as const;

/** A live call with this ID alone on an extension with no other call, and a caller number of its own (the seed has some of these IDs elsewhere: ended first). */
function liveCall(ivrid: string, callerPhone: string) {
	if (harness.sim.call(ivrid) !== undefined) harness.sim.endCall(ivrid);
	harness.sim.addCall(SEED_EXTENSIONS.withoutCalls, { ivrid, callerPhone, callerName: 'Ruth Azulay' });
}

const verified = { verify: true, verifyOrder: 'readFirst', verifyTimeout: 2000 };

describe.each(SHAPES)('a call ID of %s (%s)', (_shape, ivrid) => {
	test('Mute by Call ID sends it as it is and is verified; Unmute too', async () => {
		liveCall(ivrid, '0547771234');
		const muted = await harness.run({ operation: 'mute', target: 'callId', callId: ivrid, options: verified });
		expect(muted.error).toBeUndefined();
		expect(muted.output(NODE)[0].json).toMatchObject({ callId: ivrid, verified: true });
		expect(harness.sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid, state: '1' }]);
		expect(harness.sim.call(ivrid)!.isMuted).toBe(true);

		const unmuted = await harness.run({ operation: 'unmute', target: 'callId', callId: ivrid, options: verified });
		expect(unmuted.error).toBeUndefined();
		expect(harness.sim.call(ivrid)!.isMuted).toBe(false);
	});

	test('Get Active Calls and the editor\'s list of calls give it back unchanged', async () => {
		liveCall(ivrid, '0547771234');
		const result = await harness.run({ operation: 'getActiveCalls', extension: SEED_EXTENSIONS.withoutCalls });
		expect(result.output(NODE).map((item) => item.json.ivrid)).toEqual([ivrid]);

		const credential = { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN };
		const { results } = await listSearch('searchCalls', { parameters: {}, credential, filter: ivrid.slice(-6) });
		expect(results).toEqual([{ name: expect.stringMatching(/^Ruth Azulay \(0547771234\) · /), value: ivrid }]);
	});

	test('Mute by Caller Number finds it and mutes it by this ID, verified', async () => {
		liveCall(ivrid, '0547771234');
		const result = await harness.run(
			{ operation: 'mute', target: 'callerNumber', callerNumber: '={{ $json.phone }}', options: verified },
			items({ phone: '+972 54-777-1234' }),
		);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE).map((item) => [item.json.callId, item.json.verified])).toEqual([[ivrid, true]]);
		expect(harness.sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid, state: '1' }]);
		expect(harness.sim.call(ivrid)!.isMuted).toBe(true);
	});
});

test('the simulator issues call IDs of every shape in turn', () => {
	const issued = SHAPES.map(() => harness.sim.addCall(SEED_EXTENSIONS.withoutCalls).ivrid);
	expect(issued.map((ivrid) => ivrid.length)).toEqual([18, 21, 32, 27]);
	expect(issued[1]).toMatch(/^\d{10}[0-9A-Za-z]{11}$/);
	expect(issued[3]).toMatch(/^[0-9a-f]{27}$/);
});
