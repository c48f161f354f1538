/**
 * One real n8n on 127.0.0.1 with this package installed the way a user installs a community
 * package, its credentials and workflows imported through n8n's own CLI, and an owner account.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

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
	};
}

async function n8nCli(setup: N8nSetup, args: string[]): Promise<string> {
	// A CLI command starts its own task broker: give it a port of its own.
	return await runCommand(setup.runtime.node, [setup.runtime.n8nBin, ...args], {
		env: n8nEnv(setup, setup.brokerPort + 1),
	});
}

/** Installs the packed package into the user folder as n8n installs community packages. */
export async function installPackage(setup: N8nSetup, tarball: string): Promise<void> {
	const nodesDir = path.join(setup.userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	}
	await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--legacy-peer-deps', tarball], {
		cwd: nodesDir,
		env: setup.runtime.env,
	});
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

export interface RunningN8n {
	url: string;
	process: ChildProcess;
	/** Everything n8n printed so far. */
	output(): string;
	stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode}:\n${output().slice(-3000)}`);
		try {
			const response = await fetch(`${url}/healthz/readiness`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not become ready within ${timeoutMs} ms:\n${output().slice(-3000)}`);
}

export async function startN8n(setup: N8nSetup, timeoutMs = 120_000): Promise<RunningN8n> {
	const url = `http://127.0.0.1:${setup.port}`;
	const child = spawn(setup.runtime.node, [setup.runtime.n8nBin, 'start'], {
		env: n8nEnv(setup),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(killer);
	};

	try {
		await waitForHealth(url, child, () => output, timeoutMs);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, process: child, output: () => output, stop };
}

interface WebhookNodeShape {
	type?: string;
	parameters?: { path?: string; httpMethod?: string };
}

/** The production webhook paths and methods of the active workflows. */
function activeWebhooks(workflows: ImportedWorkflow[]): Array<{ path: string; method: string }> {
	return workflows
		.filter((workflow) => workflow.active)
		.flatMap((workflow) => (workflow.definition.nodes as WebhookNodeShape[] | undefined) ?? [])
		.filter((node) => node.type === 'n8n-nodes-base.webhook' && typeof node.parameters?.path === 'string')
		.map((node) => ({ path: node.parameters?.path ?? '', method: node.parameters?.httpMethod ?? 'GET' }));
}

/**
 * n8n reports ready before it has activated the workflows, so a webhook called at once can get a
 * 404. Each webhook is probed with a method it does not take: n8n then answers "not registered for
 * PATCH requests" once the path is registered (nothing runs), and "not registered" before.
 */
export async function waitForWebhooks(url: string, workflows: ImportedWorkflow[], timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (const webhook of activeWebhooks(workflows)) {
		const probe = webhook.method === 'PATCH' ? 'PUT' : 'PATCH';
		for (;;) {
			const response = await fetch(`${url}/webhook/${webhook.path}`, { method: probe });
			const text = await response.text();
			if (response.status !== 404 || text.includes(`not registered for ${probe} requests`)) break;
			if (Date.now() > deadline) throw new Error(`The webhook ${webhook.method} ${webhook.path} was not active after ${timeoutMs} ms: ${text}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}

/** Creates the owner account (first start) and returns a logged-in session cookie. */
export async function ownerSession(url: string): Promise<string> {
	const settings = (await (await fetch(`${url}/rest/settings`)).json()) as {
		data?: { userManagement?: { showSetupOnFirstLoad?: boolean } };
	};
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
