import { n8nMajor } from '../../scripts/n8n/n8nRuntime';
import { SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { AI_AGENT_PATH, AI_AGENT_WORKFLOW_ID, CALL_ID_IN_PROMPT, TOOL_NAME, aiAgentWorkflow, openAiStandInCredential } from './aiAgentWorkflow';
import { startOpenAiStandIn, textOf, type ChatMessage, type OpenAiStandIn, type ScriptedTurn } from './openAiStandIn';
import { executionsOf, storedExecution, useRealN8n } from './stack';

const PAUSED = 'Recording paused and verified; please read your card number.';
const NOT_PAUSED = 'I could not pause the recording; do not read your card number.';
const NOT_MUTED = 'NOT muted (treat the call as still being recorded): ';

/** The scripted model: call the tool for the call ID in the prompt; once it answered, say what its answer allows. */
function conversation(messages: ChatMessage[]): ScriptedTurn {
	const toolMessages = messages.filter((message) => message.role === 'tool');
	if (toolMessages.length > 0) return { text: textOf(toolMessages.at(-1)!.content).includes('Muted and verified') ? PAUSED : NOT_PAUSED };
	const prompt = messages.filter((message) => message.role === 'user').map((message) => textOf(message.content)).join('\n');
	const callId = CALL_ID_IN_PROMPT.exec(prompt)?.[1];
	if (callId === undefined) throw new Error(`No call ID in the prompt the agent sent: ${prompt}`);
	return { toolCall: { name: TOOL_NAME, arguments: { callId } } };
}

// Declared before useRealN8n: the credential imported into n8n needs the stand-in's port.
let standIn: OpenAiStandIn;
beforeAll(async () => {
	standIn = await startOpenAiStandIn(conversation);
});
afterAll(async () => await standIn?.close());

const env = useRealN8n([aiAgentWorkflow()], { extraCredentials: () => [openAiStandInCredential(standIn.baseUrl)] });
const version = () => env.stack.setup.runtime.version;
const log = (line: string) => process.stdout.write(`ai agent (n8n ${version()}): ${line}\n`);

/** What the webhook answered, and what the stand-in was asked meanwhile. */
async function askAgent(callId: string): Promise<{ status: number; answer: unknown }> {
	const response = await fetch(`${env.stack.n8n.url}/webhook/${AI_AGENT_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ callId }),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	log(`webhook for call ID ${callId}: HTTP ${response.status} ${text}`);
	for (const request of standIn.requests) log(`stand-in received ${request.method} ${request.path}: ${JSON.stringify(request.body)}`);
	return { status: response.status, answer: text === '' ? undefined : JSON.parse(text) };
}

/** The model's one tool call, and the tool message the agent sent back for it (printed verbatim). */
function toolRoundTrip(callId: string): string {
	const chats = standIn.requests.filter((request) => request.path === '/v1/chat/completions');
	expect(chats).toHaveLength(2);
	const [first, second] = chats.map((request) => request.body);
	expect(first.tools).toEqual([expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: TOOL_NAME }) })]);
	expect(first.messages!.some((message) => message.role === 'tool')).toBe(false);

	const assistant = second.messages!.find((message) => message.role === 'assistant');
	expect(assistant?.tool_calls).toEqual([{ id: 'call_stand_in_1', type: 'function', function: { name: TOOL_NAME, arguments: expect.any(String) } }]);
	// n8n echoes the call's arguments back with its ID added.
	expect(JSON.parse(assistant!.tool_calls![0].function.arguments)).toMatchObject({ callId });
	const tools = second.messages!.filter((message) => message.role === 'tool');
	expect(tools).toHaveLength(1);
	expect(tools[0].tool_call_id).toBe('call_stand_in_1');
	const content = textOf(tools[0].content);
	process.stdout.write(`\nTOOL MESSAGE the stand-in received (n8n ${version()}, call ID ${callId}):\n${content}\n\n`);
	return content;
}

/** The workflow's failed execution that started at `since` or later, once n8n has stored it. */
async function failedExecution(since: number): Promise<Awaited<ReturnType<typeof storedExecution>>> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const failed = (await executionsOf(env, AI_AGENT_WORKFLOW_ID, since)).filter((execution) => execution.status === 'error');
		if (failed.length === 1) return await storedExecution(env, failed[0].id);
		if (failed.length > 1 || Date.now() > deadline) throw new Error(`Expected one failed execution, found ${failed.length}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

describe("n8n's AI Agent uses the Voicenter Recording node as its pause_recording tool", () => {
	beforeEach(() => {
		env.sim.reset();
		standIn.reset();
	});

	test('the model pauses a live call: Voicenter mutes that ivrid, the tool says "Muted and verified" with its ActionID, and the agent says it is safe', async () => {
		const { sim } = env;
		const callId = SEED_IVRIDS.apiapiTalking;
		const { status, answer } = await askAgent(callId);

		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid: callId, state: '1' }]);
		expect(sim.call(callId)!.isMuted).toBe(true);
		expect(sim.issuedActionIds).toHaveLength(1);

		const content = toolRoundTrip(callId);
		const items = JSON.parse(content) as Array<Record<string, unknown>>;
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0]).slice(0, 4)).toEqual(['result', 'muted', 'verified', 'ActionID']);
		expect(items[0]).toMatchObject({ muted: true, verified: true, ActionID: sim.issuedActionIds[0] });
		expect(items[0].result).toMatch(new RegExp(`^Muted and verified: the recording of call ID "${callId}" is paused;.*ActionID ${sim.issuedActionIds[0]}\\.`));

		expect({ status, answer }).toEqual({ status: 200, answer: { output: PAUSED } });
	});

	test.each([
		{ why: 'an unknown call ID', callId: 'IVR-NOPE', voicenterSays: 'Voicenter answered ErrorCode 400: UniqueIvrID not found' },
		{ why: 'Voicenter failing the mute of a live call', callId: SEED_IVRIDS.sipsip2Outgoing, voicenterSays: 'Voicenter answered ErrorCode 500: Recording service unavailable', fault: true },
	])('$why: the tool message says NOT muted, nothing is muted, and the agent says not to read the card', async ({ callId, voicenterSays, fault }) => {
		const { sim } = env;
		const started = Date.now();
		if (fault) sim.injectFault({ endpoint: 'MuteUnmuteCalls', fault: { kind: 'errorCode', errorCode: 500, message: 'Recording service unavailable' } });
		const { status, answer } = await askAgent(callId);

		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid: callId, state: '1' }]);
		expect(sim.calls().some((call) => call.isMuted)).toBe(false);
		expect(sim.issuedActionIds).toHaveLength(0);

		const failure = `${NOT_MUTED}Mute of call ID "${callId}" failed (item 0): ${voicenterSays}`;
		if (n8nMajor(version()) >= 2) {
			// n8n 2.x hands the model the thrown error's message as the tool's one item.
			expect(toolRoundTrip(callId)).toBe(JSON.stringify([{ error: failure }]));
			expect({ status, answer }).toEqual({ status: 200, answer: { output: NOT_PAUSED } });
		} else {
			// n8n 1.x fails the whole execution when a tool throws: the model never hears back, the caller gets n8n's generic 500.
			expect(standIn.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
			expect({ status, answer }).toEqual({ status: 500, answer: { message: 'Error in workflow' } });
			const execution = await failedExecution(started);
			const outcomes = Object.fromEntries(Object.entries(execution.runData).map(([node, runs]) => [node, runs.map((run) => run.error?.message ?? 'no error')]));
			log(`stored execution ${execution.id}: ${execution.status}, "${execution.error?.message}"; runs ${JSON.stringify(outcomes)}`);
			expect(execution.error?.message).toBe(failure);
			expect(execution.status).toBe('error');
			// Beside the failed run, n8n 1.x stores a run holding only the tool call's input.
			expect(execution.runData[TOOL_NAME]?.flatMap((run) => run.error?.message ?? [])).toEqual([failure]);
		}
	});
});
