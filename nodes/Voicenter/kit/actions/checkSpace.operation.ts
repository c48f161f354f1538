import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { capBytesOf, N8N_DEFAULT_CAP_MB, readTableSizes, spaceReport } from '../dataTableSpace';
import { KitRefusal } from '../kitRefusal';
import type { N8nApi } from '../n8nApi';
import { reachN8n } from '../n8nVersion';

export const description: INodeProperties[] = [
	{
		displayName: 'Data Table Cap (MB)',
		name: 'capMb',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: N8N_DEFAULT_CAP_MB,
		description:
			'The cap n8n puts on all its Data Tables together, in MB: 200 on n8n 2.x unless your admin set N8N_DATA_TABLES_MAX_SIZE_BYTES (then that number divided by 1,048,576)',
		displayOptions: { show: { operation: ['checkSpace'] } },
	},
	{
		displayName: 'Warn At (%)',
		name: 'warnAtPercent',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 80,
		description: 'Whether the tables are near the cap is decided at this share of it',
		displayOptions: { show: { operation: ['checkSpace'] } },
	},
];

/** One item: how full n8n's Data Tables are against the cap, and a sentence a person acts on. */
export async function execute(this: IExecuteFunctions, api: N8nApi): Promise<IDataObject> {
	const version = await reachN8n(api);
	if (version.major < 2) {
		throw new KitRefusal("n8n 1.x's public API has no Data Tables, so it cannot tell how full they are", "n8n's editor shows it (Overview → Data tables); or update to n8n 2.x.");
	}
	const capMb = this.getNodeParameter('capMb', 0) as number;
	const warnAtPercent = this.getNodeParameter('warnAtPercent', 0) as number;
	return spaceReport(await readTableSizes(api), capBytesOf(capMb), warnAtPercent);
}
