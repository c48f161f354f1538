export interface Summary {
	median: number;
	p95: number;
	min: number;
	max: number;
}

/** Median, 95th percentile (nearest rank), min and max of a sample. */
export function summarise(samples: number[]): Summary {
	if (samples.length === 0) throw new Error('no samples');
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
	return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}
