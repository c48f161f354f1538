import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { completionPage } from './engine/formCompletionPage';
import { runWorkflow, type RunResult, type WorkflowDefinition } from './engine/runWorkflow';
import { exampleWorkflow } from './engine/workflows';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();

const PAUSED_PAGE = 'Page: recording paused';
const NOT_PAUSED_PAGE = 'Page: recording NOT paused';

interface Submission {
	extension?: string;
	phone?: string;
	reason?: string;
}

/**
 * Runs examples/agent-pause-form.json from its Form Trigger with the item the trigger emits for
 * a submission: one key per field label (an empty text field is ''), `submittedAt` and `formMode`.
 */
async function submit(form: Submission, workflow: WorkflowDefinition = exampleWorkflow('agent-pause-form.json')): Promise<RunResult> {
	return await runWorkflow(workflow, {
		input: items({
			'Your extension': form.extension ?? '',
			'Customer phone number': form.phone ?? '',
			Reason: form.reason ?? 'Card payment',
			submittedAt: new Date().toISOString(),
			formMode: 'production',
		}),
		credentials: { 'voicenter-simulator': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN } },
	});
}

/** Which completion page the run stopped at; the other one must not have run. */
function expectStoppedAt(result: RunResult, page: string): void {
	const other = page === PAUSED_PAGE ? NOT_PAUSED_PAGE : PAUSED_PAGE;
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('waiting');
	expect(result.run.data.resultData.runData[page]).toHaveLength(1);
	expect(result.run.data.resultData.runData[other]).toBeUndefined();
	// What n8n answers the form's submission with: go to the waiting execution's page.
	expect(result.sentResponses).toEqual([
		{ statusCode: 307, headers: { location: expect.stringContaining(`/form-waiting/${result.executionId}`) } },
	]);
}

const mutedCalls = () => harness.sim.calls().filter((call) => call.isMuted).map((call) => call.ivrid).sort();

describe('the agent\'s pause form (Form Trigger → If → verified Mute → Form ending pages)', () => {
	test('by extension: every call on it is muted, and the page says paused with Voicenter\'s ActionID', async () => {
		const { sim } = harness;
		const result = await submit({ extension: SEED_EXTENSIONS.withTwoCalls, reason: 'ID number' });

		expectStoppedAt(result, PAUSED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip1OnHold, SEED_IVRIDS.sipsip1Talking].sort());
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' }]);
		// Verify: the calls were read before the mute and read back as muted after it.
		// The first read goes out together with the mute; the last read comes after Voicenter's answer.
		expect(sim.requests.map((request) => request.endpoint).sort()).toEqual(['GetExtensionsCalls', 'GetExtensionsCalls', 'MuteUnmuteCalls']);
		expect(sim.requests.at(-1)!.endpoint).toBe('GetExtensionsCalls');
		const page = await completionPage(result);
		expect(page).toEqual({
			node: PAUSED_PAGE,
			title: 'Recording paused',
			formTitle: 'Pause call recording',
			message: expect.stringContaining(`Reference (ActionID): <strong>${sim.issuedActionIds[0]}</strong>`),
		});
		expect(page.message).toContain('Voicenter confirmed it');
		expect(page.message).toContain('Reason: ID number');
	});

	test('by the customer\'s phone number, in the form an agent types it: only that call is muted', async () => {
		const { sim } = harness;
		// The seeded outgoing call on SIPSIP2 is to 0722776772.
		const result = await submit({ phone: '+972-72-277-6772' });

		expectStoppedAt(result, PAUSED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip2Outgoing]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '1' }]);
		expect((await completionPage(result)).message).toContain(`Reference (ActionID): <strong>${sim.issuedActionIds[0]}</strong>`);
	});

	test('an unknown extension: the page says NOT paused and why, and nothing is muted', async () => {
		const result = await submit({ extension: 'NOSUCH' });

		expectStoppedAt(result, NOT_PAUSED_PAGE);
		expect(mutedCalls()).toEqual([]);
		const page = await completionPage(result);
		expect(page.title).toBe('Recording NOT paused');
		expect(page.message).toContain('The call is still being recorded. Do not ask for the card number.');
		expect(page.message).toMatch(/Why: .*NOSUCH.*not found/);
		expect(page.message).toContain('ask a supervisor');
		expect(page.message).not.toMatch(/ActionID|confirmed/);
	});

	test('Voicenter accepts the mute but the call keeps recording: the page says NOT paused, not "paused"', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		const workflow = exampleWorkflow('agent-pause-form.json');
		for (const node of workflow.nodes.filter((candidate) => candidate.type.endsWith('.voicenterRecording'))) {
			node.parameters.options = { ...(node.parameters.options as object), verifyTimeout: 800 };
		}
		const result = await submit({ extension: SEED_EXTENSIONS.apiapi }, workflow);

		expect(sim.issuedActionIds).toHaveLength(1);
		expectStoppedAt(result, NOT_PAUSED_PAGE);
		expect(mutedCalls()).toEqual([]);
		const page = await completionPage(result);
		expect(page.title).toBe('Recording NOT paused');
		expect(page.message).toMatch(/did not show muted within 800 ms/);
		expect(page.message).toContain('STILL RECORDING');
	});

	test('neither the extension nor the phone number filled in: NOT paused, and nothing was sent to mute', async () => {
		const result = await submit({});

		expectStoppedAt(result, NOT_PAUSED_PAGE);
		expect(harness.sim.requestsTo('MuteUnmuteCalls')).toEqual([]);
		expect((await completionPage(result)).title).toBe('Recording NOT paused');
	});
});
