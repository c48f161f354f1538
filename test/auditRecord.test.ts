import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';

const harness = useSimulator();
const NODE = 'Voicenter Recording';

describe('every Mute/Unmute item carries an audit record', () => {
	test('on success: when, which execution/workflow/node, what was asked, the ActionID', async () => {
		const { sim } = harness;
		const started = Date.now();
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi });
		const { audit } = result.output(NODE)[0].json as { audit: Record<string, unknown> };

		expect(audit).toEqual({
			timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			executionId: result.executionId,
			workflowId: result.workflowId,
			nodeName: NODE,
			operation: 'mute',
			target: 'extension',
			targetValue: SEED_EXTENSIONS.apiapi,
			requestedState: 'muted',
			state: '1',
			ActionID: sim.issuedActionIds[0],
		});
		const at = Date.parse(audit.timestamp as string);
		expect(at).toBeGreaterThanOrEqual(started);
		expect(at).toBeLessThanOrEqual(Date.now());
	});

	test('with Verify: the verified state of each call', async () => {
		const result = await harness.run({
			operation: 'unmute',
			target: 'callId',
			callId: SEED_IVRIDS.apiapiTalking,
			options: { verify: true, verifyOrder: 'readFirst' },
		});
		expect(result.output(NODE)[0].json.audit).toMatchObject({
			requestedState: 'recording',
			state: '0',
			verified: true,
			verifiedCalls: [{ ivrid: SEED_IVRIDS.apiapiTalking, isMuted: false, alreadyInState: true }],
		});
	});

	test('on failure (Continue On Fail): the record is there, with no ActionID when Voicenter refused', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.ext }}' },
			items({ ext: 'NOSUCH' }),
			{ continueOnFail: true },
		);
		expect(result.output(NODE)[0].json.audit).toMatchObject({
			executionId: result.executionId,
			nodeName: NODE,
			targetValue: 'NOSUCH',
			requestedState: 'muted',
			ActionID: null,
		});
	});

	test('on a failed verification: the ActionID Voicenter issued and verified: false', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		const result = await harness.run(
			{ operation: 'mute', target: 'callId', callId: SEED_IVRIDS.apiapiTalking, options: { verify: true, verifyTimeout: 500 } },
			undefined,
			{ continueOnFail: true },
		);
		expect(result.output(NODE)[0].json.audit).toMatchObject({
			ActionID: sim.issuedActionIds[0],
			verified: false,
			verifiedCalls: [{ ivrid: SEED_IVRIDS.apiapiTalking, isMuted: false }],
		});
	});
});
