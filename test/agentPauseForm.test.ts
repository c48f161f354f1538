import { PAUSE_LEDGER_CALLED_AS as PAUSE_LEDGER_WORKFLOW_ID } from '../nodes/Voicenter/kit/kitContents';
import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { completionPage, formPage, submitFormPage, waitTimeLimitReached } from './engine/formCompletionPage';
import { runWorkflow, type RunResult, type WorkflowDefinition } from './engine/runWorkflow';
import { exampleWorkflow } from './engine/workflows';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();

const PAUSED_PAGE = 'Page: recording paused';
const NOT_PAUSED_PAGE = 'Page: recording NOT paused';
const RESUMED_PAGE = 'Page: recording resumed';
const NOT_RESUMED_PAGE = 'Page: recording NOT resumed';
const TEN_MINUTES_MS = 10 * 60_000;

interface Submission {
	extension?: string;
	phone?: string;
	reason?: string;
	/** The signed-in n8n user submitting the form; the example's list gives each agent one extension. */
	agent?: string;
}

/** The agents in the example's list, by the extension each may pause. */
const AGENT_OF = { SIPSIP1: 'owner@voicenter.test', APIAPI: 'dana@voicenter.test', SIPSIP2: 'omer@voicenter.test' } as const;

/**
 * Runs examples/agent-pause-form.json from its Form Trigger with the item the trigger emits for
 * a submission: one key per field label (an empty text field is ''), `submittedAt`, `formMode` and
 * the signed-in n8n user (n8n User Auth).
 */
async function submit(form: Submission, workflow: WorkflowDefinition = exampleWorkflow('agent-pause-form.json')): Promise<RunResult> {
	return await runWorkflow(workflow, {
		input: items({
			'Your extension': form.extension ?? '',
			'Customer phone number': form.phone ?? '',
			Reason: form.reason ?? 'Card payment',
			submittedAt: new Date().toISOString(),
			formMode: 'production',
			user: { id: 'u-1', email: form.agent ?? AGENT_OF.SIPSIP1, firstName: 'Test', lastName: 'Agent' },
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

/** The run waits on a Form ending page after the Resume page; the other ending page did not run. */
function expectEndedAt(result: RunResult, page: string): void {
	const other = page === RESUMED_PAGE ? NOT_RESUMED_PAGE : RESUMED_PAGE;
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('waiting');
	expect(result.run.data.executionData?.nodeExecutionStack[0].node.name).toBe(page);
	expect(result.run.data.resultData.runData[other]).toBeUndefined();
}

/** The endpoints Voicenter was asked, in groups of one verified request each (read + request, then the read back). */
function expectVerifiedRequests(groups: number): void {
	const endpoints = harness.sim.requests.map((request) => request.endpoint);
	expect(endpoints).toHaveLength(groups * 3);
	for (let group = 0; group < groups; group++) {
		const requests = endpoints.slice(group * 3, group * 3 + 3);
		expect([...requests].sort()).toEqual(['GetExtensionsCalls', 'GetExtensionsCalls', 'MuteUnmuteCalls']);
		expect(requests[2]).toBe('GetExtensionsCalls');
	}
}

const mutedCalls = () => harness.sim.calls().filter((call) => call.isMuted).map((call) => call.ivrid).sort();

describe('the agent\'s pause form (Form Trigger → If → verified Mute → Resume page or NOT-paused page)', () => {
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
		const page = await formPage(result);
		expect(page).toEqual({
			node: PAUSED_PAGE,
			title: 'Recording paused',
			description: expect.stringContaining(`Reference (ActionID): <strong>${sim.issuedActionIds[0]}</strong>`),
			buttonLabel: 'Resume recording',
			fieldLabels: [],
		});
		expect(page.description).toContain('Voicenter confirmed it');
		expect(page.description).toContain('Reason: ID number');
		expect(page.description).toContain('If you do nothing, recording resumes by itself after 10 minutes.');
	});

	test('by the customer\'s phone number, in the form an agent types it: only that call is muted', async () => {
		const { sim } = harness;
		// The seeded outgoing call on SIPSIP2 is to 0722776772.
		const result = await submit({ phone: '+972-72-277-6772', agent: AGENT_OF.SIPSIP2 });

		expectStoppedAt(result, PAUSED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip2Outgoing]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '1' }]);
		expect((await formPage(result)).description).toContain(`Reference (ActionID): <strong>${sim.issuedActionIds[0]}</strong>`);
	});

	test('an extension that is not his (an unknown one): the page says NOT paused and why, and nothing is sent', async () => {
		const result = await submit({ extension: 'NOSUCH' });

		expectStoppedAt(result, NOT_PAUSED_PAGE);
		expect(mutedCalls()).toEqual([]);
		const page = await completionPage(result);
		expect(page.title).toBe('Recording NOT paused');
		expect(page.message).toContain('The call is still being recorded. Do not ask for the card number.');
		// Not the agent's own extension: refused before anything is sent.
		expect(page.message).toMatch(/Why: Extension "NOSUCH" refused: only the calls on extension "SIPSIP1" may be paused or resumed here/);
		expect(harness.sim.requests).toEqual([]);
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
		const result = await submit({ extension: SEED_EXTENSIONS.apiapi, agent: AGENT_OF.APIAPI }, workflow);

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

describe('Resume: the paused page\'s button (or its 10-minute limit) → verified Unmute of the same target → Form ending pages', () => {
	test('by extension: the Resume button unmutes the same extension, verified, and the page says resumed', async () => {
		const { sim } = harness;
		const before = Date.now();
		const paused = await submit({ extension: SEED_EXTENSIONS.withTwoCalls });
		expectStoppedAt(paused, PAUSED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip1OnHold, SEED_IVRIDS.sipsip1Talking].sort());
		// The page waits 10 minutes at most (n8n's WaitTracker resumes it then).
		const waitTill = new Date(paused.run.waitTill!).getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + TEN_MINUTES_MS);
		expect(waitTill).toBeLessThanOrEqual(Date.now() + TEN_MINUTES_MS);

		const resumed = await submitFormPage(paused);

		expectEndedAt(resumed, RESUMED_PAGE);
		// The page's output is the submission, as n8n's Form node makes it from the POST, with the signed-in agent who pressed it.
		expect(resumed.output(PAUSED_PAGE)).toEqual([
			expect.objectContaining({ json: { submittedAt: expect.any(String), formMode: 'production', user: expect.objectContaining({ email: AGENT_OF.SIPSIP1 }) } }),
		]);
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' },
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '0' },
		]);
		expectVerifiedRequests(2);
		expect(resumed.output('Resume by extension (verified)')).toEqual([
			expect.objectContaining({ json: expect.objectContaining({ verified: true, ActionID: sim.issuedActionIds[1] }) }),
		]);
		const page = await completionPage(resumed);
		expect(page).toEqual({
			node: RESUMED_PAGE,
			title: 'Recording resumed',
			formTitle: 'Pause call recording',
			message: expect.stringContaining(`Reference (ActionID): <strong>${sim.issuedActionIds[1]}</strong>`),
		});
		expect(page.message).toContain('being recorded again</strong>, and Voicenter confirmed it');
		expect(page.message).toContain('Resumed when you pressed Resume recording.');

		// The ending page, once shown, resumes the execution (its script posts back): it ends a success.
		const ended = await submitFormPage(resumed);
		expect(ended.status).toBe('success');
		expect(ended.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(2);
	});

	test('by the customer\'s phone number: Resume unmutes the calls with that number again, and only those', async () => {
		const { sim } = harness;
		const paused = await submit({ phone: '+972-72-277-6772', agent: AGENT_OF.SIPSIP2 });
		expectStoppedAt(paused, PAUSED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip2Outgoing]);
		// Another call muted by someone else stays muted.
		sim.setMuted(SEED_IVRIDS.apiapiTalking, true);

		const resumed = await submitFormPage(paused);

		expectEndedAt(resumed, RESUMED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.apiapiTalking]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '1' },
			{ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '0' },
		]);
		expect(resumed.output('Resume by phone number (verified)')).toEqual([
			expect.objectContaining({ json: expect.objectContaining({ verified: true, callId: SEED_IVRIDS.sipsip2Outgoing }) }),
		]);
		expect((await completionPage(resumed)).message).toContain(`Reference (ActionID): <strong>${sim.issuedActionIds[1]}</strong>`);
	});

	test('Voicenter refuses the unmute: the page says NOT resumed, that the call is still not recorded and what to do; the execution fails', async () => {
		const { sim } = harness;
		const paused = await submit({ extension: SEED_EXTENSIONS.apiapi, agent: AGENT_OF.APIAPI });
		expectStoppedAt(paused, PAUSED_PAGE);
		sim.injectFault({ endpoint: 'MuteUnmuteCalls', fault: { kind: 'errorCode', errorCode: 400, message: 'Service temporarily unavailable' } });

		const failed = await submitFormPage(paused);

		expectEndedAt(failed, NOT_RESUMED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.apiapiTalking]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.apiapi, state: '1' },
			{ extension: SEED_EXTENSIONS.apiapi, state: '0' },
		]);
		const page = await completionPage(failed);
		expect(page.title).toBe('Recording NOT resumed');
		expect(page.message).toContain('The recording was NOT resumed. The call is still NOT being recorded.');
		expect(page.message).toContain('Voicenter back office');
		expect(page.message).toContain('tell a supervisor');
		expect(page.message).toMatch(/Why: .*Service temporarily unavailable/);
		expect(page.message).not.toMatch(/ActionID|confirmed/);

		// The page comes first (n8n answers 409 for a page of a failed run); once shown, the run fails.
		const ended = await submitFormPage(failed);
		expect(ended.status).toBe('error');
		expect(ended.error?.message).toMatch(/Service temporarily unavailable/);
		expect(ended.run.data.resultData.runData['Fail the execution (not resumed)']).toHaveLength(1);
	});

	test('the call ended during the pause: NOT resumed, and the execution fails', async () => {
		const { sim } = harness;
		const paused = await submit({ extension: SEED_EXTENSIONS.apiapi, agent: AGENT_OF.APIAPI });
		sim.endCall(SEED_IVRIDS.apiapiTalking);

		const failed = await submitFormPage(paused);

		expectEndedAt(failed, NOT_RESUMED_PAGE);
		expect((await completionPage(failed)).message).toContain('If the call has already ended, there is nothing to resume.');
		expect((await submitFormPage(failed)).status).toBe('error');
	});

	test('nobody presses Resume: after the 10-minute limit the same verified Unmute runs by itself', async () => {
		const { sim } = harness;
		const paused = await submit({ extension: SEED_EXTENSIONS.withTwoCalls });
		expectStoppedAt(paused, PAUSED_PAGE);

		const resumed = await waitTimeLimitReached(paused);

		expectEndedAt(resumed, RESUMED_PAGE);
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' },
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '0' },
		]);
		expectVerifiedRequests(2);
		// With no submission the page passes on what it was given: the Mute's output.
		expect(resumed.output(PAUSED_PAGE)).toEqual([expect.objectContaining({ json: expect.objectContaining({ ActionID: sim.issuedActionIds[0] }) })]);
		const page = await completionPage(resumed);
		expect(page.title).toBe('Recording resumed');
		expect(page.message).toContain('Resumed by itself: nobody pressed Resume recording within 10 minutes.');

		// Nobody may be there to see the ending page either: it has a limit of its own, so the run is stored as a success.
		const ended = await waitTimeLimitReached(resumed);
		expect(ended.status).toBe('success');
	});

	test('the limit passes after a pause by phone number with two live calls from it: each is unmuted once', async () => {
		const { sim } = harness;
		const second = sim.addCall(SEED_EXTENSIONS.sipsip2, { callerPhone: '0722776772', isMuted: false });
		const paused = await submit({ phone: '072-277-6772', agent: AGENT_OF.SIPSIP2 });
		expectStoppedAt(paused, PAUSED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip2Outgoing, second.ivrid].sort());

		const resumed = await waitTimeLimitReached(paused);

		expectEndedAt(resumed, RESUMED_PAGE);
		expect(mutedCalls()).toEqual([]);
		// The page passes on the Mute's two items; the Unmute runs once for the number, not once per item.
		expect(resumed.output(PAUSED_PAGE)).toHaveLength(2);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body).filter((body) => (body as { state: string }).state === '0')).toHaveLength(2);
	});

	test('a Voicenter failure after the limit passed still ends on the NOT-resumed page and a failed execution', async () => {
		const { sim } = harness;
		const paused = await submit({ extension: SEED_EXTENSIONS.apiapi, agent: AGENT_OF.APIAPI });
		sim.injectFault({ endpoint: 'MuteUnmuteCalls', fault: { kind: 'errorCode', errorCode: 400, message: 'Service temporarily unavailable' } });

		const failed = await waitTimeLimitReached(paused);

		expectEndedAt(failed, NOT_RESUMED_PAGE);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.apiapiTalking]);
		// Nobody sees the page: its own limit lets the run go on to Stop and Error, so it is stored as failed.
		const ended = await waitTimeLimitReached(failed);
		expect(ended.status).toBe('error');
		expect(ended.error?.message).toMatch(/Service temporarily unavailable/);
	});
});

describe('an agent pauses only his own calls, and the trail names him', () => {
	const auditOf = (result: RunResult, node: string) => (result.output(node)[0]?.json.audit ?? (result.output(node, 1)[0].json.error as { audit: unknown }).audit) as Record<string, unknown>;

	test("a colleague's extension: refused on the NOT-paused page, nothing sent, and the refusal audited with his name", async () => {
		const result = await submit({ extension: SEED_EXTENSIONS.apiapi, agent: AGENT_OF.SIPSIP1 });

		expectStoppedAt(result, NOT_PAUSED_PAGE);
		expect(harness.sim.requests).toEqual([]);
		expect((await completionPage(result)).message).toContain('Extension "APIAPI" refused: only the calls on extension "SIPSIP1" may be paused or resumed here');
		expect(auditOf(result, 'Pause by extension (verified)')).toMatchObject({ requestedBy: AGENT_OF.SIPSIP1, source: 'form', targetValue: 'APIAPI', ActionID: null });
	});

	test("a customer on a colleague's call: refused after one read of his own extension, nothing muted", async () => {
		// 0722776772 is on SIPSIP2's call; the owner's extension is SIPSIP1.
		const result = await submit({ phone: '072-277-6772', agent: AGENT_OF.SIPSIP1 });

		expectStoppedAt(result, NOT_PAUSED_PAGE);
		expect(harness.sim.requestsTo('MuteUnmuteCalls')).toEqual([]);
		expect((await completionPage(result)).message).toContain('Caller number "072-277-6772" refused: its live call is not on extension "SIPSIP1"');
	});

	test('an n8n user who is not in the list of agents can pause nothing', async () => {
		const result = await submit({ extension: SEED_EXTENSIONS.withTwoCalls, agent: 'visitor@voicenter.test' });

		expectStoppedAt(result, NOT_PAUSED_PAGE);
		expect(harness.sim.requests).toEqual([]);
		const { message } = await completionPage(result);
		expect(message).toContain('Only Calls On Extension is empty');
		expect(message).toContain('your n8n account is not in the list of agents');
	});

	test('his own pause and his Resume are audited with his e-mail (through the form); a resume at the time limit as n8n\'s', async () => {
		const paused = await submit({ extension: SEED_EXTENSIONS.withTwoCalls });
		expect(auditOf(paused, 'Pause by extension (verified)')).toMatchObject({ requestedBy: AGENT_OF.SIPSIP1, source: 'form', verified: true });

		const pressed = await submitFormPage(paused);
		expect(auditOf(pressed, 'Resume by extension (verified)')).toMatchObject({ requestedBy: AGENT_OF.SIPSIP1, source: 'form', state: '0', verified: true });
		// The pause ledger heard of both, the pause before its page showed and the resume: each with its audit record.
		expect(pressed.subWorkflowCalls.map((call) => [call.workflowId, call.waited, call.items.map((item) => (item.json.audit as { operation: string }).operation)])).toEqual([
			[PAUSE_LEDGER_WORKFLOW_ID, false, ['mute']],
			[PAUSE_LEDGER_WORKFLOW_ID, false, ['unmute']],
		]);

		const again = await submit({ extension: SEED_EXTENSIONS.withTwoCalls });
		const timedOut = await waitTimeLimitReached(again);
		expect(auditOf(timedOut, 'Resume by extension (verified)')).toMatchObject({ requestedBy: 'n8n (time limit)', source: 'timeLimit', state: '0' });
	});
});
