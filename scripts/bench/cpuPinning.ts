import { spawnSync } from 'node:child_process';
import os from 'node:os';

/**
 * On a 2-core machine the measured process and the simulator otherwise take turns on the same
 * core now and then, which made run-to-run spread ±20%. With `taskset` (util-linux) the simulator
 * gets the last core and the measured process the first; without it, nothing is pinned.
 */
export const PINNING = os.cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
export const MEASURED_CPU = 0;
export const SIMULATOR_CPU = os.cpus().length - 1;

export function pinProcess(pid: number, cpu: number): void {
	if (PINNING) spawnSync('taskset', ['-pc', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** The command and arguments that start `args` (node and its arguments) on `cpu`. */
export function onCpu(cpu: number, command: string, args: string[]): [string, string[]] {
	return PINNING ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}
