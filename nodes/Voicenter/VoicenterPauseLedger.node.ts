import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as addEntries from './ledger/actions/addEntries.operation';
import * as buildReport from './ledger/actions/buildReport.operation';
import * as pairPauses from './ledger/actions/pairPauses.operation';
import * as planRetention from './ledger/actions/planRetention.operation';
import * as readReportRequest from './ledger/actions/readReportRequest.operation';

const OPERATIONS: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	addEntries: addEntries.execute,
	pairPauses: pairPauses.execute,
	readReportRequest: readReportRequest.execute,
	buildReport: buildReport.execute,
	planRetention: planRetention.execute,
};

/**
 * Decides what the pause ledger keeps and shows; n8n's Data Table node, beside it in the ledger
 * workflow, reads and writes the table.
 */
export class VoicenterPauseLedger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voicenter Pause Ledger',
		name: 'voicenterPauseLedger',
		icon: { light: 'file:voicenterRecording.svg', dark: 'file:voicenterRecording.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ addEntries: "Turn Into Entries", pairPauses: "Pair Into Pauses", readReportRequest: "Read Report Request", buildReport: "Build Report", planRetention: "Plan Retention" })[$parameter["operation"]] }}',
		description: 'Keep an audit trail of recording pauses in an n8n Data Table, and report it to auditors',
		defaults: { name: 'Voicenter Pause Ledger' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'voicenterApi',
				required: true,
				displayOptions: { show: { operation: ['addEntries', 'readReportRequest', 'buildReport'] } },
			},
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Build Report',
						value: 'buildReport',
						description: 'Build the auditor\'s report (a page or CSV) from the entries read from the ledger\'s table',
						action: 'Build the pause report',
					},
					{
						name: 'Pair Into Pauses',
						value: 'pairPauses',
						description: "Pair the entries read from the ledger's table into pauses, one item per pause of one call",
						action: 'Pair ledger entries into pauses',
					},
					{
						name: 'Plan Retention',
						value: 'planRetention',
						description: 'From the entries deleted before a cut-off and those of the two days after it, the calls whose later entries must go too',
						action: 'Plan which calls retention forgets',
					},
					{
						name: 'Read Report Request',
						value: 'readReportRequest',
						description: "Read the days and format an auditor asked for, on the account's calendar",
						action: 'Read a report request',
					},
					{
						name: 'Turn Into Entries',
						value: 'addEntries',
						description:
							"Turn Voicenter Recording items, Voicenter Trigger events and Voicenter's CDRs into entries for the ledger's table",
						action: 'Turn items into ledger entries',
					},
				],
				default: 'addEntries',
			},
			...addEntries.description,
			...pairPauses.description,
			...readReportRequest.description,
			...buildReport.description,
			...planRetention.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = OPERATIONS[operation];
		if (run === undefined) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		return await run.call(this);
	}
}
