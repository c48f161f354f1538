/**
 * A pause ledger that cannot write, in a real n8n: a column the ledger writes renamed away, then
 * n8n's Data Table cap reached (set small here). Each time the CRM still gets its answer at once,
 * the ledger's execution is stored as failed, and a person is told: the alert reaches the recording
 * watchdog's Alert inbox (the example's stand-in for Slack or e-mail), signed, naming the entry that
 * is missing. Nothing claims the pause was recorded: the ledger holds no row of it.
 */
import { crmHeaders } from '../../scripts/n8n/exampleWorkflows';
import { manualRun } from '../../scripts/n8n/manualRun';
import { n8nMajor, selectedN8nVersion } from '../../scripts/n8n/n8nRuntime';
import type { SpaceReport } from '../../nodes/Voicenter/kit/dataTableSpace';
import { ensurePauseLedger, insertLedgerEntries, otherCallsPause, pauseLedgerRows } from '../../scripts/n8n/pauseLedger';
import { executionsOf, kitWorkflowId, ledgerIdle, storedExecution, until, useRealN8n } from './stack';

/** Small enough to fill in a few hundred entries, large enough for the table to start with. */
const CAP_BYTES = 96 * 1024;

const env = useRealN8n([], {
	// The watchdog example is active: its Alert inbox receives the ledger's alerts.
	activatePolling: true,
	env: { N8N_DATA_TABLES_MAX_SIZE_BYTES: String(CAP_BYTES), N8N_DATA_TABLES_SIZE_CHECK_CACHE_DURATION_MS: '0' },
});
const version = () => env.stack.setup.runtime.version;
const log = (line: string) => process.stdout.write(`ledger alerts (n8n ${version()}): ${line}\n`);

async function rest<T>(route: string, init: RequestInit = {}): Promise<{ status: number; data: T; text: string }> {
	const response = await fetch(`${env.stack.n8n.url}/rest/${route}`, { ...init, headers: { cookie: env.stack.cookie, 'content-type': 'application/json' } });
	const text = await response.text();
	let data: T = undefined as T;
	try {
		data = (JSON.parse(text) as { data: T }).data;
	} catch {
		// Not JSON: the status and text say what happened.
	}
	return { status: response.status, data, text };
}

interface Alert {
	sub: string;
	alert: { problem: string; error: string; entry: Record<string, unknown> };
}

/** The alerts the watchdog's Alert inbox received since `since`, from the pause ledger (or from whoever `sub` names). */
async function ledgerAlerts(since: number, sub = 'pause ledger'): Promise<Alert[]> {
	const alerts: Alert[] = [];
	for (const summary of await executionsOf(env, kitWorkflowId(env, 'recording-watchdog'), since)) {
		const execution = await storedExecution(env, summary.id);
		for (const item of execution.runData['Alert inbox']?.[0]?.data?.main?.[0] ?? []) {
			const payload = item.json.jwtPayload as Alert | undefined;
			if (payload?.sub === sub) alerts.push(payload);
		}
	}
	return alerts;
}

const MAJOR = n8nMajor(selectedN8nVersion());

/** n8n's own reading of its tables' size, as its editor shows it (owner's session). */
async function n8nLimits(): Promise<{ totalBytes: number; quotaStatus: string }> {
	return (await rest<{ totalBytes: number; quotaStatus: string }>('data-tables-global/limits')).data;
}

type StoredWorkflow = Record<string, unknown> & { versionId: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
const spaceWorkflow = async () => (await rest<StoredWorkflow>(`workflows/${kitWorkflowId(env, 'pause-ledger-space')}`)).data;

/** What the user does when their admin set N8N_DATA_TABLES_MAX_SIZE_BYTES: the same cap, in MB, in the check's node. */
async function useThisN8nsCap(): Promise<void> {
	const stored = await spaceWorkflow();
	const nodes = stored.nodes.map((node) => (node.name === 'Data Table space' ? { ...node, parameters: { ...node.parameters, capMb: CAP_BYTES / 1024 / 1024 } } : node));
	expect((await rest(`workflows/${kitWorkflowId(env, 'pause-ledger-space')}`, { method: 'PATCH', body: JSON.stringify({ versionId: stored.versionId, nodes }) })).status).toBe(200);
}

/** The morning check, run now from the editor: its report, and whether it went on to the alert. */
async function spaceCheck(): Promise<{ since: number; report: SpaceReport; alerted: boolean }> {
	const since = Date.now();
	const run = await manualRun(env.stack.n8n.url, env.stack.cookie, kitWorkflowId(env, 'pause-ledger-space'), await spaceWorkflow());
	expect(run.error).toBeUndefined();
	return { since, report: run.output('Data Table space')![0] as SpaceReport, alerted: run.output('Notify (swap for Slack or e-mail)') !== undefined };
}

/** A CRM mute of a new call by extension: answered, and muted in Voicenter. */
async function crmMute(extension: string, phone: string): Promise<{ callId: string; sentAt: number; answer: Record<string, unknown>; ms: number }> {
	const now = Math.floor(Date.now() / 1000);
	const callId = env.sim.addCall(extension, { callerPhone: phone, callStarted: now - 20, callAnswered: now - 15 }).ivrid;
	const sentAt = Date.now();
	const response = await fetch(`${env.stack.n8n.url}/webhook/voicenter/mute`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...crmHeaders('dana@crm') },
		body: JSON.stringify({ extension }),
		signal: AbortSignal.timeout(30_000),
	});
	const answer = (await response.json()) as Record<string, unknown>;
	expect(response.status).toBe(200);
	expect(answer).toMatchObject({ muted: true });
	expect(env.sim.call(callId)?.isMuted).toBe(true);
	return { callId, sentAt, answer, ms: Date.now() - sentAt };
}

/** A CRM mute the ledger cannot write: answered all the same, alerted, and no row claims it. */
async function muteAndExpectAlert(what: string, phone: string): Promise<void> {
	const since = Date.now();
	const mute = await crmMute('SIPSIP2', phone);
	log(`${what}: the CRM answered in ${mute.ms} ms: ${JSON.stringify(mute.answer)}`);
	const alert = await expectAlerted(mute.callId, since);
	log(`${what}: alert ${JSON.stringify(alert).slice(0, 400)}`);
	expect(alert.alert.problem).toMatch(/^NOT written to the pause ledger/);
	expect(alert.alert.entry).toMatchObject({ kind: 'pause', callId: mute.callId, extension: 'SIPSIP2', by: 'dana@crm', via: 'webhook' });
}

/** Waits for the ledger's alert about `callId`, and checks the ledger's execution failed and holds no row of it. */
async function expectAlerted(callId: string, since: number): Promise<Alert> {
	const alert = await until(`the ledger's alert about ${callId}`, 90_000, async () => (await ledgerAlerts(since)).find((candidate) => JSON.stringify(candidate.alert.entry).includes(callId))).catch(async (error: Error) => {
		// Say where the ledger's runs stopped: which nodes ran, and the error each stored.
		for (const summary of await executionsOf(env, kitWorkflowId(env, 'pause-ledger'), since)) {
			const run = await storedExecution(env, summary.id);
			log(`ledger execution ${summary.id} ${summary.status}: ${run.error?.message ?? ''}; nodes ${JSON.stringify(Object.fromEntries(Object.entries(run.runData).map(([node, runs]) => [node, runs[0]?.error?.message ?? runs[0]?.data?.main?.map((items) => items?.length ?? 0)])))}`);
		}
		for (const summary of await executionsOf(env, kitWorkflowId(env, 'recording-watchdog'), since)) {
			const run = await storedExecution(env, summary.id);
			const inbox = run.runData['Alert inbox']?.[0]?.data?.main?.[0]?.map((item) => item.json.jwtPayload ?? Object.keys(item.json));
			log(`watchdog execution ${summary.id} ${summary.mode} ${summary.status}: ${JSON.stringify(inbox ?? Object.keys(run.runData)).slice(0, 1000)}`);
		}
		throw error;
	});
	await ledgerIdle(env, 60_000);
	const ledgerRuns = await executionsOf(env, kitWorkflowId(env, 'pause-ledger'), since);
	expect(ledgerRuns.map((execution) => execution.status)).toContain('error');
	expect((await pauseLedgerRows(env.stack.n8n.url, env.stack.cookie)).filter((row) => row.callId === callId)).toEqual([]);
	return alert;
}

describe('a ledger that cannot write tells someone, and the CRM is answered all the same', () => {
	test('a column the ledger writes is gone (deleted in the editor): answered, alerted, nothing claimed', async () => {
		const { projectId, tableId } = await ensurePauseLedger(env.stack.n8n.url, env.stack.cookie);
		const base = `projects/${projectId}/data-tables/${tableId}/columns`;
		const columns = await rest<Array<{ id: string; name: string }>>(base);
		const via = columns.data.find((column) => column.name === 'via')!;
		expect(via).toBeDefined();
		expect((await rest(`${base}/${via.id}`, { method: 'DELETE' })).status).toBe(200);
		try {
			await muteAndExpectAlert('missing column', '0521000701');
		} finally {
			const added = await rest(base, { method: 'POST', body: JSON.stringify({ name: 'via', type: 'string' }) });
			expect(added.status).toBe(200);
		}
	});

	(MAJOR >= 2 ? test : test.skip)("the morning Data Table space check (n8n 2.x): quiet below 80 % of the cap, and from 80 % an alert in the Alert inbox, its figures n8n's own", async () => {
		await useThisN8nsCap();
		const quiet = await spaceCheck();
		expect(quiet.report).toMatchObject({ state: 'ok', capBytes: CAP_BYTES });
		expect(quiet.alerted).toBe(false);

		// Fill toward the cap with entries of other calls, as months of pauses would, until n8n itself says "warn".
		let written = 0;
		for (let limits = await n8nLimits(); limits.quotaStatus === 'ok'; limits = await n8nLimits()) {
			await insertLedgerEntries(env.stack.n8n.url, env.stack.cookie, Array.from({ length: 5 }, (_, i) => otherCallsPause(`near${written + i}`, Date.UTC(2026, 0, 2) + (written + i) * 60_000)));
			written += 5;
			expect(written).toBeLessThan(2000);
		}
		const limits = await n8nLimits();
		expect(limits.quotaStatus).toBe('warn');
		const near = await spaceCheck();
		log(`space check at n8n's warning (${limits.totalBytes} bytes): ${JSON.stringify(near.report)}`);
		expect(near.report).toMatchObject({ state: 'warn', usedBytes: limits.totalBytes, capBytes: CAP_BYTES });
		const alert = await until('the space alert in the Alert inbox', 60_000, async () => (await ledgerAlerts(near.since, 'data table space'))[0]);
		expect(alert.alert.problem).toBe("n8n's Data Tables are near their cap: at the cap the pause ledger stops recording pauses");
		expect(alert.alert.error).toBe(near.report.message);
	});

	test("n8n's Data Table cap reached: answered, alerted, nothing claimed", async () => {
		// Fill the tables up to the cap with entries of other calls, as months of pauses would.
		let written = 0;
		for (let batch = 0; batch < 200; batch++) {
			const filler = Array.from({ length: 25 }, (_, i) => otherCallsPause(`filler${written + i}`, Date.UTC(2026, 0, 1) + (written + i) * 60_000));
			try {
				await insertLedgerEntries(env.stack.n8n.url, env.stack.cookie, filler);
				written += filler.length;
			} catch (error) {
				log(`the cap (${CAP_BYTES} bytes) refused more after ${written} entries: ${(error as Error).message.slice(0, 200)}`);
				break;
			}
		}
		expect(written).toBeGreaterThan(0);
		expect(written).toBeLessThan(200 * 25);
		await muteAndExpectAlert('cap reached', '0521000702');
	});

	(MAJOR >= 2 ? test : test.skip)('the morning Data Table space check at the cap (n8n 2.x): full, and the alert says pauses are not being recorded', async () => {
		const full = await spaceCheck();
		expect(full.report.state).toBe('full');
		const alert = await until('the space alert in the Alert inbox', 60_000, async () => (await ledgerAlerts(full.since, 'data table space'))[0]);
		expect(alert.alert.problem).toBe("n8n's Data Tables are FULL: the pause ledger is NOT recording pauses");
		expect(alert.alert.error).toContain('pauses are NOT being recorded');
	});
});
