import { WebhookContext } from 'n8n-core';
import type { INode, IWebhookData, IWebhookFunctions } from 'n8n-workflow';

import type { RunResult } from './runWorkflow';

export interface CompletionPage {
	/** The Form node that renders the page. */
	node: string;
	/** What the page shows: its heading, its message (HTML after n8n's sanitising) and the tab title. */
	title: string;
	message: string;
	formTitle: string;
}

/**
 * The page n8n shows at `/form-waiting/<execution>` once a run stopped at a Form "Form Ending"
 * node: the node's own webhook, called with GET in a webhook context built from the waiting run,
 * as n8n's WaitingForms does. Its `res.render` call is captured instead of drawn.
 */
export async function completionPage(result: RunResult): Promise<CompletionPage> {
	const waiting = result.run.data.executionData?.nodeExecutionStack[0];
	if (result.status !== 'waiting' || waiting === undefined) {
		throw new Error(`The run is not waiting on a Form page (status ${result.status})`);
	}
	const node: INode = waiting.node;
	let rendered: { view: string; data: Record<string, unknown> } | undefined;
	const response = {
		setHeader: () => response,
		render: (view: string, data: Record<string, unknown>) => {
			rendered = { view, data };
		},
	};
	const request = { method: 'GET', headers: {}, query: {}, params: {} };
	const webhookData = {
		httpMethod: 'GET',
		node: node.name,
		path: result.executionId,
		webhookDescription: { name: 'default', httpMethod: 'GET', path: '', restartWebhook: true },
		workflowId: result.workflowId,
		workflowExecuteAdditionalData: result.additionalData,
	} as unknown as IWebhookData;
	const context = new WebhookContext(result.workflow, node, result.additionalData, 'webhook', webhookData, [], result.run.data);
	Object.assign(context, { getRequestObject: () => request, getResponseObject: () => response });

	const nodeType = result.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	// Form is written against n8n-workflow's Node class: its webhook takes the context as an argument.
	const webhook = nodeType.webhook as (this: IWebhookFunctions, context: IWebhookFunctions) => Promise<unknown>;
	await webhook.call(context, context);
	if (rendered?.view !== 'form-trigger-completion') throw new Error(`${node.name} rendered ${rendered?.view ?? 'nothing'}`);
	return {
		node: node.name,
		title: String(rendered.data.title),
		message: String(rendered.data.message),
		formTitle: String(rendered.data.formTitle),
	};
}
