import { PollContext, TriggersAndPollers } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, IWorkflowBase } from 'n8n-workflow';

import { engineAdditionalData, engineTypes, nextExecutionId } from './runWorkflow';

export interface ActivePollingTrigger {
	/** One scheduled poll, as n8n runs it: what the trigger emitted (null: nothing), or the error n8n records. */
	poll(): Promise<INodeExecutionData[][] | null>;
	/** The node's static data as n8n holds it in memory between polls. */
	memory(): IDataObject;
	/**
	 * The static data as n8n stored it in its database: n8n saves it when a poll emits items (with
	 * durable poll cursors off, their default in n8n 2.41), not after a poll that emits nothing.
	 */
	stored(): IDataObject;
}

function copy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Activates a workflow holding `node` the way n8n does for a polling trigger: one Workflow object
 * kept for the whole activation (its static data lives there), n8n-core's PollContext in 'trigger'
 * mode, and the first poll run at once (its error fails the activation, so it is thrown).
 * `storedStaticData` is what n8n loads from its database when the workflow is activated again or
 * n8n restarts.
 */
export async function activatePollingTrigger(
	node: INode,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	storedStaticData: IDataObject = {},
): Promise<{ trigger: ActivePollingTrigger; firstPoll: INodeExecutionData[][] | null }> {
	const { nodeTypes, credentialTypes } = await engineTypes();
	const executionId = nextExecutionId();
	const workflowData = {
		id: 'polling-workflow',
		name: 'Polling workflow',
		active: true,
		nodes: [node],
		connections: {},
		settings: { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: copy(storedStaticData),
		settings: workflowData.settings,
	});
	const { additionalData } = engineAdditionalData(credentialTypes, credentials, { executionId, workflowData, mode: 'trigger' });

	let stored = copy(storedStaticData);
	const emit = () => {
		stored = copy(workflow.staticData);
	};
	const emitError = () => {};
	const context = new PollContext(workflow, node, additionalData, 'trigger', 'activate', emit, emitError);
	const pollers = new TriggersAndPollers();

	const trigger: ActivePollingTrigger = {
		async poll() {
			const emitted = await pollers.runPollFunction(workflow, node, context);
			if (emitted !== null) context.__emit(emitted);
			return emitted;
		},
		memory: () => copy(workflow.staticData),
		stored: () => copy(stored),
	};
	return { trigger, firstPoll: await trigger.poll() };
}

/** The json of each emitted item, for exact comparison. */
export function emittedJson(emitted: INodeExecutionData[][] | null): IDataObject[] {
	return emitted === null ? [] : emitted[0].map((item) => item.json);
}
