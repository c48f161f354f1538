/**
 * A V8 CPU profile of part of a run (the timed runs, not start-up and warm-up), written where
 * BENCH_CPU_PROFILE points, as a .cpuprofile file (Chrome DevTools, or profileSummary.ts).
 * Nothing happens when BENCH_CPU_PROFILE is unset.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Starts profiling when BENCH_CPU_PROFILE is set; the returned function stops and writes the file. */
export async function profileIfAsked(file = process.env.BENCH_CPU_PROFILE): Promise<() => Promise<void>> {
	if (file === undefined || file === '') return async () => {};
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	// 100 µs between samples (V8's default is 1 ms): enough samples from a few runs of ~300 ms.
	await session.post('Profiler.setSamplingInterval', { interval: 100 });
	await session.post('Profiler.start');
	return async () => {
		const { profile } = await session.post('Profiler.stop');
		fs.writeFileSync(file, JSON.stringify(profile));
		session.disconnect();
	};
}
