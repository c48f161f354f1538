import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { callsAcrossTheCutOff } from '../forgetOldCalls';
import { storedEntries } from './storedEntries';

export const description: INodeProperties[] = [
	{
		displayName: 'Forget Pauses Before',
		name: 'pausedBefore',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $now.minus({ days: 365 }).toUTC().toISO() }}',
		description: 'The cut-off: the calls paused before this moment are forgotten, whole (their resumes and records too)',
		displayOptions: { show: { operation: ['planRetention'] } },
	},
];

/**
 * From the entries deleted before the cut-off and those read of the two days after it, the calls
 * found on both sides: one item per call ({callId, before}) for a Data Table delete whose filter
 * is callId = callId and at < before.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const pausedBefore = String(this.getNodeParameter('pausedBefore', 0, '') ?? '');
	if (Number.isNaN(Date.parse(pausedBefore))) {
		throw new NodeOperationError(this.getNode(), `"Forget Pauses Before" is not a date: ${JSON.stringify(pausedBefore)}`, {
			description: 'Give the cut-off as an ISO date, e.g. {{ $now.minus({ days: 365 }).toUTC().toISO() }}',
		});
	}
	const plan = callsAcrossTheCutOff(storedEntries(this.getInputData()), pausedBefore);
	return [plan.map((filter) => ({ json: filter as unknown as IDataObject, pairedItem: { item: 0 } }))];
}
