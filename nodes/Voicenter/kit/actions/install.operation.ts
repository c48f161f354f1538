import { randomBytes } from 'crypto';

import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, IWorkflowBase } from 'n8n-workflow';

import { installKit } from '../installKit';
import type { LedgerStorage } from '../kitContents';
import { KitRefusal } from '../kitRefusal';
import { KIT_CREDENTIAL_TYPE, type KitCredentialData, type N8nApi } from '../n8nApi';

export const description: INodeProperties[] = [
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
		displayOptions: { show: { operation: ['install'] } },
	},
	{
		displayName: 'Activate Workflows',
		name: 'activate',
		type: 'boolean',
		default: false,
		description:
			"Whether to activate every workflow that waits for a CRM, Voicenter, agents or auditors. Leave off for the first install; turn on once you have typed the secrets into the kit's credentials. Off, each workflow stays as it was.",
		displayOptions: { show: { operation: ['install'] } },
	},
	{
		displayName:
			"Runs once, whatever comes in. Its output lists the Data Table, the credentials to fill in and the workflows, with what each waits for.",
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['install'] } },
	},
];

/** Installs or upgrades the kit in the n8n the credential names: one item per thing installed. */
export async function execute(this: IExecuteFunctions, api: N8nApi, credential: KitCredentialData): Promise<IDataObject[]> {
	const installer = this.getNode().credentials?.[KIT_CREDENTIAL_TYPE];
	if (installer?.id === undefined || installer.id === null) {
		throw new KitRefusal('The installer has no saved credential', 'Save its credential (Voicenter Compliance Kit Installer API) and run it again.');
	}
	return await installKit(api, credential, {
		activate: this.getNodeParameter('activate', 0) as boolean,
		ledger: this.getNodeParameter('ledger', 0, 'dataTable') as LedgerStorage,
		installerCredential: { id: installer.id, name: installer.name },
		random: () => randomBytes(24).toString('hex'),
		// Run from the definition just written: n8n 2.x publishes a workflow a moment after it is activated.
		setUpPostgresLedger: async (workflow) => {
			const result = await this.executeWorkflow({ code: workflow as unknown as IWorkflowBase }, [{ json: {}, pairedItem: { item: 0 } }]);
			const entries = Number(result.data[0]?.[0]?.json.entries);
			if (!Number.isInteger(entries)) throw new NodeOperationError(this.getNode(), 'The set-up workflow did not say how many entries the table holds', { itemIndex: 0 });
			return entries;
		},
	});
}
