import { Container as coreContainer } from 'n8n-core/node_modules/@n8n/di';
import { InstanceSettings, WebhookContext, WorkflowExecute } from 'n8n-core';
import { Container as nodesBaseContainer } from 'n8n-nodes-base/node_modules/@n8n/di';
import { WAIT_INDEFINITELY } from 'n8n-workflow';
import type { ExecutionBaseError, INode, IRunExecutionData, IWebhookData, IWebhookFunctions, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
// n8n's own form token for signed-in users (what the form page's script sends as x-auth-token).
import { generateFormUserAuthToken } from 'n8n-nodes-base/dist/nodes/Form/utils/utils';

import type { TestCredentialsHelper } from './credentialsHelper';
import type { RunResult } from './runWorkflow';

export interface CompletionPage {
	/** The Form node that renders the page. */
	node: string;
	/** What the page shows: its heading, its message (HTML after n8n's sanitising) and the tab title. */
	title: string;
	message: string;
	formTitle: string;
}

export interface NextFormPage {
	/** The Form node that renders the page. */
	node: string;
	/** What the page shows: its heading (the form title), its text (HTML after n8n's sanitising), its button and fields. */
	title: string;
	description: string;
	buttonLabel: string;
	fieldLabels: string[];
}

interface Rendered {
	view: string;
	data: Record<string, unknown>;
}

/** The run's waiting Form node: the one n8n's `/form-waiting/<execution>` serves. */
function waitingFormNode(result: RunResult): string {
	const waiting = result.run.data.executionData?.nodeExecutionStack[0];
	if (result.status !== 'waiting' || waiting === undefined) {
		throw new Error(`The run is not waiting on a Form page (status ${result.status})`);
	}
	return waiting.node.name;
}

/**
 * n8n-nodes-base resolves n8n-core's InstanceSettings (the secret that signs form tokens) through its
 * own copy of n8n's dependency container: in n8n the two are one; here it is handed over once.
 */
function shareInstanceSettings(): void {
	if (!nodesBaseContainer.has(InstanceSettings)) nodesBaseContainer.set(InstanceSettings, coreContainer.get(InstanceSettings));
}

/**
 * When the Form Trigger signs agents in with their n8n account (n8n User Auth), the form's later
 * pages take only requests from that agent: his browser sends the form token n8n gave it, bound to
 * the page's node and the run. Made here for the user the trigger emitted, with n8n's own function.
 */
function signedInAgentHeaders(result: RunResult, page: INode): Record<string, string> {
	shareInstanceSettings();
	const trigger = result.workflow.queryNodes((type) => type.description.name === 'formTrigger')[0];
	if (trigger === undefined || trigger.parameters.authentication !== 'n8nUserAuth') return {};
	const user = result.run.data.resultData.runData[trigger.name]?.[0]?.data?.main[0]?.[0]?.json.user;
	if (user === undefined || user === null || typeof user !== 'object') return {};
	return { 'x-auth-token': generateFormUserAuthToken(page, user as Parameters<typeof generateFormUserAuthToken>[1], { workflowId: result.workflowId, executionId: result.executionId }) };
}

/**
 * Calls the waiting Form node's own webhook as n8n's WaitingForms does: in a webhook context built
 * from the stored run, with the request and response on the additional data (a rendered page is
 * captured instead of drawn).
 */
async function callFormWebhook(
	result: RunResult,
	runExecutionData: IRunExecutionData,
	request: { method: 'GET' | 'POST'; contentType?: string; body?: unknown },
): Promise<{ rendered?: Rendered; answer: IWebhookResponseData }> {
	const nodeName = waitingFormNode(result);
	const node = result.workflow.getNode(nodeName)!;
	let rendered: Rendered | undefined;
	const refused = (status: number) => {
		throw new Error(`${nodeName} refused the request with HTTP ${status}: the agent was not signed in`);
	};
	const response = {
		setHeader: () => response,
		cookie: () => response,
		status: (status: number) => (status >= 400 ? refused(status) : response),
		writeHead: (status: number) => refused(status),
		json: () => response,
		render: (view: string, data: Record<string, unknown>) => {
			rendered = { view, data };
		},
	};
	const additionalData = {
		...result.additionalData,
		httpRequest: { headers: signedInAgentHeaders(result, node), query: {}, params: {}, ...request },
		httpResponse: response,
	} as unknown as IWorkflowExecuteAdditionalData;
	const webhookData = {
		httpMethod: request.method,
		node: node.name,
		path: result.executionId,
		webhookDescription: { name: 'default', httpMethod: request.method, path: '', restartWebhook: true },
		workflowId: result.workflowId,
		workflowExecuteAdditionalData: additionalData,
	} as unknown as IWebhookData;
	const context = new WebhookContext(result.workflow, node, additionalData, result.run.mode, webhookData, [], runExecutionData);

	const nodeType = result.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	// Form is written against n8n-workflow's Node class: its webhook takes the context as an argument.
	const webhook = nodeType.webhook as (this: IWebhookFunctions, context: IWebhookFunctions) => Promise<IWebhookResponseData>;
	const answer = await webhook.call(context, context);
	return { rendered, answer };
}

/** What GET `/form-waiting/<execution>` draws for the run's waiting Form node. */
async function render(result: RunResult, view: string): Promise<{ node: string; data: Record<string, unknown> }> {
	const node = waitingFormNode(result);
	const { rendered } = await callFormWebhook(result, result.run.data, { method: 'GET' });
	if (rendered?.view !== view) throw new Error(`${node} rendered ${rendered?.view ?? 'nothing'}`);
	return { node, data: rendered.data };
}

/**
 * The page n8n shows at `/form-waiting/<execution>` once a run stopped at a Form "Form Ending"
 * node: the node's own webhook, called with GET in a webhook context built from the waiting run.
 */
export async function completionPage(result: RunResult): Promise<CompletionPage> {
	const { node, data } = await render(result, 'form-trigger-completion');
	return { node, title: String(data.title), message: String(data.message), formTitle: String(data.formTitle) };
}

/** The page n8n shows at `/form-waiting/<execution>` once a run stopped at a Form "Next Form Page" node. */
export async function formPage(result: RunResult): Promise<NextFormPage> {
	const { node, data } = await render(result, 'form-trigger');
	return {
		node,
		title: String(data.formTitle),
		description: String(data.formDescription),
		buttonLabel: String(data.buttonLabel),
		fieldLabels: (data.formFields as Array<{ label: string }>).map((field) => field.label),
	};
}

/** The run data as n8n stores it while it waits, and reads it back to resume it (plain JSON). */
function stored(result: RunResult): IRunExecutionData {
	return JSON.parse(JSON.stringify(result.run.data)) as IRunExecutionData;
}

/** Runs the stored execution on from where it waited, as n8n's WorkflowRunner does with its data. */
async function runOn(result: RunResult, runExecutionData: IRunExecutionData): Promise<RunResult> {
	const run = await new WorkflowExecute(result.additionalData, result.run.mode, runExecutionData).processRunExecutionData(result.workflow);
	return {
		...result,
		run,
		status: run.status,
		error: run.data.resultData.error as ExecutionBaseError | undefined,
		credentialReads: (result.additionalData.credentialsHelper as TestCredentialsHelper).reads,
		output: (nodeName, outputIndex = 0) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
	};
}

/**
 * The agent presses the button of the waiting Form page: POST `/form-waiting/<execution>` with the
 * page's fields left empty. As n8n's WaitingForms does: the waiting node is disabled so it passes
 * on what its webhook returns, the wait and the node's waiting run are dropped, the node's webhook
 * turns the submission into its output item, and the execution runs on with it.
 */
export async function submitFormPage(result: RunResult): Promise<RunResult> {
	const nodeName = waitingFormNode(result);
	const data = stored(result);
	const waiting = data.executionData!.nodeExecutionStack[0];
	waiting.node.disabled = true;
	data.waitTill = undefined;
	data.resultData.runData[nodeName].pop();
	const { answer } = await callFormWebhook(result, data, {
		method: 'POST',
		contentType: 'multipart/form-data',
		body: { data: {}, files: {} },
	});
	if (answer.workflowData === undefined) throw new Error(`${nodeName} did not take the submission: ${JSON.stringify(answer)}`);
	waiting.data.main = answer.workflowData;
	waiting.metadata = { ...waiting.metadata, forwardAllOutputs: true };
	return await runOn(result, data);
}

/**
 * Nobody submits the waiting Form page and its wait time passes. n8n's WaitTracker then runs the
 * stored execution again as it is, with no form data: the engine sees the run's waitTill, disables
 * the waiting node (so it passes on its own input) and carries on. A page with no time limit waits
 * until the year 3000 and is never resumed this way.
 */
export async function waitTimeLimitReached(result: RunResult): Promise<RunResult> {
	const nodeName = waitingFormNode(result);
	const { waitTill } = result.run;
	if (!waitTill || new Date(waitTill).getTime() >= WAIT_INDEFINITELY.getTime()) {
		throw new Error(`${nodeName} waits without a time limit (waitTill ${String(waitTill)}): n8n would never resume it by itself`);
	}
	return await runOn(result, stored(result));
}
