import { SEED_EXTENSIONS } from '../simulator/voicenterSimulator';
import { useSimulator } from './support';

const harness = useSimulator();

// The credential's own test (a declarative request that n8n's server runs) is exercised in a real
// n8n: test/e2e/credentialTest.e2e.ts.

describe('the node checks the Server URL before sending anything', () => {
	test.each([
		['plain http to a remote host', 'http://monapisec.voicenter.co.il/Comet/API', 'must start with https://'],
		['not a URL', 'monapisec.voicenter.co.il', 'is not a URL'],
		['a token in the URL', 'https://user:secret@monapisec.voicenter.co.il/Comet/API', 'must not contain a user name or password'],
		['a query string', 'https://monapisec.voicenter.co.il/Comet/API?code=x', 'must not contain a query string'],
		['empty', '  ', 'is empty'],
	])('a Server URL that is %s is refused, naming the credential', async (_name, baseUrl, why) => {
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi },
			undefined,
			{ baseUrl },
		);
		expect(result.error?.message).toMatch(/^Voicenter API credential: /);
		expect(result.error?.message).toContain(why);
		expect(harness.sim.requests).toHaveLength(0);
	});

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

	test.each([['/comet/API'], ['/api'], ['/COMET/api']])(
		'the path is sent in the case it was typed (%s), to both APIs, and the token still reaches Active Calls',
		async (path) => {
			const { sim } = harness;
			const result = await harness.run(
				{ operation: 'mute', target: 'extension', extension: SEED_EXTENSIONS.apiapi, options: { verify: true, verifyTimeout: 2000 } },
				undefined,
				{ baseUrl: `${sim.origin}${path}` },
			);
			expect(result.error).toBeUndefined();
			expect(new Set(sim.requests.map((request) => request.path))).toEqual(
				new Set([`${path}/MuteUnmuteCalls`, `${path}/GetExtensionsCalls`]),
			);
			expect(sim.requestsTo('GetExtensionsCalls').every((request) => (request.body as { code?: string }).code !== undefined)).toBe(true);
		},
	);
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

describe('a credential expression is resolved for each item, as n8n resolves it', () => {
	test('each item\'s request goes to the Server URL its own item names', async () => {
		const { sim } = harness;
		const origin = new URL(sim.baseUrl).origin;
		const result = await harness.run(
			{ operation: 'mute', target: 'extension', extension: '={{ $json.extension }}', options: { concurrency: 1 } },
			[
				{ json: { extension: SEED_EXTENSIONS.apiapi, server: `${origin}/Comet/API` } },
				{ json: { extension: SEED_EXTENSIONS.withTwoCalls, server: `${origin}/api` } },
				{ json: { extension: SEED_EXTENSIONS.sipsip2, server: `${origin}/Comet/API` } },
			],
			{ baseUrl: '={{ $json.server }}' },
		);
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.url)).toEqual([
			'/Comet/API/MuteUnmuteCalls',
			'/api/MuteUnmuteCalls',
			'/Comet/API/MuteUnmuteCalls',
		]);
		expect(result.credentialReads).toBe(3);
	});
});
