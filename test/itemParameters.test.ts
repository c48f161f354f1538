import { SEED_EXTENSIONS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';

// Parameters without an expression are read once per run; these pin that every item still gets its
// own value from an expression, and its own error from a value that cannot be used.
describe('parameters item by item', () => {
	test('an option set by an expression takes each item\'s value', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { verify: '={{ $json.verify }}' } },
			items({ verify: false }, { verify: true }, { verify: false }),
		);
		expect(result.error).toBeUndefined();
		const out = result.output(NODE);
		expect(out.map((item) => (item.json.audit as { verified?: unknown }).verified)).toEqual([undefined, true, undefined]);
		expect(harness.sim.requestsTo('MuteUnmuteCalls')).toHaveLength(3);
		expect(harness.sim.requestsTo('GetExtensionsCalls').length).toBeGreaterThan(0);
	});

	test('an expression in the target gives each item its own extension, a fixed one the same for all', async () => {
		await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.extension }}' },
			items({ extension: SEED_EXTENSIONS.apiapi }, { extension: SEED_EXTENSIONS.sipsip2 }),
		);
		await harness.run({ operation: 'unmute', target: 'extension', extension: SEED_EXTENSIONS.sipsip2 }, items({}, {}, {}));
		expect(harness.sim.requestsTo('MuteUnmuteCalls').map((request) => [request.params.extension, request.params.state])).toEqual([
			[SEED_EXTENSIONS.apiapi, '1'],
			[SEED_EXTENSIONS.sipsip2, '1'],
			[SEED_EXTENSIONS.sipsip2, '0'],
			[SEED_EXTENSIONS.sipsip2, '0'],
			[SEED_EXTENSIONS.sipsip2, '0'],
		]);
	});

	test('a fixed option that cannot be used fails every item with its own item number', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { timeout: -5 } },
			items({}, {}, {}),
			{ continueOnFail: true },
		);
		expect(result.output(NODE).map((item) => item.json.error)).toEqual([0, 1, 2].map(
			(i) => `Option "Timeout" must be a whole number from 1 to any size (item ${i})`,
		));
		expect(harness.sim.requests).toHaveLength(0);
	});

	test('an option from an expression is checked item by item', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { maxAttempts: '={{ $json.attempts }}' } },
			items({ attempts: 2 }, { attempts: 0 }, { attempts: 3 }),
			{ continueOnFail: true },
		);
		expect(result.output(NODE).map((item) => item.json.error)).toEqual([
			undefined,
			'Option "Max Attempts" must be a whole number from 1 to 10 (item 1)',
			undefined,
		]);
		expect(harness.sim.requestsTo('MuteUnmuteCalls')).toHaveLength(2);
	});
});
