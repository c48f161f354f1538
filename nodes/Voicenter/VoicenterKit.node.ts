import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { description as checkSpaceDescription, execute as checkSpace } from './kit/actions/checkSpace.operation';
import { description as installDescription, execute as install } from './kit/actions/install.operation';
import { KitRefusal } from './kit/kitRefusal';
import { KIT_CREDENTIAL_TYPE, n8nApi, readKitCredential } from './kit/n8nApi';

/**
 * Installs the compliance kit (the pause ledger, the CRM webhooks, the agent's form, the
 * watchdog, the report, the MCP tools) into the n8n it runs in, through that n8n's public API,
 * and upgrades it when run again; and tells how full n8n's Data Tables are, for the ledger.
 */
export class VoicenterKit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voicenter Compliance Kit',
		name: 'voicenterKit',
		icon: { light: 'file:voicenterRecording.svg', dark: 'file:voicenterRecording.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "checkSpace" ? "Check Data Table Space" : "Install or Upgrade" }}',
		description: "Install or upgrade the Voicenter compliance kit's workflows, credentials and pause ledger in your n8n, and watch the ledger's room",
		defaults: { name: 'Voicenter Compliance Kit' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: KIT_CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Install or Upgrade',
						value: 'install',
						description:
							"Install the kit, or bring an installed kit up to this package's version, keeping its rows, credentials and settings",
						action: 'Install or upgrade the compliance kit',
					},
					{
						name: 'Check Data Table Space',
						value: 'checkSpace',
						description:
							"How full n8n's Data Tables are against n8n's cap, at which n8n refuses every pause ledger write (n8n 2.x)",
						action: 'Check data table space',
					},
				],
				default: 'install',
			},
			...installDescription,
			...checkSpaceDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as 'install' | 'checkSpace';
		try {
			const credential = await readKitCredential(this);
			const api = n8nApi(this, credential.baseUrl);
			const results = operation === 'checkSpace' ? [await checkSpace.call(this, api)] : await install.call(this, api, credential);
			return [results.map((json) => ({ json, pairedItem: { item: 0 } }))];
		} catch (error) {
			const failure =
				error instanceof KitRefusal
					? new NodeOperationError(this.getNode(), error.message, { description: error.description, itemIndex: 0 })
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: 0 });
			if (this.continueOnFail()) return [[{ json: { error: failure.message, description: failure.description ?? null }, pairedItem: { item: 0 } }]];
			throw failure;
		}
	}
}
