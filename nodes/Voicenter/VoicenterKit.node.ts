import { randomBytes } from 'crypto';

import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { installKit } from './kit/installKit';
import { KitRefusal } from './kit/kitRefusal';
import { KIT_CREDENTIAL_TYPE, n8nApi, readKitCredential } from './kit/n8nApi';

/**
 * Installs the compliance kit (the pause ledger, the CRM webhooks, the agent's form, the
 * watchdog, the report, the MCP tools) into the n8n it runs in, through that n8n's public API,
 * and upgrades it when run again.
 */
export class VoicenterKit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voicenter Compliance Kit',
		name: 'voicenterKit',
		icon: { light: 'file:voicenterRecording.svg', dark: 'file:voicenterRecording.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Install or Upgrade',
		description: "Install or upgrade the Voicenter compliance kit's workflows, credentials and pause ledger in your n8n",
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
				],
				default: 'install',
			},
			{
				displayName: 'Activate Workflows',
				name: 'activate',
				type: 'boolean',
				default: false,
				description:
					"Whether to activate every workflow that waits for a CRM, Voicenter, agents or auditors. Leave off for the first install; turn on once you have typed the secrets into the kit's credentials. Off, each workflow stays as it was.",
			},
			{
				displayName:
					"Runs once, whatever comes in. Its output lists the Data Table, the credentials to fill in and the workflows, with what each waits for.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const activate = this.getNodeParameter('activate', 0) as boolean;
		try {
			const credential = await readKitCredential(this);
			const things = await installKit(n8nApi(this, credential.baseUrl), credential, { activate, random: () => randomBytes(24).toString('hex') });
			return [things.map((json) => ({ json, pairedItem: { item: 0 } }))];
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
