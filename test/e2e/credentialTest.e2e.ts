import { EXAMPLE_CREDENTIAL_ID } from '../../scripts/n8n/exampleWorkflows';
import { useRealN8n } from './stack';

const env = useRealN8n();

interface TestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * What the editor's "Test" button does: n8n's server runs the credential type's test with the
 * form's values over the stored credential.
 */
async function testCredential(baseUrl: string): Promise<TestResult> {
	const response = await fetch(`${env.stack.n8n.url}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: env.stack.cookie },
		body: JSON.stringify({
			credentials: {
				id: EXAMPLE_CREDENTIAL_ID,
				name: 'Voicenter (local simulator)',
				type: 'voicenterApi',
				data: { baseUrl, apiToken: env.sim.token },
			},
		}),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`POST /rest/credentials/test answered HTTP ${response.status}: ${text}`);
	return (JSON.parse(text) as { data: TestResult }).data;
}

describe("the credential's Test button, run by a real n8n", () => {
	beforeEach(() => env.sim.reset());

	test('a Voicenter server passes with one request that can mute nothing and carries no token', async () => {
		const { sim } = env;
		const before = sim.calls();
		const result = await testCredential(sim.baseUrl);

		expect(result.status).toBe('OK');
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0]).toMatchObject({ method: 'POST', endpoint: 'MuteUnmuteCalls', body: {} });
		expect(sim.requests[0].rawBody).not.toContain(sim.token);
		expect(sim.requests[0].url).not.toContain(sim.token);
		expect(sim.issuedActionIds).toHaveLength(0);
		expect(sim.calls()).toEqual(before);
	});

	test('a monitor-server style URL (/api) with trailing slashes passes', async () => {
		const result = await testCredential(`${env.sim.origin}/api//`);
		expect(result.status).toBe('OK');
		expect(env.sim.requests[0].path).toBe('/api/MuteUnmuteCalls');
	});

	test('a web page answering HTTP 200 is not mistaken for Voicenter', async () => {
		env.sim.injectFault({ fault: { kind: 'html' } });
		const result = await testCredential(env.sim.baseUrl);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringContaining("The Server URL answered, but not as Voicenter's API does"),
		});
	});

	test('a path where nothing answers (HTTP 404) fails', async () => {
		const result = await testCredential(`${env.sim.origin}/not-voicenter`);
		expect(result.status).toBe('Error');
		// n8n 2.x says "Not Found"; 1.x "The resource you are requesting could not be found".
		expect(result.message).toMatch(/not (be )?found|404/i);
	});

	test('a port where nothing listens fails with the refusal', async () => {
		const result = await testCredential('http://127.0.0.1:1/Comet/API');
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/ECONNREFUSED|refused/i);
	});
});
