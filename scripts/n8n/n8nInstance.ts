/**
 * One real n8n on 127.0.0.1 with this package installed the way a user installs a community
 * package, its credentials and workflows imported through n8n's own CLI, and an owner account.
 */
import fs from 'node:fs';
import path from 'node:path';

import { startManagedProcess, type ManagedProcess } from '../services/managedProcess';
import { n8nMajor, type N8nRuntime } from './n8nRuntime';
import { runCommand } from './runCommand';

export interface ImportedCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

export interface ImportedWorkflow {
	/** n8n workflow ids are 16 characters. */
	id: string;
	active: boolean;
	definition: Record<string, unknown>;
}

export interface N8nSetup {
	runtime: N8nRuntime;
	userFolder: string;
	port: number;
	/**
	 * The task-runner broker's port: its default (5679) collides with common N8N_PORT choices.
	 * n8n 1.x starts no broker unless N8N_RUNNERS_ENABLED=true, and ignores it.
	 */
	brokerPort: number;
	/** Added to the environment of this instance's server and CLI commands (queue mode's database, Redis, key). */
	env?: NodeJS.ProcessEnv;
}

export const OWNER = {
	email: 'owner@voicenter.test',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Voicenter-Demo-1',
};

export function n8nEnv(setup: N8nSetup, brokerPort = setup.brokerPort): NodeJS.ProcessEnv {
	return {
		...setup.runtime.env,
		// jest runs with NODE_ENV=test, under which n8n neither keeps its database nor starts.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: setup.userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(setup.port),
		WEBHOOK_URL: `http://127.0.0.1:${setup.port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		// Run as a locked-down install does: the kit must work with the Code node turned off (with
		// n8n 2.x's own default exclusions kept).
		NODES_EXCLUDE: JSON.stringify(['n8n-nodes-base.code', 'n8n-nodes-base.executeCommand', 'n8n-nodes-base.localFileTrigger']),
		...setup.env,
	};
}

async function n8nCli(setup: N8nSetup, args: string[]): Promise<string> {
	// A CLI command starts its own task broker: give it a port of its own.
	return await runCommand(setup.runtime.node, [setup.runtime.n8nBin, ...args], {
		env: n8nEnv(setup, setup.brokerPort + 1),
	});
}

/** Where n8n keeps the community packages of a user folder. */
function communityNodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/** Installs the packed package into the user folder as n8n installs community packages. */
export async function installPackage(runtime: N8nRuntime, userFolder: string, tarball: string): Promise<void> {
	const nodesDir = communityNodesDir(userFolder);
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	}
	await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--legacy-peer-deps', tarball], {
		cwd: nodesDir,
		env: runtime.env,
	});
}

/** Gives another user folder the same installed community packages (the package has no dependencies to resolve again). */
export function copyCommunityPackages(fromUserFolder: string, toUserFolder: string): void {
	fs.cpSync(communityNodesDir(fromUserFolder), communityNodesDir(toUserFolder), { recursive: true });
}

export async function importCredentials(setup: N8nSetup, credentials: ImportedCredential[]): Promise<void> {
	const file = path.join(setup.userFolder, 'credentials.import.json');
	fs.writeFileSync(file, JSON.stringify(credentials));
	try {
		await n8nCli(setup, ['import:credentials', `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * Marks a workflow active for the next start. n8n 1.x stores `active`; n8n 2.x activates the
 * published version, and its `update:workflow --active=true` is a deprecated alias of this.
 */
function activationArgs(runtime: N8nRuntime, workflowId: string): string[] {
	return n8nMajor(runtime.version) >= 2
		? ['publish:workflow', `--id=${workflowId}`]
		: ['update:workflow', `--id=${workflowId}`, '--active=true'];
}

/** Imports the workflows (all inactive: both majors deactivate on import) and activates the active ones. */
export async function importWorkflows(setup: N8nSetup, workflows: ImportedWorkflow[]): Promise<void> {
	if (workflows.length === 0) return;
	const file = path.join(setup.userFolder, 'workflows.import.json');
	fs.writeFileSync(file, JSON.stringify(workflows.map((workflow) => ({ ...workflow.definition, id: workflow.id, active: false }))));
	try {
		await n8nCli(setup, ['import:workflow', `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
	for (const workflow of workflows.filter((candidate) => candidate.active)) {
		await n8nCli(setup, activationArgs(setup.runtime, workflow.id));
	}
}

/**
 * The n8n commands a process can run: `start` (the main: editor, REST API, and webhooks unless
 * queue mode hands them to webhook processors), `webhook` (a queue-mode webhook processor) and
 * `worker` (a queue-mode worker, which takes executions from Redis).
 */
export type N8nRole = 'start' | 'webhook' | 'worker';

export interface N8nProcessOptions {
	role?: N8nRole;
	/** A worker's `--concurrency`: how many executions it runs at once. */
	concurrency?: number;
	/** Names the process in errors and listings; the role by default. */
	name?: string;
	/** Everything n8n prints is also appended here. */
	logFile?: string;
	timeoutMs?: number;
}

export interface RunningN8n extends ManagedProcess {
	role: N8nRole;
	/** Where it serves HTTP: the editor, the webhook processor, or a worker's health server. */
	url: string;
}

function commandArgs(options: N8nProcessOptions): string[] {
	const role = options.role ?? 'start';
	return role === 'worker' && options.concurrency !== undefined ? [role, `--concurrency=${options.concurrency}`] : [role];
}

/** A worker serves no editor: its health server (readiness included) takes the setup's port instead. */
function roleEnv(setup: N8nSetup, role: N8nRole): NodeJS.ProcessEnv {
	if (role !== 'worker') return {};
	return { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(setup.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' };
}

/** Starts one n8n process of the given role and resolves once its /healthz/readiness answers. */
export async function startN8n(setup: N8nSetup, options: N8nProcessOptions = {}): Promise<RunningN8n> {
	const role = options.role ?? 'start';
	const url = `http://127.0.0.1:${setup.port}`;
	const managed = await startManagedProcess({
		name: options.name ?? role,
		command: setup.runtime.node,
		args: [setup.runtime.n8nBin, ...commandArgs(options)],
		env: { ...n8nEnv(setup), ...roleEnv(setup, role) },
		logFile: options.logFile,
		isReady: async () => (await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(5000) })).ok,
		readyTimeoutMs: options.timeoutMs ?? 120_000,
	});
	return Object.assign(managed, { role, url });
}

interface TriggerNodeShape {
	type?: string;
	webhookId?: string;
	parameters?: { path?: string; httpMethod?: string; options?: { path?: string } };
}

interface Endpoint {
	url: string;
	method: string;
	/** The request that tells whether n8n has registered the path yet, and how to read its answer. */
	probe: string;
	isActive(status: number, text: string): boolean;
}

/**
 * How each production trigger of the active workflows is probed without running anything. A
 * Webhook node (/webhook/<path>) with a method it does not take: n8n then answers "not registered
 * for PATCH requests" once the path is registered, and "not registered" before. A Form Trigger
 * (/form/<path>; the path is an option from version 2.2, the webhook id when unset) with GET: n8n
 * shows the form once it is active (or, signing users in, redirects to sign-in), and a "Problem
 * loading form" 404 page before. An
 * MCP Server Trigger (/mcp/<path>: GET, POST and DELETE) as a Webhook node.
 */
function activeEndpoints(workflows: ImportedWorkflow[]): Endpoint[] {
	return workflows
		.filter((workflow) => workflow.active)
		.flatMap((workflow) => (workflow.definition.nodes as TriggerNodeShape[] | undefined) ?? [])
		.flatMap(({ type, webhookId, parameters = {} }): Endpoint[] => {
			if (type === 'n8n-nodes-base.webhook' && typeof parameters.path === 'string') {
				const method = parameters.httpMethod ?? 'GET';
				const probe = method === 'PATCH' ? 'PUT' : 'PATCH';
				return [
					{
						url: `webhook/${parameters.path}`,
						method,
						probe,
						isActive: (status, text) => status !== 404 || text.includes(`not registered for ${probe} requests`),
					},
				];
			}
			if (type === '@n8n/n8n-nodes-langchain.mcpTrigger' && typeof parameters.path === 'string') {
				// A GET would open an event stream if the trigger took no authentication: probe as a Webhook.
				return [
					{
						url: `mcp/${parameters.path}`,
						method: 'POST',
						probe: 'PATCH',
						isActive: (status, text) => status !== 404 || text.includes('not registered for PATCH requests'),
					},
				];
			}
			if (type === 'n8n-nodes-base.formTrigger') {
				const url = `form/${parameters.path ?? parameters.options?.path ?? webhookId}`;
				// A form that signs users in with their n8n account sends a stranger on to sign in (a redirect) once active.
				return [{ url, method: 'GET', probe: 'GET', isActive: (status) => status === 200 || (status >= 300 && status < 400) }];
			}
			return [];
		});
}

/** n8n reports ready before it has activated the workflows: a webhook called at once can get a 404. */
export async function waitForWebhooks(url: string, workflows: ImportedWorkflow[], timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (const endpoint of activeEndpoints(workflows)) {
		for (;;) {
			const response = await fetch(`${url}/${endpoint.url}`, { method: endpoint.probe, redirect: 'manual' });
			const text = await response.text();
			if (endpoint.isActive(response.status, text)) break;
			if (Date.now() > deadline) throw new Error(`${endpoint.method} /${endpoint.url} was not active after ${timeoutMs} ms: HTTP ${response.status} ${text.slice(0, 300)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}

/** n8n 1.x reports ready a moment before its REST API answers (the editor's page answers first). */
async function restSettings(url: string, timeoutMs = 30_000): Promise<{ data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } }> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${url}/rest/settings`);
		const text = await response.text();
		if (response.ok && text.startsWith('{')) return JSON.parse(text) as { data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } };
		if (Date.now() > deadline) throw new Error(`GET /rest/settings did not answer JSON within ${timeoutMs} ms: HTTP ${response.status} ${text.slice(0, 100)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Creates the owner account (first start) and returns a logged-in session cookie. */
export async function ownerSession(url: string): Promise<string> {
	const settings = await restSettings(url);
	if (settings.data?.userManagement?.showSetupOnFirstLoad !== false) {
		const setup = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok && setup.status !== 400) throw new Error(`Owner setup failed: HTTP ${setup.status} ${await setup.text()}`);
	}
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) throw new Error(`Login failed: HTTP ${login.status} ${await login.text()}`);
	const cookie = login.headers.get('set-cookie');
	if (!cookie) throw new Error('Login returned no session cookie');
	return cookie.split(';')[0];
}
