import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteResponsePromiseData,
	IConnections,
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
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
	/**
	 * 'manual' (default) runs a poll trigger's poll as the editor's test does; 'trigger' runs what an
	 * active trigger emitted (`input`), as n8n does after a poll.
	 */
	mode?: WorkflowExecuteMode;
	/** Where n8n's own URLs point ($execution.resumeUrl, webhooks); default http://127.0.0.1:5678. */
	instanceUrl?: string;
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
	/**
	 * The sub-workflows the run called (Execute Workflow nodes), with the items each got. Only
	 * recorded: the pause ledger they call writes n8n's Data Tables, which only a real n8n has (the
	 * end-to-end suite runs it).
	 */
	subWorkflowCalls: SubWorkflowCall[];
	/** How many times credential data was read during the run. */
	credentialReads: number;
	/** The items a node put on an output, the first by default (empty when it did not run). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** What the run executed in, for a webhook call that resumes a waiting execution (a Form page). */
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
}

export interface SubWorkflowCall {
	workflowId: string | undefined;
	items: INodeExecutionData[];
	waited: boolean;
}

let typesPromise: Promise<LoadedTypes> | undefined;
let executionCounter = 0;

/** The package's node and credential types, loaded once per test file. */
export async function engineTypes(): Promise<LoadedTypes> {
	typesPromise ??= loadNodeTypes();
	return await typesPromise;
}

/** A new execution id, unique within the test file. */
export function nextExecutionId(): string {
	return String(++executionCounter);
}

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

/**
 * What n8n hands the engine and a node's context beside the workflow: lifecycle hooks (collecting
 * what Respond to Webhook sends) and the credentials, decrypted from `credentials` by id.
 */
export function engineAdditionalData(
	credentialTypes: Map<string, ICredentialType>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	run: { executionId: string; workflowData: IWorkflowBase; mode: WorkflowExecuteMode; instanceUrl?: string },
) {
	const instanceUrl = run.instanceUrl ?? 'http://127.0.0.1:5678';
	const hooks = new ExecutionLifecycleHooks(run.mode, run.executionId, run.workflowData);
	const sentResponses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', (response) => {
		sentResponses.push(response);
	});
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, credentials);
	const subWorkflowCalls: SubWorkflowCall[] = [];
	const executeWorkflow = async (
		workflowInfo: { id?: string },
		_additionalData: unknown,
		options: { inputData?: INodeExecutionData[]; doNotWaitToFinish?: boolean },
	) => {
		subWorkflowCalls.push({ workflowId: workflowInfo.id, items: options.inputData ?? [], waited: options.doNotWaitToFinish !== true });
		return { executionId: `sub-${subWorkflowCalls.length}`, data: [null] };
	};
	const additionalData = {
		executeWorkflow,
		hooks,
		executionId: run.executionId,
		userId: 'test-user',
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		webhookBaseUrl: `${instanceUrl}/webhook`,
		webhookWaitingBaseUrl: `${instanceUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${instanceUrl}/webhook-test`,
		formWaitingBaseUrl: `${instanceUrl}/form-waiting`,
		currentNodeExecutionIndex: 0,
		credentialsHelper,
	} as unknown as IWorkflowExecuteAdditionalData;
	return { additionalData, credentialsHelper, sentResponses, subWorkflowCalls };
}

/** Runs a workflow through n8n-core's real engine with the real, built node and credential classes. */
export async function runWorkflow(definition: WorkflowDefinition, options: RunOptions = {}): Promise<RunResult> {
	const { nodeTypes, credentialTypes } = await engineTypes();

	const executionId = nextExecutionId();
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

	const mode = options.mode ?? 'manual';
	const { additionalData, credentialsHelper, sentResponses, subWorkflowCalls } = engineAdditionalData(
		credentialTypes,
		options.credentials ?? {},
		{ executionId, workflowData, mode, instanceUrl: options.instanceUrl },
	);

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

	const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	return {
		run,
		executionId,
		workflowId: workflowData.id,
		status: run.status,
		error: run.data.resultData.error as ExecutionBaseError | undefined,
		sentResponses,
		subWorkflowCalls,
		credentialReads: credentialsHelper.reads,
		output: (nodeName, outputIndex = 0) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		workflow,
		additionalData,
	};
}
