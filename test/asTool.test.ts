import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { engineTypes, runWorkflow } from './engine/runWorkflow';
import { registerToolNodes, TOOL_CALLER_TYPE, TOOL_NODE_TYPE, type ToolCall } from './engine/toolNodes';
import { TEST_CREDENTIAL } from './engine/workflows';
import { SECRET_TOKEN, useSimulator } from './support';

const harness = useSimulator();
beforeAll(registerToolNodes);

const fromAi = (key: string, description: string, defaultValue?: string) =>
	`={{ $fromAI('${key}', '${description}', 'string'${defaultValue === undefined ? '' : `, '${defaultValue}'`}) }}`;
const modelsCallId = { __rl: true, mode: 'id', value: fromAi('callId', 'The call ID (ivrid) of the live call') };

const PAUSE: INodeParameters = { operation: 'mute', target: 'callId', callId: modelsCallId, options: { verify: true } };
const RESUME: INodeParameters = { operation: 'unmute', target: 'callId', callId: modelsCallId, options: { verify: true } };
const LIST: INodeParameters = {
	operation: 'getActiveCalls',
	extension: { __rl: true, mode: 'id', value: fromAi('extension', 'The extension, or empty for all', '') },
};

function toolNode(name: string, parameters: INodeParameters, overrides: Partial<INode> = {}): INode {
	return { id: name, name, type: TOOL_NODE_TYPE, typeVersion: 2, position: [0, 200], parameters, credentials: TEST_CREDENTIAL, ...overrides };
}

/** The Tool Caller, with the tool on its ai_tool input, invokes it with the `args` it is given (as a model's tool call). */
async function callTool(tool: INode, args: Record<string, unknown>, apiToken = SECRET_TOKEN): Promise<ToolCall & { executionId: string }> {
	const result = await runWorkflow(
		{
			nodes: [
				{ id: 'caller', name: 'Caller', type: TOOL_CALLER_TYPE, typeVersion: 1, position: [200, 0], parameters: {} },
				tool,
			],
			connections: {
				[tool.name]: { ai_tool: [[{ node: 'Caller', type: 'ai_tool', index: 0 }]] },
			},
		},
		{
			input: [{ json: { args } }],
			credentials: { 'voicenter-test': { baseUrl: harness.sim.baseUrl, apiToken } },
		},
	);
	expect(result.error).toBeUndefined();
	const [call] = result.output('Caller');
	return { ...(call.json as unknown as ToolCall), executionId: result.executionId };
}

const answerItems = (call: ToolCall) => JSON.parse(call.answer ?? 'null') as Array<Record<string, unknown>>;

describe('what a model is shown of each tool', () => {
	test('each operation has its own description, saying what an error means; the plain node has no such field', async () => {
		const pause = await callTool(toolNode('pause_recording', PAUSE), { callId: SEED_IVRIDS.apiapiTalking });
		const resume = await callTool(toolNode('resume_recording', RESUME), { callId: SEED_IVRIDS.apiapiTalking });
		const list = await callTool(toolNode('list_active_calls', LIST), {});

		expect(pause.description).toMatch(/^Pauses \(mutes\) the recording of a live Voicenter call/);
		expect(pause.description).toContain('"NOT muted", means the call is STILL BEING RECORDED');
		expect(resume.description).toMatch(/^Resumes \(unmutes\) the recording/);
		expect(resume.description).toContain('"NOT resumed"');
		expect(list.description).toMatch(/^Lists the live Voicenter calls/);
		expect(new Set([pause.description, resume.description, list.description]).size).toBe(3);

		const { nodeTypes } = await engineTypes();
		const plain = nodeTypes.getByNameAndVersion('n8n-nodes-voicenter.voicenterRecording', 2).description;
		const plainParameters = NodeHelpers.getNodeParameters(plain.properties, PAUSE, true, false, null, plain);
		expect(plainParameters).not.toHaveProperty('toolDescription');
	});

	test("the input schema is the $fromAI keys: the call ID required, the extension to list optional", async () => {
		expect((await callTool(toolNode('pause_recording', PAUSE), { callId: SEED_IVRIDS.apiapiTalking })).parameters).toEqual({
			callId: { required: true },
		});
		expect((await callTool(toolNode('list_active_calls', LIST), {})).parameters).toEqual({ extension: { required: false } });
	});

	test('a description the user wrote replaces ours', async () => {
		const mine = 'Mute the card-payment call';
		const call = await callTool(toolNode('pause_recording', { ...PAUSE, toolDescription: mine }), { callId: SEED_IVRIDS.apiapiTalking });
		expect(call.description).toBe(mine);
	});
});

describe('what a model reads back: the outcome first', () => {
	test('a verified pause: "Muted and verified", muted, verified and the ActionID lead; the audit carries the execution id', async () => {
		const { sim } = harness;
		const call = await callTool(toolNode('pause_recording', PAUSE), { callId: SEED_IVRIDS.apiapiTalking });
		const [item] = answerItems(call);
		const actionId = sim.issuedActionIds[0];
		expect(Object.keys(item).slice(0, 4)).toEqual(['result', 'muted', 'verified', 'ActionID']);
		expect(item).toMatchObject({ muted: true, verified: true, ActionID: actionId });
		expect(item.result).toBe(
			`Muted and verified: the recording of call ID "${SEED_IVRIDS.apiapiTalking}" is paused; Voicenter's Active Calls show it. ActionID ${actionId}.`,
		);
		// Run as a tool with no Source set, the audit names the door: aiTool.
		expect(item.audit).toMatchObject({ executionId: call.executionId, nodeName: 'pause_recording', requestedState: 'muted', verified: true, source: 'aiTool' });
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(true);
	});

	test('a verified resume: "Resumed and verified", muted false', async () => {
		const { sim } = harness;
		await callTool(toolNode('pause_recording', PAUSE), { callId: SEED_IVRIDS.apiapiTalking });
		const [item] = answerItems(await callTool(toolNode('resume_recording', RESUME), { callId: SEED_IVRIDS.apiapiTalking }));
		expect(item).toMatchObject({ muted: false, verified: true, ActionID: sim.issuedActionIds[1] });
		expect(item.result).toMatch(/^Resumed and verified: the recording of call ID "[^"]+" is running again/);
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(false);
	});

	test('a pause without Verify says it was not read back', async () => {
		const { options, ...unverified } = PAUSE;
		void options;
		const [item] = answerItems(await callTool(toolNode('pause_recording', unverified), { callId: SEED_IVRIDS.apiapiTalking }));
		expect(item).toMatchObject({ muted: true, verified: false });
		expect(item.result).toMatch(/^Muted, not verified: Voicenter accepted the pause .*Verify is off/);
	});

	test('a pause by extension names every live call on it', async () => {
		const byExtension = { operation: 'mute', target: 'extension', extension: { __rl: true, mode: 'id', value: fromAi('extension', 'The extension') } };
		const [item] = answerItems(await callTool(toolNode('pause_extension', byExtension), { extension: SEED_EXTENSIONS.withTwoCalls }));
		expect(item.result).toMatch(`the recording of every live call on extension "${SEED_EXTENSIONS.withTwoCalls}"`);
	});

	test('Get Active Calls answers one list, and "No live calls." when there are none', async () => {
		const [all] = answerItems(await callTool(toolNode('list_active_calls', LIST), {}));
		expect(all.result).toBe(`${(all.calls as unknown[]).length} live calls.`);
		expect((all.calls as Array<{ ivrid: string }>).map((call) => call.ivrid)).toContain(SEED_IVRIDS.apiapiTalking);

		const none = answerItems(await callTool(toolNode('list_active_calls', LIST), { extension: SEED_EXTENSIONS.withoutCalls }));
		expect(none).toEqual([{ result: 'No live calls.', calls: [] }]);
	});
});

describe('a failure can never be read as success, whatever On Error says', () => {
	const UNKNOWN = 'IVR-NOPE';

	test('On Error left at Stop: the tool throws, its message starting "NOT muted"; nothing is muted', async () => {
		const { sim } = harness;
		const call = await callTool(toolNode('pause_recording', PAUSE), { callId: UNKNOWN });
		expect(call.answer).toBeUndefined();
		expect(call.thrown).toMatch(/^NOT muted \(treat the call as still being recorded\): Mute of call ID "IVR-NOPE" failed \(item 0\): Voicenter answered ErrorCode/);
		expect(sim.callsOf(SEED_EXTENSIONS.apiapi).some((c) => c.isMuted)).toBe(false);
	});

	test.each([
		['Continue (regular output)', 'continueRegularOutput'],
		['Continue (using error output)', 'continueErrorOutput'],
	] as const)('On Error %s: the answer leads with "NOT muted" (an error output would reach the model as nothing)', async (_label, onError) => {
		const call = await callTool(toolNode('pause_recording', PAUSE, { onError }), { callId: UNKNOWN });
		expect(call.thrown).toBeUndefined();
		expect(call.answer).toMatch(/^\[\{"result":"NOT muted \(treat the call as still being recorded\): Mute of call ID \\"IVR-NOPE\\" failed/);
		const [item] = answerItems(call);
		expect(item).not.toHaveProperty('error');
		expect(item).toMatchObject({ operation: 'mute', callId: UNKNOWN, audit: { requestedState: 'muted', ActionID: null } });
	});

	test('a call that ended before the pause: NOT muted', async () => {
		const { sim } = harness;
		sim.endCall(SEED_IVRIDS.apiapiTalking);
		const call = await callTool(toolNode('pause_recording', PAUSE, { onError: 'continueRegularOutput' }), { callId: SEED_IVRIDS.apiapiTalking });
		expect(answerItems(call)[0].result).toMatch(/^NOT muted/);
	});

	test('a pause Voicenter accepts but never applies fails Verify: NOT muted, with the ActionID', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		const call = await callTool(toolNode('pause_recording', { ...PAUSE, options: { verify: true, verifyTimeout: 800 } }), {
			callId: SEED_IVRIDS.apiapiTalking,
		});
		expect(call.thrown).toMatch(new RegExp(`^NOT muted .*Voicenter accepted it \\(ActionID ${sim.issuedActionIds[0]}\\) but .* did not show muted within 800 ms`));
	});

	test('a failed resume: "NOT resumed", the recording treated as still paused', async () => {
		const call = await callTool(toolNode('resume_recording', RESUME, { onError: 'continueRegularOutput' }), { callId: UNKNOWN });
		expect(answerItems(call)[0].result).toMatch(/^NOT resumed \(treat the recording as still paused\): Unmute of call ID/);
	});

	test('an empty call ID from the model is refused before anything is sent', async () => {
		const { sim } = harness;
		const call = await callTool(toolNode('pause_recording', PAUSE), { callId: '' });
		expect(call.thrown).toMatch(/^NOT muted \(treat the call as still being recorded\): .*Call ID/);
		expect(sim.requests).toHaveLength(0);
	});

	test('a wrong token: NOT read, and the token appears nowhere in what the model reads', async () => {
		const call = await callTool(toolNode('list_active_calls', LIST, { onError: 'continueRegularOutput' }), {}, 'tok-WRONG-0000');
		expect(answerItems(call)[0].result).toMatch(/^Active calls NOT read: /);
		expect(call.answer).not.toContain('tok-WRONG-0000');
	});
});
