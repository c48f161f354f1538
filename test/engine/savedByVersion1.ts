import type { INodeParameters } from 'n8n-workflow';

import type { WorkflowDefinition } from './runWorkflow';
import { RECORDING_NODE_TYPE } from './workflows';

function isResourceLocator(value: unknown): value is { __rl: true; value: unknown } {
	return typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true;
}

/**
 * The workflow as version 1 of the node saved it: every Voicenter Recording node at typeVersion 1,
 * with each resource locator (Extension, Call ID) back to the plain text it held. Proves that
 * workflows saved before version 2 still run.
 */
export function savedByVersion1<T extends WorkflowDefinition>(workflow: T): T {
	const nodes = workflow.nodes.map((node) => {
		if (node.type !== RECORDING_NODE_TYPE) return node;
		const parameters: INodeParameters = {};
		for (const [name, value] of Object.entries(node.parameters)) {
			parameters[name] = isResourceLocator(value) ? (value.value as INodeParameters[string]) : value;
		}
		return { ...node, typeVersion: 1, parameters };
	});
	return { ...workflow, nodes };
}
