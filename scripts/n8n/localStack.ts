/**
 * The whole local setup behind `npm run dev` and `npm run test:e2e`: a real n8n with this package
 * installed as a community package and the compliance kit installed by its own installer, wired
 * to the simulator. (`npm run dev:queue` is the same in queue mode:
 * queueStack.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { InstalledKit } from './kitInstall';
import { ownerSession, startN8n, type N8nSetup, type RunningN8n } from './n8nInstance';
import { ensureN8n } from './n8nRuntime';
import { importStackData, installPackedPackage, installStackKit, timed, type StackContent } from './provision';

export interface LocalStackOptions extends StackContent {
	port: number;
	userFolder?: string;
	/** Added to n8n's environment (e.g. NODE_EXTRA_CA_CERTS for a simulator serving HTTPS). */
	env?: NodeJS.ProcessEnv;
	/** A bare n8n: the package installed and an owner account, nothing else (no kit, no credential). */
	bare?: boolean;
}

export interface LocalStack {
	n8n: RunningN8n;
	setup: N8nSetup;
	/** A logged-in owner session cookie for n8n's REST API. */
	cookie: string;
	timings: Record<string, number>;
	/** The compliance kit as its installer left it: workflow and credential ids by the examples' keys. */
	kit: InstalledKit;
	/** The owner's API key (n8n's public API). */
	apiKey: string;
}

const NO_KIT: InstalledKit = { workflows: {}, credentials: {}, tableId: '', cdrPath: '', things: [] };

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
	const log = options.log ?? (() => {});
	const timings: Record<string, number> = {};
	const runtime = await timed(timings, 'installN8n', async () => await ensureN8n(log));
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-user-'));
	const setup: N8nSetup = { runtime, userFolder, port: options.port, brokerPort: options.port + 1, env: options.env };

	await timed(timings, 'installPackage', async () => await installPackedPackage(options, runtime, [userFolder]));
	if (options.bare !== true) await timed(timings, 'importData', async () => await importStackData(options, setup));

	log(`Starting n8n ${runtime.version} on http://127.0.0.1:${options.port}`);
	const n8n = await timed(timings, 'startN8n', async () => await startN8n(setup));
	try {
		const cookie = await ownerSession(n8n.url);
		if (options.bare === true) return { n8n, setup, cookie, timings, kit: NO_KIT, apiKey: '' };
		const { kit, apiKey } = await timed(timings, 'installKit', async () => await installStackKit(options, setup, { editorUrl: n8n.url, webhookUrl: n8n.url, cookie }));
		return { n8n, setup, cookie, timings, kit, apiKey };
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}
