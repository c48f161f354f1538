import { startSimulator, type VoicenterSimulator } from '../simulator/voicenterSimulator';
import { scaledExtension } from '../simulator/scaledAccount';
import { LIST_PAGE_SIZE } from '../nodes/Voicenter/methods/listSearch';
import { listSearch } from './engine/listSearch';
import { SECRET_TOKEN } from './support';

const EXTENSIONS = 2000;
const LIVE_CALLS = 1500;
/** The seeded account's 6 extensions and 5 calls stay beside the large centre's. */
const SEEDED = { extensions: 6, calls: 5 };

let sim: VoicenterSimulator;
beforeAll(async () => {
	sim = await startSimulator({ token: SECRET_TOKEN, scale: { extensions: EXTENSIONS, liveCalls: LIVE_CALLS } });
});
afterAll(async () => await sim.close());

const credential = () => ({ baseUrl: sim.baseUrl, apiToken: SECRET_TOKEN });

describe("a large contact centre's account in the simulator", () => {
	test('the extensions and live calls asked for, beside the seeded ones, the same every time and after reset', async () => {
		expect(sim.calls()).toHaveLength(LIVE_CALLS + SEEDED.calls);
		const first = sim.calls().map((call) => ({ ...call, callStarted: 0, callAnswered: 0 }));
		sim.reset();
		expect(sim.calls().map((call) => ({ ...call, callStarted: 0, callAnswered: 0 }))).toEqual(first);
		const again = await startSimulator({ scale: { extensions: EXTENSIONS, liveCalls: LIVE_CALLS } });
		try {
			expect(again.calls().map((call) => call.ivrid)).toEqual(first.map((call) => call.ivrid));
		} finally {
			await again.close();
		}
		expect(new Set(first.map((call) => call.ivrid)).size).toBe(first.length);
		// Real-looking calls: numbers, dialled numbers on incoming calls, answered unless ringing.
		for (const call of first.slice(SEEDED.calls)) {
			expect(call.callerPhone).toMatch(/^05\d{8}$/);
			expect(call.extension).toMatch(/^EXT\d{5}$/);
			if (call.direction === 'Incoming') expect(call.did).toMatch(/^03\d{7}$/);
		}
		expect(() => sim.addExtension({ username: scaledExtension(EXTENSIONS) })).toThrow('already exists');
	});

	test('the extension picker pages through 2,000 extensions, and its search box finds one', async () => {
		const seen: string[] = [];
		let paginationToken: string | undefined;
		let pages = 0;
		do {
			const page = await listSearch('searchExtensions', { parameters: {}, credential: credential(), paginationToken });
			expect(page.results.length).toBeLessThanOrEqual(LIST_PAGE_SIZE);
			seen.push(...page.results.map((result) => String(result.value)));
			paginationToken = page.paginationToken as string | undefined;
			pages++;
		} while (paginationToken !== undefined);
		expect(pages).toBe(Math.ceil((EXTENSIONS + SEEDED.extensions) / LIST_PAGE_SIZE));
		expect(new Set(seen).size).toBe(EXTENSIONS + SEEDED.extensions);

		const found = await listSearch('searchExtensions', { parameters: {}, credential: credential(), filter: scaledExtension(1234) });
		expect(found).toEqual({ results: [{ name: expect.stringMatching(/^EXT01234 \(\d+ live calls?\)$/), value: 'EXT01234' }] });
	});

	test("the call picker's first page is 100 of 1,505 calls, and a caller's number finds that call", async () => {
		const first = await listSearch('searchCalls', { parameters: {}, credential: credential() });
		expect(first.results).toHaveLength(LIST_PAGE_SIZE);
		expect(first.paginationToken).toBe(String(LIST_PAGE_SIZE));
		const wanted = sim.calls()[SEEDED.calls + 777];
		const found = await listSearch('searchCalls', { parameters: {}, credential: credential(), filter: wanted.callerPhone });
		expect(found.results.map((result) => result.value)).toContain(wanted.ivrid);
	});
});
