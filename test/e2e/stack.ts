import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSimulator, type SimulatorOptions, type VoicenterSimulator } from '../../simulator/voicenterSimulator';
import { startLocalStack, type LocalStack } from '../../scripts/n8n/localStack';
import type { ImportedCredential, ImportedWorkflow } from '../../scripts/n8n/n8nInstance';
import { unflatten } from '../../scripts/bench/n8nRunData';
import { PACKAGE_DIR } from '../engine/loadNodeTypes';

export interface E2eStack {
	sim: VoicenterSimulator;
	stack: LocalStack;
}

const N8N_PORT = Number(process.env.E2E_N8N_PORT ?? 5690);

/**
 * The simulator and a real n8n (the one N8N_VERSION selects) for one test file; torn down after
 * it, with n8n's user folder (its database and the installed package, ~80 MB).
 */
export function useRealN8n(
	extraWorkflows: ImportedWorkflow[] = [],
	options: {
		activatePolling?: boolean;
		/** Runs on the simulator before n8n starts, e.g. to have a call muted when a trigger activates. */
		prepareSimulator?: (sim: VoicenterSimulator) => void;
		/** Credentials imported beside the simulator's, made once the simulator listens. */
		extraCredentials?: (sim: VoicenterSimulator) => ImportedCredential[];
		/** Added to n8n's environment, e.g. a small Data Table cap. */
		env?: NodeJS.ProcessEnv;
		/** A bare n8n: the package installed and an owner account, no kit. */
		bare?: boolean;
		/** A large centre's account in the simulator (extensions and live calls beside the seeded ones). */
		scale?: SimulatorOptions['scale'];
	} = {},
): E2eStack {
	const env = {} as E2eStack;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-user-'));
	beforeAll(async () => {
		env.sim = await startSimulator({ scale: options.scale });
		options.prepareSimulator?.(env.sim);
		env.stack = await startLocalStack({
			packageDir: PACKAGE_DIR,
			simulatorBaseUrl: env.sim.baseUrl,
			simulatorToken: env.sim.token,
			port: N8N_PORT,
			userFolder,
			extraWorkflows,
			extraCredentials: options.extraCredentials?.(env.sim),
			// The watchdog example reads Active Calls every minute: only the files that test it run it.
			activatePolling: options.activatePolling ?? false,
			env: options.env,
			bare: options.bare,
			log: (line) => process.stdout.write(`${line}\n`),
		});
		process.stdout.write(`e2e timings (ms): ${JSON.stringify(env.stack.timings)}\n`);
	}, 15 * 60_000);
	afterAll(async () => {
		await env.stack?.n8n.stop();
		await env.sim?.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}, 60_000);
	return env;
}

/** A kit workflow's id in this stack's n8n, by its example's file name (without .json). */
export function kitWorkflowId(env: E2eStack, key: string): string {
	const id = env.stack.kit.workflows[key];
	if (id === undefined) throw new Error(`The kit installed no workflow ${key} here`);
	return id;
}

/** GET from n8n's REST API as the logged-in owner; the `data` of the answer. */
export async function restGet<T>(env: E2eStack, route: string): Promise<T> {
	const response = await fetch(`${env.stack.n8n.url}/rest/${route}`, { headers: { cookie: env.stack.cookie } });
	if (!response.ok) throw new Error(`GET /rest/${route} answered HTTP ${response.status}: ${await response.text()}`);
	return ((await response.json()) as { data: T }).data;
}

/**
 * The stored run data of the workflow's newest execution with that status that stopped at `since`
 * or later, waiting for it up to `timeoutMs` (n8n may answer a webhook before it stores the run).
 */
export async function newestExecution(
	env: E2eStack,
	query: { workflowId: string; status: 'success' | 'error'; since?: number },
	timeoutMs: number,
): Promise<string> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: query.workflowId, status: [query.status] }));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await restGet<{ results: Array<{ id: string; stoppedAt?: string }> }>(env, `executions?filter=${filter}&limit=1`);
		const [newest] = list.results;
		if (newest !== undefined && (query.since === undefined || Date.parse(newest.stoppedAt ?? '') >= query.since)) {
			return JSON.stringify(await restGet<unknown>(env, `executions/${newest.id}`));
		}
		if (Date.now() > deadline) throw new Error(`No ${query.status} execution of ${query.workflowId} within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export interface ExecutionSummary {
	id: string;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt?: string | null;
}

/** The workflow's stored executions that started at `since` (epoch ms) or later, oldest first (its newest 100). */
export async function executionsOf(env: E2eStack, workflowId: string, since = 0): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { results } = await restGet<{ results: ExecutionSummary[] }>(env, `executions?filter=${filter}&limit=100`);
	return results.filter((execution) => Date.parse(execution.startedAt) >= since).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

export interface StoredNodeRun {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string };
}

/** One stored execution with its run data unflattened: per node, its runs and their items. */
export async function storedExecution(
	env: E2eStack,
	id: string,
): Promise<ExecutionSummary & { runData: Record<string, StoredNodeRun[]>; error?: { message?: string } }> {
	const execution = await restGet<ExecutionSummary & { data: string }>(env, `executions/${id}`);
	const data = unflatten(execution.data) as { resultData: { runData: Record<string, StoredNodeRun[]>; error?: { message?: string } } };
	return { ...execution, runData: data.resultData.runData, error: data.resultData.error };
}

/**
 * Waits until the pause ledger has no execution running: each mute hands its item to the ledger
 * after answering, and a by-extension mute's ledger reads Active Calls, which a test that counts
 * the simulator's requests must not see.
 */
export async function ledgerIdle(env: E2eStack, timeoutMs = 15_000): Promise<void> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: kitWorkflowId(env, 'pause-ledger'), status: ['new', 'running'] }));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { results } = await restGet<{ results: unknown[] }>(env, `executions?filter=${filter}&limit=1`);
		if (results.length === 0) return;
		if (Date.now() > deadline) throw new Error(`The pause ledger was still running after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Asks `probe` once a second until it answers something, for at most `timeoutMs`. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}
