/**
 * A CRM's calls to a production webhook, as a load generator: used by the queue tests
 * (test/queue) and the benchmark's queue section (scripts/bench/queueThroughput.ts).
 */
import { crmHeaders } from './exampleWorkflows';

export interface CallResult {
	index: number;
	/** The HTTP status, or 0 when the call got no answer within the bound. */
	status: number;
	body: Record<string, unknown> | undefined;
	ms: number;
	/** When the answer (or the give-up) came, epoch ms. */
	endedAt: number;
}

/**
 * One CRM call to a production webhook, given up after `boundMs` (reported as status 0: hung). It
 * sends the key the example webhooks require unless `headers` says otherwise.
 */
export async function callWebhook(url: string, body: unknown, boundMs: number, index = 0, headers: Record<string, string> = crmHeaders()): Promise<CallResult> {
	const started = Date.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(boundMs),
		});
		const text = await response.text();
		let parsed: Record<string, unknown> | undefined;
		try {
			parsed = JSON.parse(text) as Record<string, unknown>;
		} catch {
			parsed = undefined;
		}
		return { index, status: response.status, body: parsed, ms: Date.now() - started, endedAt: Date.now() };
	} catch {
		return { index, status: 0, body: undefined, ms: Date.now() - started, endedAt: Date.now() };
	}
}

/** Runs `count` calls, `inFlight` at a time, and returns their results in call order. */
export async function runCalls(count: number, inFlight: number, call: (index: number) => Promise<CallResult>): Promise<CallResult[]> {
	const results: CallResult[] = new Array(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await call(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
	return results;
}
