/**
 * What every local n8n stack (the single process of `npm run dev`, the queue of `npm run dev:queue`)
 * puts into n8n before it starts: this package installed as a community package, a "Voicenter API"
 * credential pointing at the simulator, the secrets the examples' doors check (local test values), and the example
 * workflows, imported and active.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DOOR_CREDENTIALS, EXAMPLE_CREDENTIAL_ID, exampleWorkflows } from './exampleWorkflows';
import { copyCommunityPackages, importCredentials, importWorkflows, installPackage, type ImportedCredential, type ImportedWorkflow, type N8nSetup } from './n8nInstance';
import { n8nMajor, type N8nRuntime } from './n8nRuntime';
import { runCommand } from './runCommand';

export interface StackContent {
	packageDir: string;
	simulatorBaseUrl: string;
	/** The simulator's organisation token, for Get Active Calls and Verify. */
	simulatorToken: string;
	/** Workflows imported and activated beside the examples (the benchmark's HTTP Request twin). */
	extraWorkflows?: ImportedWorkflow[];
	/** Activate the examples that poll Voicenter (the recording watchdog); default true. */
	activatePolling?: boolean;
	/** Credentials imported beside the simulator's (e.g. the same simulator under its other path, /api). */
	extraCredentials?: ImportedCredential[];
	log?: (line: string) => void;
}

export async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await work();
	} finally {
		timings[name] = Date.now() - started;
	}
}

/** Packs the package once, installs it into the first user folder and copies that into the others. */
export async function installPackedPackage(content: StackContent, runtime: N8nRuntime, userFolders: string[]): Promise<void> {
	const [first, ...others] = userFolders;
	if (first === undefined) return;
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-pack-'));
	try {
		const packed = await runCommand('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: content.packageDir });
		const tarball = path.join(packDir, packed.trim().split('\n').pop() ?? '');
		content.log?.(`Installing ${path.basename(tarball)} into ${first}/.n8n/nodes`);
		await installPackage(runtime, first, tarball);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	for (const folder of others) copyCommunityPackages(first, folder);
}

export function stackWorkflows(content: StackContent, runtime: N8nRuntime): ImportedWorkflow[] {
	return [...exampleWorkflows(content.packageDir, n8nMajor(runtime.version), content.activatePolling ?? true), ...(content.extraWorkflows ?? [])];
}

/** Imports the credential and the workflows through n8n's CLI (into the database the setup points at). */
export async function importStackData(content: StackContent, setup: N8nSetup): Promise<void> {
	await importCredentials(setup, [
		{
			id: EXAMPLE_CREDENTIAL_ID,
			name: 'Voicenter (local simulator)',
			type: 'voicenterApi',
			data: { baseUrl: content.simulatorBaseUrl, apiToken: content.simulatorToken },
		},
		...DOOR_CREDENTIALS,
		...(content.extraCredentials ?? []),
	]);
	await importWorkflows(setup, stackWorkflows(content, setup.runtime));
}
