import { CredentialTestContext } from 'n8n-core';
import type { ICredentialTestFunction, INodeType } from 'n8n-workflow';

import { SEED_EXTENSIONS } from '../simulator/voicenterSimulator';
import { loadNodeTypes } from './engine/loadNodeTypes';
import { SECRET_TOKEN, useSimulator } from './support';

const harness = useSimulator();

async function testConnection(baseUrl: string) {
	const { nodeTypes } = await loadNodeTypes();
	const node = nodeTypes.getByNameAndVersion('n8n-nodes-voicenter.voicenterRecording', 1) as INodeType;
	const credentialTest = node.methods?.credentialTest?.voicenterConnection as ICredentialTestFunction;
	return await credentialTest.call(new CredentialTestContext(undefined as never), {
		id: 'cred-1',
		name: 'Voicenter',
		type: 'voicenterApi',
		data: { baseUrl, code: SECRET_TOKEN },
	});
}

describe('credential test (run through n8n-core\'s CredentialTestContext)', () => {
	test('a reachable Voicenter server passes, and nothing is muted', async () => {
		const { sim } = harness;
		const before = sim.calls();
		const result = await testConnection(sim.baseUrl);

		expect(result).toEqual({ status: 'OK', message: `Voicenter answered at ${sim.baseUrl}` });
		expect(sim.calls()).toEqual(before);
		const [request] = sim.requests;
		expect(sim.requests).toHaveLength(1);
		expect(request).toMatchObject({ method: 'POST', endpoint: 'MuteUnmuteCalls', body: {} });
		expect(request.rawBody).not.toContain(SECRET_TOKEN);
	});

	test('a monitor-server style URL (/api), in upper case with trailing slashes, passes', async () => {
		const url = `${harness.sim.origin.toUpperCase()}/api///`;
		const result = await testConnection(url);
		expect(result.status).toBe('OK');
		expect(harness.sim.requests[0].path).toBe('/api/MuteUnmuteCalls');
	});

	test('a server that is not Voicenter (404 page) fails and says why', async () => {
		const result = await testConnection(`${harness.sim.origin}/not-voicenter`);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/is not a Voicenter API: Voicenter answered HTTP 404/);
	});

	test('a web page answering HTTP 200 is not mistaken for Voicenter', async () => {
		harness.sim.injectFault({ fault: { kind: 'html' } });
		const result = await testConnection(harness.sim.baseUrl);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/answered an HTML page/);
	});

	test('a port where nothing listens fails with "refused"', async () => {
		const result = await testConnection('http://127.0.0.1:1/Comet/API');
		expect(result).toEqual({
			status: 'Error',
			message: 'Could not reach http://127.0.0.1:1/Comet/API: the connection to the Voicenter server was refused',
		});
	});

	test.each([
		['plain http to a remote host', 'http://monapisec.voicenter.co.il/Comet/API', 'must start with https://'],
		['not a URL', 'monapisec.voicenter.co.il', 'is not a URL'],
		['a token in the URL', 'https://user:secret@monapisec.voicenter.co.il/Comet/API', 'must not contain a user name or password'],
		['a query string', 'https://monapisec.voicenter.co.il/Comet/API?code=x', 'must not contain a query string'],
		['empty', '  ', 'is empty'],
	])('a Server URL that is %s is refused without a request', async (_name, url, why) => {
		const result = await testConnection(url);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(why);
		expect(harness.sim.requests).toHaveLength(0);
	});
});

describe('the node checks the Server URL too', () => {
	test('plain http to a non-loopback host is refused before sending, naming the credential', async () => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi },
			undefined,
			{ baseUrl: 'http://10.1.2.3/Comet/API' },
		);
		expect(result.error?.message).toBe(
			'Voicenter API credential: the Server URL must start with https:// (got "http://10.1.2.3")',
		);
	});

	test('case and trailing slashes are forgiven', async () => {
		const { sim } = harness;
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi },
			undefined,
			{ baseUrl: `HTTP://LOCALHOST:${sim.port}/Comet/API//` },
		);
		expect(result.error).toBeUndefined();
		expect(sim.requests[0].url).toBe('/Comet/API/MuteUnmuteCalls');
	});
});

describe('the credential is read once per item', () => {
	test('and handed to every request for that item: 3 verified mutes make 9 requests and 3 reads', async () => {
		const { sim } = harness;
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.extension }}', options: { verify: true } },
			[SEED_EXTENSIONS.apiapi, SEED_EXTENSIONS.withTwoCalls, SEED_EXTENSIONS.apiapi].map((extension) => ({ json: { extension } })),
		);
		expect(result.error).toBeUndefined();
		// Each verified mute: Active Calls before, the mute, Active Calls after.
		expect(sim.requests).toHaveLength(9);
		expect(result.credentialReads).toBe(3);
	});
});
