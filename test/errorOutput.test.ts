import { SEED_EXTENSIONS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();

const muteEach = { operation: 'mute', target: 'extension', extension: '={{ $json.ext }}' };

describe('"On Error: Continue (using error output)" sends every failed item to the error output', () => {
	test('a refused mute and a bad target go to the error output, paired to their items; the mutes that worked stay on the success output', async () => {
		const { sim } = harness;
		const result = await harness.run(
			muteEach,
			items({ ext: SEED_EXTENSIONS.apiapi }, { ext: 'NOSUCH' }, { ext: '' }, { ext: SEED_EXTENSIONS.withTwoCalls }),
			{ errorOutput: true },
		);

		expect(result.status).toBe('success');
		const succeeded = result.output('Voicenter Recording', 0);
		const failed = result.output('Voicenter Recording', 1);
		expect(succeeded.map((item) => [item.pairedItem, item.json.ActionID])).toEqual([
			[{ item: 0 }, sim.issuedActionIds[0]],
			[{ item: 3 }, sim.issuedActionIds[1]],
		]);
		expect(succeeded.every((item) => item.json.error === undefined)).toBe(true);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		// Everything known of the failure is inside `error` (behind a trigger, n8n adds the input
		// item's fields beside it).
		expect(failed[0].json).toEqual({
			error: expect.objectContaining({
				message: 'Mute of extension "NOSUCH" failed (item 1): Voicenter answered ErrorCode 400: Extension not found',
				description: expect.stringContaining('NOT muted'),
				ErrorCode: 400,
				Message: 'Extension not found',
				attempts: 1,
				audit: expect.objectContaining({ requestedState: 'muted', targetValue: 'NOSUCH', ActionID: null }),
			}),
		});
		expect(failed[1].json).toEqual({
			error: expect.objectContaining({ message: 'Extension is empty (item 2)', operation: 'mute' }),
		});
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(3);
	});

	test('with the regular output, failed items stay in place with their error', async () => {
		const result = await harness.run(muteEach, items({ ext: 'NOSUCH' }, { ext: SEED_EXTENSIONS.apiapi }), { continueOnFail: true });
		const output = result.output('Voicenter Recording');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json.error).toMatch(/Extension not found/);
		expect(result.output('Voicenter Recording', 1)).toEqual([]);
	});
});
