import { randomBytes } from 'crypto';

import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IWorkflowBase, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { installKit } from './kit/installKit';
import { KitRefusal } from './kit/kitRefusal';
import type { LedgerStorage } from './kit/kitContents';
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
				displayName: 'Pause Ledger Storage',
				name: 'ledger',
				type: 'options',
				options: [
					{
						name: 'Data Table',
						value: 'dataTable',
						description:
							"In this n8n, nothing to set up. n8n limits all Data Tables together to 50 MB (1.x) or 200 MB (2.x) unless raised: a year of about 25 or 100 agents' pauses.",
					},
					{
						name: 'PostgreSQL',
						value: 'postgres',
						description:
							"In a database of yours, for a large centre's year. The first run creates the credential Pause ledger database; type your database into it and run again: the table is created and the ledger moves there.",
					},
				],
				default: 'dataTable',
				description: 'Where the pause ledger keeps its entries',
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
		const ledger = this.getNodeParameter('ledger', 0, 'dataTable') as LedgerStorage;
		try {
			const credential = await readKitCredential(this);
			const things = await installKit(n8nApi(this, credential.baseUrl), credential, {
				activate,
				ledger,
				random: () => randomBytes(24).toString('hex'),
				// Run from the definition just written: n8n 2.x publishes a workflow a moment after it is activated.
				setUpPostgresLedger: async (workflow) => {
					const result = await this.executeWorkflow({ code: workflow as unknown as IWorkflowBase }, [{ json: {}, pairedItem: { item: 0 } }]);
					const entries = Number(result.data[0]?.[0]?.json.entries);
					if (!Number.isInteger(entries)) throw new NodeOperationError(this.getNode(), 'The set-up workflow did not say how many entries the table holds', { itemIndex: 0 });
					return entries;
				},
			});
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
