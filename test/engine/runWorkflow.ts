import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	IExecuteResponsePromiseData,
	IConnections,
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { loadNodeTypes, type LoadedTypes } from './loadNodeTypes';

// n8n-core writes its instance settings under $N8N_USER_FOLDER/.n8n: keep that out of $HOME.
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-n8n-'));
// The engine logs every node error it handles; failures are asserted on, not printed.
process.env.N8N_LOG_LEVEL ??= 'silent';

export interface WorkflowDefinition {
	name?: string;
	nodes: INode[];
	connections: IConnections;
}

export interface RunOptions {
	/** Decrypted credential data by credential id, as the nodes' `credentials` reference them. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items fed to the first node (the one no connection leads to), as a trigger would emit them. */
	input?: INodeExecutionData[];
}

export interface RunResult {
	run: IRun;
	executionId: string;
	workflowId: string;
	status: IRun['status'];
	/** The error that stopped the workflow, if one did. */
	error: ExecutionBaseError | undefined;
	/** What Respond to Webhook sent back to the webhook caller, in order. */
	sentResponses: IExecuteResponsePromiseData[];
	/** How many times credential data was read during the run. */
	credentialReads: number;
	/** The items a node put on an output, the first by default (empty when it did not run). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** What the run executed in, for a webhook call that resumes a waiting execution (a Form page). */
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
}

let typesPromise: Promise<LoadedTypes> | undefined;
let executionCounter = 0;

function startNodeOf(definition: WorkflowDefinition): INode {
	const targets = new Set<string>();
	for (const outputs of Object.values(definition.connections)) {
		for (const connections of outputs.main ?? []) {
			for (const connection of connections ?? []) targets.add(connection.node);
		}
	}
	const start = definition.nodes.find((node) => !targets.has(node.name));
	if (start === undefined) throw new Error('The workflow has no node without an incoming connection');
	return start;
}

/** Runs a workflow through n8n-core's real engine with the real, built node and credential classes. */
export async function runWorkflow(definition: WorkflowDefinition, options: RunOptions = {}): Promise<RunResult> {
	typesPromise ??= loadNodeTypes();
	const { nodeTypes, credentialTypes } = await typesPromise;

	const executionId = String(++executionCounter);
	const workflowData: IWorkflowBase = {
		id: `test-workflow-${executionId}`,
		name: definition.name ?? 'Test workflow',
		active: false,
		isArchived: false,
		nodes: definition.nodes,
		connections: definition.connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const sentResponses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', (response) => {
		sentResponses.push(response);
	});
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, options.credentials ?? {});
	const additionalData = {
		hooks,
		executionId,
		userId: 'test-user',
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeExecutionIndex: 0,
		credentialsHelper,
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = startNodeOf(definition);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.input ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});

	const run = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	return {
		run,
		executionId,
		workflowId: workflowData.id,
		status: run.status,
		error: run.data.resultData.error as ExecutionBaseError | undefined,
		sentResponses,
		credentialReads: credentialsHelper.reads,
		output: (nodeName, outputIndex = 0) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		workflow,
		additionalData,
	};
}
