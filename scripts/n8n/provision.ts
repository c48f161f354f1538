/**
 * What every local n8n stack (the single process of `npm run dev`, the queue of `npm run dev:queue`,
 * the e2e and benchmark stacks) puts into n8n: this package installed as a community package
 * before it starts, then the compliance kit installed by the package's own installer as a user
 * installs it, with the simulator's address and the doors' local test secrets typed into its
 * credentials, and the stack's own workflows beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DOOR_CREDENTIALS, EXAMPLE_CREDENTIAL_ID } from './exampleWorkflows';
import { installKitAsUser, wiredToKit, type InstalledKit, type TypedSecrets } from './kitInstall';
import { copyCommunityPackages, importCredentials, importWorkflows, installPackage, OWNER, waitForWebhooks, type ImportedCredential, type ImportedWorkflow, type N8nSetup } from './n8nInstance';
import { n8nMajor, type N8nRuntime } from './n8nRuntime';
import { runCommand } from './runCommand';

export interface StackContent {
	packageDir: string;
	simulatorBaseUrl: string;
	/** The simulator's organisation token, for Get Active Calls and Verify. */
	simulatorToken: string;
	/** Workflows imported and activated beside the kit, wired to it (examples' variants, the benchmark's HTTP Request twin). */
	extraWorkflows?: ImportedWorkflow[];
	/** Leave the kit's workflow that polls Voicenter (the recording watchdog) active; default true. */
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

/** The simulator's credential a stack's own workflows (benchmarks' twins) use, imported before n8n starts. */
function simulatorCredential(content: StackContent): ImportedCredential {
	return {
		id: EXAMPLE_CREDENTIAL_ID,
		name: 'Voicenter (local simulator)',
		type: 'voicenterApi',
		data: { baseUrl: content.simulatorBaseUrl, apiToken: content.simulatorToken },
	};
}

/**
 * Before n8n starts: the stack's own credentials through n8n's CLI (the kit's are the installer's
 * to make), and, with `withWorkflows`, its own workflows too (a stack that installs no kit).
 */
export async function importStackData(content: StackContent, setup: N8nSetup, withWorkflows = false): Promise<void> {
	await importCredentials(setup, [simulatorCredential(content), ...(content.extraCredentials ?? [])]);
	if (withWorkflows) await importWorkflows(setup, content.extraWorkflows ?? []);
}

/** A stack that installs no kit: its own workflows are all it waits for. */
export function stackWorkflows(content: StackContent): ImportedWorkflow[] {
	return content.extraWorkflows ?? [];
}

/** The secrets our stacks type into the kit's credentials: the simulator's, and the local test values of the doors. */
function typedSecrets(content: StackContent): TypedSecrets {
	const { id: _simulator, ...voicenter } = simulatorCredential(content);
	return Object.fromEntries([...DOOR_CREDENTIALS.map(({ id, ...typed }) => [id, typed]), [EXAMPLE_CREDENTIAL_ID, voicenter]]);
}

export interface StackKit {
	kit: InstalledKit;
	/** The owner's API key the installer used (the public API's key, for the stack's own calls too). */
	apiKey: string;
}

async function publicApi(url: string, apiKey: string, route: string, method = 'POST'): Promise<void> {
	const response = await fetch(`${url}/api/v1/${route}`, { method, headers: { 'x-n8n-api-key': apiKey } });
	if (!response.ok) throw new Error(`${method} /api/v1/${route}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
}

async function storedWorkflow(url: string, cookie: string, id: string): Promise<ImportedWorkflow> {
	const response = await fetch(`${url}/rest/workflows/${id}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`GET /rest/workflows/${id}: HTTP ${response.status}`);
	return { id, active: true, definition: ((await response.json()) as { data: Record<string, unknown> }).data };
}

/**
 * Once n8n runs: the kit installed as the README tells a user (installKitAsUser), the watchdog
 * turned off again where the stack keeps polling out, then the stack's own workflows wired to the
 * kit, imported and activated; resolves once every active webhook answers at `webhookUrl`.
 */
export async function installStackKit(
	content: StackContent,
	setup: N8nSetup,
	session: { editorUrl: string; webhookUrl: string; cookie: string },
): Promise<StackKit> {
	const { editorUrl, webhookUrl, cookie } = session;
	const signIn = n8nMajor(setup.runtime.version) < 2 ? { email: OWNER.email, password: OWNER.password } : undefined;
	const { kit, apiKey } = await installKitAsUser(editorUrl, cookie, { secrets: typedSecrets(content), signIn, log: content.log });
	const watchdog = kit.workflows['recording-watchdog'];
	if (content.activatePolling === false && watchdog !== undefined) await publicApi(editorUrl, apiKey, `workflows/${watchdog}/deactivate`);
	const extras = (content.extraWorkflows ?? []).map((workflow) => ({ ...workflow, definition: wiredToKit(workflow.definition, kit) }));
	await importWorkflows(setup, extras.map((workflow) => ({ ...workflow, active: false })));
	for (const workflow of extras.filter((candidate) => candidate.active)) await publicApi(editorUrl, apiKey, `workflows/${workflow.id}/activate`);
	const activeKit = kit.things.filter((thing) => thing.kind === 'workflow' && thing.active === true && thing.id !== watchdog);
	const waitedFor = [...(await Promise.all(activeKit.map(async (thing) => await storedWorkflow(editorUrl, cookie, thing.id)))), ...extras];
	await waitForWebhooks(webhookUrl, waitedFor);
	return { kit, apiKey };
}
