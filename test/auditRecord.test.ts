import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { items, useSimulator } from './support';
import { runWorkflow } from './engine/runWorkflow';
import { chain, recordingNode } from './engine/workflows';

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
			// Left out: nobody named, and the door is the editor's manual run.
			requestedBy: null,
			source: 'manual',
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

describe('the audit record names who asked and through which door', () => {
	const byExpression = {
		operation: 'mute',
		target: 'extension',
		extension: '={{ $json.ext }}',
		options: { requestedBy: '={{ $json.user }}', source: '={{ $json.door }}' },
	};

	test('set by expression per item, on success and on failure alike', async () => {
		const { sim } = harness;
		const result = await harness.run(
			byExpression,
			items(
				{ ext: SEED_EXTENSIONS.apiapi, user: 'dana@example.com', door: 'form' },
				{ ext: 'NOSUCH', user: 'crm-user-17', door: 'webhook' },
				{ ext: SEED_EXTENSIONS.withTwoCalls, user: 42, door: 'resume' },
			),
			{ continueOnFail: true },
		);
		const audits = result.output(NODE).map((item) => item.json.audit as Record<string, unknown>);
		expect(audits.map((audit) => [audit.requestedBy, audit.source, audit.targetValue, audit.ActionID === null])).toEqual([
			['dana@example.com', 'form', SEED_EXTENSIONS.apiapi, false],
			['crm-user-17', 'webhook', 'NOSUCH', true],
			['42', 'resume', SEED_EXTENSIONS.withTwoCalls, false],
		]);
		expect(result.output(NODE)[1].json.error).toMatch(/Extension not found/);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(3);
	});

	test('on the error output too: a failed attempt keeps who asked', async () => {
		const result = await harness.run(byExpression, items({ ext: 'NOSUCH', user: 'crm-user-17', door: 'webhook' }), { errorOutput: true });
		const failed = result.output(NODE, 1)[0].json.error as { audit: Record<string, unknown> };
		expect(failed.audit).toMatchObject({ requestedBy: 'crm-user-17', source: 'webhook', targetValue: 'NOSUCH', ActionID: null });
	});

	test('an empty Requested By is recorded as null; outside a manual run an unset Source is null', async () => {
		const result = await runWorkflow(chain(recordingNode({ operation: 'unmute', target: 'callId', callId: SEED_IVRIDS.apiapiTalking, options: { requestedBy: '  ' } })), {
			input: items({}),
			credentials: { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken: 'x' } },
			mode: 'webhook',
		});
		expect(result.output(NODE)[0].json.audit).toMatchObject({ requestedBy: null, source: null, state: '0' });
	});

	test('an unknown Source fails by name, and nothing is sent', async () => {
		const result = await harness.run({ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { source: 'backdoor' } });
		expect(result.error?.message).toBe('Option "Source" must be one of aiTool, form, manual, resume, timeLimit, watchdog, webhook, not "backdoor" (item 0)');
		expect(harness.sim.requests).toHaveLength(0);
	});

	test('a Requested By that maps a whole object fails that item by name, and nothing is sent for any item', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { requestedBy: '={{ $json.user }}' } },
			items({ user: 'dana' }, { user: { id: 7 } }),
		);
		expect(result.error?.message).toBe('Option "Requested By" must be text, not object (item 1)');
		expect(harness.sim.requests).toHaveLength(0);
	});
});
