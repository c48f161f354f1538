/**
 * The whole local setup behind `npm run dev` and `npm run test:e2e`: a real n8n with this package
 * installed as a community package, a "Voicenter API" credential pointing at the simulator, and
 * the example workflows imported and active.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { EXAMPLE_CREDENTIAL_ID, exampleWorkflows } from './exampleWorkflows';
import {
	importCredentials,
	importWorkflows,
	installPackage,
	ownerSession,
	startN8n,
	waitForWebhooks,
	type ImportedWorkflow,
	type N8nSetup,
	type RunningN8n,
} from './n8nInstance';
import { ensureN8n } from './n8nRuntime';
import { runCommand } from './runCommand';

export interface LocalStackOptions {
	packageDir: string;
	simulatorBaseUrl: string;
	/** The simulator's organisation token, for Get Active Calls and Verify. */
	simulatorToken: string;
	port: number;
	userFolder?: string;
	/** Workflows imported and activated beside the examples (the benchmark's HTTP Request twin). */
	extraWorkflows?: ImportedWorkflow[];
	log?: (line: string) => void;
}

export interface LocalStack {
	n8n: RunningN8n;
	setup: N8nSetup;
	/** A logged-in owner session cookie for n8n's REST API. */
	cookie: string;
	timings: Record<string, number>;
}

async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await work();
	} finally {
		timings[name] = Date.now() - started;
	}
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
	const log = options.log ?? (() => {});
	const timings: Record<string, number> = {};
	const runtime = await timed(timings, 'installN8n', async () => await ensureN8n(log));
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-user-'));
	const setup: N8nSetup = { runtime, userFolder, port: options.port, brokerPort: options.port + 1 };

	await timed(timings, 'installPackage', async () => {
		const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-pack-'));
		try {
			const packed = await runCommand('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: options.packageDir });
			const tarball = path.join(packDir, packed.trim().split('\n').pop() ?? '');
			log(`Installing ${path.basename(tarball)} into ${userFolder}/.n8n/nodes`);
			await installPackage(setup, tarball);
		} finally {
			fs.rmSync(packDir, { recursive: true, force: true });
		}
	});

	const workflows = [...exampleWorkflows(options.packageDir), ...(options.extraWorkflows ?? [])];
	await timed(timings, 'importData', async () => {
		await importCredentials(setup, [
			{
				id: EXAMPLE_CREDENTIAL_ID,
				name: 'Voicenter (local simulator)',
				type: 'voicenterApi',
				data: { baseUrl: options.simulatorBaseUrl, apiToken: options.simulatorToken },
			},
		]);
		await importWorkflows(setup, workflows);
	});

	log(`Starting n8n ${runtime.version} on http://127.0.0.1:${options.port}`);
	const n8n = await timed(timings, 'startN8n', async () => await startN8n(setup));
	try {
		await timed(timings, 'activateWorkflows', async () => await waitForWebhooks(n8n.url, workflows));
		const cookie = await ownerSession(n8n.url);
		return { n8n, setup, cookie, timings };
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}
