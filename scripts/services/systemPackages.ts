/** Debian packages the local services need (Postgres, Redis): found on the machine, or installed with apt-get. */
import fs from 'node:fs';
import path from 'node:path';

import { runCommand } from '../n8n/runCommand';

/** The executable's path when it is on PATH. */
export function findOnPath(name: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
		const candidate = path.join(dir, name);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return candidate;
		} catch {
			// not in this folder
		}
	}
	return undefined;
}

let aptUpdated: Promise<unknown> | undefined;

/** `apt-get install -y <name>` (after one `apt-get update` per process); needs root. */
export async function aptInstall(name: string, log: (line: string) => void): Promise<void> {
	if (process.getuid?.() !== 0) {
		throw new Error(`${name} is not installed, and only root can install it: run \`apt-get install -y ${name}\` as root.`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	log(`Installing Debian's ${name} with apt-get (once)…`);
	aptUpdated ??= runCommand('apt-get', ['update'], { env });
	await aptUpdated;
	await runCommand('apt-get', ['install', '-y', '--no-install-recommends', name], { env });
}
