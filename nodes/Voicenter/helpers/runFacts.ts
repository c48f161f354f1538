import type { INodeCredentials, INodeParameters } from 'n8n-workflow';

import type { VoicenterContext } from '../transport/types';

/** What is the same for every item of one run of the node. */
export interface RunFacts {
	executionId: string | null;
	workflowId: string | null;
	nodeName: string;
	/** The credentials the node is set to use: ids and names, not their data. */
	nodeCredentials: INodeCredentials;
	/** The node's parameters as saved: expressions not resolved. */
	parameters: INodeParameters;
	/** "On Error: Continue (using error output)": failed items leave by the error output. */
	errorOutput: boolean;
	/** Run as an AI tool (n8n's `…Tool` copy of the node): what it returns is read by a model. */
	asTool: boolean;
}

// One context per run of the node. Read once: getNode() copies the whole node on every call, which
// showed in profiles at thousands of items.
const factsByContext = new WeakMap<VoicenterContext, RunFacts>();

export function runFacts(context: VoicenterContext): RunFacts {
	let facts = factsByContext.get(context);
	if (facts === undefined) {
		const node = context.getNode();
		facts = {
			executionId: context.getExecutionId() ?? null,
			workflowId: context.getWorkflow().id ?? null,
			nodeName: node.name,
			nodeCredentials: node.credentials ?? {},
			parameters: node.parameters,
			errorOutput: node.onError === 'continueErrorOutput',
			asTool: node.type.endsWith('Tool'),
		};
		factsByContext.set(context, facts);
	}
	return facts;
}
