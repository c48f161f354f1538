import axios from 'axios';

import { CRM_JWT_CREDENTIAL, crmHeaders } from '../../scripts/n8n/exampleWorkflows';
import { bearerHeader, claimsFor, oneCharacterOff } from '../../scripts/n8n/signedToken';
import { SEED_EXTENSIONS, SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { savedByVersion1 } from '../engine/savedByVersion1';
import { exampleWorkflow } from '../engine/workflows';
import { executionsOf, kitWorkflowId, newestExecution, useRealN8n, ledgerIdle } from './stack';

/** The mute-by-extension example as version 1 of the node saved it, on a path of its own. */
function version1Example(): Record<string, unknown> {
	const workflow = savedByVersion1(exampleWorkflow('mute-by-extension-webhook.json'));
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') node.parameters.path = 'voicenter/mute-v1';
		// Webhook ids are unique per instance: the example itself is imported too.
		if (node.webhookId !== undefined) node.webhookId = `${node.webhookId.slice(0, -4)}0001`;
	}
	return { ...workflow, name: `${workflow.name} (node version 1)` };
}

const env = useRealN8n([{ id: 'VcMuteByExtHkV01', active: true, definition: version1Example() }]);
const webhook = (path: string) => `${env.stack.n8n.url}/webhook/${path}`;

describe('a CRM calls the production webhooks of active workflows in a real n8n', () => {
	beforeEach(async () => {
		await ledgerIdle(env);
		env.sim.reset();
	});

	test('Mute by extension: the caller gets the ActionID Voicenter issued, and the calls are muted', async () => {
		const { sim } = env;
		const response = await axios.post(webhook('voicenter/mute'), { extension: SEED_EXTENSIONS.withTwoCalls }, { timeout: 30_000, headers: crmHeaders() });

		expect(response.status).toBe(200);
		expect(sim.issuedActionIds).toHaveLength(1);
		expect(response.data).toEqual({ muted: true, actionId: sim.issuedActionIds[0], extension: SEED_EXTENSIONS.withTwoCalls });
		expect(sim.requestsTo('MuteUnmuteCalls')[0]).toMatchObject({
			method: 'POST',
			body: { extension: SEED_EXTENSIONS.withTwoCalls, state: '1' },
		});
		expect(sim.callsOf(SEED_EXTENSIONS.withTwoCalls).map((call) => call.isMuted)).toEqual([true, true]);
	});

	test('a workflow saved by version 1 of the node (plain text extension) still mutes', async () => {
		const { sim } = env;
		const response = await axios.post(webhook('voicenter/mute-v1'), { extension: SEED_EXTENSIONS.apiapi }, { timeout: 30_000, headers: crmHeaders() });

		expect(response.status).toBe(200);
		expect(response.data).toEqual({ muted: true, actionId: sim.issuedActionIds[0], extension: SEED_EXTENSIONS.apiapi });
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ extension: SEED_EXTENSIONS.apiapi, state: '1' }]);
		expect(sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => call.isMuted)).toBe(true);
	});

	test('Unmute by call ID over GET', async () => {
		const { sim } = env;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const response = await axios.post(webhook('voicenter/unmute'), { callId: SEED_IVRIDS.sipsip2Outgoing }, { timeout: 30_000, headers: crmHeaders() });

		expect(response.status).toBe(200);
		expect(response.data).toEqual({ muted: false, actionId: sim.issuedActionIds[0], callId: SEED_IVRIDS.sipsip2Outgoing });
		expect(sim.requestsTo('MuteUnmuteCalls')[0]).toMatchObject({
			method: 'GET',
			query: { ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '0' },
		});
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(false);
	});

	test('verified Mute: the caller learns the calls are muted as read back from Active Calls', async () => {
		const { sim } = env;
		const response = await axios.post(webhook('voicenter/mute-verified'), { extension: SEED_EXTENSIONS.withTwoCalls }, { timeout: 30_000, headers: crmHeaders() });

		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({ muted: true, verified: true, actionId: sim.issuedActionIds[0] });
		expect(response.data.calls.map((call: { isMuted: boolean }) => call.isMuted)).toEqual([true, true]);
		// The first read goes out together with the mute; the last read comes after Voicenter's answer.
		expect(sim.requests.map((request) => request.endpoint).sort()).toEqual(['GetExtensionsCalls', 'GetExtensionsCalls', 'MuteUnmuteCalls']);
		expect(sim.requests.at(-1)!.endpoint).toBe('GetExtensionsCalls');
		expect(sim.requestsTo('GetExtensionsCalls')[0].body).toMatchObject({ code: sim.token });
	});

	test('an unknown extension: the caller gets HTTP 500 saying the call is NOT muted, and n8n records the execution as failed', async () => {
		const started = Date.now();
		const response = await axios.post(webhook('voicenter/mute'), { extension: 'NOSUCH' }, {
			timeout: 30_000,
			headers: crmHeaders(),
			validateStatus: () => true,
		});

		// The example answers failures itself (the node's error output → Respond to Webhook with
		// 500): n8n 1.x would otherwise answer 200 with an empty body when a workflow fails before
		// its Respond to Webhook node.
		expect(response.status).toBe(500);
		expect(response.data).toMatchObject({ muted: false, extension: 'NOSUCH', error: expect.stringMatching(/Extension not found/) });
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(env.sim.requestsTo('MuteUnmuteCalls')[0].body).toEqual({ extension: 'NOSUCH', state: '1' });
		const execution = await newestExecution(env, { workflowId: kitWorkflowId(env, 'mute-by-extension-webhook'), status: 'error' }, 10_000);
		expect(execution).toContain('Voicenter answered ErrorCode 400: Extension not found');
	});
});

/** Every CRM door of the examples, with the workflow behind it and a body that would act. */
const DOORS = [
	{ path: 'voicenter/mute', kit: 'mute-by-extension-webhook', body: { extension: SEED_EXTENSIONS.withTwoCalls } },
	{ path: 'voicenter/unmute', kit: 'unmute-by-call-id-get', body: { callId: SEED_IVRIDS.sipsip2Outgoing } },
	{ path: 'voicenter/mute-verified', kit: 'mute-verified-webhook', body: { extension: SEED_EXTENSIONS.withTwoCalls } },
	{ path: 'voicenter/pause', kit: 'mute-with-auto-resume', body: { extension: SEED_EXTENSIONS.withTwoCalls } },
];

const PASSPHRASE = CRM_JWT_CREDENTIAL.data.secret;

/** What a stranger tries, and what n8n's JWT Auth answers (status and text), the same on 1.x and 2.x. */
const KNOCKS: Array<[string, Record<string, string>, number, RegExp]> = [
	['no token', {}, 401, /^No token provided$/],
	['a token signed with a guessed passphrase', bearerHeader(claimsFor('intruder', 300), 'guess'), 403, /^invalid signature$/],
	['a token signed with the passphrase one character off', bearerHeader(claimsFor('intruder', 300), oneCharacterOff(PASSPHRASE)), 403, /^invalid signature$/],
	['an unsigned token (alg none)', bearerHeader(claimsFor('intruder', 300), PASSPHRASE, 'none'), 403, /signature is required|invalid algorithm/],
	['a rightly signed token that has expired', bearerHeader(claimsFor('dana@crm', -60), PASSPHRASE), 403, /^jwt expired$/],
	['a valid token in another header', { 'X-Api-Key': crmHeaders().Authorization }, 401, /^No token provided$/],
];

describe('every CRM webhook of the examples is locked: a stranger is refused, nothing reaches Voicenter, no execution is stored', () => {
	beforeEach(async () => {
		await ledgerIdle(env);
		env.sim.reset();
	});

	test.each(DOORS.map((door) => [door.path, door] as const))('POST /webhook/%s', async (_, door) => {
		const { sim } = env;
		const started = Date.now();
		for (const [how, headers, status, text] of KNOCKS) {
			const response = await fetch(webhook(door.path), {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(door.body),
			});
			const answer = await response.text();
			expect([how, response.status, text.test(answer) ? 'as expected' : answer]).toEqual([how, status, 'as expected']);
		}
		expect(sim.requests).toEqual([]);
		expect(sim.calls().filter((call) => call.isMuted)).toEqual([]);
		// A refused request starts no execution; give a late one time to show up.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await executionsOf(env, kitWorkflowId(env, door.kit), started)).toEqual([]);
	});

	test('a rightly signed token opens it: the audit names the user the token names, and n8n stores the token, never the passphrase', async () => {
		const { sim } = env;
		const started = Date.now();
		const headers = crmHeaders('dana@crm');
		const response = await axios.post(webhook('voicenter/mute-verified'), { extension: SEED_EXTENSIONS.apiapi }, { timeout: 30_000, headers });
		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({ muted: true, verified: true, audit: { requestedBy: 'dana@crm', source: 'webhook' } });
		expect(sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => call.isMuted)).toBe(true);

		const stored = await newestExecution(env, { workflowId: kitWorkflowId(env, 'mute-verified-webhook'), status: 'success', since: started }, 10_000);
		expect(stored).toContain('dana@crm');
		expect(stored).not.toContain(PASSPHRASE);
		// What n8n keeps of the request: the token as sent (good for 5 minutes), on 1.x and 2.x alike.
		expect(stored).toContain(headers.Authorization.slice('Bearer '.length));
	});
});
