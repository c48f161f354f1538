import fc from 'fast-check';

import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';
const ITEMS_PER_RUN = 100;
const RUNS = 100;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// The node's contract for a target, written out independently: text or a finite number, trimmed,
// non-empty, at most 128 characters, no control characters, well-formed Unicode.
function expectedTarget(value: unknown): string | undefined {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
	if (text === undefined || text === '' || text.length > 128) return undefined;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(text) || LONE_SURROGATE.test(text)) return undefined;
	return text;
}

const anyCharacter = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const target = fc.oneof(
	fc.string({ maxLength: 24 }),
	fc.string({ unit: 'grapheme', maxLength: 12 }),
	fc.string({ unit: anyCharacter, maxLength: 12 }),
	fc.tuple(fc.constantFrom(' ', '\t', '\n', '\u00a0', ''), fc.string({ maxLength: 10 }), fc.constantFrom(' ', '\r\n', '')).map((parts) => parts.join('')),
	fc.constantFrom('101&state=0', 'a=b&c', '?x=1#y', '%2F%00', '"}', '{{ 1 }}', 'שלוחה', '😀📞', 'x'.repeat(129), 'x'.repeat(128)),
	fc.integer(),
	fc.constantFrom(true, false, null, [], {}, ['101'], { extension: '101' }),
);

test(`${RUNS * ITEMS_PER_RUN} generated targets: sent exactly as the contract says, or refused by name, never a crash`, async () => {
	let cases = 0;
	await fc.assert(
		fc.asyncProperty(
			fc.array(target, { minLength: ITEMS_PER_RUN, maxLength: ITEMS_PER_RUN }),
			fc.constantFrom('mute', 'unmute'),
			fc.constantFrom('POST', 'GET'),
			fc.constantFrom('extension', 'callId'),
			async (values, operation, requestMethod, targetKind) => {
				const { sim } = harness;
				sim.reset();
				const result = await harness.run(
					{ operation, target: targetKind, [targetKind]: '={{ $json.value }}', requestMethod, options: { maxAttempts: 1 } },
					items(...values.map((value) => ({ value }))),
					{ continueOnFail: true },
				);
				cases += values.length;

				// One output item per input item, in order, never an escaped exception.
				expect(result.status).toBe('success');
				const out = result.output(NODE);
				expect(out).toHaveLength(values.length);
				const field = targetKind === 'callId' ? 'ivrid' : 'extension';
				const label = targetKind === 'callId' ? 'Call ID' : 'Extension';
				const expected = values.map(expectedTarget);
				out.forEach((item, i) => {
					expect(item.pairedItem).toEqual({ item: i });
					if (expected[i] === undefined) {
						expect(item.json.error).toMatch(new RegExp(`^${label} .*\\(item ${i}\\)$`));
					}
				});

				// The simulator received exactly the valid targets, with the operation's state.
				const sent = sim.requestsTo('MuteUnmuteCalls').map((request) => request.params);
				const state = operation === 'mute' ? '1' : '0';
				expect(sent.every((params) => params.state === state && Object.keys(params).length === 2)).toBe(true);
				const received = sent.map((params) => params[field] as string).sort();
				expect(received).toEqual(expected.filter((value): value is string => value !== undefined).sort());
			},
		),
		{ numRuns: RUNS, seed: 20261124 },
	);
	process.stdout.write(`fuzzed targets: ${cases} generated cases run\n`);
	expect(cases).toBe(RUNS * ITEMS_PER_RUN);
}, 300_000);
