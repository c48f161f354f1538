/**
 * `BENCH_SECTIONS=centre`: the Voicenter Trigger and the pickers against a large contact centre
 * (the simulator's scale mode, in this process): the size of one Active Calls answer, one poll's
 * time, the heap the trigger keeps between polls, the size of the state n8n stores for it, and
 * the time to open and search the extension and call pickers.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

import { startSimulator } from '../../simulator/voicenterSimulator';
import { activatePollingTrigger } from '../../test/engine/pollingTrigger';
import { listSearch } from '../../test/engine/listSearch';
import { triggerNode } from '../../test/engine/workflows';
import { summarise, type Summary } from './stats';

export interface CentreSize {
	extensions: number;
	liveCalls: number;
}

export const CENTRE_SIZES: CentreSize[] = [
	{ extensions: 2000, liveCalls: 1500 },
	{ extensions: 10000, liveCalls: 7500 },
];

const POLLS = 10;
const PICKS = 5;
const TOKEN = 'bench-centre-token';

interface CentreFigures extends CentreSize {
	answerBytes: number;
	/** The simulator building and sending one answer (fetched as text, not parsed). */
	answerMs: Summary;
	pollMs: Summary;
	/** The heap that stays after polls (garbage collected), less what stayed before the trigger existed. */
	retainedHeapBytes: number;
	stateBytes: number;
	mutedCalls: number;
	extensionPickerFirstPageMs: Summary;
	callPickerFirstPageMs: Summary;
	callSearchMs: Summary;
}

/** A garbage collection on demand, without starting node with --expose-gc. */
function collector(): () => void {
	v8.setFlagsFromString('--expose-gc');
	return vm.runInNewContext('gc') as () => void;
}

async function timed(times: number, work: () => Promise<unknown>): Promise<Summary> {
	const samples: number[] = [];
	for (let round = 0; round < times; round++) {
		const started = performance.now();
		await work();
		samples.push(performance.now() - started);
	}
	return summarise(samples);
}

async function measure(size: CentreSize, gc: () => void): Promise<CentreFigures> {
	const sim = await startSimulator({ token: TOKEN, scale: size });
	try {
		const readAnswer = async () => await (await fetch(`${sim.baseUrl}/GetExtensionsCalls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: TOKEN }) })).text();
		const answerBytes = Buffer.byteLength(await readAnswer());
		// The simulator answers in this process: its share of each poll, to tell apart from the trigger's.
		const answerMs = await timed(POLLS, readAnswer);
		// A tenth of the calls muted, as in a busy hour of card payments.
		const muted = sim.calls().filter((_, index) => index % 10 === 0);
		for (const call of muted) sim.setMuted(call.ivrid, true);

		gc();
		const before = process.memoryUsage().heapUsed;
		const credential = { 'voicenter-test': { baseUrl: sim.baseUrl, apiToken: TOKEN } };
		const node = triggerNode({ events: ['recordingMuted', 'recordingResumed', 'mutedTooLong', 'callEndedWhileMuted'], mutedTooLongMinutes: 15 }, { typeVersion: 1.1 });
		const { trigger } = await activatePollingTrigger(node, credential);
		const pollMs = await timed(POLLS, async () => await trigger.poll());
		gc();
		const retainedHeapBytes = process.memoryUsage().heapUsed - before;
		const stateBytes = Buffer.byteLength(JSON.stringify(trigger.stored()));

		const pick = (method: string, filter?: string) => async () => await listSearch(method, { parameters: {}, credential: credential['voicenter-test'], filter });
		return {
			...size,
			answerBytes,
			answerMs,
			pollMs,
			retainedHeapBytes,
			stateBytes,
			mutedCalls: muted.length,
			extensionPickerFirstPageMs: await timed(PICKS, pick('searchExtensions')),
			callPickerFirstPageMs: await timed(PICKS, pick('searchCalls')),
			callSearchMs: await timed(PICKS, pick('searchCalls', sim.calls()[sim.calls().length - 1].callerPhone)),
		};
	} finally {
		await sim.close();
	}
}

const ms = (summary: Summary) => `${summary.median.toFixed(0)} / ${summary.p95.toFixed(0)}`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export async function largeCentreSection(report: Record<string, unknown>, sizes: CentreSize[] = CENTRE_SIZES): Promise<CentreFigures[]> {
	const gc = collector();
	const figures: CentreFigures[] = [];
	for (const size of sizes) figures.push(await measure(size, gc));
	report.largeCentre = figures;
	console.log(`\nA large centre: the Voicenter Trigger (v1.1, every event) and the pickers, in this process (Node ${process.versions.node}); ms as median / p95`);
	console.log('  extensions  live calls  muted  Active Calls answer  answer alone (ms)  poll (ms)  heap kept  stored state  extension picker  call picker  call search');
	for (const row of figures) {
		console.log(
			`  ${String(row.extensions).padStart(10)}  ${String(row.liveCalls).padStart(10)}  ${String(row.mutedCalls).padStart(5)}  ${kb(row.answerBytes).padStart(19)}  ${ms(row.answerMs).padStart(17)}  ${ms(row.pollMs).padStart(9)}  ${kb(row.retainedHeapBytes).padStart(9)}  ${kb(row.stateBytes).padStart(12)}  ${ms(row.extensionPickerFirstPageMs).padStart(16)}  ${ms(row.callPickerFirstPageMs).padStart(11)}  ${ms(row.callSearchMs).padStart(11)}`,
		);
	}
	return figures;
}
