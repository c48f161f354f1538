/**
 * What n8n's editor does when a user presses "Execute workflow": the REST call that starts a
 * manual run from the workflow's trigger, then the stored execution once it has finished.
 */
import { unflatten } from '../bench/n8nRunData';
import { rest } from './restApi';

export interface ManualRun {
	executionId: string;
	status: string;
	/** A node's output items (their json), from its last run. */
	output(node: string): Array<Record<string, unknown>> | undefined;
	/** The run's error message and description, if it failed. */
	error?: string;
}

interface StoredRun {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/**
 * Runs the saved workflow from its manual (or schedule) trigger (n8n 2.x reads the workflow from its database;
 * 1.x takes it in the request, as its editor sends it) and waits for it to finish.
 */
export async function manualRun(url: string, cookie: string, workflowId: string, saved: Record<string, unknown>, timeoutMs = 120_000): Promise<ManualRun> {
	// The manual trigger, or else a schedule's, which the editor's Execute runs once, now.
	const nodes = saved.nodes as Array<{ name: string; type: string }>;
	const trigger = nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger') ?? nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	if (trigger === undefined) throw new Error(`Workflow ${workflowId} has no manual or schedule trigger`);
	const started = await rest<{ executionId?: string }>(url, cookie, `workflows/${workflowId}/run`, {
		method: 'POST',
		body: JSON.stringify({ workflowData: { ...saved, id: workflowId }, startNodes: [], triggerToStartFrom: { name: trigger.name } }),
	});
	const executionId = started.executionId;
	if (executionId === undefined) throw new Error(`The manual run of ${workflowId} started no execution: ${JSON.stringify(started)}`);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await rest<{ status: string; finished?: boolean; data: string }>(url, cookie, `executions/${executionId}`).catch(() => undefined);
		if (execution !== undefined && !['new', 'running', 'waiting'].includes(execution.status)) {
			const data = unflatten(execution.data) as {
				resultData: { runData: Record<string, StoredRun[]>; error?: { message?: string; description?: string } };
			};
			const { runData, error } = data.resultData;
			return {
				executionId,
				status: execution.status,
				output: (node) => runData[node]?.at(-1)?.data?.main?.[0]?.map((item) => item.json),
				error: error === undefined ? undefined : [error.message, error.description].filter(Boolean).join(' — '),
			};
		}
		if (Date.now() > deadline) throw new Error(`The manual run ${executionId} of ${workflowId} had not finished after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
