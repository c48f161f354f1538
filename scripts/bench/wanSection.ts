/**
 * `BENCH_SECTIONS=wan npm run bench`: the time to muted of one CRM call with Voicenter at a
 * distance over HTTPS (wanLatency.ts), printed as round trips and their parts.
 */
import os from 'node:os';

import { summarise } from './stats';
import { measureWanLatency, WAN_CASES, type WanCase, type WanLatency } from './wanLatency';

const RTT_MS = Number(process.env.BENCH_WAN_RTT_MS ?? 40);
const CALLS = Number(process.env.BENCH_WAN_CALLS ?? 30);
const WARMUP_CALLS = 5;
/** Ports 6001, 6002 and 6010–6012 by default: apart from every other section's. */
const BASE_PORT = Number(process.env.BENCH_WAN_BASE_PORT ?? 6000);

const fine = (value: number) => value.toFixed(1).padStart(7);
const median = (values: number[]) => summarise(values).median;
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(', ');

/** The parts of an n8n case: n8n alone, k × (set-up + answer) for the k requests in sequence, as measured straight from here, and the rest. */
function partsLine(figures: WanLatency, name: WanCase, directNew: WanCase): string {
	const { samples } = figures;
	const k = WAN_CASES[name].inSequence;
	const total = median(samples[name].totalMs);
	const n8nAlone = median(samples.n8nAlone.totalMs);
	const setup = median(samples[directNew].setupMs);
	const answer = median(samples[directNew].answerMs);
	const rest = total - n8nAlone - k * (setup + answer);
	return (
		`    ${WAN_CASES[name].label.trim().padEnd(44)} ${fine(total)} = n8n alone ${n8nAlone.toFixed(1)} + ${k} × set-up ${setup.toFixed(1)} + ` +
		`${k} × answer ${answer.toFixed(1)} + the rest ${rest.toFixed(1)}`
	);
}

export async function wanSection(packageDir: string, token: string, report: Record<string, unknown>): Promise<void> {
	console.log(
		`\nWAN: Voicenter ${RTT_MS} ms round trip away over HTTPS (TLS 1.3, a CA made at run time and trusted by n8n through NODE_EXTRA_CA_CERTS).` +
			`\n  The distance: a proxy in front of the simulator delays every chunk by ${RTT_MS / 2} ms each way, and holds a new connection's first bytes` +
			`\n  one more round trip for TCP's handshake (see simulator/wanProxy.ts). A real n8n on port ${BASE_PORT + 10}; ${CALLS} sequential calls per case,` +
			`\n  interleaved, after ${WARMUP_CALLS} warm-up calls; each call meets an idle n8n. Load average at the start: ${load()}`,
	);
	const figures = await measureWanLatency({
		packageDir,
		token,
		rttMs: RTT_MS,
		basePort: BASE_PORT,
		calls: CALLS,
		warmupCalls: WARMUP_CALLS,
		log: () => {},
	});
	console.log('  Round trip: the whole call as its caller sees it. Muted at: when the mute reached Voicenter, from the start of the call (median).');
	console.log(`  ${'case'.padEnd(62)}  median     p95     min     max  muted at (ms)`);
	for (const name of Object.keys(WAN_CASES) as WanCase[]) {
		const { totalMs, mutedAtMs } = figures.samples[name];
		const s = summarise(totalMs);
		const mutedAt = mutedAtMs.length === 0 ? '–'.padStart(7) : fine(median(mutedAtMs));
		console.log(`  ${WAN_CASES[name].label.padEnd(62)} ${fine(s.median)} ${fine(s.p95)} ${fine(s.min)} ${fine(s.max)} ${mutedAt}`);
	}
	const { samples } = figures;
	console.log(
		`  One request straight from here, medians: a new connection's set-up (TCP + TLS) ${median(samples.plainNew.setupMs).toFixed(1)} ms, ` +
			`Voicenter's answer ${median(samples.plainNew.answerMs).toFixed(1)} ms; on a kept-open connection ${median(samples.plainKept.answerMs).toFixed(1)} ms.`,
	);
	console.log('  Where the CRM\'s round trip goes (medians, ms; set-up and answer as measured straight from here, the rest is our node and n8n\'s request path):');
	console.log(partsLine(figures, 'plain', 'plainNew'));
	console.log(partsLine(figures, 'verified', 'verifiedNew'));
	console.log(partsLine(figures, 'verifiedReadFirst', 'verifiedNew'));
	const limit = (name: WanCase, kept: WanCase) =>
		`${WAN_CASES[name].label.split(':')[0]} ${median(samples[name].totalMs).toFixed(1)} ms against ${(median(samples.n8nAlone.totalMs) + median(samples[kept].totalMs)).toFixed(1)} ms`;
	console.log(`  The limit (n8n alone + the same requests on one kept-open connection): ${limit('plain', 'plainKept')}; ${limit('verified', 'verifiedKept')}.`);
	console.log(`  Load average at the end: ${load()}`);
	report.wan = { rttMs: figures.rttMs, calls: CALLS, warmupCalls: WARMUP_CALLS, samples, n8nStartup: figures.timings };
}
