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
