import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readAccount } from '../../transport';
import { MOST_ENTRIES_A_REPORT_READS, readReportRequest, readWindow } from '../reportRequest';

export const description: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'json',
		default: '={{ $json.query }}',
		description:
			"What the auditor asked for: from and to (YYYY-MM-DD, the account's days, by default the last 30) and format (html or csv), e.g. the Webhook node's query",
		displayOptions: { show: { operation: ['readReportRequest'] } },
	},
	{
		displayName: 'Most Entries',
		name: 'mostEntries',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: MOST_ENTRIES_A_REPORT_READS,
		description:
			"The most ledger entries one report reads (a pause is three). n8n holds them all at once while it builds the report: days holding more are answered with HTTP 400 asking for fewer days. Raise it only with n8n's memory in mind.",
		displayOptions: { show: { operation: ['readReportRequest'] } },
	},
];

function asObject(value: unknown): Record<string, unknown> | undefined {
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			return asObject(JSON.parse(value));
		} catch {
			return undefined;
		}
	}
	if (value === undefined || value === null) return {};
	return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The days and format an auditor asked for, on the account's calendar (the credential's Account
 * Time Zone): `request` and the instants to read the ledger between (`readFrom`, `readTo`), or
 * `problem`, a sentence to answer a bad request with (empty when there is none).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const query = asObject(this.getNodeParameter('query', i, {}));
		if (query === undefined) {
			throw new NodeOperationError(this.getNode(), `Item ${i}: "Query" is not an object of from, to and format`, { itemIndex: i });
		}
		const { timeZone } = await readAccount(this, i);
		const nowMs = Date.now();
		const mostEntries = this.getNodeParameter('mostEntries', i, MOST_ENTRIES_A_REPORT_READS) as number;
		if (!Number.isInteger(mostEntries) || mostEntries < 1) {
			throw new NodeOperationError(this.getNode(), `Item ${i}: "Most Entries" must be a whole number of 1 or more, not ${String(mostEntries)}`, { itemIndex: i });
		}
		const read = readReportRequest(query, timeZone, nowMs);
		if ('problem' in read) {
			out.push({ json: { problem: read.problem }, pairedItem: { item: i } });
			continue;
		}
		const request = { ...read.request, mostEntries };
		const json: IDataObject = { problem: '', request: request as unknown as IDataObject, ...readWindow(request, nowMs) };
		out.push({ json, pairedItem: { item: i } });
	}
	return [out];
}
