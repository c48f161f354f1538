import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSimulator, type VoicenterSimulator } from '../../simulator/voicenterSimulator';
import { startLocalStack, type LocalStack } from '../../scripts/n8n/localStack';
import type { ImportedWorkflow } from '../../scripts/n8n/n8nInstance';
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
export function useRealN8n(extraWorkflows: ImportedWorkflow[] = []): E2eStack {
	const env = {} as E2eStack;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-user-'));
	beforeAll(async () => {
		env.sim = await startSimulator();
		env.stack = await startLocalStack({
			packageDir: PACKAGE_DIR,
			simulatorBaseUrl: env.sim.baseUrl,
			simulatorToken: env.sim.token,
			port: N8N_PORT,
			userFolder,
			extraWorkflows,
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
