export interface Summary {
	median: number;
	p95: number;
	p99: number;
	min: number;
	max: number;
}

/** The p-th percentile (0–100, nearest rank) of values already sorted ascending; NaN when there are none. */
function nearestRank(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The p-th percentile (0–100, nearest rank) of a sample; NaN for an empty one. */
export function percentile(samples: number[], p: number): number {
	return nearestRank([...samples].sort((a, b) => a - b), p);
}

/** Median, 95th and 99th percentiles (nearest rank), min and max of a sample. */
export function summarise(samples: number[]): Summary {
	if (samples.length === 0) throw new Error('no samples');
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		median: nearestRank(sorted, 50),
		p95: nearestRank(sorted, 95),
		p99: nearestRank(sorted, 99),
		min: sorted[0],
		max: sorted[sorted.length - 1],
	};
}
