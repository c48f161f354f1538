import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { pairPauses } from '../pairPauses';
import { storedEntries } from './storedEntries';

export const description: INodeProperties[] = [];

/** The pauses the entries read from the ledger's table tell of: one item per pause of one call. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const itemOfEntry = new Map<number, number>();
	items.forEach(({ json }, index) => itemOfEntry.set(Number(json.id), index));
	return [
		pairPauses(storedEntries(items)).map((row) => ({
			json: row as unknown as IDataObject,
			pairedItem: { item: itemOfEntry.get(row.id) ?? 0 },
		})),
	];
}
