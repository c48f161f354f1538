/**
 * `BENCH_SECTIONS=ledgerscale`: the pause ledger of a large centre, in a real n8n (one process,
 * the cap raised out of the way), on each database n8n offers: SQLite (its default) and PostgreSQL
 * (queue mode's). The table is filled to each size in turn with a year of pauses (three entries
 * each: mute, resume, the call's record), then at that size: the ledger's own executions for a
 * CRM's pause and its close, the auditor's report for one day and for a month (time, size, n8n's
 * peak resident memory while it ran), the month as CSV, the bytes an entry takes as n8n counts
 * them, and last the retention's delete of the oldest month (the ledger's own forget, as the
 * nightly retention workflow asks it, with the cut-off 30 days into the year).
 * BENCH_LEDGER_SCALE_ENTRIES sets the sizes (default 10000,100000), BENCH_LEDGER_SCALE_DBS the
 * databases (default sqlite,postgres).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { AUDITOR_CREDENTIAL, crmHeaders, PAUSE_REPORT_PATH } from '../n8n/exampleWorkflows';
import { startLocalStack, type LocalStack } from '../n8n/localStack';
import type { ImportedWorkflow } from '../n8n/n8nInstance';
import { n8nDatabaseEnv, startPostgres } from '../services/postgres';
import { ensurePauseLedger } from '../n8n/pauseLedger';
import { fullPause, ledgerBytes, mute, rest } from './ledgerSection';
import type { SimulatorProcess } from './simulatorProcess';
import { summarise, type Summary } from './stats';
import { node, webhookNode } from './webhookLatency';

export type LedgerDatabase = 'sqlite' | 'postgres';

const DAY_MS = 86_400_000;
/** The seeded year ends the day before the bench runs. */
const YEAR_END = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const PAUSES_MEASURED = 20;
const INSERT_BATCH_ENTRIES = 3000;
/** How long n8n 2.x keeps the tables' sizes before it reads them again. */
const SIZE_CACHE_MS = 6000;

interface Fetched {
	status: number;
	ms: number;
	bytes: number;
	/** n8n's resident memory before the request, and its highest while the request ran (sampled every 50 ms). */
	rssBeforeMb: number;
	peakRssMb: number;
}

interface SizeFigures {
	entries: number;
	seedEntriesPerSecond: number;
	ledgerExecutionMs: Summary;
	day: Fetched;
	month: Fetched;
	monthCsv: Fetched;
	bytesPerEntry: number;
	/** The retention's delete of the oldest month: the whole request, and the entries it took away. */
	forgetMonth: { status: number; ms: number; deleted: number };
}

const FORGET_PATH = 'bench/ledger-forget';

/**
 * The nightly retention's request to the ledger with a cut-off the bench chooses: the retention
 * workflow's own schedule and `$now` would forget a few hours of the seeded year, not a month.
 * It answers with every item the ledger's last node gave (none when no call crossed the cut-off).
 */
function forgetOnRequest(): ImportedWorkflow {
	const webhook = webhookNode(FORGET_PATH, '5a0c7a3e-2b1d-4c8e-9f10-0b3c4d5e6f72');
	return {
		id: 'VcBenchForget001',
		active: true,
		definition: {
			name: 'Benchmark: the ledger forgets the calls paused before a given instant',
			nodes: [
				{ ...webhook, parameters: { ...webhook.parameters, responseMode: 'lastNode', responseData: 'allEntries' } },
				node('Forget before', 'n8n-nodes-base.set', 3.4, 240, { mode: 'raw', jsonOutput: '={{ JSON.stringify({ forget: { pausedBefore: $json.body.pausedBefore } }) }}', options: {} }),
				node('Pause ledger', 'n8n-nodes-base.executeWorkflow', 1.2, 480, {
					workflowId: { __rl: true, mode: 'list', value: 'VcPauseLedger001' },
					mode: 'once',
					options: { waitForSubWorkflow: true },
				}),
			],
			connections: {
				Webhook: { main: [[{ node: 'Forget before', type: 'main', index: 0 }]] },
				'Forget before': { main: [[{ node: 'Pause ledger', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		},
	};
}

async function entriesInLedger(stack: LocalStack): Promise<number> {
	const { projectId, tableId } = await ensurePauseLedger(stack.n8n.url, stack.cookie);
	return (await rest<{ count: number }>(stack, `projects/${projectId}/data-tables/${tableId}/rows?skip=0&take=1`)).count;
}

/** The ledger forgets every call paused before `before`: timed from the request to the answer. */
async function forget(stack: LocalStack, before: number): Promise<SizeFigures['forgetMonth']> {
	const entriesBefore = await entriesInLedger(stack);
	const started = performance.now();
	const response = await fetch(`${stack.n8n.url}/webhook/${FORGET_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ pausedBefore: new Date(before).toISOString() }),
		signal: AbortSignal.timeout(600_000),
	});
	await response.arrayBuffer();
	const ms = performance.now() - started;
	return { status: response.status, ms, deleted: entriesBefore - (await entriesInLedger(stack)) };
}

function rssMb(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return kb / 1024;
}

async function fetchWatched(stack: LocalStack, url: string, headers: Record<string, string>): Promise<Fetched> {
	const before = rssMb(stack.n8n.pid);
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb(stack.n8n.pid))), 50);
	const started = performance.now();
	try {
		const response = await fetch(url, { headers, signal: AbortSignal.timeout(300_000) });
		const body = await response.arrayBuffer();
		return { status: response.status, ms: performance.now() - started, bytes: body.byteLength, rssBeforeMb: Math.round(before), peakRssMb: Math.round(peak) };
	} finally {
		clearInterval(sampler);
	}
}

/**
 * Pauses spread over the year before YEAR_END so that every prefix of them is spread evenly too
 * (each at the golden-ratio fraction of its index): a table filled to any size holds a day's and a
 * month's share of it.
 */
function pausedAt(index: number): number {
	const fraction = (index * 0.6180339887498949) % 1;
	return YEAR_END - 365 * DAY_MS + Math.floor(fraction * 365 * DAY_MS);
}

/** Fills the table from `from` entries up to about `to` (whole pauses of three); entries a second. */
async function seed(stack: LocalStack, from: number, to: number): Promise<number> {
	const { projectId, tableId } = await ensurePauseLedger(stack.n8n.url, stack.cookie);
	const started = performance.now();
	for (let pause = Math.floor(from / 3); pause * 3 < to; pause += INSERT_BATCH_ENTRIES / 3) {
		const count = Math.min(INSERT_BATCH_ENTRIES / 3, Math.ceil(to / 3) - pause);
		const data = Array.from({ length: count }, (_, i) => fullPause(pause + i, pausedAt(pause + i))).flat();
		await rest(stack, `projects/${projectId}/data-tables/${tableId}/insert`, { method: 'POST', body: JSON.stringify({ data, returnType: 'count' }) });
	}
	return ((to - from) / (performance.now() - started)) * 1000;
}

async function ledgerExecutionsSince(stack: LocalStack, since: number): Promise<number[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: stack.kit.workflows['pause-ledger'], status: ['success'] }));
	const { results } = await rest<{ results: Array<{ startedAt: string; stoppedAt: string }> }>(stack, `executions?filter=${filter}&limit=100`);
	return results.filter((execution) => Date.parse(execution.startedAt) >= since).map((execution) => Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt));
}

async function pausesAndCloses(stack: LocalStack): Promise<Summary> {
	const since = Date.now();
	for (let pause = 0; pause < PAUSES_MEASURED; pause++) {
		await mute(stack, 'voicenter/mute');
		const unmute = await fetch(`${stack.n8n.url}/webhook/voicenter/unmute`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...crmHeaders() },
			body: JSON.stringify({ callId: '2020072818dcDHFJcc804' }),
		});
		await unmute.text();
	}
	await new Promise((resolve) => setTimeout(resolve, 3000));
	return summarise(await ledgerExecutionsSince(stack, since));
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function ledgerScaleSection(
	packageDir: string,
	sim: SimulatorProcess,
	token: string,
	port: number,
	sizes: number[],
	databases: LedgerDatabase[],
	report: Record<string, unknown>,
): Promise<void> {
	const figures: Partial<Record<LedgerDatabase, SizeFigures[]>> = {};
	report.ledgerScale = figures;
	for (const database of databases) {
		figures[database] = [];
		await onDatabase(database, packageDir, sim, token, port, sizes, figures[database]);
	}
}

async function onDatabase(
	database: LedgerDatabase,
	packageDir: string,
	sim: SimulatorProcess,
	token: string,
	port: number,
	sizes: number[],
	figures: SizeFigures[],
): Promise<void> {
	const label = database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
	console.log(`\nThe pause ledger of a large centre in a real n8n (port ${port}, ${label}): the table filled to ${sizes.join(', ')} entries (a year of pauses)…`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-ledgerscale-'));
	// Run as root, Postgres runs as the `postgres` account, which must reach its folder.
	fs.chmodSync(dir, 0o755);
	const postgres =
		database === 'postgres'
			? await startPostgres({ port: Number(process.env.BENCH_LEDGER_SCALE_POSTGRES_PORT ?? 55443), dir: path.join(dir, 'postgres'), database: 'n8n', user: 'n8n', password: 'bench-ledger', log: () => {} })
			: undefined;
	const stack = await startLocalStack({
		packageDir,
		simulatorBaseUrl: sim.baseUrl,
		simulatorToken: token,
		port,
		activatePolling: false,
		// n8n's own size check stays as users have it (cached 5 s): every write of a full cache check would read every table's size.
		env: { N8N_DATA_TABLES_MAX_SIZE_BYTES: String(8 * 2 ** 30), ...(postgres === undefined ? {} : n8nDatabaseEnv(postgres)) },
		extraWorkflows: [forgetOnRequest()],
		log: () => {},
	}).catch(async (error: Error) => {
		await postgres?.stop();
		throw error;
	});
	try {
		const { tableId } = await ensurePauseLedger(stack.n8n.url, stack.cookie);
		const auditor = { authorization: `Basic ${Buffer.from(`${AUDITOR_CREDENTIAL.data.user}:${AUDITOR_CREDENTIAL.data.password}`).toString('base64')}` };
		const reportUrl = (from: number, to: number, csv = false) => `${stack.n8n.url}/webhook/${PAUSE_REPORT_PATH}?from=${iso(from)}&to=${iso(to)}${csv ? '&format=csv' : ''}`;
		let seeded = 0;
		let forgotten = 0;
		for (const entries of [...sizes].sort((a, b) => a - b)) {
			// Every size holds the same year's spread, so a day and a month hold entries/365 and entries/12.
			const seedEntriesPerSecond = await seed(stack, seeded, entries);
			seeded = entries;
			await new Promise((resolve) => setTimeout(resolve, SIZE_CACHE_MS));
			const bytesPerEntry = (await ledgerBytes(stack, tableId)) / (entries - forgotten);
			const ledgerExecutionMs = await pausesAndCloses(stack);
			const middle = YEAR_END - 180 * DAY_MS;
			const row: SizeFigures = {
				entries,
				seedEntriesPerSecond: Math.round(seedEntriesPerSecond),
				ledgerExecutionMs,
				day: await fetchWatched(stack, reportUrl(middle, middle), auditor),
				month: await fetchWatched(stack, reportUrl(middle - 29 * DAY_MS, middle), auditor),
				monthCsv: await fetchWatched(stack, reportUrl(middle - 29 * DAY_MS, middle, true), auditor),
				bytesPerEntry: Math.round(bytesPerEntry),
				// Last, and always the year's first 30 days: a smaller size forgot its own, so what is
				// left of them is the share of the entries seeded since, close to a month of this size.
				forgetMonth: await forget(stack, YEAR_END - 335 * DAY_MS),
			};
			forgotten += row.forgetMonth.deleted;
			figures.push(row);
			print(row);
		}
	} finally {
		await stack.n8n.stop();
		await postgres?.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function print(row: SizeFigures): void {
	const fetched = (label: string, f: Fetched) => `${label} HTTP ${f.status}, ${(f.ms / 1000).toFixed(1)} s, ${(f.bytes / 1024).toFixed(0)} KB, n8n peak ${f.peakRssMb} MB (+${f.peakRssMb - f.rssBeforeMb})`;
	console.log(`  ${row.entries.toLocaleString('en')} entries (seeded at ${row.seedEntriesPerSecond.toLocaleString('en')}/s, ${row.bytesPerEntry} bytes each):`);
	console.log(`    the ledger's executions for ${PAUSES_MEASURED} pauses and their closes: median ${row.ledgerExecutionMs.median} ms, p95 ${row.ledgerExecutionMs.p95} ms, max ${row.ledgerExecutionMs.max} ms`);
	console.log(`    ${fetched('report, one day:', row.day)}`);
	console.log(`    ${fetched('report, a month:', row.month)}`);
	console.log(`    ${fetched('CSV, a month:', row.monthCsv)}`);
	console.log(`    the retention's delete of a month: HTTP ${row.forgetMonth.status}, ${(row.forgetMonth.ms / 1000).toFixed(1)} s, ${row.forgetMonth.deleted.toLocaleString('en')} entries`);
}
