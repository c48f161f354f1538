import { CRM_JWT_CREDENTIAL, crmHeaders } from '../../scripts/n8n/exampleWorkflows';
import { bearerHeader, claimsFor, oneCharacterOff } from '../../scripts/n8n/signedToken';
import { SEED_EXTENSIONS } from '../../simulator/voicenterSimulator';
import { shortAutoResume } from './exampleVariants';
import { executionsOf, newestExecution, restGet, storedExecution, useRealN8n, ledgerIdle } from './stack';

/** The auto-resume example with a 5-second limit (the example waits 10 minutes) on a path of its own. */
const LIMIT_SECONDS = 5;
const PATH = 'voicenter/pause-short';
const WORKFLOW_ID = 'VcAutoResumeTst1';

const env = useRealN8n([{ id: WORKFLOW_ID, active: true, definition: shortAutoResume({ path: PATH, seconds: LIMIT_SECONDS, suffix: 'beef' }) }]);

async function pause(extension: string): Promise<{ muted: boolean; actionId: string; resumeUrl: string }> {
	const response = await fetch(`${env.stack.n8n.url}/webhook/${PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...crmHeaders() },
		body: JSON.stringify({ extension }),
		signal: AbortSignal.timeout(30_000),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as { muted: boolean; actionId: string; resumeUrl: string };
}

/**
 * n8n answers 409 until the execution is stored as waiting, a moment after the CRM got the resume
 * URL; a real card form stays open far longer than that.
 */
async function resume(resumeUrl: string, headers: Record<string, string> = crmHeaders('dana@crm'), body: unknown = {}): Promise<Response> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const response = await fetch(resumeUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
		if (response.status !== 409 || Date.now() > deadline) return response;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Who asked and through which door, in the Mute's and the Unmute's audit records of the newest successful execution since `since`. */
async function auditsOf(since: number): Promise<Array<{ node: string; requestedBy: unknown; source: unknown }>> {
	const [newest] = (await executionsOf(env, WORKFLOW_ID, since)).filter((execution) => execution.status === 'success').slice(-1);
	const { runData } = await storedExecution(env, newest.id);
	return ['Mute recording', 'Unmute recording'].map((node) => {
		const audit = runData[node][0].data!.main![0]![0].json.audit as Record<string, unknown>;
		return { node, requestedBy: audit.requestedBy, source: audit.source };
	});
}

describe('a recording that always resumes: Mute → Wait (form closed, or a time limit) → Unmute → audit', () => {
	beforeEach(async () => {
		await ledgerIdle(env);
		env.sim.reset();
	});

	test('the CRM calls the resume URL when the card form closes: the call records again at once, audited as "form closed"', async () => {
		const { sim } = env;
		const started = Date.now();
		const reply = await pause(SEED_EXTENSIONS.withTwoCalls);
		expect(reply).toMatchObject({ muted: true, actionId: sim.issuedActionIds[0] });
		expect(sim.callsOf(SEED_EXTENSIONS.withTwoCalls).every((call) => call.isMuted)).toBe(true);

		expect((await resume(reply.resumeUrl)).status).toBe(200);
		const execution = await newestExecution(env, { workflowId: WORKFLOW_ID, status: 'success', since: started }, 30_000);
		expect(sim.callsOf(SEED_EXTENSIONS.withTwoCalls).every((call) => !call.isMuted)).toBe(true);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' },
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '0' },
		]);
		expect(execution).toContain('form closed');
		// Who asked, in each audit record: the CRM user, through the webhook, then through the resume URL.
		expect(await auditsOf(started)).toEqual([
			{ node: 'Mute recording', requestedBy: 'dana@crm', source: 'webhook' },
			{ node: 'Unmute recording', requestedBy: 'dana@crm', source: 'resume' },
		]);
		expect(execution).toContain(sim.issuedActionIds[0]);
		expect(execution).toContain(sim.issuedActionIds[1]);
	});

	test('the form never closes: after the time limit the call records again all the same, audited as "time limit"', async () => {
		const { sim } = env;
		const started = Date.now();
		await pause(SEED_EXTENSIONS.apiapi);
		expect(sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => call.isMuted)).toBe(true);

		// n8n resumes a waiting execution from its wait tracker, which looks for due executions
		// once a minute: the limit plus up to a minute.
		const execution = await newestExecution(env, { workflowId: WORKFLOW_ID, status: 'success', since: started }, (LIMIT_SECONDS + 75) * 1000);
		process.stdout.write(`resumed by the time limit after ${Math.round((Date.now() - started) / 1000)} s (limit ${LIMIT_SECONDS} s)\n`);
		expect(sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => !call.isMuted)).toBe(true);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.apiapi, state: '1' },
			{ extension: SEED_EXTENSIONS.apiapi, state: '0' },
		]);
		expect(execution).toContain('time limit');
		expect((await auditsOf(started))[1]).toEqual({ node: 'Unmute recording', requestedBy: 'n8n (time limit)', source: 'timeLimit' });
		expect(execution).toContain(sim.issuedActionIds[1]);
	}, 150_000);

	test("a stranger's resume (no token, a forged one, one signed a character off, a guessed /webhook-waiting/<n>) is refused: the call stays muted and the flow waits; the CRM's own resume still works", async () => {
		const { sim } = env;
		const started = Date.now();
		const reply = await pause(SEED_EXTENSIONS.withTwoCalls);
		const executionId = new URL(reply.resumeUrl).pathname.split('/').pop()!;
		const passphrase = CRM_JWT_CREDENTIAL.data.secret;
		const forged = (secret: string) => bearerHeader(claimsFor('a stranger', 300), secret);
		const guessed = `${env.stack.n8n.url}/webhook-waiting/${executionId}`;
		const knocks: Array<[string, string, Record<string, string>]> = [
			['the resume URL, no token', reply.resumeUrl, {}],
			['the resume URL, a token signed with a guessed passphrase', reply.resumeUrl, forged('guess')],
			['the resume URL, a token signed with the passphrase one character off', reply.resumeUrl, forged(oneCharacterOff(passphrase))],
			['a guessed /webhook-waiting/<n>, no token', guessed, {}],
		];
		const statuses: string[] = [];
		for (const [how, url, headers] of knocks) {
			const response = await resume(url, headers, { from: 'a stranger' });
			statuses.push(`${how}: ${response.status}`);
			expect([how, [401, 403].includes(response.status)]).toEqual([how, true]);
		}
		process.stdout.write(`stranger's resume answers (n8n ${env.stack.setup.runtime.version}): ${statuses.join('; ')}\n`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(sim.callsOf(SEED_EXTENSIONS.withTwoCalls).every((call) => call.isMuted)).toBe(true);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(1);
		expect((await restGet<{ status: string }>(env, `executions/${executionId}`)).status).toBe('waiting');

		expect((await resume(reply.resumeUrl, crmHeaders('omer@crm'))).status).toBe(200);
		await newestExecution(env, { workflowId: WORKFLOW_ID, status: 'success', since: started }, 30_000);
		expect(sim.callsOf(SEED_EXTENSIONS.withTwoCalls).every((call) => !call.isMuted)).toBe(true);
		// The resume is attributed to whoever's token resumed it.
		expect(await auditsOf(started)).toEqual([
			{ node: 'Mute recording', requestedBy: 'dana@crm', source: 'webhook' },
			{ node: 'Unmute recording', requestedBy: 'omer@crm', source: 'resume' },
		]);
	});
});
