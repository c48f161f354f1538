/**
 * Simulators on consecutive ports, so that each engine case starts against a port with no
 * connection of an earlier case still in TIME_WAIT. n8n's request helper opens a connection per
 * request, and the simulator closes each one first, so every request leaves a socket in TIME_WAIT
 * on the simulator's side for 60 s (about 6,000 per case process). A case is given the simulator
 * whose port has none left (waiting for one to drain if needed); the count of TIME_WAIT sockets on
 * the whole machine at its start is kept in the report.
 */
import { spawnSync } from 'node:child_process';

import { pinProcess, SIMULATOR_CPU } from './cpuPinning';
import { startSimulatorProcess, type SimulatorProcess } from './simulatorProcess';

/** Sockets in TIME_WAIT (`ss`, iproute2), on one local port or on the machine; undefined without `ss`. */
export function timeWaitCount(localPort?: number): number | undefined {
	const filter = localPort === undefined ? [] : [`( sport = :${localPort} )`];
	const result = spawnSync('ss', ['-Htan', 'state', 'time-wait', ...filter], { encoding: 'utf8' });
	if (result.status !== 0) return undefined;
	return result.stdout.split('\n').filter((line) => line.trim() !== '').length;
}

export interface AcquiredSimulator {
	sim: SimulatorProcess;
	/** TIME_WAIT sockets on the machine when the case starts (its own port has none, when `ss` can tell). */
	machineTimeWait: number | undefined;
	/** How long the case waited for a drained port, ms. */
	waitedMs: number;
}

export interface SimulatorPool {
	acquire(): Promise<AcquiredSimulator>;
	stop(): void;
}

const portOf = (sim: SimulatorProcess) => Number(new URL(sim.origin).port);

export async function startSimulatorPool(token: string, basePort: number, size: number): Promise<SimulatorPool> {
	const sims: SimulatorProcess[] = [];
	for (let index = 0; index < size; index++) {
		const sim = await startSimulatorProcess(token, { args: ['--port', String(basePort + index)] });
		pinProcess(sim.pid, SIMULATOR_CPU);
		sims.push(sim);
	}
	let next = 0;
	return {
		async acquire() {
			const started = Date.now();
			for (;;) {
				// Round robin, so each simulator process is used (and warm) as often as the others.
				for (let tried = 0; tried < sims.length; tried++) {
					const sim = sims[next];
					next = (next + 1) % sims.length;
					if ((timeWaitCount(portOf(sim)) ?? 0) === 0) {
						return { sim, machineTimeWait: timeWaitCount(), waitedMs: Date.now() - started };
					}
				}
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		},
		stop: () => sims.forEach((sim) => sim.stop()),
	};
}
