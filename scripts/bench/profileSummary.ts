/**
 * Reads a V8 .cpuprofile and says where the CPU went: self time by function, and by whose code it
 * is — ours (the package's dist/), n8n's (n8n-core, n8n-workflow, n8n-nodes-base, @n8n/…), Node's
 * (node:… and its native bindings such as the connect and writev system calls), other dependencies
 * (axios, luxon, …), and V8 itself (garbage collection). Idle time is left out of the shares.
 *   node build/scripts/bench/profileSummary.js <file.cpuprofile> [top]
 */
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_DIR } from '../../test/engine/loadNodeTypes';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export type Owner = 'ours' | 'n8n' | 'node (JS and native)' | 'other dependencies' | 'V8 (GC, compiler)';

/** n8n's own packages; a file belongs to the package of its last node_modules/ segment (axios under @n8n/… is axios). */
const N8N_PACKAGE = /^(n8n-core|n8n-workflow|n8n-nodes-base|n8n|@n8n\/[^/]+)$/;

export function ownerOf(functionName: string, url: string): Owner {
	// V8's own entries are in parentheses: (garbage collector), (program); the rest without a URL
	// are Node's native bindings (connect, writev, the microtask queue).
	if (url === '') return functionName.startsWith('(') ? 'V8 (GC, compiler)' : 'node (JS and native)';
	if (url.startsWith('node:')) return 'node (JS and native)';
	// Installed as a community package in a real n8n, the package is under node_modules too.
	if (/\/n8n-nodes-voicenter\/dist\//.test(url) || url.includes(`${path.join(PACKAGE_DIR, 'dist')}/`)) return 'ours';
	const lastPackage = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? '';
	return N8N_PACKAGE.test(lastPackage) ? 'n8n' : 'other dependencies';
}

export interface ProfileSummary {
	/** CPU time in the profile, idle excluded (ms). */
	busyMs: number;
	idleMs: number;
	byOwner: Record<string, number>;
	/** The functions with the most self time: name, file:line (shortened), owner, ms. */
	top: Array<{ fn: string; where: string; owner: Owner; ms: number }>;
}

export function summariseProfile(file: string, top = 15): ProfileSummary {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfUs = new Map<number, number>();
	profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
	const byOwner: Record<string, number> = {};
	const byFunction = new Map<string, { fn: string; where: string; owner: Owner; ms: number }>();
	let idleMs = 0;
	for (const [id, us] of selfUs) {
		const { functionName, url, lineNumber } = byId.get(id)?.callFrame ?? { functionName: '', url: '', lineNumber: 0 };
		const ms = us / 1000;
		if (functionName === '(idle)') {
			idleMs += ms;
			continue;
		}
		const owner = ownerOf(functionName, url);
		byOwner[owner] = (byOwner[owner] ?? 0) + ms;
		const where = url === '' ? '' : `${url.replace(/^.*node_modules\//, '').replace(`file://${PACKAGE_DIR}/`, '').replace(`${PACKAGE_DIR}/`, '')}:${lineNumber + 1}`;
		const key = `${functionName} ${where}`;
		const entry = byFunction.get(key) ?? { fn: functionName || '(anonymous)', where, owner, ms: 0 };
		entry.ms += ms;
		byFunction.set(key, entry);
	}
	const busyMs = Object.values(byOwner).reduce((sum, ms) => sum + ms, 0);
	return { busyMs, idleMs, byOwner, top: [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, top) };
}

/**
 * CPU time (ms) of the samples with a frame of `functionName` from a file whose URL ends with
 * `urlSuffix` anywhere on their stack: the function and all it called, each sample counted once
 * (an async function's resumptions included, as V8 shows them under the function's own frame).
 */
export function inclusiveMs(file: string, functionName: string, urlSuffix: string): number {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile & { nodes: Array<ProfileNode & { children?: number[] }> };
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const matches = new Set(
		profile.nodes
			.filter((node) => node.callFrame.functionName === functionName && node.callFrame.url.endsWith(urlSuffix))
			.map((node) => node.id),
	);
	let us = 0;
	profile.samples.forEach((id, index) => {
		for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
			if (matches.has(current)) {
				us += profile.timeDeltas[index] ?? 0;
				return;
			}
		}
	});
	return us / 1000;
}

/**
 * The main process's profile among those `--cpu-prof` wrote into `folder`: the largest (task
 * runners and CLI commands write small ones).
 */
export function largestProfile(folder: string): string {
	const [file] = fs
		.readdirSync(folder)
		.filter((entry) => entry.endsWith('.cpuprofile'))
		.map((entry) => path.join(folder, entry))
		.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
	if (file === undefined) throw new Error(`n8n wrote no profile into ${folder}`);
	return file;
}

/** Lines to print: the shares by owner, then the top functions (ms per run when `runs` is given). */
export function profileLines(summary: ProfileSummary, runs = 1): string[] {
	const perRun = (ms: number) => `${(ms / runs).toFixed(1).padStart(6)} ms`;
	const owners = Object.entries(summary.byOwner)
		.sort((a, b) => b[1] - a[1])
		.map(([owner, ms]) => `${owner} ${((ms / summary.busyMs) * 100).toFixed(1)}%`);
	return [
		`CPU busy ${perRun(summary.busyMs)} per run (idle ${perRun(summary.idleMs).trim()}): ${owners.join(', ')}`,
		...summary.top.map((entry) => `${perRun(entry.ms)}  ${((entry.ms / summary.busyMs) * 100).toFixed(1).padStart(4)}%  ${entry.owner.padEnd(18)} ${entry.fn} ${entry.where}`),
	];
}

if (require.main === module) {
	const [, , file, top] = process.argv;
	if (file === undefined) throw new Error('usage: profileSummary.js <file.cpuprofile> [top]');
	for (const line of profileLines(summariseProfile(file, Number(top ?? 25)))) console.log(line);
}
