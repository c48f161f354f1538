import fs from 'node:fs';
import path from 'node:path';

import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

import { PACKAGE_DIR } from './loadNodeTypes';
import type { WorkflowDefinition } from './runWorkflow';

export const RECORDING_NODE_TYPE = 'n8n-nodes-voicenter.voicenterRecording';
export const TRIGGER_NODE_TYPE = 'n8n-nodes-voicenter.voicenterTrigger';
export const TEST_CREDENTIAL = { voicenterApi: { id: 'voicenter-test', name: 'Voicenter (simulator)' } };

/** A Voicenter Recording node as the editor would save it. */
export function recordingNode(
	parameters: INodeParameters,
	overrides: Partial<INode> = {},
): INode {
	return {
		id: overrides.name ?? 'voicenter-recording',
		name: 'Voicenter Recording',
		type: RECORDING_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: TEST_CREDENTIAL,
		...overrides,
	};
}

/** A Voicenter Trigger node as the editor would save it (Poll Times: every minute). */
export function triggerNode(parameters: INodeParameters, overrides: Partial<INode> = {}): INode {
	return {
		id: 'voicenter-trigger',
		name: 'Voicenter Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
		credentials: TEST_CREDENTIAL,
		...overrides,
	};
}

/** Connects nodes one after the other, first output to first input. */
export function chain(...nodes: INode[]): WorkflowDefinition {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

/** One of the importable workflows in examples/, as a user would import it. */
export function exampleWorkflow(file: string): WorkflowDefinition {
	return JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'examples', file), 'utf8')) as WorkflowDefinition;
}
