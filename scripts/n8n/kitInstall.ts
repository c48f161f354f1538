/**
 * The README's install step, done as a user does it in n8n's editor: an API key (Settings → n8n
 * API), the installer's credential, a workflow with the Voicenter Compliance Kit node, Execute;
 * then the secrets typed into the credentials it created, and a second run that activates.
 * Every local stack (dev, e2e, queue, bench) installs the kit this way, and only this way.
 */
import { wireWorkflow, type KitIds } from '../../nodes/Voicenter/kit/wireWorkflow';
import type { InstalledThing } from '../../nodes/Voicenter/kit/installKit';
import { CDR_PATH_EXAMPLE_ENDING, KIT_CREDENTIALS, MCP_RECORDING_TOOL_CALLED_AS, PAUSE_LEDGER_CALLED_AS, type LedgerStorage } from '../../nodes/Voicenter/kit/kitContents';
import type { ImportedCredential } from './n8nInstance';
import { manualRun } from './manualRun';
import { rest } from './restApi';

export const INSTALLER_WORKFLOW_NAME = 'Install the Voicenter compliance kit';
const INSTALLER_NODE = 'Voicenter Compliance Kit';

/** What a stack knows of the kit once it is installed: ids by the example's key. */
export interface InstalledKit {
	/** By example file name without .json, e.g. `pause-ledger`. */
	workflows: Record<string, string>;
	/** By the key the examples give them, e.g. `voicenter-crm-jwt`. */
	credentials: Record<string, string>;
	tableId: string;
	/** Where Voicenter posts its CDR notification (its last part is the install's own secret). */
	cdrPath: string;
	/** Everything the installer's last run listed. */
	things: InstalledThing[];
}

/** Settings → n8n API → Create an API key (all the scopes the editor offers, unless `scopes`). */
export async function createApiKey(url: string, cookie: string, scopes?: string[]): Promise<string> {
	const offered = scopes ?? (await rest<string[]>(url, cookie, 'api-keys/scopes'));
	const created = await rest<{ rawApiKey: string }>(url, cookie, 'api-keys', {
		method: 'POST',
		body: JSON.stringify({ label: `voicenter-kit-${Date.now()}`, expiresAt: null, scopes: offered }),
	});
	return created.rawApiKey;
}

/** A credential created in the editor (Create credential → type → the fields → Save). */
export async function createCredential(url: string, cookie: string, credential: Omit<ImportedCredential, 'id'>): Promise<string> {
	return (await rest<{ id: string }>(url, cookie, 'credentials', { method: 'POST', body: JSON.stringify(credential) })).id;
}

/** A credential's fields typed over in the editor (open it, type the secret, Save); a number field takes a number. */
export async function typeIntoCredential(
	url: string,
	cookie: string,
	id: string,
	credential: Omit<ImportedCredential, 'id' | 'data'> & { data: Record<string, string | number | boolean> },
): Promise<void> {
	await rest(url, cookie, `credentials/${id}`, { method: 'PATCH', body: JSON.stringify(credential) });
}

export interface InstallerAccess {
	apiKey: string;
	/** n8n 1.x: the account the installer signs in with to create the Data Table. */
	email?: string;
	password?: string;
}

/** The workflow a user builds once: Manual Trigger → Voicenter Compliance Kit; returns its id. */
export async function createInstallerWorkflow(url: string, cookie: string, credentialId: string): Promise<string> {
	const workflow = {
		name: INSTALLER_WORKFLOW_NAME,
		nodes: [
			{ id: 'c8c3c1d6-6d0b-4b43-9d2e-2f1c7a9c0001', name: 'When clicking Execute', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'c8c3c1d6-6d0b-4b43-9d2e-2f1c7a9c0002',
				name: INSTALLER_NODE,
				type: 'n8n-nodes-voicenter.voicenterKit',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'install', activate: false },
				credentials: { voicenterKitN8nApi: { id: credentialId, name: 'n8n API for the installer' } },
			},
		],
		connections: { 'When clicking Execute': { main: [[{ node: INSTALLER_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		// n8n 1.x's editor sends it: its database wants a value.
		active: false,
	};
	return (await rest<{ id: string }>(url, cookie, 'workflows', { method: 'POST', body: JSON.stringify(workflow) })).id;
}

/**
 * Sets the installer node's Activate Workflows (and Pause Ledger Storage, when given), then
 * presses Execute; the node's output (or its error).
 */
export async function runInstaller(
	url: string,
	cookie: string,
	workflowId: string,
	activate: boolean,
	ledger?: LedgerStorage,
): Promise<{ things: InstalledThing[]; error?: string }> {
	const stored = await rest<{ nodes: Array<{ name: string; parameters: Record<string, unknown> }>; versionId: string }>(url, cookie, `workflows/${workflowId}`);
	const chosen = (parameters: Record<string, unknown>) => ({ ...parameters, activate, ...(ledger === undefined ? {} : { ledger }) });
	const nodes = stored.nodes.map((node) => (node.name === INSTALLER_NODE ? { ...node, parameters: chosen(node.parameters) } : node));
	const saved = await rest<Record<string, unknown>>(url, cookie, `workflows/${workflowId}`, { method: 'PATCH', body: JSON.stringify({ versionId: stored.versionId, nodes }) });
	const run = await manualRun(url, cookie, workflowId, saved);
	return { things: (run.output(INSTALLER_NODE) as InstalledThing[] | undefined) ?? [], error: run.error };
}

/** The installer's credential and workflow, as the README has the user make them. */
export async function setUpInstaller(url: string, cookie: string, access: InstallerAccess): Promise<{ workflowId: string; credentialId: string }> {
	const credentialId = await createCredential(url, cookie, {
		name: 'n8n API for the installer',
		type: 'voicenterKitN8nApi',
		data: { baseUrl: url, apiKey: access.apiKey, email: access.email ?? '', password: access.password ?? '' },
	});
	return { workflowId: await createInstallerWorkflow(url, cookie, credentialId), credentialId };
}

export function installedKit(things: InstalledThing[]): InstalledKit {
	const of = (kind: InstalledThing['kind']) => things.filter((thing) => thing.kind === kind && thing.id !== '');
	const workflows = Object.fromEntries(of('workflow').map((thing) => [thing.key!, thing.id]));
	const credentials = Object.fromEntries(of('credential').map((thing) => [thing.key!, thing.id]));
	const table = of('dataTable')[0];
	if (table === undefined) throw new Error('The installer listed no Data Table');
	return { workflows, credentials, tableId: table.id, cdrPath: '', things };
}

/**
 * A test's own workflow (an example's variant, a benchmark's twin) wired to the installed kit as
 * the installer wires the kit's own: the ledger it calls, the credentials it uses.
 */
export function wiredToKit(definition: Record<string, unknown>, kit: InstalledKit): Record<string, unknown> {
	const ids: KitIds = {
		workflows: {
			[PAUSE_LEDGER_CALLED_AS]: { id: kit.workflows['pause-ledger'], name: '' },
			[MCP_RECORDING_TOOL_CALLED_AS]: { id: kit.workflows['mcp-recording-tool'], name: '' },
		},
		credentials: Object.fromEntries(
			kit.things.filter((thing) => thing.kind === 'credential').map((thing) => [thing.key!, { id: thing.id, name: thing.name }]),
		),
		table: { id: kit.tableId, name: '' },
		cdrPathSecret: CDR_PATH_EXAMPLE_ENDING,
	};
	return wireWorkflow({ key: 'extra', definition: definition as never, role: 'entry', sinceMajor: 1, waitsFor: '' }, ids) as unknown as Record<string, unknown>;
}

/** The secrets a user types into the kit's credentials, by the key the examples give each. */
export type TypedSecrets = Record<string, Omit<ImportedCredential, 'id'>>;

async function cdrPathOf(url: string, cookie: string, workflowId: string | undefined): Promise<string> {
	if (workflowId === undefined) return '';
	const stored = await rest<{ nodes: Array<{ type: string; parameters: { path?: string } }> }>(url, cookie, `workflows/${workflowId}`);
	return stored.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')?.parameters.path ?? '';
}

/**
 * The whole install as the README tells a user: install, type the secrets into the credentials
 * the installer made, install again with Activate Workflows on. `signIn`: n8n 1.x's account for
 * the Data Table.
 */
export async function installKitAsUser(
	url: string,
	cookie: string,
	options: { secrets: TypedSecrets; signIn?: { email: string; password: string }; log?: (line: string) => void },
): Promise<{ kit: InstalledKit; apiKey: string }> {
	const apiKey = await createApiKey(url, cookie);
	const installer = (await setUpInstaller(url, cookie, { apiKey, ...options.signIn })).workflowId;
	const first = await runInstaller(url, cookie, installer, false);
	if (first.error !== undefined) throw new Error(`The kit installer failed: ${first.error}`);
	for (const thing of first.things.filter((candidate) => candidate.kind === 'credential')) {
		const typed = options.secrets[thing.key ?? ''];
		if (typed !== undefined) await typeIntoCredential(url, cookie, thing.id, { ...typed, name: thing.name });
	}
	const second = await runInstaller(url, cookie, installer, true);
	if (second.error !== undefined) throw new Error(`The kit installer failed activating: ${second.error}`);
	const kit = installedKit(second.things);
	kit.cdrPath = await cdrPathOf(url, cookie, kit.workflows['cdr-notification-to-ledger']);
	options.log?.(`Kit installed: ${second.things.map((thing) => `${thing.kind} ${thing.key ?? thing.name} ${thing.status}${thing.active === true ? ' active' : ''}`).join('; ')}`);
	return { kit, apiKey };
}

/** Where the user's PostgreSQL is, as they type it into the credential Pause ledger database. */
export interface LedgerDatabase {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

const LEDGER_DATABASE = KIT_CREDENTIALS.find((credential) => credential.key === 'voicenter-ledger-postgres')!;

/** The installer's credential for the ledger's database, with the user's PostgreSQL typed in. */
export const ledgerDatabaseCredential = (database: LedgerDatabase) => ({
	name: LEDGER_DATABASE.name,
	type: LEDGER_DATABASE.type,
	data: { ...LEDGER_DATABASE.placeholder(() => ''), ...database },
});

/**
 * The README's move of the ledger to the user's PostgreSQL: PostgreSQL chosen in the installer,
 * run; the database typed into the credential it made; run again. The second run's output.
 */
export async function moveLedgerToPostgres(url: string, cookie: string, installerWorkflowId: string, database: LedgerDatabase): Promise<InstalledThing[]> {
	const first = await runInstaller(url, cookie, installerWorkflowId, true, 'postgres');
	if (first.error !== undefined) throw new Error(`The kit installer failed: ${first.error}`);
	const credential = first.things.find((thing) => thing.key === 'voicenter-ledger-postgres');
	if (credential === undefined) throw new Error('The installer made no credential for the ledger database');
	await typeIntoCredential(url, cookie, credential.id, ledgerDatabaseCredential(database));
	const second = await runInstaller(url, cookie, installerWorkflowId, true, 'postgres');
	if (second.error !== undefined) throw new Error(`The kit installer failed: ${second.error}`);
	const table = second.things.find((thing) => thing.kind === 'database');
	if (table?.status !== 'ready') throw new Error(`The ledger's PostgreSQL table is not ready: ${JSON.stringify(table)}`);
	return second.things;
}
