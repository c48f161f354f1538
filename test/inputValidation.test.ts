import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';

describe('a target that cannot be right is refused before any request is sent', () => {
	const refused: Array<[string, unknown, string]> = [
		['an empty string', '', 'is empty'],
		['whitespace only', '  \t ', 'is empty'],
		['a missing field (undefined)', undefined, 'is empty'],
		['null', null, 'is empty'],
		['an object', { id: 1 }, 'must be text or a number, but the value is of type object'],
		['an array', ['101'], 'must be text or a number, but the value is an array'],
		['a boolean', true, 'must be text or a number, but the value is of type boolean'],
		['a line break inside', '10\n1', 'contains control characters (such as a line break or tab)'],
		['1 MB of text', 'x'.repeat(1024 * 1024), 'is 1048576 characters long; at most 128 are accepted'],
		// Found by the fuzz test: a lone surrogate would reach Voicenter as U+FFFD.
		['half of a surrogate pair', 'ab\ud800', 'contains broken Unicode (half of a surrogate pair)'],
	];

	for (const target of ['extension', 'callId'] as const) {
		const displayName = target === 'extension' ? 'Extension' : 'Call ID';
		const valid = target === 'extension' ? SEED_EXTENSIONS.apiapi : SEED_IVRIDS.apiapiTalking;
		test.each(refused)(`${displayName} as %s`, async (_name, value, why) => {
			const result = await harness.run(
				{ operation: 'mute', target, [target]: '={{ $json.value }}' },
				items({ value: valid }, { value }),
			);
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(`${displayName} ${why} (item 1)`);
			// Not even the valid-looking first item was sent: the run is refused as a whole.
			expect(harness.sim.requests).toHaveLength(0);
		});
	}

	test('an empty required field typed in the editor: n8n itself refuses to run the node', async () => {
		await expect(harness.run({ operation: 'unmute', target: 'callId', callId: '' })).rejects.toThrow(
			/Parameter "Call ID" is required/,
		);
		expect(harness.sim.requests).toHaveLength(0);
	});

	test('the refusal explains that nothing was sent', async () => {
		const result = await harness.run({ operation: 'unmute', target: 'callId', callId: '={{ $json.nothing }}' });
		expect(result.error?.message).toBe('Call ID is empty (item 0)');
		expect(result.error?.description).toMatch(/No request was sent/);
		expect(harness.sim.requests).toHaveLength(0);
	});

	test('with Continue On Fail the refused item is reported and the others are sent', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.value }}' },
			items({ value: SEED_EXTENSIONS.apiapi }, { value: null }, { value: SEED_EXTENSIONS.sipsip2 }),
			{ continueOnFail: true },
		);
		const out = result.output(NODE);
		expect(out.map((item) => item.json.error)).toEqual([undefined, 'Extension is empty (item 1)', undefined]);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(harness.sim.requestsTo('MuteUnmuteCalls').map((request) => request.params.extension)).toEqual([
			SEED_EXTENSIONS.apiapi,
			SEED_EXTENSIONS.sipsip2,
		]);
	});

	test.each([
		['concurrency', { concurrency: 0 }, 'Option "Concurrency" must be a whole number from 1 to 1000 (item 0)'],
		['concurrency', { concurrency: 1001 }, 'Option "Concurrency" must be a whole number from 1 to 1000 (item 0)'],
		['timeout', { timeout: -5 }, 'Option "Timeout" must be a whole number from 1 to any size (item 0)'],
	])('a nonsensical %s option is refused', async (_name, options, message) => {
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options });
		expect(result.error?.message).toBe(message);
		expect(harness.sim.requests).toHaveLength(0);
	});
});
