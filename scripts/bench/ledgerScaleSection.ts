/**
 * `BENCH_SECTIONS=ledgerscale`: the pause ledger of a large centre, in a real n8n (one process,
 * the cap raised out of the way), on each database n8n offers: SQLite (its default) and PostgreSQL
 * (queue mode's). The table is filled to each size in turn with a year of pauses (three entries
 * each: mute, resume, the call's record), then at that size: the ledger's own executions for a
 * CRM's pause and its close, the auditor's report for one day and for a month (time, size, n8n's
 * peak resident memory while it ran), the month as CSV, the bytes an entry takes as n8n counts
 * them, and last the retention's delete of the oldest month (the ledger's own forget, as the
 * nightly retention workflow asks it, with the cut-off 30 days into the year).
 * The third choice, `postgres-ledger`, is n8n on PostgreSQL with the ledger moved by the installer
 * into a table of the centre's own database on the same server, as the README has a large centre do.
 * BENCH_LEDGER_SCALE_ENTRIES sets the sizes (default 10000,100000), BENCH_LEDGER_SCALE_DBS the
 * databases (default sqlite,postgres,postgres-ledger).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { AUDITOR_CREDENTIAL, crmHeaders, PAUSE_REPORT_PATH } from '../n8n/exampleWorkflows';
import { startLocalStack, type LocalStack } from '../n8n/localStack';
import type { ImportedWorkflow } from '../n8n/n8nInstance';
import { n8nDatabaseEnv, startPostgres, type RunningPostgres } from '../services/postgres';
import { moveLedgerToPostgres, setUpInstaller } from '../n8n/kitInstall';
import { POSTGRES_LEDGER_TABLE } from '../../nodes/Voicenter/kit/kitContents';
import { LEDGER_COLUMNS, type LedgerEntry } from '../../nodes/Voicenter/ledger/ledgerTypes';
import { ensurePauseLedger } from '../n8n/pauseLedger';
import { fullPause, ledgerBytes, mute, rest } from './ledgerSection';
import type { SimulatorProcess } from './simulatorProcess';
import { summarise, type Summary } from './stats';
import { node, webhookNode } from './webhookLatency';

/** Where n8n keeps its data and the ledger its entries: n8n's SQLite or PostgreSQL with a Data Table, or a PostgreSQL table. */
export type LedgerDatabase = 'sqlite' | 'postgres' | 'postgres-ledger';

const LABELS: Record<LedgerDatabase, string> = {
	sqlite: 'SQLite, a Data Table',
	postgres: 'PostgreSQL, a Data Table',
	'postgres-ledger': "PostgreSQL, the ledger in a table of the centre's own database",
};

/** The ledger's table as the bench fills and weighs it, whichever kind it is. */
interface LedgerStore {
	/** Adds the entries; done when they are all in. */
	add(entries: LedgerEntry[]): Promise<void>;
	count(): Promise<number>;
	/** The bytes the entries take: n8n's own count for a Data Table, the table with its indexes in PostgreSQL. */
	bytes(): Promise<number>;
	/** The newest entry's id (PostgreSQL: read along the primary key, cheap to ask every few milliseconds). */
	newestId?(): Promise<number>;
}

const DAY_MS = 86_400_000;
/** The seeded year ends the day before the bench runs. */
const YEAR_END = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const PAUSES_MEASURED = 20;
const INSERT_BATCH_ENTRIES = 3000;
const COPY_BATCH_ENTRIES = 150_000;
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
	database: LedgerDatabase;
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

/** The ledger forgets every call paused before `before`: timed from the request to the answer. */
async function forget(stack: LocalStack, store: LedgerStore, before: number): Promise<SizeFigures['forgetMonth']> {
	const entriesBefore = await store.count();
	const started = performance.now();
	const response = await fetch(`${stack.n8n.url}/webhook/${FORGET_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ pausedBefore: new Date(before).toISOString() }),
		signal: AbortSignal.timeout(600_000),
	});
	await response.arrayBuffer();
	const ms = performance.now() - started;
	return { status: response.status, ms, deleted: entriesBefore - (await store.count()) };
}

async function dataTableStore(stack: LocalStack): Promise<LedgerStore> {
	const { projectId, tableId } = await ensurePauseLedger(stack.n8n.url, stack.cookie);
	const rows = `projects/${projectId}/data-tables/${tableId}`;
	return {
		add: async (data) => void (await rest(stack, `${rows}/insert`, { method: 'POST', body: JSON.stringify({ data, returnType: 'count' }) })),
		count: async () => (await rest<{ count: number }>(stack, `${rows}/rows?skip=0&take=1`)).count,
		bytes: async () => {
			// n8n 2.x keeps the tables' sizes a few seconds before it reads them again.
			await new Promise((resolve) => setTimeout(resolve, SIZE_CACHE_MS));
			return await ledgerBytes(stack, tableId);
		},
	};
}

const csvField = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'string' ? `"${value.replaceAll('"', '""')}"` : String(value));

/** The installer's PostgreSQL table, filled with psql's \copy from a CSV file in `dir` (which the server's account can read). */
function postgresStore(database: Awaited<ReturnType<RunningPostgres['addDatabase']>>, dir: string): LedgerStore {
	const columns = LEDGER_COLUMNS.map(({ name }) => name);
	const file = path.join(dir, 'entries.csv');
	return {
		add: async (entries) => {
			fs.writeFileSync(file, entries.map((entry) => columns.map((column) => csvField(entry[column])).join(',')).join('\n'), { mode: 0o644 });
			await database.sql(`\\copy ${POSTGRES_LEDGER_TABLE} (${columns.map((column) => `"${column}"`).join(', ')}) FROM '${file}' WITH (FORMAT csv)`);
		},
		count: async () => (await database.rows<{ count: number }>(`SELECT count(*)::int AS count FROM ${POSTGRES_LEDGER_TABLE}`))[0].count,
		newestId: async () => (await database.rows<{ id: number }>(`SELECT coalesce(max(id), 0) AS id FROM ${POSTGRES_LEDGER_TABLE}`))[0].id,
		bytes: async () => (await database.rows<{ bytes: number }>(`SELECT pg_total_relation_size('${POSTGRES_LEDGER_TABLE}')::bigint AS bytes`))[0].bytes,
	};
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
async function seed(store: LedgerStore, from: number, to: number, batchEntries: number): Promise<number> {
	const started = performance.now();
	for (let pause = Math.floor(from / 3); pause * 3 < to; pause += batchEntries / 3) {
		const count = Math.min(batchEntries / 3, Math.ceil(to / 3) - pause);
		await store.add(Array.from({ length: count }, (_, i) => fullPause(pause + i, pausedAt(pause + i))).flat());
	}
	return ((to - from) / (performance.now() - started)) * 1000;
}

async function ledgerExecutionsSince(stack: LocalStack, since: number): Promise<number[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: stack.kit.workflows['pause-ledger'], status: ['success'] }));
	const { results } = await rest<{ results: Array<{ startedAt: string; stoppedAt: string }> }>(stack, `executions?filter=${filter}&limit=100`);
	return results.filter((execution) => Date.parse(execution.startedAt) >= since).map((execution) => Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt));
}

async function unmute(stack: LocalStack): Promise<void> {
	const response = await fetch(`${stack.n8n.url}/webhook/voicenter/unmute`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...crmHeaders() },
		body: JSON.stringify({ callId: '2020072818dcDHFJcc804' }),
	});
	await response.text();
}

/** The CRM's pauses and their closes, one after another: each is one ledger execution. */
async function pausesAndCloses(stack: LocalStack, each: (send: () => Promise<unknown>) => Promise<void> = async (send) => void (await send())): Promise<void> {
	for (let pause = 0; pause < PAUSES_MEASURED; pause++) {
		await each(async () => await mute(stack, 'voicenter/mute'));
		await each(async () => await unmute(stack));
	}
}

/** The ledger's executions for the CRM's pauses and closes, as n8n stored them. */
async function ledgerExecutions(stack: LocalStack): Promise<Summary> {
	const since = Date.now();
	await pausesAndCloses(stack);
	await new Promise((resolve) => setTimeout(resolve, 3000));
	return summarise(await ledgerExecutionsSince(stack, since));
}

/**
 * The PostgreSQL ledger stores no successful run to time: instead, from the CRM's answer to the
 * first of its entries in the table (its newest id read every few milliseconds).
 */
async function writtenAfterAnswers(stack: LocalStack, newestId: () => Promise<number>): Promise<Summary> {
	const ms: number[] = [];
	await pausesAndCloses(stack, async (send) => {
		const before = await newestId();
		await send();
		const answered = performance.now();
		while ((await newestId()) === before) {
			if (performance.now() - answered > 30_000) throw new Error('The ledger wrote nothing within 30 s of the answer');
		}
		ms.push(Math.round(performance.now() - answered));
	});
	return summarise(ms);
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The README's move of the ledger into the centre's own database (beside n8n's, on the same server). */
async function movedToPostgres(stack: LocalStack, postgres: RunningPostgres, dir: string): Promise<LedgerStore> {
	const database = await postgres.addDatabase('centre_ledger', 'centre', 'bench-centre-ledger');
	const installer = await setUpInstaller(stack.n8n.url, stack.cookie, { apiKey: stack.apiKey });
	await moveLedgerToPostgres(stack.n8n.url, stack.cookie, installer.workflowId, database);
	return postgresStore(database, dir);
}

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
	console.log(`\nThe pause ledger of a large centre in a real n8n (port ${port}, ${LABELS[database]}): the table filled to ${sizes.join(', ')} entries (a year of pauses)…`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-ledgerscale-'));
	// Run as root, Postgres runs as the `postgres` account, which must reach its folder.
	fs.chmodSync(dir, 0o755);
	const postgres =
		database !== 'sqlite'
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
		const store = database === 'postgres-ledger' ? await movedToPostgres(stack, postgres!, dir) : await dataTableStore(stack);
		const auditor = { authorization: `Basic ${Buffer.from(`${AUDITOR_CREDENTIAL.data.user}:${AUDITOR_CREDENTIAL.data.password}`).toString('base64')}` };
		const reportUrl = (from: number, to: number, csv = false) => `${stack.n8n.url}/webhook/${PAUSE_REPORT_PATH}?from=${iso(from)}&to=${iso(to)}${csv ? '&format=csv' : ''}`;
		let seeded = 0;
		let forgotten = 0;
		for (const entries of [...sizes].sort((a, b) => a - b)) {
			// Every size holds the same year's spread, so a day and a month hold entries/365 and entries/12.
			const seedEntriesPerSecond = await seed(store, seeded, entries, database === 'postgres-ledger' ? COPY_BATCH_ENTRIES : INSERT_BATCH_ENTRIES);
			seeded = entries;
			const bytesPerEntry = (await store.bytes()) / (entries - forgotten);
			const ledgerExecutionMs = store.newestId === undefined ? await ledgerExecutions(stack) : await writtenAfterAnswers(stack, store.newestId);
			const middle = YEAR_END - 180 * DAY_MS;
			const row: SizeFigures = {
				database,
				entries,
				seedEntriesPerSecond: Math.round(seedEntriesPerSecond),
				ledgerExecutionMs,
				day: await fetchWatched(stack, reportUrl(middle, middle), auditor),
				month: await fetchWatched(stack, reportUrl(middle - 29 * DAY_MS, middle), auditor),
				monthCsv: await fetchWatched(stack, reportUrl(middle - 29 * DAY_MS, middle, true), auditor),
				bytesPerEntry: Math.round(bytesPerEntry),
				// Last, and always the year's first 30 days: a smaller size forgot its own, so what is
				// left of them is the share of the entries seeded since, close to a month of this size.
				forgetMonth: await forget(stack, store, YEAR_END - 335 * DAY_MS),
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
	const what = row.database === 'postgres-ledger' ? 'entries in the table after the CRM\'s answer' : "the ledger's executions";
	console.log(`    ${what} for ${PAUSES_MEASURED} pauses and their closes: median ${row.ledgerExecutionMs.median} ms, p95 ${row.ledgerExecutionMs.p95} ms, max ${row.ledgerExecutionMs.max} ms`);
	console.log(`    ${fetched('report, one day:', row.day)}`);
	console.log(`    ${fetched('report, a month:', row.month)}`);
	console.log(`    ${fetched('CSV, a month:', row.monthCsv)}`);
	console.log(`    the retention's delete of a month: HTTP ${row.forgetMonth.status}, ${(row.forgetMonth.ms / 1000).toFixed(1)} s, ${row.forgetMonth.deleted.toLocaleString('en')} entries`);
}
