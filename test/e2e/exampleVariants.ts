import { CRM_JWT_CREDENTIAL } from '../../scripts/n8n/exampleWorkflows';
import { TRIGGER_NODE_TYPE, exampleWorkflow } from '../engine/workflows';

interface ExampleNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
}

/**
 * An example with its nodes changed by `change`, under a name of its own. Webhook ids are unique
 * per n8n instance and the example itself is imported too, so each variant ends them with `suffix`.
 */
function variant(file: string, nameSuffix: string, suffix: string, change: (node: ExampleNode) => void): Record<string, unknown> {
	const workflow = exampleWorkflow(file) as unknown as { name: string; nodes: ExampleNode[] };
	for (const node of workflow.nodes) {
		change(node);
		if (node.webhookId !== undefined) node.webhookId = `${node.webhookId.slice(0, -4)}${suffix}`;
	}
	return { ...workflow, name: `${workflow.name} (${nameSuffix})` };
}

/**
 * examples/recording-watchdog.json reporting Muted Too Long after 1 minute (the example waits 15)
 * and, with `repeatMinutes`, again every so many minutes while a call stays muted (it retries every 5).
 * `extensions`: the watched ones; empty for all.
 */
export function oneMinuteWatchdog(options: { extensions: string; repeatMinutes?: number; suffix: string }): Record<string, unknown> {
	const watched = options.extensions === '' ? 'every extension' : options.extensions;
	return variant('recording-watchdog.json', `1 minute, ${watched}`, options.suffix, (node) => {
		if (node.type !== TRIGGER_NODE_TYPE) return;
		node.parameters.mutedTooLongMinutes = 1;
		node.parameters.extensions = options.extensions;
		if (options.repeatMinutes !== undefined) node.parameters.mutedTooLongRepeatMinutes = options.repeatMinutes;
	});
}

/** examples/mute-with-auto-resume.json on a path of its own, resuming after `seconds` (the example waits 10 minutes). */
export function shortAutoResume(options: { path: string; seconds: number; suffix: string }): Record<string, unknown> {
	return variant('mute-with-auto-resume.json', `${options.seconds} s limit`, options.suffix, (node) => {
		if (node.type === 'n8n-nodes-base.webhook') node.parameters.path = options.path;
		if (node.type === 'n8n-nodes-base.wait') {
			node.parameters.resumeAmount = options.seconds;
			node.parameters.resumeUnit = 'seconds';
		}
	});
}

/**
 * examples/pause-ledger-retention.json started by a CRM-style webhook (the CRM's JWT) instead of
 * every night, keeping the pauses of the last `keepSeconds` (query) instead of 365 days: the same
 * write through the ledger, at a moment and with a cut-off a test picks. Answers with what the
 * ledger returned once it is done.
 */
export function retentionOnWebhook(options: { path: string; webhookId: string }): Record<string, unknown> {
	const workflow = exampleWorkflow('pause-ledger-retention.json') as unknown as {
		name: string;
		nodes: Array<ExampleNode & { typeVersion: number; credentials?: unknown }>;
		connections: Record<string, unknown>;
	};
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger')!;
	const trigger = 'Retention requested';
	Object.assign(schedule, {
		name: trigger,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: options.webhookId,
		parameters: { httpMethod: 'POST', path: options.path, authentication: 'jwtAuth', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		credentials: { jwtAuth: { id: CRM_JWT_CREDENTIAL.id, name: CRM_JWT_CREDENTIAL.name } },
	});
	workflow.connections = Object.fromEntries(Object.entries(workflow.connections).map(([name, outputs]) => [name === 'Every night' ? trigger : name, outputs]));
	const cutOff = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.set')!;
	const days = String(cutOff.parameters.jsonOutput);
	if (!days.includes('{ days: 365 }')) throw new Error('pause-ledger-retention.json no longer keeps { days: 365 }: update retentionOnWebhook');
	cutOff.parameters.jsonOutput = days.replace('{ days: 365 }', '{ seconds: Number($json.query.keepSeconds) }');
	return { ...workflow, name: `${workflow.name} (on a webhook, keeping seconds)` };
}
