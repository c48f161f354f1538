/**
 * What a real n8n stored of an execution, read through its REST API as the logged-in owner: the
 * newest execution of a workflow, and how long each node of it ran (`executionTime` in the run
 * data, which n8n measures around the node's `execute`).
 */

export interface N8nSession {
	url: string;
	cookie: string;
}

async function restGet<T>(session: N8nSession, route: string): Promise<T> {
	const response = await fetch(`${session.url}/rest/${route}`, { headers: { cookie: session.cookie } });
	if (!response.ok) throw new Error(`GET /rest/${route} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
	return ((await response.json()) as { data: T }).data;
}

/**
 * n8n sends run data in the `flatted` format: a JSON array whose first entry is the root, in which
 * every string stands for the entry at that index (strings themselves are entries too).
 */
export function unflatten(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const revived = new Set<number>();
	const revive = (index: number): unknown => {
		const value = entries[index];
		if (value === null || typeof value !== 'object' || revived.has(index)) return value;
		revived.add(index);
		const container = value as Record<string, unknown>;
		for (const key of Object.keys(container)) {
			if (typeof container[key] === 'string') container[key] = revive(Number(container[key]));
		}
		return value;
	};
	return revive(0);
}

/** The id of the workflow's newest successful execution that started at `since` (epoch ms) or later; waits for n8n to store it. */
export async function newestExecutionId(session: N8nSession, workflowId: string, since: number, timeoutMs = 30_000): Promise<string> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['success'] }));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { results } = await restGet<{ results: Array<{ id: string; startedAt?: string }> }>(session, `executions?filter=${filter}&limit=1`);
		const [newest] = results;
		if (newest !== undefined && Date.parse(newest.startedAt ?? '') >= since - 1000) return newest.id;
		if (Date.now() > deadline) throw new Error(`No successful execution of ${workflowId} since ${new Date(since).toISOString()}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

interface StoredRun {
	resultData: { runData: Record<string, Array<{ executionTime: number; data?: { main?: unknown[][] } }>> };
}

/** Per node of the execution: how long it ran (ms) and how many items it put on its first output. */
export async function nodeTimings(session: N8nSession, executionId: string): Promise<Record<string, { ms: number; items: number }>> {
	const execution = await restGet<{ data: string }>(session, `executions/${executionId}`);
	const run = unflatten(execution.data) as StoredRun;
	return Object.fromEntries(
		Object.entries(run.resultData.runData).map(([node, [first]]) => [
			node,
			{ ms: first?.executionTime ?? NaN, items: first?.data?.main?.[0]?.length ?? 0 },
		]),
	);
}
