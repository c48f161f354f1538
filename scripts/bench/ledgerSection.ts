/**
 * What the pause ledger costs. In a real n8n (one process, SQLite): the CRM's mute answer from the
 * mute-by-extension example as shipped (it hands its item to the ledger after replying) against
 * the same workflow without the ledger node, sequential and interleaved, paced (each call meets an
 * idle n8n) and back to back; how long the ledger's own executions take; and how many bytes a
 * pause takes in n8n's Data Tables as n8n itself counts them against N8N_DATA_TABLES_MAX_SIZE_BYTES.
 */
import fs from 'node:fs';
import path from 'node:path';

import { crmHeaders } from '../n8n/exampleWorkflows';
import { startLocalStack, type LocalStack } from '../n8n/localStack';
import type { ImportedWorkflow } from '../n8n/n8nInstance';
import { n8nMajor } from '../n8n/n8nRuntime';
import type { LedgerEntry } from '../../nodes/Voicenter/ledger/ledgerTypes';
import { ensurePauseLedger } from '../n8n/pauseLedger';
import { summarise, type Summary } from './stats';
import type { SimulatorProcess } from './simulatorProcess';

const WITH_LEDGER_PATH = 'voicenter/mute';
const WITHOUT_LEDGER_PATH = 'voicenter/mute-no-ledger';
const PACED_MS = 300;
/** Pauses written straight into the table to weigh them: each its mute, its resume and its call's record. */
const WEIGHED_ROWS = 5000;
const MIB = 2 ** 20;
/** N8N_DATA_TABLES_MAX_SIZE_BYTES's defaults. */
const CAPS = { '1.123': 50 * MIB, '2.41': 200 * MIB };

export interface LedgerFigures {
	n8n: string;
	calls: number;
	answer: Record<'paced' | 'backToBack', { withLedger: Summary; withoutLedger: Summary; addedMedianMs: number; addedP95Ms: number }>;
	ledgerExecutionMs: Summary;
	ledgerExecutions: number;
	bytesPerRow: number;
	pausesThatFit: Record<string, number>;
}

/** The mute-by-extension example without its two ledger nodes, on a path of its own. */
function withoutLedger(packageDir: string): ImportedWorkflow {
	const definition = JSON.parse(fs.readFileSync(path.join(packageDir, 'examples', 'mute-by-extension-webhook.json'), 'utf8')) as {
		name: string;
		nodes: Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> }>;
		connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	};
	const ledgerNodes = new Set(definition.nodes.filter((node) => node.type === 'n8n-nodes-base.executeWorkflow').map((node) => node.name));
	definition.nodes = definition.nodes.filter((node) => !ledgerNodes.has(node.name));
	for (const node of definition.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') node.parameters.path = WITHOUT_LEDGER_PATH;
		if (node.webhookId !== undefined) node.webhookId = `${node.webhookId.slice(0, -4)}bee5`;
	}
	for (const name of ledgerNodes) delete definition.connections[name];
	for (const outputs of Object.values(definition.connections)) {
		outputs.main = outputs.main.map((targets) => targets.filter((target) => !ledgerNodes.has(target.node)));
	}
	// What the ledger node passed on goes straight on instead (Reply to CRM: failed → Fail the execution).
	definition.connections['Reply to CRM: failed'] = { main: [[{ node: 'Fail the execution', type: 'main', index: 0 }]] };
	return { id: 'VcBenchNoLedger1', active: true, definition: { ...definition, name: `${definition.name} (no ledger)` } };
}

export async function mute(stack: LocalStack, pathName: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${stack.n8n.url}/webhook/${pathName}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...crmHeaders() },
		body: JSON.stringify({ extension: 'SIPSIP1' }),
	});
	await response.text();
	if (response.status !== 200) throw new Error(`POST /webhook/${pathName}: HTTP ${response.status}`);
	return performance.now() - started;
}

export async function rest<T>(stack: LocalStack, route: string, init: RequestInit = {}): Promise<T> {
	const response = await fetch(`${stack.n8n.url}/rest/${route}`, { ...init, headers: { cookie: stack.cookie, 'content-type': 'application/json' } });
	if (!response.ok) throw new Error(`${init.method ?? 'GET'} /rest/${route}: HTTP ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: T }).data;
}

/** Start and stop of the ledger's newest executions (n8n lists at most a page at a time). */
async function ledgerExecutionTimes(stack: LocalStack): Promise<number[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: stack.kit.workflows['pause-ledger'], status: ['success'] }));
	const { results } = await rest<{ results: Array<{ startedAt: string; stoppedAt: string }> }>(stack, `executions?filter=${filter}&limit=100`);
	return results.map((execution) => Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt));
}

export async function ledgerBytes(stack: LocalStack, tableId: string): Promise<number> {
	const sizes = await rest<{ dataTables: Record<string, { sizeBytes: number }> }>(stack, 'data-tables-global/limits');
	return sizes.dataTables[tableId]?.sizeBytes ?? 0;
}

/**
 * The entries of one pause as the ledger keeps them once Voicenter's CDR has arrived (its mute, its
 * resume and the call's record), every column filled with values of realistic length.
 */
export function fullPause(index: number, pausedAt = Date.UTC(2026, 11, 1, 9) + index * 60_000): LedgerEntry[] {
	const iso = (ms: number) => new Date(ms).toISOString();
	const callId = `2026120109${String(index).padStart(6, '0')}a1b2c3d4`;
	const common = {
		callId,
		extension: 'SIPSIP1',
		callerNumber: '•••••••321',
		by: 'dana.cohen@example-crm.co.il',
		via: 'webhook',
		verified: true,
		problem: '',
		seenSince: null,
		recordingUrl: '',
		callStartedAt: null,
		recordingStartedAt: null,
		callEndedAt: null,
	};
	return [
		{ ...common, kind: 'pause', at: iso(pausedAt), actionId: 'df1348c5457901383b09bc6558a296fb', execution: `VcMuteVerified01/${100_000 + index}` },
		{ ...common, kind: 'resume', at: iso(pausedAt + 95_000), actionId: '77f35e733fec5ddccbd4d76cff6953d2', execution: `VcUnmuteByCall01/${200_000 + index}` },
		{
			...common,
			kind: 'callRecord',
			at: iso(pausedAt + 240_000),
			by: '',
			via: 'voicenter',
			actionId: '',
			verified: null,
			execution: `VcCdrToLedger001/${300_000 + index}`,
			recordingUrl: `https://cpanel.voicenter.co.il/CallRecordings/Download/${callId}.mp3`,
			callStartedAt: iso(pausedAt - 133_000),
			recordingStartedAt: iso(pausedAt - 128_000),
			callEndedAt: iso(pausedAt + 240_000),
		},
	];
}

export async function ledgerSection(packageDir: string, sim: SimulatorProcess, token: string, port: number, calls: number, report: Record<string, unknown>): Promise<void> {
	console.log(`\nThe pause ledger in a real n8n (port ${port}): ${calls} CRM mutes per case, interleaved, paced ${PACED_MS} ms and back to back…`);
	const stack = await startLocalStack({
		packageDir,
		simulatorBaseUrl: sim.baseUrl,
		simulatorToken: token,
		port,
		activatePolling: false,
		extraWorkflows: [withoutLedger(packageDir)],
		// n8n caches the tables' size for 5 s (2.x) or 60 s (1.x); the weighing reads it after each write.
		env: { N8N_DATA_TABLES_SIZE_CHECK_CACHE_DURATION_MS: '0' },
		log: () => {},
	});
	try {
		for (let warm = 0; warm < 20; warm++) await mute(stack, warm % 2 ? WITH_LEDGER_PATH : WITHOUT_LEDGER_PATH);
		const answer = {} as LedgerFigures['answer'];
		for (const pacing of ['paced', 'backToBack'] as const) {
			const samples = { withLedger: [] as number[], withoutLedger: [] as number[] };
			for (let call = 0; call < calls; call++) {
				// Which case goes first alternates, so neither always meets the other's leftovers.
				const order = call % 2 === 0 ? (['withLedger', 'withoutLedger'] as const) : (['withoutLedger', 'withLedger'] as const);
				for (const name of order) {
					if (pacing === 'paced') await new Promise((resolve) => setTimeout(resolve, PACED_MS));
					samples[name].push(await mute(stack, name === 'withLedger' ? WITH_LEDGER_PATH : WITHOUT_LEDGER_PATH));
				}
			}
			const withLedger = summarise(samples.withLedger);
			const withoutLedger = summarise(samples.withoutLedger);
			answer[pacing] = { withLedger, withoutLedger, addedMedianMs: withLedger.median - withoutLedger.median, addedP95Ms: withLedger.p95 - withoutLedger.p95 };
		}
		// Let the last ledger executions finish before they are read.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const executionMs = await ledgerExecutionTimes(stack);

		const { projectId, tableId } = await ensurePauseLedger(stack.n8n.url, stack.cookie);
		const before = await ledgerBytes(stack, tableId);
		for (let done = 0; done < WEIGHED_ROWS; done += 500) {
			const data = Array.from({ length: 500 }, (_, i) => fullPause(done + i)).flat();
			await rest(stack, `projects/${projectId}/data-tables/${tableId}/insert`, { method: 'POST', body: JSON.stringify({ data, returnType: 'count' }) });
		}
		const bytesPerRow = ((await ledgerBytes(stack, tableId)) - before) / WEIGHED_ROWS;
		const figures: LedgerFigures = {
			n8n: stack.setup.runtime.version,
			calls,
			answer,
			ledgerExecutionMs: summarise(executionMs),
			ledgerExecutions: executionMs.length,
			bytesPerRow,
			pausesThatFit: Object.fromEntries(Object.entries(CAPS).map(([version, cap]) => [version, Math.floor(cap / bytesPerRow)])),
		};
		report.ledger = figures;
		print(figures, n8nMajor(stack.setup.runtime.version));
	} finally {
		await stack.n8n.stop();
	}
}

function print(figures: LedgerFigures, major: number): void {
	const fine = (value: number) => value.toFixed(1).padStart(7);
	console.log(`  n8n ${figures.n8n}: the CRM's mute answer (ms)          median     p95     min     max`);
	for (const pacing of ['paced', 'backToBack'] as const) {
		const { withLedger, withoutLedger, addedMedianMs, addedP95Ms } = figures.answer[pacing];
		const label = pacing === 'paced' ? `paced ${PACED_MS} ms` : 'back to back';
		console.log(`    ${`with the ledger, ${label}`.padEnd(44)} ${fine(withLedger.median)} ${fine(withLedger.p95)} ${fine(withLedger.min)} ${fine(withLedger.max)}`);
		console.log(`    ${`without it, ${label}`.padEnd(44)} ${fine(withoutLedger.median)} ${fine(withoutLedger.p95)} ${fine(withoutLedger.min)} ${fine(withoutLedger.max)}`);
		console.log(`    added by the ledger: median ${addedMedianMs.toFixed(1)} ms, p95 ${addedP95Ms.toFixed(1)} ms`);
	}
	const s = figures.ledgerExecutionMs;
	console.log(`  the ledger's own executions (newest ${figures.ledgerExecutions}, n8n lists 100 at most): median ${s.median} ms, p95 ${s.p95} ms, max ${s.max} ms (after the CRM got its answer)`);
	console.log(`  bytes per pause in n8n's Data Tables (${major >= 2 ? 'as 2.x' : 'as 1.x'} counts them, SQLite, ${WEIGHED_ROWS} pauses of 3 entries each): ${figures.bytesPerRow.toFixed(0)}`);
	for (const [version, count] of Object.entries(figures.pausesThatFit)) {
		console.log(`    the default cap of n8n ${version} (${CAPS[version as keyof typeof CAPS] / MIB} MiB, all tables together) holds about ${count.toLocaleString('en')} pauses`);
	}
}
