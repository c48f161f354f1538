/**
 * The compliance kit installed into a bare n8n (this package installed, an owner account, nothing
 * else) by the README's step alone: an API key, the installer's credential and workflow, Execute;
 * the secrets typed into the credentials it made; Execute again with Activate Workflows on. Then
 * what a user gets from it, an upgrade that keeps what the user set, and the refusals that leave
 * nothing behind.
 */
import { OWNER } from '../../scripts/n8n/n8nInstance';
import { AUDITOR_CREDENTIAL, DOOR_CREDENTIALS, PAUSE_REPORT_PATH, crmHeaders } from '../../scripts/n8n/exampleWorkflows';
import { createApiKey, installedKit, runInstaller, setUpInstaller, typeIntoCredential, type InstalledKit } from '../../scripts/n8n/kitInstall';
import { n8nMajor, selectedN8nVersion } from '../../scripts/n8n/n8nRuntime';
import { pauseLedgerRows } from '../../scripts/n8n/pauseLedger';
import { dayInZone } from '../../nodes/Voicenter/helpers/voicenterClock';
import { LEDGER_TABLE } from '../../nodes/Voicenter/kit/kitContents';
import { SEED_EXTENSIONS } from '../../simulator/voicenterSimulator';
import { ledgerIdle, restGet, until, useRealN8n } from './stack';

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
		expect(workflows.filter((thing) => thing.status === 'created')).toHaveLength(MAJOR >= 2 ? 12 : 11);
		// n8n 2.x runs a called workflow's published version only: those two are published; no entry workflow is active.
		expect(workflows.filter((thing) => thing.active === true).map((thing) => thing.key)).toEqual(MAJOR >= 2 ? ['pause-ledger', 'mcp-recording-tool'] : []);
		if (MAJOR < 2) expect(workflows.find((thing) => thing.key === 'agent-pause-form')).toMatchObject({ status: 'skipped', waitsFor: 'n8n 2.x or newer (this is n8n 1.x)' });
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
