/**
 * A pinned, real n8n for `npm run dev` and `npm run test:e2e`, installed once into a cache folder
 * outside the package (it is not a dependency of the package). `N8N_VERSION` picks one of the
 * supported versions below. Each runs on a Node from the npm registry's `node` package, since
 * n8n 2.x needs Node >= 24 and this machine has Node 20.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runCommand } from './runCommand';

interface N8nRelease {
	/** The Node major it runs on, installed as `node@<major>`. */
	nodeMajor: number;
	/** Written to the install folder's package.json (as `npm pkg set overrides.<name>=<version>`). */
	overrides?: Record<string, string>;
}

/**
 * - 2.41.1: n8n 2.x requires Node >= 24.
 * - 1.123.81, the newest 1.x here: engines `>=20.19 <= 24.x`; n8n's own 1.x images ship Node 22.
 *   n8n-nodes-base depends on xlsx as a tarball URL on SheetJS's CDN, which is unreachable here:
 *   the registry's last xlsx replaces it.
 */
export const N8N_RELEASES = {
	'2.41.1': { nodeMajor: 24 },
	'1.123.81': { nodeMajor: 22, overrides: { xlsx: '0.18.5' } },
} as const satisfies Record<string, N8nRelease>;

export type N8nVersion = keyof typeof N8N_RELEASES;

export const DEFAULT_N8N_VERSION: N8nVersion = '2.41.1';

function isSupported(version: string): version is N8nVersion {
	return Object.hasOwn(N8N_RELEASES, version);
}

/** The version `N8N_VERSION` asks for (the default when unset); throws for any other version. */
export function selectedN8nVersion(requested = process.env.N8N_VERSION): N8nVersion {
	const version = requested?.trim() || DEFAULT_N8N_VERSION;
	if (isSupported(version)) return version;
	const supported = Object.keys(N8N_RELEASES)
		.map((known) => (known === DEFAULT_N8N_VERSION ? `${known} (default)` : known))
		.join(', ');
	throw new Error(`N8N_VERSION=${version} is not supported. Supported n8n versions: ${supported}.`);
}

/** n8n's major version, for the few places where 1.x and 2.x differ. */
export function n8nMajor(version: N8nVersion): number {
	return Number(version.split('.')[0]);
}

export interface N8nRuntime {
	version: N8nVersion;
	dir: string;
	/** The Node binary n8n runs on. */
	node: string;
	/** n8n's CLI entry, run as `node <n8nBin> ...`. */
	n8nBin: string;
	/** Environment for npm/node commands that must use that Node. */
	env: NodeJS.ProcessEnv;
}

export function runtimeDir(version: N8nVersion = selectedN8nVersion()): string {
	const cacheRoot =
		process.env.VOICENTER_N8N_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-voicenter');
	return path.join(cacheRoot, `n8n-${version}`);
}

/** The `node` package installs its platform build (binary and headers) as node-<os>-<arch>. */
function nodePlatformDir(nodeDir: string): string {
	const nested = path.join(nodeDir, 'node_modules', 'node', 'node_modules');
	const platform = fs.existsSync(nested) ? fs.readdirSync(nested).find((name) => /^node-(linux|darwin|win)-/.test(name)) : undefined;
	if (platform === undefined) throw new Error(`No Node platform package under ${nested}`);
	return path.join(nested, platform);
}

function runtimeAt(version: N8nVersion, dir: string): N8nRuntime {
	const nodeDir = path.join(dir, `node${N8N_RELEASES[version].nodeMajor}`);
	const nodeBinDir = path.join(nodeDir, 'node_modules', 'node', 'bin');
	return {
		version,
		dir,
		node: path.join(nodeBinDir, 'node'),
		n8nBin: path.join(dir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
		env: {
			...process.env,
			PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
			// Native modules (sqlite3) must build against that Node's headers, not the machine's Node.
			...(fs.existsSync(path.join(nodeDir, 'node_modules')) ? { npm_config_nodedir: nodePlatformDir(nodeDir) } : {}),
		},
	};
}

function npmProject(dir: string, overrides: Record<string, string> = {}): string {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true, overrides }));
	return dir;
}

/** Installs the selected n8n unless the cache already holds it; returns where it is. */
export async function ensureN8n(log: (line: string) => void = () => {}, version = selectedN8nVersion()): Promise<N8nRuntime> {
	const release: N8nRelease = N8N_RELEASES[version];
	const dir = runtimeDir(version);
	const marker = path.join(dir, '.installed');
	if (fs.existsSync(marker)) return runtimeAt(version, dir);

	const started = Date.now();
	log(`Installing n8n ${version} and Node ${release.nodeMajor} into ${dir} (once; a few minutes)…`);
	fs.rmSync(dir, { recursive: true, force: true });
	const npm = ['--no-audit', '--no-fund', '--loglevel=error'];
	// Node in a folder of its own: the node package installs its platform build outside the
	// lockfile, so a later install in the same folder would prune it.
	// Run from `npm run`, npm passes this project's ignore-scripts=true on in the environment:
	// these two steps need their scripts, so they say so explicitly.
	await runCommand('npm', ['install', ...npm, '--ignore-scripts=false', `node@${release.nodeMajor}`], {
		cwd: npmProject(path.join(dir, `node${release.nodeMajor}`)),
	});
	const runtime = runtimeAt(version, dir);
	// n8n's optional Kafka client tries to download binaries in an install script: scripts off,
	// then the one native module n8n needs is built from its bundled source.
	const n8nDir = npmProject(path.join(dir, 'n8n'), release.overrides);
	await runCommand('npm', ['install', ...npm, '--ignore-scripts', `n8n@${version}`], { cwd: n8nDir, env: runtime.env });
	await runCommand('npm', ['rebuild', ...npm, '--ignore-scripts=false', 'sqlite3'], { cwd: n8nDir, env: runtime.env });
	fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
	log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return runtime;
}
