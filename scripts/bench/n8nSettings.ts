/**
 * n8n settings a bench run adds to every n8n process it starts, from BENCH_N8N_ENV
 * ("NAME=value,NAME=value"), so one command compares, say, n8n 2.x's expression engines:
 *   BENCH_N8N_ENV=N8N_EXPRESSION_ENGINE=legacy BENCH_SECTIONS=queue npm run bench
 */
export function benchN8nSettings(text = process.env.BENCH_N8N_ENV ?? ''): Record<string, string> {
	const settings: Record<string, string> = {};
	for (const pair of text.split(',')) {
		const at = pair.indexOf('=');
		if (at > 0) settings[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
	}
	return settings;
}

/** How a printout says which settings it ran with. */
export function describeSettings(settings: Record<string, string>): string {
	const pairs = Object.entries(settings).map(([name, value]) => `${name}=${value}`);
	return pairs.length === 0 ? "n8n's defaults" : pairs.join(', ');
}
