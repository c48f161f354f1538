import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { PauseRow, ReportRequest } from '../ledgerTypes';
import { pairPauses } from '../pairPauses';
import { mostEntriesOf, tooManyEntries } from '../reportRequest';
import { reportCsv } from '../report/reportCsv';
import { reportPage } from '../report/reportPage';
import { storedEntries } from './storedEntries';

const showFor = { operation: ['buildReport'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Report Request',
		name: 'request',
		type: 'json',
		default: '={{ $("Read Report Request").first().json.request }}',
		description: 'The request Read Report Request gave: which days, in which time zone, as a page or as CSV',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Ledger Last Written At',
		name: 'lastWrittenAt',
		type: 'string',
		default: '',
		description: "When the ledger's newest entry was written (its createdAt), shown on the page; empty for a ledger never written",
		displayOptions: { show: showFor },
	},
];

function readRequest(context: IExecuteFunctions): ReportRequest {
	const raw = context.getNodeParameter('request', 0, {}) as unknown;
	const request = (typeof raw === 'string' ? JSON.parse(raw === '' ? '{}' : raw) : raw) as Partial<ReportRequest>;
	const complete =
		typeof request?.fromDay === 'string' &&
		typeof request.toDay === 'string' &&
		typeof request.timeZone === 'string' &&
		typeof request.from === 'string' &&
		typeof request.to === 'string' &&
		(request.format === 'html' || request.format === 'csv');
	if (!complete) {
		throw new NodeOperationError(context.getNode(), '"Report Request" is not a request made by Read Report Request', {
			description: 'Map it from the Read Report Request operation of this node: {{ $("Read Report Request").first().json.request }}',
		});
	}
	return request as ReportRequest;
}

/** A pause belongs to the day it began; a resume the ledger holds no pause for, to the day of the resume. */
function inDays(row: PauseRow, request: ReportRequest): boolean {
	const at = Date.parse(row.pausedAt ?? row.resumedAt ?? '');
	return at >= Date.parse(request.from) && at <= Date.parse(request.to);
}

/**
 * The auditor's report of the entries read from the ledger: the pauses that began on the asked
 * days, as one page (HTML) or as CSV, in one item ready for Respond to Webhook (`statusCode` 200).
 * Days holding more entries than a report reads get no partial report: a sentence asking for
 * fewer days, `statusCode` 400, as a wrong date gets.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const request = readRequest(this);
	const entries = storedEntries(this.getInputData());
	if (entries.length > mostEntriesOf(request)) {
		const answer = { statusCode: 400, contentType: 'text/plain; charset=utf-8', body: tooManyEntries(request), tooManyEntries: true };
		return [[{ json: answer, pairedItem: { item: 0 } }]];
	}
	const lastWritten = String(this.getNodeParameter('lastWrittenAt', 0, '') ?? '');
	const lastWrittenMs = Date.parse(lastWritten);
	const rows = pairPauses(entries).filter((row) => inDays(row, request));
	const context = {
		request,
		now: new Date().toISOString(),
		lastWrittenAt: Number.isNaN(lastWrittenMs) ? null : new Date(lastWrittenMs).toISOString(),
	};
	const answer = request.format === 'csv' ? reportCsv(rows, context) : reportPage(rows, context);
	return [[{ json: { statusCode: 200, ...answer, pauses: rows.length } as IDataObject, pairedItem: { item: 0 } }]];
}
