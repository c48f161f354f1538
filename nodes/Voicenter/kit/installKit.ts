/**
 * Installs the compliance kit into a user's n8n, or upgrades the one installed there: the
 * ledger's table, the credentials (created holding secrets nobody knows, for the user to replace),
 * every workflow wired to the others, called workflows published (n8n 2.x), entry workflows left
 * as they were or activated. Everything is checked before the first write; a write that fails
 * undoes this run's writes.
 */
import type { IDataObject } from 'n8n-workflow';

import { checkApiAccess } from './apiAccess';
import { INSTALLER_CREDENTIAL_KEY, KIT_CREDENTIALS, KIT_WORKFLOWS, LEDGER_TABLE, POSTGRES_LEDGER_TABLE, type KitWorkflow, type KitWorkflowDefinition, type LedgerStorage } from './kitContents';
import { KitRefusal } from './kitRefusal';
import { publicApiTables, signedInTables, type DataTables } from './ledgerTable';
import { expectOk, type KitCredentialData, type N8nApi } from './n8nApi';
import { reachN8n, type N8nVersion } from './n8nVersion';
import { apiSettings, wireWorkflow, type KitIds, type Reference } from './wireWorkflow';

export interface InstallOptions {
	/** Activate every entry workflow (once the user has typed the secrets); otherwise each stays as it was, new ones inactive. */
	activate: boolean;
	/** A fresh secret nobody knows (credential placeholders, the CDR notification's path). */
	random: () => string;
	/** The installer's own credential (the n8n API key): the Data Table space check reads the tables' sizes with it. */
	installerCredential: Reference;
	/** Where the pause ledger keeps its entries (Data Table when not given). */
	ledger?: LedgerStorage;
	/**
	 * Runs the set-up workflow as just installed (inside n8n, with the user's PostgreSQL credential)
	 * and gives the number of entries its table holds; throws what PostgreSQL said when it cannot.
	 */
	setUpPostgresLedger?: (workflow: KitWorkflowDefinition & { id: string }) => Promise<number>;
}

export interface InstalledThing extends IDataObject {
	kind: 'dataTable' | 'database' | 'credential' | 'workflow';
	name: string;
	id: string;
	status: 'created' | 'updated' | 'kept' | 'skipped' | 'ready' | 'waiting';
	key?: string;
	active?: boolean;
	waitsFor?: string;
	holds?: string;
	url?: string;
}

interface StoredWorkflow extends KitWorkflowDefinition {
	id: string;
	active: boolean;
}

async function findWorkflow(api: N8nApi, name: string): Promise<StoredWorkflow | undefined> {
	const body = (await expectOk(api, { method: 'GET', path: '/api/v1/workflows', qs: { name, limit: 250 } }, `Looking for ${name}`)) as { data?: StoredWorkflow[] };
	return (body.data ?? []).find((workflow) => workflow.name === name);
}

/** A credential the installed workflows already use, for each credential of the kit. */
function installedCredentials(installed: Map<string, StoredWorkflow>): Record<string, Reference> {
	const found: Record<string, Reference> = {};
	for (const kit of KIT_WORKFLOWS) {
		const stored = installed.get(kit.key);
		for (const node of kit.definition.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				const used = stored?.nodes.find((candidate) => candidate.name === node.name)?.credentials?.[type];
				if (used !== undefined && found[reference.id] === undefined) found[reference.id] = used;
			}
		}
	}
	return found;
}

const isCalled = (kit: KitWorkflow) => kit.role === 'called';

const POSTGRES_NODE = 'n8n-nodes-base.postgres';

/** The kit's credentials that the workflows of this install use (the ledger's database only with that ledger). */
function credentialsUsed(installable: KitWorkflow[], ledger: LedgerStorage) {
	const referenced = new Set(
		installable.flatMap((kit) => [kit.definition, ...(kit.onPostgres === undefined || ledger !== 'postgres' ? [] : [kit.onPostgres])]).flatMap((definition) =>
			definition.nodes.flatMap((node) => Object.values(node.credentials ?? {}).map((reference) => reference.id)),
		),
	);
	return KIT_CREDENTIALS.filter((credential) => referenced.has(credential.key));
}

/**
 * n8n adds "Allowed HTTP Request Domains" to some credential types, and n8n 1.x's public API then
 * wants the choice made even when every domain is allowed: the placeholder says "all" where the
 * type has them.
 */
async function withDomainFields(api: N8nApi, type: string, data: Record<string, string | number | boolean>): Promise<Record<string, string | number | boolean>> {
	const schema = (await expectOk(api, { method: 'GET', path: `/api/v1/credentials/schema/${type}` }, `Reading the fields of ${type}`)) as { properties?: Record<string, unknown> };
	return schema.properties?.allowedDomains === undefined ? data : { allowedHttpRequestDomains: 'all', ...data };
}

/** Undoes this run's writes, newest first, when one fails. */
class Undo {
	private readonly steps: Array<() => Promise<unknown>> = [];

	push(step: () => Promise<unknown>) {
		this.steps.unshift(step);
	}

	async run() {
		for (const step of this.steps) await step().catch(() => undefined);
	}
}

export async function installKit(api: N8nApi, credential: KitCredentialData, options: InstallOptions): Promise<InstalledThing[]> {
	const version = await reachN8n(api);
	await checkApiAccess(api, version);
	const tables: DataTables = version.major >= 2 ? publicApiTables(api) : await signedInTables(api, credential.email, credential.password);

	const ledger = options.ledger ?? 'dataTable';
	const installable = KIT_WORKFLOWS.filter((kit) => version.major >= kit.sinceMajor && (kit.onlyFor === undefined || kit.onlyFor === ledger));
	const installed = new Map<string, StoredWorkflow>();
	for (const kit of installable) {
		const found = await findWorkflow(api, kit.definition.name);
		if (found !== undefined) installed.set(kit.key, found);
	}
	const table = await tables.find(LEDGER_TABLE.name);
	const kept = installedCredentials(installed);

	const undo = new Undo();
	const written = await write({ api, version, tables, installable, installed, table, kept, undo, options, ledger }).catch((error: Error) => error);
	if (!(written instanceof Error)) return written;
	await undo.run();
	if (written instanceof KitRefusal) throw written;
	throw new KitRefusal(`The install stopped: ${written.message}`, 'Everything this run wrote was undone; fix what n8n said and run the installer again.');
}

interface WriteRun {
	api: N8nApi;
	version: N8nVersion;
	tables: DataTables;
	installable: KitWorkflow[];
	installed: Map<string, StoredWorkflow>;
	table: { id: string; columns: string[] } | undefined;
	kept: Record<string, Reference>;
	undo: Undo;
	options: InstallOptions;
	ledger: LedgerStorage;
	/** With a PostgreSQL ledger: whether its table is ready, as the set-up workflow found it. */
	database?: { ready: true; entries: number } | { ready: false; problem: string };
}

async function write(run: WriteRun): Promise<InstalledThing[]> {
	const { api, tables, undo } = run;
	const things: InstalledThing[] = [];

	let tableId = run.table?.id;
	if (tableId === undefined) {
		const created = await tables.create(LEDGER_TABLE.name, LEDGER_TABLE.columns);
		undo.push(async () => await tables.remove(created));
		tableId = created;
	} else {
		for (const column of LEDGER_TABLE.columns.filter((wanted) => !run.table!.columns.includes(wanted.name))) await tables.addColumn(tableId, column);
	}
	const table: InstalledThing = { kind: 'dataTable', name: LEDGER_TABLE.name, id: tableId, status: run.table === undefined ? 'created' : 'kept', holds: 'The pause ledger: one entry per fact' };
	things.push(table);

	const credentials: Record<string, Reference> = {};
	for (const kit of credentialsUsed(run.installable, run.ledger)) {
		const existing = run.kept[kit.key];
		if (existing !== undefined) {
			credentials[kit.key] = existing;
			things.push({ kind: 'credential', key: kit.key, name: existing.name, id: existing.id, status: 'kept', holds: kit.name });
			continue;
		}
		const data = await withDomainFields(api, kit.type, kit.placeholder(run.options.random));
		const created = (await expectOk(api, { method: 'POST', path: '/api/v1/credentials', body: { name: kit.name, type: kit.type, data } }, `Creating the credential ${kit.name}`)) as Reference;
		undo.push(async () => await api.request({ method: 'DELETE', path: `/api/v1/credentials/${created.id}` }));
		credentials[kit.key] = { id: created.id, name: kit.name };
		things.push({ kind: 'credential', key: kit.key, name: kit.name, id: created.id, status: 'created', holds: kit.name, url: `${api.baseUrl}/home/credentials/${created.id}` });
	}

	const ids: KitIds = {
		workflows: {},
		credentials: { ...credentials, [INSTALLER_CREDENTIAL_KEY]: run.options.installerCredential },
		table: { id: tableId, name: LEDGER_TABLE.name },
		cdrPathSecret: run.options.random(),
	};
	for (const kit of run.installable) {
		const before = run.installed.get(kit.key);
		const body = wireWorkflow({ ...kit, definition: definitionFor(run, kit, before) }, ids, before);
		let id: string;
		if (before === undefined) {
			id = ((await expectOk(api, { method: 'POST', path: '/api/v1/workflows', body }, `Creating ${kit.definition.name}`)) as { id: string }).id;
			undo.push(async () => await api.request({ method: 'DELETE', path: `/api/v1/workflows/${id}` }));
		} else {
			id = before.id;
			await expectOk(api, { method: 'PUT', path: `/api/v1/workflows/${id}`, body }, `Updating ${kit.definition.name}`);
			const previous = { name: before.name, nodes: before.nodes, connections: before.connections, settings: apiSettings(before.settings) };
			undo.push(async () => await api.request({ method: 'PUT', path: `/api/v1/workflows/${id}`, body: previous }));
		}
		if (kit.calledAs !== undefined) ids.workflows[kit.calledAs] = { id, name: kit.definition.name };
		const active = await settleActivation(run, kit, id, before?.active === true);
		things.push({ kind: 'workflow', key: kit.key, name: kit.definition.name, id, status: before === undefined ? 'created' : 'updated', active, waitsFor: kit.waitsFor, url: `${api.baseUrl}/workflow/${id}` });
		if (kit.onlyFor === 'postgres') things.push(await setUpDatabase(run, { ...body, id }));
	}
	if (run.database?.ready === true) table.holds = 'What the pause ledger wrote before it moved to PostgreSQL: no longer written, kept until you no longer need it';
	for (const kit of KIT_WORKFLOWS.filter((candidate) => !run.installable.includes(candidate) && candidate.onlyFor === undefined)) {
		things.push({ kind: 'workflow', key: kit.key, name: kit.definition.name, id: '', status: 'skipped', active: false, waitsFor: `n8n ${kit.sinceMajor}.x or newer (this is n8n ${run.version.text})` });
	}
	return things;
}

/**
 * Runs the set-up workflow just installed: the ledger moves to PostgreSQL only once its table is
 * there, so that no entry is written to a database that cannot take it.
 */
async function setUpDatabase(run: WriteRun, workflow: KitWorkflowDefinition & { id: string }): Promise<InstalledThing> {
	const thing = { kind: 'database' as const, name: POSTGRES_LEDGER_TABLE, id: '' };
	if (run.options.setUpPostgresLedger === undefined) throw new KitRefusal('This installer cannot run workflows, so it cannot set up a PostgreSQL ledger.', 'Run the Voicenter Compliance Kit node in a workflow of your n8n.');
	try {
		const entries = await run.options.setUpPostgresLedger(workflow);
		run.database = { ready: true, entries };
		return { ...thing, status: 'ready', holds: `The pause ledger: one entry per fact (${entries} now), in the database of the credential Pause ledger database` };
	} catch (error) {
		const problem = (error as Error).message;
		run.database = { ready: false, problem };
		return {
			...thing,
			status: 'waiting',
			holds: `Nothing yet: the set-up could not use the database (${problem}). Until it can, the ledger stays in the Data Table.`,
			waitsFor: "Your PostgreSQL: type its host, port, database, user and password into the credential Pause ledger database, then run this installer again.",
		};
	}
}

/**
 * The ledger's workflow for the storage chosen: PostgreSQL once its table is ready. A ledger
 * already on PostgreSQL never goes back to the Data Table because its database is down today.
 */
function definitionFor(run: WriteRun, kit: KitWorkflow, installed: KitWorkflowDefinition | undefined): KitWorkflowDefinition {
	if (kit.onPostgres === undefined || run.ledger !== 'postgres') return kit.definition;
	if (run.database?.ready === true) return kit.onPostgres;
	const problem = run.database?.ready === false ? run.database.problem : 'the set-up did not run';
	if (installed?.nodes.some((node) => node.type === POSTGRES_NODE) === true) {
		throw new KitRefusal(`The pause ledger is on PostgreSQL, and PostgreSQL cannot be reached now: ${problem}`, 'Nothing was changed. Check the credential Pause ledger database and the database, then run the installer again.');
	}
	return kit.definition;
}

/**
 * n8n 2.x runs a called workflow's published version only, and an active workflow's published
 * one: both are published again after an update. n8n 1.x runs what is saved, and cannot activate
 * a workflow that only other workflows start.
 */
async function settleActivation(run: WriteRun, kit: KitWorkflow, id: string, wasActive: boolean): Promise<boolean> {
	const publish = isCalled(kit) ? run.version.major >= 2 : wasActive || run.options.activate;
	if (!publish) return false;
	await expectOk(run.api, { method: 'POST', path: `/api/v1/workflows/${id}/activate` }, `Activating ${kit.definition.name}`);
	return true;
}
