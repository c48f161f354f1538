/**
 * The Node.js runtimes the engine cases run on: the one running the bench (the toolchain's, Node 20
 * here) and the one the pinned n8n runs on in production (Node 24 for n8n 2.x, installed beside
 * it by `npm run n8n:install`). `BENCH_RUNTIMES=20` or `=24` keeps one of them.
 */
import { spawnSync } from 'node:child_process';

import { ensureN8n } from '../n8n/n8nRuntime';

export interface BenchRuntime {
	/** "Node 20.20.2" */
	label: string;
	/** The node binary. */
	node: string;
	major: number;
}

function runtimeAt(node: string): BenchRuntime {
	const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
	return { label: `Node ${version}`, node, major: Number(version.split('.')[0]) };
}

export async function benchRuntimes(wanted = process.env.BENCH_RUNTIMES ?? 'current,n8n'): Promise<BenchRuntime[]> {
	const runtimes = [runtimeAt(process.execPath)];
	const n8nNode = runtimeAt((await ensureN8n()).node);
	if (n8nNode.major !== runtimes[0].major) runtimes.push(n8nNode);
	const keep = wanted.split(',');
	return runtimes.filter(
		(runtime, index) => keep.includes(String(runtime.major)) || keep.includes(index === 0 ? 'current' : 'n8n'),
	);
}
