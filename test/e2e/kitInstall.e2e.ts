/**
 * The compliance kit installed into a bare n8n (this package installed, an owner account, nothing
 * else) by the README's step alone: an API key, the installer's credential and workflow, Execute;
 * the secrets typed into the credentials it made; Execute again with Activate Workflows on. Then
 * what a user gets from it, an upgrade that keeps what the user set, and the refusals that leave
 * nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { OWNER } from '../../scripts/n8n/n8nInstance';
import { startPostgres, type RunningPostgres } from '../../scripts/services/postgres';
import { AUDITOR_CREDENTIAL, DOOR_CREDENTIALS, PAUSE_REPORT_PATH, crmHeaders } from '../../scripts/n8n/exampleWorkflows';
import { createApiKey, installedKit, ledgerDatabaseCredential, runInstaller, setUpInstaller, typeIntoCredential, type InstalledKit } from '../../scripts/n8n/kitInstall';
import { n8nMajor, selectedN8nVersion } from '../../scripts/n8n/n8nRuntime';
import { pauseLedgerRows, postgresLedgerEntries } from '../../scripts/n8n/pauseLedger';
import { dayInZone } from '../../nodes/Voicenter/helpers/voicenterClock';
import { LEDGER_TABLE, POSTGRES_LEDGER_TABLE } from '../../nodes/Voicenter/kit/kitContents';
import { callsAcrossTheCutOff } from '../../nodes/Voicenter/ledger/forgetOldCalls';
import { pairPauses } from '../../nodes/Voicenter/ledger/pairPauses';
import pauseLedgerPostgres from '../../examples/pause-ledger-postgres.json';
import { SEED_EXTENSIONS } from '../../simulator/voicenterSimulator';
import { executionsOf, ledgerIdle, restGet, storedExecution, until, useRealN8n } from './stack';

const env = useRealN8n([], { bare: true });
const MAJOR = n8nMajor(selectedN8nVersion());
const SIGN_IN = MAJOR < 2 ? { email: OWNER.email, password: OWNER.password } : {};
const MINUTE_MS = 60_000;

const url = () => env.stack.n8n.url;
const cookie = () => env.stack.cookie;
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

interface Holdings {
	workflows: string[];
	credentials: string[];
	tables: string[];
}

/** Names, as n8n's editor lists them: what a user would see installed. */
async function whatN8nHolds(): Promise<Holdings> {
	const list = <T>(body: unknown): T[] => (Array.isArray(body) ? (body as T[]) : ((body as { data: T[] }).data ?? []));
	const workflows = list<{ name: string }>(await restGet(env, 'workflows')).map((workflow) => workflow.name);
	const credentials = list<{ name: string }>(await restGet(env, 'credentials')).map((credential) => credential.name);
	const project = await restGet<{ id: string }>(env, 'projects/personal');
	const tables = list<{ name: string }>(await restGet(env, `projects/${project.id}/data-tables`)).map((table) => table.name);
	return { workflows: workflows.sort(), credentials: credentials.sort(), tables };
}

/** The installer's workflow and credential, as the README has the user make them (its key fixed in the credential later). */
let installer: { workflowId: string; credentialId: string };
let bare: Holdings;

/** The user puts another key (and, on n8n 1.x, an account) into the installer's credential. */
async function useKey(apiKey: string, signIn: { email?: string; password?: string } = SIGN_IN): Promise<void> {
	await typeIntoCredential(url(), cookie(), installer.credentialId, {
		name: 'n8n API for the installer',
		type: 'voicenterKitN8nApi',
		data: { baseUrl: url(), apiKey, email: signIn.email ?? '', password: signIn.password ?? '' },
	});
}

async function crm(path: string, body: unknown, user: string): Promise<{ status: number; json: Record<string, unknown> }> {
	const response = await fetch(`${url()}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...crmHeaders(user) },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await response.text();
	return { status: response.status, json: (text.startsWith('{') ? JSON.parse(text) : { text }) as Record<string, unknown> };
}

function newCall(extension: string, callerPhone: string): string {
	const now = Math.floor(Date.now() / 1000);
	return env.sim.addCall(extension, { callerPhone, callStarted: now - 35, callAnswered: now - 30 }).ivrid;
}

/** n8n 1.x gives two API keys made in the same second the same token, and refuses the second. */
async function freshKey(scopes?: string[]): Promise<string> {
	await sleep(1100);
	return await createApiKey(url(), cookie(), scopes);
}

beforeAll(async () => {
	bare = await whatN8nHolds();
	// One credential and one workflow for the installer, as the README has the user make them; the key comes per test.
	installer = await setUpInstaller(url(), cookie(), { apiKey: 'not-a-key-n8n-ever-issued' });
	bare = await whatN8nHolds();
}, 5 * MINUTE_MS);

describe('the installer refuses what it cannot do, and leaves nothing behind', () => {
	test('a key n8n never issued', async () => {
		const run = await runInstaller(url(), cookie(), installer.workflowId, false);
		expect(run.error).toMatch(/^n8n refused the API key — Create an API key in n8n \(Settings → n8n API/);
		expect(await whatN8nHolds()).toEqual(bare);
	});

	(MAJOR >= 2 ? test : test.skip)('a key without the scopes it needs (n8n 2.x; 1.x without an Enterprise licence ignores key scopes)', async () => {
		await useKey(await freshKey(['workflow:read', 'workflow:list']));
		const run = await runInstaller(url(), cookie(), installer.workflowId, false);
		expect(run.error).toMatch(/^The API key lacks the scopes workflow:create, workflow:update, workflow:activate, workflow:delete, credential:create, credential:delete, dataTable:list/);
		expect(run.error).toContain('nothing was installed');
		expect(await whatN8nHolds()).toEqual(bare);
	});

	(MAJOR < 2 ? test : test.skip)('n8n 1.x without the account to create the Data Table with', async () => {
		await useKey(await freshKey(), {});
		const run = await runInstaller(url(), cookie(), installer.workflowId, false);
		expect(run.error).toMatch(/^n8n 1\.x's public API cannot create Data Tables — Fill in the installer credential's Sign-in Email and Password/);
		expect(await whatN8nHolds()).toEqual(bare);
	});
});

describe("the README's install step in a bare n8n, then a CRM's pause through it", () => {
	let kit: InstalledKit;
	let firstRun: Awaited<ReturnType<typeof runInstaller>>;

	beforeAll(async () => {
		await useKey(await freshKey());
		const started = Date.now();
		firstRun = await runInstaller(url(), cookie(), installer.workflowId, false);
		process.stdout.write(`kit installer (n8n ${selectedN8nVersion()}): the first install took ${Date.now() - started} ms (Execute to the finished execution)\n`);
	}, 5 * MINUTE_MS);

	test('the first run creates the table, the credentials to fill in and every workflow, with nothing open to requests yet', async () => {
		expect(firstRun.error).toBeUndefined();
		const { things } = firstRun;
		expect(things.filter((thing) => thing.kind === 'dataTable')).toEqual([expect.objectContaining({ name: LEDGER_TABLE.name, status: 'created' })]);
		expect(things.filter((thing) => thing.kind === 'credential').map((thing) => [thing.name, thing.status])).toEqual([
			['Voicenter API token', 'created'],
			['CRM request passphrase', 'created'],
			['Watchdog alert passphrase', 'created'],
			['MCP client token', 'created'],
			['Auditor sign-in', 'created'],
		]);
		const workflows = things.filter((thing) => thing.kind === 'workflow');
		expect(workflows.filter((thing) => thing.status === 'created')).toHaveLength(MAJOR >= 2 ? 13 : 11);
		// n8n 2.x runs a called workflow's published version only: those two are published; no entry workflow is active.
		expect(workflows.filter((thing) => thing.active === true).map((thing) => thing.key)).toEqual(MAJOR >= 2 ? ['pause-ledger', 'mcp-recording-tool'] : []);
		if (MAJOR < 2) {
			for (const key of ['agent-pause-form', 'pause-ledger-space']) expect(workflows.find((thing) => thing.key === key)).toMatchObject({ status: 'skipped', waitsFor: 'n8n 2.x or newer (this is n8n 1.x)' });
		}
		for (const thing of workflows.filter((candidate) => candidate.status !== 'skipped')) expect(thing.waitsFor).not.toBe('');
		const holds = await whatN8nHolds();
		expect(holds.tables).toEqual([LEDGER_TABLE.name]);
		// Inactive, the CRM door is not there: and its passphrase is a random one nobody knows until the user types theirs.
		expect((await crm('voicenter/mute', { extension: SEED_EXTENSIONS.withTwoCalls }, 'dana@crm')).status).toBe(404);
		expect(env.sim.calls().some((call) => call.isMuted)).toBe(false);
	});

	test("after the user types the secrets and runs it with Activate Workflows on, a CRM's mute and resume make one ledger row naming who asked; the CDR joins it; the report shows it", async () => {
		const typed: Record<string, { name: string; type: string; data: Record<string, string> }> = {
			...Object.fromEntries(DOOR_CREDENTIALS.map(({ id, ...credential }) => [id, credential])),
			'voicenter-simulator': { name: '', type: 'voicenterApi', data: { baseUrl: env.sim.baseUrl, apiToken: env.sim.token } },
		};
		for (const thing of firstRun.things.filter((candidate) => candidate.kind === 'credential')) {
			await typeIntoCredential(url(), cookie(), thing.id, { ...typed[thing.key!], name: thing.name });
		}
		const second = await runInstaller(url(), cookie(), installer.workflowId, true);
		expect(second.error).toBeUndefined();
		kit = installedKit(second.things);
		expect(second.things.filter((thing) => thing.kind === 'workflow' && thing.status !== 'skipped').every((thing) => thing.active === true || (MAJOR < 2 && thing.key === 'pause-ledger') || (MAJOR < 2 && thing.key === 'mcp-recording-tool'))).toBe(true);
		const cdrWorkflow = await restGet<{ nodes: Array<{ type: string; parameters: { path?: string } }> }>(env, `workflows/${kit.workflows['cdr-notification-to-ledger']}`);
		const cdrPath = cdrWorkflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!.parameters.path!;
		// Its own secret address, not the example's.
		expect(cdrPath).toMatch(/^voicenter\/cdr\/[0-9a-f]{48}$/);

		for (const call of env.sim.calls()) env.sim.endCall(call.ivrid);
		const callId = newCall(SEED_EXTENSIONS.withTwoCalls, '0521000001');
		const mute = await until('the mute webhook answers', MINUTE_MS, async () => {
			const answer = await crm('voicenter/mute', { extension: SEED_EXTENSIONS.withTwoCalls }, 'dana@crm');
			return answer.status === 404 ? undefined : answer;
		});
		expect(mute).toMatchObject({ status: 200, json: { muted: true } });
		expect(env.sim.call(callId)?.isMuted).toBe(true);
		await sleep(2000);
		const unmute = await crm('voicenter/unmute', { callId }, 'lee@crm');
		expect(unmute.status).toBe(200);
		expect(env.sim.call(callId)?.isMuted).toBe(false);
		await ledgerIdle({ ...env, stack: { ...env.stack, kit } });

		env.sim.setCdrNotificationUrl(`${url()}/webhook/${cdrPath}`);
		env.sim.endCall(callId);
		const row = await until('the pause joined to its call record', 2 * MINUTE_MS, async () => {
			const rows = (await pauseLedgerRows(url(), cookie())).filter((candidate) => candidate.callId === callId);
			return rows.length === 1 && String(rows[0].recordingUrl ?? '') !== '' ? rows[0] : undefined;
		});
		expect(row).toMatchObject({ pausedBy: 'dana@crm', resumedBy: 'lee@crm', ending: 'crm' });

		const today = dayInZone(Date.now(), env.sim.accountTimeZone);
		const basic = `Basic ${Buffer.from(`${AUDITOR_CREDENTIAL.data.user}:${AUDITOR_CREDENTIAL.data.password}`).toString('base64')}`;
		const report = await fetch(`${url()}/webhook/${PAUSE_REPORT_PATH}?from=${today}&to=${today}`, { headers: { authorization: basic } });
		expect(report.status).toBe(200);
		expect(await report.text()).toContain(callId);
	}, 5 * MINUTE_MS);

	test('the auto-resume flow waits for its resume URL and resumes on it', async () => {
		const callId = newCall(SEED_EXTENSIONS.apiapi, '0521000002');
		const paused = await crm('voicenter/pause', { extension: SEED_EXTENSIONS.apiapi }, 'omer@crm');
		expect(paused).toMatchObject({ status: 200, json: { muted: true } });
		expect(env.sim.call(callId)?.isMuted).toBe(true);
		const resumeUrl = String(paused.json.resumeUrl);
		const resumed = await until('the resume URL takes the resume', 30_000, async () => {
			const answer = await fetch(resumeUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...crmHeaders('omer@crm') }, body: '{}' });
			return answer.status === 409 ? undefined : answer.status;
		});
		expect(resumed).toBe(200);
		await until('the call resumed', 30_000, () => (env.sim.call(callId)?.isMuted === false ? true : undefined));
	}, 2 * MINUTE_MS);

	test('running it again upgrades: the rows, the credentials and the settings the user changed stay, the new version is the one in use', async () => {
		const before = await pauseLedgerRows(url(), cookie());
		expect(before.length).toBeGreaterThan(0);
		const retentionId = kit.workflows['pause-ledger-retention'];
		const muteId = kit.workflows['mute-by-extension-webhook'];
		// The user keeps pauses for two years (the documented setting), and an older kit's answer to the CRM is installed.
		type Stored = { versionId: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
		const retention = await restGet<Stored>(env, `workflows/${retentionId}`);
		const keep = retention.nodes.find((node) => node.name === 'Keep pauses for 365 days')!;
		keep.parameters.jsonOutput = String(keep.parameters.jsonOutput).replace('{ days: 365 }', '{ days: 730 }');
		expect(String(keep.parameters.jsonOutput)).toContain('{ days: 730 }');
		await patchWorkflow(retentionId, retention);
		const mute = await restGet<Stored>(env, `workflows/${muteId}`);
		const reply = mute.nodes.find((node) => node.name === 'Reply to CRM')!;
		reply.parameters.responseBody = '={{ { "muted": true, "fromAnOlderKit": true } }}';
		await patchWorkflow(muteId, mute, true);
		await until("the older kit's answer in use", MINUTE_MS, async () => {
			const attempt = await crm('voicenter/mute', { extension: SEED_EXTENSIONS.withTwoCalls }, 'dana@crm');
			return attempt.json.fromAnOlderKit === true ? true : undefined;
		});

		const started = Date.now();
		const upgrade = await runInstaller(url(), cookie(), installer.workflowId, false);
		process.stdout.write(`kit installer (n8n ${selectedN8nVersion()}): the upgrade took ${Date.now() - started} ms\n`);
		expect(upgrade.error).toBeUndefined();
		expect(upgrade.things.filter((thing) => thing.kind !== 'workflow').map((thing) => [thing.id, thing.status])).toEqual([
			[kit.tableId, 'kept'],
			...Object.values(kit.credentials).map((id) => [id, 'kept']),
		]);
		expect(upgrade.things.filter((thing) => thing.kind === 'workflow' && thing.status !== 'skipped').every((thing) => thing.status === 'updated')).toBe(true);
		expect(installedKit(upgrade.things).workflows).toEqual(kit.workflows);

		const kept = (await restGet<Stored>(env, `workflows/${retentionId}`)).nodes.find((node) => node.name === 'Keep pauses for 365 days')!;
		expect(String(kept.parameters.jsonOutput)).toContain('{ days: 730 }');
		// The CRM's door still opens with the passphrase the user typed, and answers as the kit's own version does.
		const answer = await until('the upgraded webhook answers', MINUTE_MS, async () => {
			const attempt = await crm('voicenter/mute', { extension: SEED_EXTENSIONS.withTwoCalls }, 'dana@crm');
			return attempt.status === 200 && attempt.json.fromAnOlderKit === undefined ? attempt : undefined;
		});
		expect(answer.json).toMatchObject({ muted: true, extension: SEED_EXTENSIONS.withTwoCalls });
		await ledgerIdle({ ...env, stack: { ...env.stack, kit } });
		const after = await pauseLedgerRows(url(), cookie());
		for (const row of before) expect(after.map((candidate) => candidate.id)).toContain(row.id);
	}, 3 * MINUTE_MS);
});

/** The user's PostgreSQL, for a centre past the Data Table cap (its own server, beside n8n's database). */
const LEDGER_POSTGRES_PORT = Number(process.env.E2E_LEDGER_POSTGRES_PORT ?? 55447);

describe("a large centre's ledger moves to the user's own PostgreSQL", () => {
	let kit: InstalledKit;
	let postgres: RunningPostgres;
	let credentialId: string;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-ledger-postgres-'));
	const database = { host: '127.0.0.1', port: LEDGER_POSTGRES_PORT, database: 'centre_ledger', user: 'centre', password: 'a-password-the-user-chose' };

	type StoredWorkflow = { nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string }> }> };
	const ledgerNodeTypes = async () => new Set((await restGet<StoredWorkflow>(env, `workflows/${kit.workflows['pause-ledger']}`)).nodes.map((node) => node.type));
	const entriesInPostgres = async () => await postgresLedgerEntries(postgres);

	beforeAll(async () => {
		postgres = await startPostgres({ ...database, dir, log: (line) => process.stdout.write(`${line}\n`) });
		// n8n 1.x takes 5 sign-ins a minute from one address, and the installer signs in on each run there.
		if (MAJOR < 2) await sleep(MINUTE_MS);
	}, 5 * MINUTE_MS);
	afterAll(async () => {
		await postgres?.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}, MINUTE_MS);

	test('the first run with PostgreSQL chosen makes the credential to fill in and leaves the ledger in its Data Table', async () => {
		const run = await runInstaller(url(), cookie(), installer.workflowId, true, 'postgres');
		expect(run.error).toBeUndefined();
		kit = installedKit(run.things);
		const credential = run.things.find((thing) => thing.key === 'voicenter-ledger-postgres')!;
		expect(credential).toMatchObject({ kind: 'credential', name: 'Pause ledger database', status: 'created' });
		credentialId = credential.id;
		const setUp = run.things.find((thing) => thing.key === 'pause-ledger-postgres-setup');
		expect(setUp).toMatchObject({ kind: 'workflow', status: 'created' });
		// The placeholder points at no database anyone has: PostgreSQL's own words say so, and what to do.
		const table = run.things.find((thing) => thing.kind === 'database')!;
		process.stdout.write(`PostgreSQL ledger before its credential is filled: ${JSON.stringify(table)}\n`);
		expect(table).toMatchObject({ name: POSTGRES_LEDGER_TABLE, status: 'waiting', waitsFor: expect.stringContaining('Pause ledger database') });
		expect(table.holds).toMatch(/^Nothing yet: the set-up could not use the database \(.+\)\. Until it can, the ledger stays in the Data Table\.$/);
		const types = await ledgerNodeTypes();
		expect(types.has('n8n-nodes-base.dataTable')).toBe(true);
		expect(types.has('n8n-nodes-base.postgres')).toBe(false);
	}, 3 * MINUTE_MS);

	test("once the user types their database into it, the next run creates the table and its indexes and the ledger moves there: a CRM's pause and resume are rows in PostgreSQL, and the report shows them", async () => {
		await typeIntoCredential(url(), cookie(), credentialId, ledgerDatabaseCredential(database));
		const dataTableBefore = await pauseLedgerRows(url(), cookie());
		const run = await runInstaller(url(), cookie(), installer.workflowId, true, 'postgres');
		expect(run.error).toBeUndefined();
		expect(run.things.find((thing) => thing.kind === 'database')).toMatchObject({ status: 'ready', holds: expect.stringContaining('(0 now)') });
		expect(run.things.find((thing) => thing.kind === 'dataTable')).toMatchObject({ status: 'kept', holds: expect.stringContaining('before it moved to PostgreSQL') });
		expect(run.things.find((thing) => thing.key === 'voicenter-ledger-postgres')).toMatchObject({ id: credentialId, status: 'kept' });
		const types = await ledgerNodeTypes();
		expect(types.has('n8n-nodes-base.postgres')).toBe(true);
		expect(types.has('n8n-nodes-base.dataTable')).toBe(false);
		const indexes = await postgres.rows<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = '${POSTGRES_LEDGER_TABLE}' ORDER BY indexname`);
		expect(indexes.map((index) => index.indexdef.replace(/^.* USING btree /, ''))).toEqual(['(at)', '("callId", at)', '(id)']);

		const callId = newCall(SEED_EXTENSIONS.withTwoCalls, '0521000003');
		const mute = await until('the mute answered', MINUTE_MS, async () => {
			const answer = await crm('voicenter/mute', { extension: SEED_EXTENSIONS.withTwoCalls }, 'noa@crm');
			return answer.status === 200 ? answer : undefined;
		});
		expect(mute.json).toMatchObject({ muted: true });
		await sleep(1000);
		expect(await crm('voicenter/unmute', { callId }, 'noa@crm')).toMatchObject({ status: 200, json: { muted: false } });
		// (The watchdog, active, may also have seen the call muted: its entry is a fact of its own.)
		const entries = await until('the pause and its resume in PostgreSQL', MINUTE_MS, async () => {
			const found = (await entriesInPostgres()).filter((entry) => entry.callId === callId && ['pause', 'resume'].includes(entry.kind));
			return found.length >= 2 ? found : undefined;
		});
		await ledgerIdle({ ...env, stack: { ...env.stack, kit } });
		expect(entries.map((entry) => [entry.kind, entry.by, entry.via, entry.verified])).toEqual([
			['pause', 'noa@crm', 'webhook', null],
			['resume', 'noa@crm', 'webhook', null],
		]);
		expect(entries[0].actionId).toBe(mute.json.actionId);
		expect(pairPauses(entries)).toEqual([expect.objectContaining({ callId, ending: 'crm', pausedBy: 'noa@crm', resumedBy: 'noa@crm' })]);
		// Nothing more went to the Data Table.
		expect(await pauseLedgerRows(url(), cookie())).toEqual(dataTableBefore);

		const today = dayInZone(Date.now(), env.sim.accountTimeZone);
		const basic = `Basic ${Buffer.from(`${AUDITOR_CREDENTIAL.data.user}:${AUDITOR_CREDENTIAL.data.password}`).toString('base64')}`;
		const report = await fetch(`${url()}/webhook/${PAUSE_REPORT_PATH}?from=${today}&to=${today}&format=csv`, { headers: { authorization: basic } });
		expect(report.status).toBe(200);
		const csv = await report.text();
		expect(csv.split('\n').filter((line) => line.includes(callId))).toHaveLength(1);
		expect(csv).toContain('noa@crm');
	}, 5 * MINUTE_MS);

	test("retention's query forgets whole calls: every entry before the cut-off, and the later entries of those calls only", async () => {
		const cutOff = Date.parse('2025-03-01T00:00:00.000Z');
		const at = (hours: number) => new Date(cutOff + hours * 3_600_000).toISOString();
		const seeded: Array<[string, string, string]> = [
			['pause', 'OLD-1', at(-30)],
			['resume', 'OLD-1', at(-29)],
			['pause', 'ACROSS-1', at(-1)],
			['resume', 'ACROSS-1', at(1)],
			['callRecord', 'ACROSS-1', at(2)],
			['pause', 'NEW-1', at(3)],
			['pause', '', at(-5)],
			['pause', '', at(5)],
		];
		await postgres.sql(`DELETE FROM ${POSTGRES_LEDGER_TABLE} WHERE at < '2025-12-31'; INSERT INTO ${POSTGRES_LEDGER_TABLE} (kind, "callId", at) VALUES ${seeded.map(([kind, call, when]) => `('${kind}', '${call}', '${when}')`).join(', ')}`);
		const before = (await entriesInPostgres()).filter((entry) => Date.parse(entry.at) < Date.parse('2025-12-31'));
		const across = callsAcrossTheCutOff(before, new Date(cutOff).toISOString()).map((call) => call.callId);
		expect(across).toEqual(['ACROSS-1']);

		// The ledger workflow's own query, as its node sends it.
		const forget = pauseLedgerPostgres.nodes.find((node) => node.name === 'Forget old calls')!.parameters as { query: string };
		const answer = await postgres.sql(`PREPARE forget(timestamptz) AS ${forget.query}; EXECUTE forget('${new Date(cutOff).toISOString()}');`);
		// OLD-1 whole, ACROSS-1 whole (its pause before, its resume and record after), the attempt before.
		expect(answer.trim()).toBe('6');
		const left = (await entriesInPostgres()).filter((entry) => Date.parse(entry.at) < Date.parse('2025-12-31'));
		expect(left.map((entry) => [entry.kind, entry.callId])).toEqual([
			['pause', 'NEW-1'],
			['pause', ''],
		]);
	});

	test('with PostgreSQL down the CRM still gets its answer and the ledger fails loudly; the installer refuses to move the ledger back to the Data Table', async () => {
		await postgres.stop();
		for (const call of env.sim.calls()) env.sim.endCall(call.ivrid);
		const since = Date.now();
		const callId = newCall(SEED_EXTENSIONS.apiapi, '0521000004');
		expect(await crm('voicenter/mute', { extension: SEED_EXTENSIONS.apiapi }, 'noa@crm')).toMatchObject({ status: 200, json: { muted: true } });
		expect(env.sim.call(callId)?.isMuted).toBe(true);
		const failed = await until('the ledger execution failed', MINUTE_MS, async () => {
			const runs = await executionsOf(env, kit.workflows['pause-ledger'], since);
			return runs.find((execution) => execution.status === 'error');
		});
		const stored = await storedExecution(env, failed.id);
		expect(stored.error?.message).toBe('The pause ledger could not write 1 entry; an alert was sent');
		expect(stored.runData['Sign the ledger alert']).toHaveLength(1);

		const run = await runInstaller(url(), cookie(), installer.workflowId, true, 'postgres');
		expect(run.error).toMatch(/^The pause ledger is on PostgreSQL, and PostgreSQL cannot be reached now: /);
		expect((await ledgerNodeTypes()).has('n8n-nodes-base.postgres')).toBe(true);
	}, 3 * MINUTE_MS);
});

/** The user's edit in the editor: Save, and with `publish` on n8n 2.x, Publish. */
async function patchWorkflow(id: string, stored: { versionId: string; nodes: unknown[] }, publish = false): Promise<void> {
	const rest = async (path: string, method: string, body: unknown) => {
		const response = await fetch(`${url()}/rest/${path}`, { method, headers: { cookie: cookie(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
		if (!response.ok) throw new Error(`${method} /rest/${path}: HTTP ${response.status} ${await response.text()}`);
		return ((await response.json()) as { data: { versionId: string } }).data;
	};
	const saved = await rest(`workflows/${id}`, 'PATCH', { versionId: stored.versionId, nodes: stored.nodes });
	if (publish && MAJOR >= 2) await rest(`workflows/${id}/activate`, 'POST', { versionId: saved.versionId });
}
