import axios from 'axios';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { savedByVersion1 } from '../engine/savedByVersion1';
import { exampleWorkflow } from '../engine/workflows';
import { newestExecution, useRealN8n } from './stack';

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
/** The mute-by-extension example's id (scripts/n8n/exampleWorkflows.ts). */
const MUTE_BY_EXTENSION_WORKFLOW = 'VcMuteByExtHook1';

describe('a CRM calls the production webhooks of active workflows in a real n8n', () => {
	beforeEach(() => env.sim.reset());

	test('Mute by extension: the caller gets the ActionID Voicenter issued, and the calls are muted', async () => {
		const { sim } = env;
		const response = await axios.post(webhook('voicenter/mute'), { extension: SEED_EXTENSIONS.withTwoCalls }, { timeout: 30_000 });

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
		const response = await axios.post(webhook('voicenter/mute-v1'), { extension: SEED_EXTENSIONS.apiapi }, { timeout: 30_000 });

		expect(response.status).toBe(200);
		expect(response.data).toEqual({ muted: true, actionId: sim.issuedActionIds[0], extension: SEED_EXTENSIONS.apiapi });
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ extension: SEED_EXTENSIONS.apiapi, state: '1' }]);
		expect(sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => call.isMuted)).toBe(true);
	});

	test('Unmute by call ID over GET', async () => {
		const { sim } = env;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const response = await axios.post(webhook('voicenter/unmute'), { callId: SEED_IVRIDS.sipsip2Outgoing }, { timeout: 30_000 });

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
		const response = await axios.post(webhook('voicenter/mute-verified'), { extension: SEED_EXTENSIONS.withTwoCalls }, { timeout: 30_000 });

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
			validateStatus: () => true,
		});

		// The example answers failures itself (the node's error output → Respond to Webhook with
		// 500): n8n 1.x would otherwise answer 200 with an empty body when a workflow fails before
		// its Respond to Webhook node.
		expect(response.status).toBe(500);
		expect(response.data).toMatchObject({ muted: false, extension: 'NOSUCH', error: expect.stringMatching(/Extension not found/) });
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(env.sim.requestsTo('MuteUnmuteCalls')[0].body).toEqual({ extension: 'NOSUCH', state: '1' });
		const execution = await newestExecution(env, { workflowId: MUTE_BY_EXTENSION_WORKFLOW, status: 'error' }, 10_000);
		expect(execution).toContain('Voicenter answered ErrorCode 400: Extension not found');
	});
});
