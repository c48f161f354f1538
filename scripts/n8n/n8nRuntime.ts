/**
 * A pinned, real n8n for `npm run dev` and `npm run test:e2e`, installed once into a cache folder
 * outside the package (it is not a dependency of the package). n8n 2.x needs Node >= 24 while this
 * machine has Node 20, so a Node 24 binary comes from the npm registry's `node` package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runCommand } from './runCommand';

export const N8N_VERSION = '2.41.1';
const NODE_PACKAGE = 'node@24';

export interface N8nRuntime {
	dir: string;
	/** The Node 24 binary n8n runs on. */
	node: string;
	/** n8n's CLI entry, run as `node <n8nBin> ...`. */
	n8nBin: string;
	/** Environment for npm/node commands that must use Node 24. */
	env: NodeJS.ProcessEnv;
}

export function runtimeDir(): string {
	const cacheRoot =
		process.env.VOICENTER_N8N_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-voicenter');
	return path.join(cacheRoot, `n8n-${N8N_VERSION}`);
}

/** The `node` package installs its platform build (binary and headers) as node-<os>-<arch>. */
function nodePlatformDir(nodeDir: string): string {
	const nested = path.join(nodeDir, 'node_modules', 'node', 'node_modules');
	const platform = fs.existsSync(nested) ? fs.readdirSync(nested).find((name) => /^node-(linux|darwin|win)-/.test(name)) : undefined;
	if (platform === undefined) throw new Error(`No Node 24 platform package under ${nested}`);
	return path.join(nested, platform);
}

function runtimeAt(dir: string): N8nRuntime {
	const nodeDir = path.join(dir, 'node24');
	const nodeBinDir = path.join(nodeDir, 'node_modules', 'node', 'bin');
	return {
		dir,
		node: path.join(nodeBinDir, 'node'),
		n8nBin: path.join(dir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
		env: {
			...process.env,
			PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
			// Native modules (sqlite3) must build against Node 24's headers, not the machine's Node.
			...(fs.existsSync(path.join(nodeDir, 'node_modules')) ? { npm_config_nodedir: nodePlatformDir(nodeDir) } : {}),
		},
	};
}

function npmProject(dir: string): string {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }));
	return dir;
}

/** Installs n8n unless the cache already holds this version; returns where it is. */
export async function ensureN8n(log: (line: string) => void = () => {}): Promise<N8nRuntime> {
	const dir = runtimeDir();
	const marker = path.join(dir, '.installed');
	if (fs.existsSync(marker)) return runtimeAt(dir);

	const started = Date.now();
	log(`Installing n8n ${N8N_VERSION} and Node 24 into ${dir} (once; a few minutes)…`);
	fs.rmSync(dir, { recursive: true, force: true });
	const npm = ['--no-audit', '--no-fund', '--loglevel=error'];
	// Node 24 in a folder of its own: the node package installs its platform build outside the
	// lockfile, so a later install in the same folder would prune it.
	// Run from `npm run`, npm passes this project's ignore-scripts=true on in the environment:
	// these two steps need their scripts, so they say so explicitly.
	await runCommand('npm', ['install', ...npm, '--ignore-scripts=false', NODE_PACKAGE], {
		cwd: npmProject(path.join(dir, 'node24')),
	});
	const runtime = runtimeAt(dir);
	// n8n's optional Kafka client tries to download binaries in an install script: scripts off,
	// then the one native module n8n needs is built from its bundled source.
	const n8nDir = npmProject(path.join(dir, 'n8n'));
	await runCommand('npm', ['install', ...npm, '--ignore-scripts', `n8n@${N8N_VERSION}`], { cwd: n8nDir, env: runtime.env });
	await runCommand('npm', ['rebuild', ...npm, '--ignore-scripts=false', 'sqlite3'], { cwd: n8nDir, env: runtime.env });
	fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
	log(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return runtime;
}
