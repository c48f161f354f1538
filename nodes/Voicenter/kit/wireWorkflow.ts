/**
 * One kit workflow made ready for a user's n8n: the keys the examples use for each other, their
 * credentials and the ledger's table swapped for what that n8n has, and, on an upgrade, the
 * user's own settings carried over from the workflow already installed.
 */
import { CDR_PATH_EXAMPLE_ENDING, LEDGER_TABLE, type KitNode, type KitWorkflow, type KitWorkflowDefinition } from './kitContents';

export interface Reference {
	id: string;
	name: string;
}

export interface KitIds {
	/** By the key the examples call them by (`calledAs`). */
	workflows: Record<string, Reference>;
	/** By the key the examples give them (KitCredential.key). */
	credentials: Record<string, Reference>;
	table: Reference;
	/** What the CDR notification's path ends with on a new install. */
	cdrPathSecret: string;
}

/** Triggers whose address the user may have given to others (a CRM, Voicenter): an upgrade keeps it. */
const ADDRESSED_TRIGGERS = new Set(['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger', '@n8n/n8n-nodes-langchain.mcpTrigger']);

/** The workflow settings n8n's public API takes (it refuses a body with any other). */
const API_SETTINGS = ['executionOrder', 'callerPolicy', 'saveDataErrorExecution', 'saveDataSuccessExecution', 'saveManualExecutions', 'saveExecutionProgress', 'executionTimeout', 'errorWorkflow', 'timezone'];

/** The workflow settings of `settings` that n8n's public API takes. */
export function apiSettings(settings: Record<string, unknown> | undefined): Record<string, unknown> {
	return Object.fromEntries(Object.entries(settings ?? {}).filter(([name]) => API_SETTINGS.includes(name)));
}

function swapKeys(value: unknown, ids: KitIds): unknown {
	let text = JSON.stringify(value);
	for (const [key, reference] of Object.entries(ids.workflows)) text = text.split(key).join(reference.id);
	text = text.split(LEDGER_TABLE.key).join(ids.table.id);
	text = text.split(CDR_PATH_EXAMPLE_ENDING).join(ids.cdrPathSecret);
	return JSON.parse(text);
}

function wireCredentials(node: KitNode, ids: KitIds, installed: KitNode | undefined): KitNode['credentials'] {
	if (node.credentials === undefined) return undefined;
	const wired: NonNullable<KitNode['credentials']> = {};
	for (const [type, reference] of Object.entries(node.credentials)) {
		const kept = installed?.credentials?.[type];
		// The kit's credentials, and the installer's own, by the key the examples give them.
		const created = ids.credentials[reference.id];
		wired[type] = kept ?? created ?? reference;
	}
	return wired;
}

function keepUserSettings(node: KitNode, installed: KitNode, settingsNodes: string[]): KitNode {
	if (settingsNodes.includes(node.name)) return { ...node, parameters: installed.parameters };
	if (!ADDRESSED_TRIGGERS.has(node.type)) return node;
	const parameters = { ...node.parameters };
	if (installed.parameters?.path !== undefined) parameters.path = installed.parameters.path;
	const installedOptions = installed.parameters?.options as Record<string, unknown> | undefined;
	if (installedOptions?.ipWhitelist !== undefined) {
		parameters.options = { ...(parameters.options as Record<string, unknown> | undefined), ipWhitelist: installedOptions.ipWhitelist };
	}
	return { ...node, parameters, ...(installed.webhookId === undefined ? {} : { webhookId: installed.webhookId }) };
}

/** The body n8n's public API creates or updates the workflow with. */
export function wireWorkflow(kit: KitWorkflow, ids: KitIds, installed?: KitWorkflowDefinition): KitWorkflowDefinition {
	const definition = swapKeys(kit.definition, ids) as KitWorkflowDefinition;
	const nodes = definition.nodes.map((node) => {
		const before = installed?.nodes.find((candidate) => candidate.name === node.name && candidate.type === node.type);
		const wired = { ...node, credentials: wireCredentials(node, ids, before) };
		if (wired.credentials === undefined) delete wired.credentials;
		return before === undefined ? wired : keepUserSettings(wired, before, kit.settingsNodes ?? []);
	});
	// The user's own settings (an error workflow, a time zone, what to save) stay; the kit's own win.
	const settings = { ...apiSettings(installed?.settings), ...apiSettings(definition.settings) };
	return { name: definition.name, nodes, connections: definition.connections, settings };
}
