/**
 * The whole local setup behind `npm run dev` and `npm run test:e2e`: a real n8n with this package
 * installed as a community package, a "Voicenter API" credential pointing at the simulator, and
 * the example workflows imported and active. (`npm run dev:queue` is the same in queue mode:
 * queueStack.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ownerSession, startN8n, waitForWebhooks, type N8nSetup, type RunningN8n } from './n8nInstance';
import { ensureN8n, n8nMajor } from './n8nRuntime';
import { connectPauseLedger } from './pauseLedger';
import { importStackData, installPackedPackage, stackWorkflows, timed, type StackContent } from './provision';

export interface LocalStackOptions extends StackContent {
	port: number;
	userFolder?: string;
	/** Added to n8n's environment (e.g. NODE_EXTRA_CA_CERTS for a simulator serving HTTPS). */
	env?: NodeJS.ProcessEnv;
}

export interface LocalStack {
	n8n: RunningN8n;
	setup: N8nSetup;
	/** A logged-in owner session cookie for n8n's REST API. */
	cookie: string;
	timings: Record<string, number>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
	const log = options.log ?? (() => {});
	const timings: Record<string, number> = {};
	const runtime = await timed(timings, 'installN8n', async () => await ensureN8n(log));
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-user-'));
	const setup: N8nSetup = { runtime, userFolder, port: options.port, brokerPort: options.port + 1, env: options.env };

	await timed(timings, 'installPackage', async () => await installPackedPackage(options, runtime, [userFolder]));
	await timed(timings, 'importData', async () => await importStackData(options, setup));

	log(`Starting n8n ${runtime.version} on http://127.0.0.1:${options.port}`);
	const n8n = await timed(timings, 'startN8n', async () => await startN8n(setup));
	try {
		await timed(timings, 'activateWorkflows', async () => await waitForWebhooks(n8n.url, stackWorkflows(options, runtime)));
		const cookie = await ownerSession(n8n.url);
		await timed(timings, 'pauseLedger', async () => await connectPauseLedger(n8n.url, cookie, n8nMajor(runtime.version)));
		return { n8n, setup, cookie, timings };
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}
